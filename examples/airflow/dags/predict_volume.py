"""Daily volume predictions for a set of symbols, from their raw bars, by the stock-volume service.

Setup (see examples/airflow/README.md): the provider installed (`pip install examples/airflow`), a
connection `stock_volume_default` to the service, and optional Airflow Variables
stock_volume_bars_dir (the Kaggle-layout dataset the pipeline ingests, default
/data/stock-market-dataset), stock_volume_output_dir (default /data/predictions) and
stock_volume_symbols (a JSON list; default every symbol of the dataset).

Each weekday after the US close (22:00 UTC) a run reads, per symbol, the 30 days of bars up to its
logical date and asks the service for that date's prediction: the service computes the features
with the training code itself, so this DAG cannot drift from the definition the model learned. A
symbol without a bar that day (a holiday) gets no row. The output, one CSV per logical date, is
written whole and atomically: a rerun or backfill of a date replaces it.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import dag, task
from stock_volume_provider import daily
from stock_volume_provider.hooks import StockVolumeHook

COLUMNS = ["symbol", "date", "vol_moving_avg", "adj_close_rolling_med", "volume", "window_rows", "warning"]


@dag(dag_id="predict_volume", schedule="0 22 * * 1-5", **daily.DAG_ARGS)
def predict_volume():
    @task
    def symbols() -> list[str]:
        return daily.symbols()

    @task
    def predict(symbol_list: list[str], ds: str) -> list[dict]:
        client = StockVolumeHook().get_conn()
        start = (pendulum.parse(ds) - timedelta(days=29)).date().isoformat()  # the date's window
        rows = []
        for symbol, all_bars in daily.bars_by_symbol(symbol_list):
            bars = [b for b in all_bars if start <= b["date"] <= ds]
            if not any(b["date"] == ds for b in bars):
                continue  # no trading on that day for this symbol
            rows.extend({"symbol": symbol, **p} for p in client.predict_from_bars(symbol, bars, dates=[ds]))
        return rows

    @task
    def write(rows: list[dict], ds: str) -> str:
        return daily.write_day(rows, ds, "volume_predictions", COLUMNS)

    write(predict(symbols()))


predict_volume()
