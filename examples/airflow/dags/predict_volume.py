"""Daily volume predictions for a set of symbols, from their raw bars, by the stock-volume service.

Setup (see examples/airflow/README.md):
  - an HTTP connection `stock_volume_api` to the service, e.g.
      AIRFLOW_CONN_STOCK_VOLUME_API='http://stock-volume.ml.svc:8080'
  - Airflow Variables (optional): stock_volume_bars_dir (the Kaggle-layout dataset the pipeline
    ingests, default /data/stock-market-dataset), stock_volume_output_dir (default /data/predictions),
    stock_volume_symbols (a JSON list, default all of stocks/ and etfs/).

Each run reads, per symbol, the bars up to its logical date and asks the service for that date's
prediction: the service computes the 30-day features with the training code itself, so this DAG
cannot drift from the definition the model learned. The output, one CSV per logical date, is
written whole and atomically: a rerun or backfill of a date replaces it.

The training side is train_volume_model.py.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

from airflow.decorators import dag, task
from airflow.models import Variable
from airflow.providers.http.hooks.http import HttpHook

from stock_volume_client import StockVolumeClient, bars_file, dataset_symbols, read_bars_csv, write_csv_atomically

CONNECTION_ID = "stock_volume_api"
COLUMNS = ["symbol", "date", "vol_moving_avg", "adj_close_rolling_med", "volume", "window_rows", "warning"]


def _client() -> StockVolumeClient:
    hook = HttpHook(method="POST", http_conn_id=CONNECTION_ID)
    session = hook.get_conn()  # carries the connection's auth and extra headers
    return StockVolumeClient(base_url=hook.base_url, session=session)


@dag(
    dag_id="predict_volume",
    schedule="@daily",
    start_date=datetime(2021, 1, 4),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=2), "retry_exponential_backoff": True},
    tags=["stock-volume"],
)
def predict_volume():
    @task
    def symbols() -> list[str]:
        listed = Variable.get("stock_volume_symbols", default_var=None)
        if listed:
            return json.loads(listed)
        root = Variable.get("stock_volume_bars_dir", default_var="/data/stock-market-dataset")
        return dataset_symbols(root)

    @task
    def wait_for_service() -> None:
        _client().wait_until_ready(timeout=300)

    @task
    def predict(symbol_list: list[str], ds=None) -> list[dict]:
        root = Variable.get("stock_volume_bars_dir", default_var="/data/stock-market-dataset")
        client = _client()
        rows = []
        for symbol in symbol_list:
            path = bars_file(root, symbol)
            if path is None:
                continue
            # the logical date's window needs only its last 30 days of bars
            start = (datetime.fromisoformat(ds) - timedelta(days=29)).date().isoformat()
            bars = [b for b in read_bars_csv(path) if start <= b["date"] <= ds]
            if not any(b["date"] == ds for b in bars):
                continue  # no trading on that day for this symbol
            for p in client.predict_from_bars(symbol, bars, dates=[ds]):
                rows.append({"symbol": symbol, **p})
        return rows

    @task
    def write(rows: list[dict], ds=None) -> str:
        out_dir = Variable.get("stock_volume_output_dir", default_var="/data/predictions")
        path = os.path.join(out_dir, f"volume_predictions_{ds}.csv")
        write_csv_atomically(path, sorted(rows, key=lambda r: r["symbol"]), COLUMNS)
        return path

    ready = wait_for_service()
    predictions = predict(symbols())
    ready >> predictions
    write(predictions)


predict_volume()
