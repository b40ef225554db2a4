"""Sensors of a roll-out: ModelVersionSensor waits until the service serves a version, ComparisonSensor until a
canary's or shadow's comparison with the default holds enough rows with actual volumes. Both deferrable."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.sdk import BaseSensorOperator
from airflow.sdk.exceptions import AirflowFailException

from stock_volume_provider.hooks import StockVolumeHook
from stock_volume_provider.triggers import ComparisonTrigger, ModelVersionTrigger, ServiceStateTrigger


class _ServiceStateSensor(BaseSensorOperator):
    """Pokes a state of the service; with deferrable=True waits for it in the triggerer, holding no worker slot."""

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
            trigger=self._trigger(self._client().base_url),
            method_name="execute_complete",
            timeout=timedelta(seconds=self.timeout),
        )

    def poke(self, context: Any) -> bool:
        return self._outcome(self._state(self._client()))

    def execute_complete(self, context: Any, event: dict[str, Any]) -> None:
        self._outcome(event)

    def _client(self):
        return StockVolumeHook(self.stock_volume_conn_id, max_attempts=1).get_conn()

    def _state(self, client) -> dict[str, Any]:
        raise NotImplementedError

    def _trigger(self, base_url: str) -> ServiceStateTrigger:
        raise NotImplementedError

    def _outcome(self, state: dict[str, Any]) -> bool:
        raise NotImplementedError


class ModelVersionSensor(_ServiceStateSensor):
    """Succeeds once `version` of `model` is the service's default and ready; fails at once if the
    service refused that version (with its reason). Deferred, it waits in the triggerer (pods that poll
    their repository may take a while to pick a version up).

    :param version: the version to wait for (templated)
    :param model: the model's name (default stock-volume)
    :param stock_volume_conn_id: the connection to the service (default stock_volume_default)
    """

    def _state(self, client) -> dict[str, Any]:
        return client.version_state(str(self.version), self.model)

    def _trigger(self, base_url: str) -> ServiceStateTrigger:
        return ModelVersionTrigger(base_url, self.model, str(self.version), float(self.poke_interval))

    def _outcome(self, state: dict[str, Any]) -> bool:
        if state["status"] == "refused":
            raise AirflowFailException(f"the service refused version {self.version} of {self.model}: {state['error']}")
        if state["status"] == "served":
            self.log.info("Version %s of %s is served (sha256 %s)", self.version, self.model, state.get("sha256"))
            return True
        self.log.info("Version %s of %s not served yet (serving %s)", self.version, self.model, state.get("serving"))
        return False


class ComparisonSensor(_ServiceStateSensor):
    """Succeeds once the service's comparison of a canary or shadow `version` of `model` with the default holds
    `min_rows` rows with actual volumes (the evidence a promotion is decided on). Deferred, it waits in the
    triggerer: rows arrive as callers send from-bars requests, which may take days.

    :param version: the canary or shadow version (templated)
    :param min_rows: rows with actual volumes to wait for
    """

    template_fields = ("version", "model", "min_rows")

    def __init__(self, *, min_rows: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.min_rows = min_rows

    def _state(self, client) -> dict[str, Any]:
        return client.comparison_state(str(self.version), int(self.min_rows), self.model)

    def _trigger(self, base_url: str) -> ServiceStateTrigger:
        return ComparisonTrigger(base_url, self.model, str(self.version), int(self.min_rows), float(self.poke_interval))

    def _outcome(self, state: dict[str, Any]) -> bool:
        if state["status"] == "ready":
            self.log.info("Version %s of %s compared on %s rows with actuals", self.version, self.model, state["rows"])
            return True
        rows, wanted = state["rows"], self.min_rows
        self.log.info("Version %s of %s: %s of %s rows with actuals so far", self.version, self.model, rows, wanted)
        return False
