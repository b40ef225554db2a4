"""Fixtures: the packaged service (three instances: serving, without a model, and one that sheds
load), an OTLP trace receiver, PostgreSQL and Apache Airflow, all started here and stopped at the end
of the session."""

import os
import shutil

import pytest
from otlp_receiver import OtlpReceiver
from services import REPO, Airflow, Postgres, Service, connection, model_repository
from stock_volume_client import StockVolumeClient

AAPL = os.path.join(REPO, "src", "service", "src", "test", "resources", "fixtures", "AAPL-2020-11-20_2021-01-27.csv")
DATASET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "stock-market-dataset")
ADMIN_TOKEN = "test-token-" + os.urandom(8).hex()


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("stock-volume")


@pytest.fixture(scope="session")
def otlp():
    """Where the service and Airflow (when a test turns its tracing on) export their spans."""
    receiver = OtlpReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session")
def service(workdir, otlp):
    """The service on a writable copy of the committed models (stock-volume 1; stock-volume-forecast 1 and 2,
    of which it serves 2), admin endpoints and access log on, exporting its spans (of callers' traces) to the
    OTLP receiver."""
    versions = {"stock-volume": ["1"], "stock-volume-forecast": ["1", "2"]}
    repository = model_repository(str(workdir / "repository"), versions)
    properties = {
        "model.repository": repository,
        "observability.access-log": "true",
        "quarkus.otel.exporter.otlp.traces.endpoint": otlp.endpoint,
        # a batch as soon as the first span ends, so a test reads the trace within a second
        "quarkus.otel.bsp.schedule.delay": "100ms",
    }
    up = Service("up", str(workdir), properties, env={"ADMIN_TOKEN": ADMIN_TOKEN})
    up.repository = repository
    StockVolumeClient(base_url=up.url).wait_until_ready(timeout=120)
    yield up
    up.stop()


@pytest.fixture(scope="session")
def down_service(workdir):
    """The service without a loadable model: it answers 503 with Retry-After."""
    down = Service(
        "down",
        str(workdir),
        {
            "model.exit-on-load-failure": "false",
            "model.repository": "src/service/src/test/resources/repositories/corrupt-onnx",
        },
    )
    yield down
    down.stop()


@pytest.fixture(scope="session")
def shedding_service(workdir):
    """The service with a 1 MB body budget and no waiting queue: while one request holds the budget,
    every other request with a body is shed at once with 503 and Retry-After: 1."""
    repository = model_repository(str(workdir / "shedding-repository"), {"stock-volume": ["1"]})
    shedding = Service(
        "shedding",
        str(workdir),
        {"model.repository": repository, "admission.max-body-bytes": "1000000", "admission.waiting": "0"},
    )
    StockVolumeClient(base_url=shedding.url).wait_until_ready(timeout=120)
    yield shedding
    shedding.stop()


@pytest.fixture(scope="session")
def postgres():
    database = Postgres()
    yield database
    database.stop()


@pytest.fixture(scope="session")
def airflow(tmp_path_factory, postgres):
    """Airflow 3 in a fresh AIRFLOW_HOME on the PostgreSQL database, `airflow db migrate` done."""
    return Airflow(str(tmp_path_factory.mktemp("airflow-home")), postgres.url)


@pytest.fixture
def base_url(service) -> str:
    return service.url


@pytest.fixture
def down_url(down_service) -> str:
    return down_service.url


@pytest.fixture
def client(base_url) -> StockVolumeClient:
    return StockVolumeClient(base_url=base_url)


@pytest.fixture
def repository(service) -> str:
    return service.repository


@pytest.fixture
def admin_client(base_url) -> StockVolumeClient:
    return StockVolumeClient(base_url=base_url, admin_token=ADMIN_TOKEN)


@pytest.fixture
def service_connection(service) -> dict:
    """The Airflow connection to the serving instance, with the admin token."""
    return connection(service, ADMIN_TOKEN)


class RequestCounter:
    """Counts the HTTP requests a session sends."""

    def __init__(self, session):
        self.count = 0
        session.hooks["response"].append(self._seen)

    def _seen(self, response, *args, **kwargs):
        self.count += 1


@pytest.fixture
def back_to_version_one(admin_client, repository):
    """Leaves the service as it found it: only version 1 in the repository, served, nothing pinned."""
    yield
    for version in os.listdir(os.path.join(repository, "stock-volume")):
        if version != "1":
            shutil.rmtree(os.path.join(repository, "stock-volume", version))
    admin_client.unpin()
    assert admin_client.reload()["versions"] == ["1"]
