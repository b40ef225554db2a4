"""Next-day volume forecasts before the market opens, by the stock-volume service's forecast model.

Setup as for predict_volume.py (see examples/airflow/README.md): the connection
`stock_volume_default` and the Variables stock_volume_bars_dir, stock_volume_output_dir,
stock_volume_symbols.

Each run starts before the US open (13:00 UTC, weekdays) and forecasts that day's Volume for every
symbol from its bars dated strictly before the day: the model stock-volume-forecast reads no bar of
the day itself, so the forecast exists before the session does. The day is the run's logical date;
a symbol without a bar in the 30 days before it is skipped. The output, one CSV per day, is written
whole and atomically: a rerun or backfill of a day replaces it.
"""

from __future__ import annotations

from airflow.sdk import dag, task
from stock_volume_client import ServiceError
from stock_volume_provider import daily
from stock_volume_provider.hooks import StockVolumeHook

# the answer's fields in every row; the model's inputs (version 2: 27, version 1: nine) follow them, by name
LEADING = ["symbol", "date", "volume", "volume_lower", "volume_upper"]
NO_HISTORY = "no bar in the 30 days before"


@dag(dag_id="forecast_volume", schedule="0 13 * * 1-5", **daily.DAG_ARGS)
def forecast_volume():
    @task
    def symbols() -> list[str]:
        return daily.symbols()

    @task
    def forecast(symbol_list: list[str], ds: str) -> list[dict]:
        client = StockVolumeHook().get_conn()
        rows = []
        for symbol, all_bars in daily.bars_by_symbol(symbol_list):
            bars = [b for b in all_bars if b["date"] < ds]
            try:
                [answer] = client.forecast_from_bars(symbol, bars, [ds])
            except ServiceError as e:
                # no bar in the 30 days before the day (a delisted or new symbol): nothing to forecast from
                if e.status == 400 and any(NO_HISTORY in error for error in e.problem.get("errors", [])):
                    continue
                raise
            rows.append(
                {
                    "symbol": symbol,
                    "date": answer["date"],
                    "volume": answer["volume"],
                    # the model's central 80% interval (absent for a version without one: the cells stay empty)
                    "volume_lower": answer.get("volume_lower"),
                    "volume_upper": answer.get("volume_upper"),
                    **answer["features"],
                    "warning": answer.get("warning"),
                }
            )
        return rows

    @task
    def write(rows: list[dict], ds: str) -> str:
        inputs = [k for k in rows[0] if k not in LEADING and k != "warning"] if rows else []
        return daily.write_day(rows, ds, "volume_forecasts", [*LEADING, *inputs, "warning"])

    write(forecast(symbols()))


forecast_volume()
