"""ModelVersionTrigger: waits in the triggerer, not in a worker slot, until a version is served."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from airflow.triggers.base import BaseTrigger, TriggerEvent
from stock_volume_client import StockVolumeClient


class ModelVersionTrigger(BaseTrigger):
    """Polls the service's public model endpoints (no token) until `version` of `model` is its
    default and ready, or refused; fires {"status": "served" | "refused", ...}. The sensor sets the timeout."""

    def __init__(self, base_url: str, model: str, version: str, poll_interval: float = 5.0):
        super().__init__()
        self.base_url, self.model, self.version, self.poll_interval = base_url, model, version, poll_interval

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "base_url": self.base_url,
                "model": self.model,
                "version": self.version,
                "poll_interval": self.poll_interval,
            },
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        client = StockVolumeClient(base_url=self.base_url, max_attempts=1)
        while True:
            state = await asyncio.to_thread(client.version_state, self.version, self.model)
            if state["status"] != "waiting":
                yield TriggerEvent({k: v for k, v in state.items() if k != "model"})  # small: it is stored
                return
            await asyncio.sleep(self.poll_interval)
