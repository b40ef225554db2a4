"""The six Open Inference Protocol clients under test, each behind the same small synchronous face so
that one test states a case once for all of them. Every call goes through the client's own API with
its defaults; nothing here builds a request by hand. The asyncio clients run on the session's loop.

Triton's and KServe's libraries cannot be imported into one process: both register the protocol's
protobuf messages (`inference.ServerLiveRequest`, ...) in protobuf's default pool, and the second
import fails with "duplicate symbol". So each family lives in its own module, imported only when
chosen, and test.sh runs pytest once per family (--clients)."""

from __future__ import annotations

import asyncio

import numpy as np

NUMPY = {"FP64": np.float64, "FP32": np.float32}


class Client:
    """name; `error`, the client's own exception type; statuses as the client reports them."""

    name: str
    error: type
    protocol: str  # "http" or "grpc"
    shows_retry_after = False  # whether its exception carries Retry-After (HTTP) or retry-after (gRPC)

    def infer(self, model: str, rows: np.ndarray, datatype: str = "FP64", version: str | None = None) -> np.ndarray:
        raise NotImplementedError

    def infer_outputs(self, model: str, rows: np.ndarray, version: str) -> dict[str, np.ndarray]:
        """Every output the service answers (none named in the request), by name, in its order."""
        raise NotImplementedError

    def status(self, error: BaseException) -> str:
        """The HTTP status ("404") or the gRPC code's name ("NOT_FOUND") the client saw."""
        raise NotImplementedError

    def message(self, error: BaseException) -> str:
        raise NotImplementedError

    def retry_after(self, error: BaseException) -> str | None:
        raise NotImplementedError

    def close(self) -> None:
        pass


# what a client has no call for, so that a case needing it (@pytest.mark.needs) is not run with it:
# one model version, the metadata calls, Triton's extension calls and request options, a gRPC stream
LACKS = {
    "tritonclient.http": {"stream"},
    "tritonclient.http.aio": {"stream"},
    "kserve.InferenceRESTClient": {"versions", "metadata", "triton-options", "stream"},
    "kserve.InferenceGRPCClient": {"metadata", "triton-options", "stream"},
}

FAMILIES = {
    "triton": ["tritonclient.http", "tritonclient.http.aio", "tritonclient.grpc", "tritonclient.grpc.aio"],
    "kserve": ["kserve.InferenceRESTClient", "kserve.InferenceGRPCClient"],
}


def connect(name: str, port: int, loop: asyncio.AbstractEventLoop) -> Client:
    """One of FAMILIES' clients, connected to the service on 127.0.0.1:port (REST and gRPC share it)."""
    if name.startswith("tritonclient"):
        from triton_clients import connect as family
    else:
        from kserve_clients import connect as family
    return family(name, f"127.0.0.1:{port}", loop)
