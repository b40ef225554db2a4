"""Fixtures: the packaged service (serving both committed models, every version; and one that sheds
load), each client of clients.NAMES connected to it, and the service's own JSON REST answers that
every client's numbers must equal."""

import asyncio
import socket

import numpy as np
import pytest
import requests

from clients import FAMILIES, LACKS, connect
from packaged_service import Service, model_repository, wait_for

ADMIN_TOKEN = "clients-token"


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("clients")


BOTH_MODELS = {"stock-volume": ["1", "2"], "stock-volume-forecast": ["1", "2"]}


def ready_service(workdir, name: str, versions: dict[str, list[str]], **properties: str) -> Service:
    """The packaged service on a writable copy of `versions` of the committed models, admin token set,
    once /v2/health/ready answers."""
    repository = model_repository(str(workdir / f"{name}-repository"), versions)
    up = Service(name, str(workdir), {"model.repository": repository, **properties}, env={"ADMIN_TOKEN": ADMIN_TOKEN})
    wait_for(lambda: requests.get(f"{up.url}/v2/health/ready", timeout=5).ok, 120, f"the service {name} ready")
    return up


@pytest.fixture(scope="session")
def service(workdir):
    """Both committed models, every version (stock-volume 1 and 2, stock-volume-forecast 1 and 2), the forecast's
    default pinned to version 1 (nine inputs, one output: the cases that address a model, not a version); its
    version 2 (27 inputs, the volume and its interval) is asked for by version."""
    up = ready_service(workdir, "up", BOTH_MODELS, **{"model.versions": "all"})
    pinned = requests.post(
        f"{up.url}/admin/models/stock-volume-forecast/versions/1/default",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=30,
    )
    assert pinned.status_code == 200, pinned.text
    yield up
    up.stop()


@pytest.fixture(scope="session")
def shedding_service(workdir):
    """A 1 MB body budget and no waiting queue: while one request holds the budget, every other
    request with a body is shed at once (503 + Retry-After: 1, or RESOURCE_EXHAUSTED)."""
    shedding = ready_service(
        workdir,
        "shedding",
        {"stock-volume": ["2"]},
        **{"admission.max-body-bytes": "1000000", "admission.waiting": "0"},
    )
    yield shedding
    shedding.stop()


@pytest.fixture(scope="session")
def loop():
    """One event loop for the asyncio clients of the session."""
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def pytest_addoption(parser):
    parser.addoption(
        "--clients",
        choices=sorted(FAMILIES),
        required=True,
        help="the client family to test (one per process: see clients.py); test.sh runs both",
    )


def pytest_ignore_collect(collection_path, config):
    """Triton's run holds the client tests only: the others import kserve's types, or need to run once."""
    if (
        config.getoption("clients") == "triton"
        and collection_path.suffix == ".py"
        and collection_path.name != "test_clients.py"
    ):
        return True
    return None


def pytest_collection_modifyitems(config, items):
    """A case that needs what no client of this family has (only Triton's have metadata calls) is
    deselected in this family's run, not skipped: it runs in the other."""
    names = FAMILIES[config.getoption("clients")]
    unsupported = [
        item
        for item in items
        if (needs := {m.args[0] for m in item.iter_markers("needs")})
        and all(needs & LACKS.get(name, set()) for name in names)
    ]
    if unsupported:
        config.hook.pytest_deselected(items=unsupported)
        items[:] = [item for item in items if item not in unsupported]


def pytest_generate_tests(metafunc):
    """Each case runs with every client of the family that has what it @pytest.mark.needs."""
    if "client_name" in metafunc.fixturenames:
        needs = {marker.args[0] for marker in metafunc.definition.iter_markers("needs")}
        names = [n for n in FAMILIES[metafunc.config.getoption("clients")] if not needs & LACKS.get(n, set())]
        metafunc.parametrize("client_name", names, scope="session")


@pytest.fixture(scope="session")
def client(client_name, service, loop):
    client = connect(client_name, service.port, loop)
    yield client
    client.close()


@pytest.fixture
def held_budget(shedding_service):
    """A request that declared a body as large as the whole budget and sends none of it."""
    holder = socket.create_connection(("127.0.0.1", shedding_service.port))
    holder.sendall(
        b"POST /v2/models/stock-volume/infer HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"
    )
    wait_for(
        lambda: shedding_service.metric("admission_in_use", resource="body_bytes") == 1_000_000, 60, "the budget held"
    )
    yield shedding_service
    holder.close()
    wait_for(
        lambda: shedding_service.metric("admission_in_use", resource="body_bytes") == 0, 60, "the budget free again"
    )


WIDTH = {"stock-volume": 2, "stock-volume-forecast": 9}


def rows(model: str, count: int, seed: int = 23, version: str | None = None) -> np.ndarray:
    """`count` feature rows of plausible magnitudes (volumes 1e3-1e8, prices 1-500, ratios 0.2-5) for
    `model` (version 2 of the forecast: its 27 inputs); the service's answer to the same rows as JSON is the
    reference, not these values."""
    if model == "stock-volume-forecast" and version == "2":
        rng = np.random.default_rng(seed + count)
        ratio = lambda: rng.uniform(0.2, 5, count)  # noqa: E731
        flag = lambda: (rng.uniform(0, 1, count) < 0.05).astype(np.float64)  # noqa: E731
        history = [ratio() for _ in range(4)]  # the 60/120/250-bar levels, lag 1 over the 250-bar level
        returns = [rng.uniform(0, 0.1, count) for _ in range(3)]
        calendar = [rng.integers(0, 31, count), rng.integers(1, 32, count), flag(), flag()]
        echoes = [ratio() for _ in range(3)] + [rng.integers(1, 401, count)]
        return np.column_stack(
            [rows(model, count, seed), *history, *returns, *calendar, *echoes, flag(), flag(), flag()]
        ).astype(np.float64)
    rng = np.random.default_rng(seed + count + WIDTH[model])
    volume = 10 ** rng.uniform(3, 8, count)
    price = rng.uniform(1, 500, count)
    if model == "stock-volume":
        return np.column_stack([volume, price])
    ratio = lambda: rng.uniform(0.2, 5, count)  # noqa: E731
    return np.column_stack(
        [
            volume,
            ratio(),
            ratio(),
            ratio(),
            price,
            ratio(),
            rng.integers(0, 5, count),
            rng.integers(1, 5, count),
            rng.integers(1, 22, count),
        ]
    ).astype(np.float64)


def json_rest(url: str, model: str, rows: np.ndarray, datatype: str = "FP64", version: str | None = None):
    """POST /v2/models/{model}[/versions/{version}]/infer with JSON tensors: (status, body)."""
    path = f"/v2/models/{model}" + (f"/versions/{version}" if version else "") + "/infer"
    values = rows.astype(np.float32 if datatype == "FP32" else np.float64).astype(np.float64)
    answer = requests.post(
        url + path,
        json={
            "inputs": [
                {"name": "features", "shape": list(rows.shape), "datatype": datatype, "data": values.ravel().tolist()}
            ]
        },
        timeout=60,
    )
    return answer.status_code, answer.json()
