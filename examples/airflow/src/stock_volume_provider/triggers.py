"""Triggers that wait in the triggerer, not in a worker slot, until the service reaches a state."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from airflow.triggers.base import BaseTrigger, TriggerEvent
from stock_volume_client import StockVolumeClient


class ServiceStateTrigger(BaseTrigger):
    """Polls one of the client's `*_state` methods on the service's public endpoints (no token) until it answers a
    status other than "waiting"; fires that state (without its bulky "model"). The sensor sets the timeout.

    :param state: the client's method, e.g. "version_state" or "comparison_state"
    :param arguments: its keyword arguments (JSON values: the trigger is serialized)
    """

    def __init__(self, base_url: str, state: str, arguments: dict[str, Any], poll_interval: float = 5.0):
        super().__init__()
        self.base_url, self.state, self.arguments, self.poll_interval = base_url, state, arguments, poll_interval

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{ServiceStateTrigger.__module__}.{ServiceStateTrigger.__qualname__}",
            {
                "base_url": self.base_url,
                "state": self.state,
                "arguments": self.arguments,
                "poll_interval": self.poll_interval,
            },
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        client = StockVolumeClient(base_url=self.base_url, max_attempts=1)
        poll = getattr(client, self.state)
        while True:
            state = await asyncio.to_thread(poll, **self.arguments)
            if state["status"] != "waiting":
                yield TriggerEvent({k: v for k, v in state.items() if k != "model"})  # small: it is stored
                return
            await asyncio.sleep(self.poll_interval)


def ModelVersionTrigger(base_url: str, model: str, version: str, poll_interval: float = 5.0) -> ServiceStateTrigger:  # noqa: N802 - named as the trigger it makes
    """Until `version` of `model` is the service's default and ready, or refused: {"status": "served" | "refused"}."""
    return ServiceStateTrigger(base_url, "version_state", {"version": version, "name": model}, poll_interval)


def ComparisonTrigger(  # noqa: N802 - named as the trigger it makes
    base_url: str, model: str, version: str, min_rows: int, poll_interval: float = 5.0
) -> ServiceStateTrigger:
    """Until the comparison of a canary or shadow `version` of `model` holds `min_rows` rows with actual volumes."""
    return ServiceStateTrigger(
        base_url, "comparison_state", {"version": version, "min_rows": min_rows, "name": model}, poll_interval
    )
