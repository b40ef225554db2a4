"""ModelVersionSensor: waits until the service serves a model version (after a roll-out)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.sdk import BaseSensorOperator
from airflow.sdk.exceptions import AirflowFailException

from stock_volume_provider.hooks import StockVolumeHook
from stock_volume_provider.triggers import ModelVersionTrigger


class ModelVersionSensor(BaseSensorOperator):
    """Succeeds once `version` of `model` is the service's default and ready; fails at once if the
    service refused that version (with its reason). With deferrable=True it waits in the triggerer,
    holding no worker slot (pods that poll their repository may take a while to pick a version up).

    :param version: the version to wait for (templated)
    :param model: the model's name (default stock-volume)
    :param stock_volume_conn_id: the connection to the service (default stock_volume_default)
    """

    template_fields = ("version", "model")

    def __init__(
        self,
        *,
        version: str,
        model: str = "stock-volume",
        stock_volume_conn_id: str = StockVolumeHook.default_conn_name,
        deferrable: bool = False,
        **kwargs: Any,
    ):
        kwargs.setdefault("poke_interval", 5)
        kwargs.setdefault("timeout", 600)
        super().__init__(**kwargs)
        self.version, self.model, self.stock_volume_conn_id, self.deferrable = (
            version,
            model,
            stock_volume_conn_id,
            deferrable,
        )

    def execute(self, context: Any) -> Any:
        if not self.deferrable:
            return super().execute(context)
        if self.poke(context):
            return None
        self.defer(
            trigger=ModelVersionTrigger(
                self._client().base_url, self.model, str(self.version), float(self.poke_interval)
            ),
            method_name="execute_complete",
            timeout=timedelta(seconds=self.timeout),
        )

    def poke(self, context: Any) -> bool:
        return self._outcome(self._client().version_state(str(self.version), self.model))

    def execute_complete(self, context: Any, event: dict[str, Any]) -> None:
        self._outcome(event)

    def _outcome(self, state: dict[str, Any]) -> bool:
        if state["status"] == "refused":
            raise AirflowFailException(f"the service refused version {self.version} of {self.model}: {state['error']}")
        if state["status"] == "served":
            self.log.info("Version %s of %s is served (sha256 %s)", self.version, self.model, state.get("sha256"))
            return True
        self.log.info("Version %s of %s not served yet (serving %s)", self.version, self.model, state.get("serving"))
        return False

    def _client(self):
        return StockVolumeHook(self.stock_volume_conn_id, max_attempts=1).get_conn()
