import os
import shutil
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "dags"))

from stock_volume_client import StockVolumeClient  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
AAPL = os.path.join(REPO, "src", "test", "resources", "fixtures", "AAPL-2020-11-20_2021-01-27.csv")


@pytest.fixture
def base_url() -> str:
    """A running service on the committed model (CI starts the packaged jar)."""
    return os.environ.get("STOCK_VOLUME_URL", "http://127.0.0.1:8080")


@pytest.fixture
def down_url() -> str:
    """A running service without a loadable model: it answers 503 (CI starts one)."""
    url = os.environ.get("STOCK_VOLUME_DOWN_URL")
    if not url:
        pytest.skip("STOCK_VOLUME_DOWN_URL is not set")
    return url


@pytest.fixture
def client(base_url) -> StockVolumeClient:
    c = StockVolumeClient(base_url=base_url)
    c.wait_until_ready(timeout=60)
    return c


class RequestCounter:
    """Counts the HTTP requests a session sends."""

    def __init__(self, session):
        self.count = 0
        session.hooks["response"].append(self._seen)

    def _seen(self, response, *args, **kwargs):
        self.count += 1


@pytest.fixture
def repository() -> str:
    """The model repository the service at STOCK_VOLUME_URL serves from, writable (CI makes one)."""
    path = os.environ.get("STOCK_VOLUME_REPOSITORY")
    if not path:
        pytest.skip("STOCK_VOLUME_REPOSITORY is not set")
    return path


@pytest.fixture
def admin_client(base_url) -> StockVolumeClient:
    """A client with the service's admin token (STOCK_VOLUME_ADMIN_TOKEN)."""
    token = os.environ.get("STOCK_VOLUME_ADMIN_TOKEN")
    if not token:
        pytest.skip("STOCK_VOLUME_ADMIN_TOKEN is not set")
    c = StockVolumeClient(base_url=base_url, admin_token=token)
    c.wait_until_ready(timeout=60)
    return c


@pytest.fixture
def back_to_version_one(admin_client, repository):
    """Leaves the service as it found it: only version 1 in the repository, served, nothing pinned."""
    yield
    for version in os.listdir(os.path.join(repository, "stock-volume")):
        if version != "1":
            shutil.rmtree(os.path.join(repository, "stock-volume", version))
    admin_client.unpin()
    assert admin_client.reload()["versions"] == ["1"]
