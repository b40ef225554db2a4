"""An Airflow 3 provider for the stock-volume prediction service: StockVolumeHook (a connection to
the service, handing back a configured stock_volume_client.StockVolumeClient) and
ModelVersionSensor (waits, deferrable, until the service serves a model version)."""

from __future__ import annotations

__version__ = "1.0.0"

CONNECTION_TYPE = "stock_volume"


def get_provider_info() -> dict:
    """What `airflow providers list` shows and how the connection form looks (entry point
    `apache_airflow_provider` in pyproject.toml). Read without importing the hook."""
    return {
        "package-name": "airflow-provider-stock-volume",
        "name": "Stock Volume",
        "description": "Predictions and forecasts of daily stock volume from the stock-volume service.",
        "versions": [__version__],
        "integrations": [{"integration-name": "Stock Volume", "tags": ["service"]}],
        "hooks": [{"integration-name": "Stock Volume", "python-modules": ["stock_volume_provider.hooks"]}],
        "sensors": [{"integration-name": "Stock Volume", "python-modules": ["stock_volume_provider.sensors"]}],
        "triggers": [{"integration-name": "Stock Volume", "python-modules": ["stock_volume_provider.triggers"]}],
        "connection-types": [
            {
                "hook-class-name": "stock_volume_provider.hooks.StockVolumeHook",
                "hook-name": "Stock Volume Service",
                "connection-type": CONNECTION_TYPE,
                "ui-field-behaviour": {
                    "hidden-fields": ["schema", "login", "extra"],
                    "relabeling": {"host": "Host (add https:// for TLS)", "password": "Admin token"},
                    "placeholders": {
                        "host": "stock-volume.ml.svc",
                        "port": "8080",
                        "password": "the service's ADMIN_TOKEN: only for reload, pin and unpin",
                    },
                },
                "conn-fields": {
                    "timeout": {"label": "Request timeout (s)", "schema": {"type": ["number", "null"], "default": 30}},
                    "max_attempts": {
                        "label": "Attempts per request (retries on 429/503)",
                        "schema": {"type": ["integer", "null"], "default": 6},
                    },
                    "max_backoff_seconds": {
                        "label": "Longest wait between attempts (s)",
                        "schema": {"type": ["number", "null"], "default": 30},
                    },
                },
            }
        ],
    }
