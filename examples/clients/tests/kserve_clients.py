"""KServe's Python SDK clients (kserve 0.21): InferenceRESTClient (protocol v2) and InferenceGRPCClient,
both asyncio only."""

from __future__ import annotations

import asyncio

import grpc
import httpx
import numpy as np
from kserve import InferenceGRPCClient, InferenceRESTClient, InferInput, InferRequest, RESTConfig

from clients import NUMPY, Client


class KServeRest(Client):
    """kserve.InferenceRESTClient with protocol v2 (asyncio only, httpx)."""

    name, error, protocol = "kserve.InferenceRESTClient", httpx.HTTPStatusError, "http"
    shows_retry_after = True

    def __init__(self, url: str, loop: asyncio.AbstractEventLoop):
        self.url, self.loop = url, loop
        self.client = loop.run_until_complete(self._make())

    @staticmethod
    async def _make():
        return InferenceRESTClient(RESTConfig(protocol="v2"))

    def call(self, method: str, *args, **kwargs):
        return self.loop.run_until_complete(getattr(self.client, method)(self.url, *args, **kwargs))

    def infer(self, model, rows, datatype="FP64", version=None, **kwargs):
        assert version is None, "KServe's REST client addresses a model, not a version"
        return (
            self.call("infer", request(model, rows, datatype, None, **kwargs), model_name=model).outputs[0].as_numpy()
        )

    def status(self, error):
        return str(error.response.status_code)

    def message(self, error):
        return str(error)

    def retry_after(self, error):
        return error.response.headers.get("retry-after")

    def close(self):
        self.loop.run_until_complete(self.client.close())


class KServeGrpc(Client):
    """kserve.InferenceGRPCClient (asyncio only, grpc.aio)."""

    name, error, protocol = "kserve.InferenceGRPCClient", grpc.RpcError, "grpc"
    shows_retry_after = True

    def __init__(self, url: str, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.client = loop.run_until_complete(self._make(url))

    @staticmethod
    async def _make(url):
        return InferenceGRPCClient(url)

    def call(self, method: str, *args, **kwargs):
        return self.loop.run_until_complete(getattr(self.client, method)(*args, **kwargs))

    def infer(self, model, rows, datatype="FP64", version=None, **kwargs):
        response = self.call("infer", request(model, rows, datatype, version, **kwargs))
        return response.outputs[0].as_numpy()

    def infer_outputs(self, model, rows, version):
        response = self.call("infer", request(model, rows, "FP64", version))
        return {output.name: output.as_numpy() for output in response.outputs}

    def status(self, error):
        return error.code().name

    def message(self, error):
        return error.details()

    def retry_after(self, error):
        return dict(error.trailing_metadata() or ()).get("retry-after")

    def close(self):
        self.loop.run_until_complete(self.client.close())


def request(model: str, rows: np.ndarray, datatype: str, version: str | None, **kwargs) -> InferRequest:
    features = InferInput("features", list(rows.shape), datatype)
    features.set_data_from_numpy(rows.astype(NUMPY[datatype]))
    return InferRequest(model_name=model, infer_inputs=[features], model_version=version, **kwargs)


def connect(name: str, url: str, loop: asyncio.AbstractEventLoop) -> Client:
    if name == "kserve.InferenceRESTClient":
        return KServeRest(f"http://{url}", loop)
    return KServeGrpc(url, loop)
