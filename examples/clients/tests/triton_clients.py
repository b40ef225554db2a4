"""Triton's clients (tritonclient 2.73): HTTP and gRPC, sync and asyncio."""

from __future__ import annotations

import asyncio
import queue
import time

import grpc
import tritonclient.grpc as triton_grpc
import tritonclient.grpc.aio as triton_grpc_aio
import tritonclient.http as triton_http
import tritonclient.http.aio as triton_http_aio
from tritonclient.utils import InferenceServerException

from clients import NUMPY, Client


class Triton(Client):
    """tritonclient.http or tritonclient.grpc, sync or asyncio."""

    error = InferenceServerException

    def __init__(self, module, url: str, loop: asyncio.AbstractEventLoop | None = None):
        self.module = module
        self.loop = loop
        self.protocol = "grpc" if module in (triton_grpc, triton_grpc_aio) else "http"
        self.name = f"tritonclient.{self.protocol}" + (".aio" if loop else "")
        self.client = (
            self._call(lambda: module.InferenceServerClient(url)) if loop else module.InferenceServerClient(url)
        )

    def _call(self, make):
        """The client's answer: awaited on this client's loop when it is an asyncio client."""
        if not self.loop:
            return make()

        async def run():
            result = make()
            return await result if asyncio.iscoroutine(result) else result

        return self.loop.run_until_complete(run())

    def call(self, method: str, *args, **kwargs):
        """Any method of the underlying client, by name (sync or awaited)."""
        return self._call(lambda: getattr(self.client, method)(*args, **kwargs))

    def infer(self, model, rows, datatype="FP64", version=None, **kwargs):
        features = self.module.InferInput("features", list(rows.shape), datatype)
        features.set_data_from_numpy(rows.astype(NUMPY[datatype]))
        result = self.call("infer", model, [features], model_version=version or "", **kwargs)
        return result.as_numpy("volume")

    def infer_outputs(self, model, rows, version):
        features = self.module.InferInput("features", list(rows.shape), "FP64")
        features.set_data_from_numpy(rows)
        result = self.call("infer", model, [features], model_version=version)
        response = result.get_response()  # HTTP: the JSON header as a dict; gRPC: the ModelInferResponse
        outputs = response["outputs"] if isinstance(response, dict) else response.outputs
        names = [output["name"] if isinstance(output, dict) else output.name for output in outputs]
        return {name: result.as_numpy(name) for name in names}

    def stream_refusal(self, model: str, rows) -> tuple[str, str]:
        """(status, message) of the refusal a gRPC client's bidirectional stream (ModelStreamInfer) reports.
        The server ends the stream at once, so the sync client may refuse to send, or report its own
        failed write (INTERNAL) before the server's status, which reaches the callback either way."""
        features = self.module.InferInput("features", list(rows.shape), "FP64")
        features.set_data_from_numpy(rows)
        if not self.loop:
            errors = queue.Queue()
            self.client.start_stream(callback=lambda result, error: errors.put(error))
            try:
                try:
                    self.client.async_stream_infer(model, [features])
                except InferenceServerException:
                    pass  # the server ended the stream before the request went: its status is in the callback
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    error = errors.get(timeout=max(0.0, deadline - time.monotonic()))
                    if error is not None and self.status(error) != "INTERNAL":
                        return self.status(error), self.message(error)
                raise TimeoutError("no refusal within 60 s")
            finally:
                self.client.stop_stream()

        async def one_request():
            yield {"model_name": model, "inputs": [features]}

        async def refusal():
            try:  # the asyncio client raises grpc's own error from the stream
                async for _, error in self.client.stream_infer(one_request()):
                    return self.status(error), self.message(error)
            except grpc.RpcError as error:
                return error.code().name, error.details()

        # As with the sync client, on a busy machine the asyncio client's own failed write (INTERNAL) can
        # end the call before the server's status arrives; the server refuses every stream alike, so ask again.
        for _ in range(10):
            status, message = self.loop.run_until_complete(refusal())
            if status != "INTERNAL":
                break
        return status, message

    def metadata(self, method: str, *args):
        return self.call(method, *args, **({"as_json": True} if self.protocol == "grpc" else {}))

    def status(self, error):
        return error.status().removeprefix("StatusCode.")

    def message(self, error):
        return error.message()

    def close(self):
        self.call("close")


def connect(name: str, url: str, loop: asyncio.AbstractEventLoop) -> Client:
    module = {
        "tritonclient.http": triton_http,
        "tritonclient.http.aio": triton_http_aio,
        "tritonclient.grpc": triton_grpc,
        "tritonclient.grpc.aio": triton_grpc_aio,
    }[name]
    return Triton(module, url, loop if name.endswith(".aio") else None)
