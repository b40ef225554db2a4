"""The provider's hook, sensor and trigger, in this process against the packaged service: connections
come from AIRFLOW_CONN_* as Airflow reads them."""

import asyncio
import json
import os
import shutil

import pytest
from airflow.sdk.exceptions import AirflowFailException
from conftest import ADMIN_TOKEN
from services import REPO, connection
from stock_volume_client import ServiceError, VersionRefused
from stock_volume_files import publish_model_version
from stock_volume_provider.hooks import RequestRejected, StockVolumeHook
from stock_volume_provider.sensors import ModelVersionSensor
from stock_volume_provider.triggers import ModelVersionTrigger

SECOND = os.path.join(REPO, "model", "stock-volume", "2")


@pytest.fixture
def conn(monkeypatch):
    """Sets an Airflow connection in the environment: conn(id, value)."""

    def set_connection(conn_id: str, value):
        monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", value if isinstance(value, str) else json.dumps(value))

    return set_connection


def test_the_hook_reads_host_port_token_and_settings_from_its_connection(conn):
    conn(
        "stock_volume_default",
        {
            "conn_type": "stock_volume",
            "host": "svc.ml",
            "port": 8080,
            "password": "t0k",
            "extra": {"timeout": "7", "extra__stock_volume__max_attempts": "2"},
        },
    )
    client = StockVolumeHook().get_conn()
    assert (client.base_url, client.admin_token, client.timeout, client.max_attempts) == (
        "http://svc.ml:8080",
        "t0k",
        7.0,
        2,
    )


def test_the_token_may_sit_in_the_extra_and_a_plain_https_uri_is_a_connection_too(conn):
    conn("other", {"conn_type": "stock_volume", "host": "https://svc.ml", "extra": {"admin_token": "x1"}})
    conn("plain", "https://svc.ml:8443")
    assert (StockVolumeHook("other").get_conn().base_url, StockVolumeHook("other").get_conn().admin_token) == (
        "https://svc.ml",
        "x1",
    )
    assert StockVolumeHook("plain").get_conn().base_url == "https://svc.ml:8443"


def test_the_token_is_masked_in_anything_airflow_logs(conn):
    from airflow.sdk._shared.secrets_masker import redact

    conn("stock_volume_default", {"conn_type": "stock_volume", "host": "svc.ml", "password": "masked-9b1f"})
    StockVolumeHook().get_conn()
    assert redact("token masked-9b1f in a message") == "token *** in a message"


def test_a_refused_request_fails_the_task_without_retries_and_a_503_leaves_them_to_airflow(conn, service, down_service):
    conn("stock_volume_default", connection(service)["AIRFLOW_CONN_STOCK_VOLUME_DEFAULT"])
    with pytest.raises(RequestRejected) as rejected:
        StockVolumeHook().get_conn().predict_from_bars("X", [{"date": "2021-01-04", "adj_close": 1.0, "volume": -1.0}])
    assert isinstance(rejected.value, AirflowFailException) and rejected.value.status == 400
    assert rejected.value.problem["errors"] == ["bars[0].volume: must be a finite number >= 0"]

    conn("down", connection(down_service)["AIRFLOW_CONN_STOCK_VOLUME_DEFAULT"])
    with pytest.raises(ServiceError) as unavailable:
        StockVolumeHook("down", max_attempts=2, max_backoff_seconds=0.05).get_conn().predict_features(
            [{"vol_moving_avg": 1.0, "adj_close_rolling_med": 1.0}]
        )
    assert unavailable.value.status == 503 and not isinstance(unavailable.value, AirflowFailException)


def test_the_connection_test_says_what_is_served_or_why_not(conn, service, down_service):
    conn("stock_volume_default", connection(service)["AIRFLOW_CONN_STOCK_VOLUME_DEFAULT"])
    conn("down", connection(down_service)["AIRFLOW_CONN_STOCK_VOLUME_DEFAULT"])
    assert StockVolumeHook().test_connection() == (True, "serving stock-volume version 1")
    ok, message = StockVolumeHook("down").test_connection()
    assert not ok and "HTTP 503" in message


def test_the_trigger_fires_once_the_version_is_served(service):
    async def first_event():
        return await anext(ModelVersionTrigger(service.url, "stock-volume", "1", poll_interval=0.1).run())

    event = asyncio.run(first_event())
    assert event.payload["status"] == "served" and event.payload["version"] == "1"
    assert (
        event.payload["sha256"]
        == json.load(open(os.path.join(REPO, "model", "stock-volume", "1", "model-card.json")))["sha256"]
    )


def test_the_sensor_waits_for_an_unpublished_version_and_fails_on_a_refused_one(
    conn, service, admin_client, repository, back_to_version_one, tmp_path
):
    conn("stock_volume_default", connection(service, ADMIN_TOKEN)["AIRFLOW_CONN_STOCK_VOLUME_DEFAULT"])
    sensor = ModelVersionSensor(task_id="wait", version="2")
    assert sensor.poke({}) is False
    damaged = tmp_path / "2"
    shutil.copytree(SECOND, damaged)
    (damaged / "model.onnx").write_bytes(b"not a model")
    publish_model_version(str(damaged), repository, "stock-volume", "2")
    with pytest.raises(VersionRefused):
        admin_client.reload()
    with pytest.raises(AirflowFailException, match="refused version 2 of stock-volume: .*sha256"):
        sensor.poke({})
    assert ModelVersionSensor(task_id="wait", version="1").poke({}) is True
