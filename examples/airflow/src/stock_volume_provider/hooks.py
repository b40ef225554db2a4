"""StockVolumeHook: an Airflow connection to the stock-volume service, as a StockVolumeClient."""

from __future__ import annotations

from typing import Any

from airflow.sdk import BaseHook
from airflow.sdk.exceptions import AirflowFailException
from airflow.sdk.log import mask_secret
from stock_volume_client import ServiceError, StockVolumeClient, VersionRefused, is_permanent

from stock_volume_provider import CONNECTION_TYPE

# Connection extras that become StockVolumeClient settings, with their types.
CLIENT_EXTRAS = {
    "timeout": float,
    "max_attempts": int,
    "max_backoff_seconds": float,
    "backoff_seconds": float,
    "max_rows": int,
    "max_bars": int,
    "pool_size": int,
}


class RequestRejected(ServiceError, AirflowFailException):
    """A 4xx the service will give again: the task fails at once, without Airflow's retries."""


class VersionRejected(VersionRefused, AirflowFailException):
    """The service refused a model version: the task fails at once with the service's reason."""


class TaskClient(StockVolumeClient):
    """The client inside an Airflow task: 429/503 are retried in the request (Retry-After), a
    permanent 4xx fails the task without using up Airflow's retries on the same answer."""

    def _service_error(self, status, problem, text):
        return (RequestRejected if is_permanent(status) else ServiceError)(status, problem, text)

    def _version_refused(self, report):
        return VersionRejected(report)


class StockVolumeHook(BaseHook):
    """Reads a connection to the service and hands back a configured client (`get_conn()`).

    The connection: host (with https:// for TLS, else http), port, the admin token as password
    (or extra `admin_token`), extras `timeout`, `max_attempts`, `max_backoff_seconds` and the
    other CLIENT_EXTRAS. A plain http/https URI works too, e.g.
    AIRFLOW_CONN_STOCK_VOLUME_DEFAULT='http://stock-volume.ml.svc:8080'.
    The token is registered with Airflow's secrets masker and never logged."""

    conn_name_attr = "stock_volume_conn_id"
    default_conn_name = "stock_volume_default"
    conn_type = CONNECTION_TYPE
    hook_name = "Stock Volume Service"

    def __init__(self, stock_volume_conn_id: str = default_conn_name, **client_settings: Any):
        super().__init__()
        self.stock_volume_conn_id = stock_volume_conn_id
        self.client_settings = client_settings

    def get_conn(self, **overrides: Any) -> StockVolumeClient:
        conn = self.get_connection(self.stock_volume_conn_id)
        extra = conn.extra_dejson
        token = conn.password or extra.get("admin_token") or None
        if token:
            mask_secret(token)
        settings = {}
        for key, kind in CLIENT_EXTRAS.items():
            # the connection form stores its fields under extra__stock_volume__<key>; a URI or JSON under <key>
            value = extra.get(key, extra.get(f"extra__{CONNECTION_TYPE}__{key}"))
            if value not in (None, ""):
                settings[key] = kind(value)
        settings.update(self.client_settings, **overrides)
        base_url = base_url_of(conn.conn_type, conn.host, conn.port)
        self.log.info("Stock volume service at %s (connection %s)", base_url, self.stock_volume_conn_id)
        return TaskClient(base_url=base_url, admin_token=token, on_retry=self._log_retry, **settings)

    def _log_retry(self, attempt: int, status: int, wait: float) -> None:
        what = f"HTTP {status}" if status else "no connection"
        self.log.warning("Stock volume service: %s on attempt %d; retrying in %.1f s", what, attempt, wait)

    def test_connection(self) -> tuple[bool, str]:
        """For the connection form's Test button: does the service answer and serve a model?"""
        try:
            served = self.get_conn(max_attempts=1).model()
            return True, f"serving {served.get('name')} version {served.get('version')}"
        except Exception as e:  # the form shows the message
            return False, str(e)


def base_url_of(conn_type: str | None, host: str | None, port: int | None) -> str:
    """http://host:port, or the host's own scheme (https://...), or https for an https connection."""
    if not host:
        raise ValueError("the stock volume connection has no host")
    if "://" not in host:
        host = f"{'https' if conn_type == 'https' else 'http'}://{host}"
    return f"{host.rstrip('/')}:{port}" if port else host.rstrip("/")
