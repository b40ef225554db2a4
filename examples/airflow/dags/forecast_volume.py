"""Next-day volume forecasts before the market opens, by the stock-volume service's forecast model.

Setup as for predict_volume.py (see examples/airflow/README.md): the HTTP connection `stock_volume_api`
and the Variables stock_volume_bars_dir, stock_volume_output_dir, stock_volume_symbols.

Each run starts before the US open (13:00 UTC, weekdays) and forecasts that day's Volume for every
symbol from its bars dated strictly before the day: the model stock-volume-forecast reads no bar of the
day itself, so the forecast exists before the session does. The day is the run's data_interval_end
(the moment the run starts); a symbol without a bar in the 30 days before it is skipped. The output,
one CSV per day, is written whole and atomically: a rerun or backfill of a day replaces it.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

from airflow.decorators import dag, task
from airflow.models import Variable
from airflow.providers.http.hooks.http import HttpHook

from stock_volume_client import (ServiceError, StockVolumeClient, bars_file, dataset_symbols, read_bars_csv,
                                 write_csv_atomically)

CONNECTION_ID = "stock_volume_api"
FEATURES = ["vol_mean_30d", "vol_lag1_ratio", "vol_lag2_ratio", "vol_mean_5_ratio", "adj_close_med_30d",
            "price_change_1", "weekday", "days_since_last_bar", "window_rows"]
COLUMNS = ["symbol", "date", "volume", *FEATURES, "warning"]
NO_HISTORY = "no bar in the 30 days before"


def _client() -> StockVolumeClient:
    hook = HttpHook(method="POST", http_conn_id=CONNECTION_ID)
    return StockVolumeClient(base_url=hook.base_url, session=hook.get_conn())


@dag(
    dag_id="forecast_volume",
    schedule="0 13 * * 1-5",
    start_date=datetime(2021, 1, 4),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=2), "retry_exponential_backoff": True},
    tags=["stock-volume"],
)
def forecast_volume():
    @task
    def symbols() -> list[str]:
        listed = Variable.get("stock_volume_symbols", default_var=None)
        if listed:
            return json.loads(listed)
        root = Variable.get("stock_volume_bars_dir", default_var="/data/stock-market-dataset")
        return dataset_symbols(root)

    @task
    def forecast(symbol_list: list[str], data_interval_end=None) -> list[dict]:
        day = data_interval_end.date().isoformat()
        root = Variable.get("stock_volume_bars_dir", default_var="/data/stock-market-dataset")
        client = _client()
        client.wait_until_ready(timeout=300)
        rows = []
        for symbol in symbol_list:
            path = bars_file(root, symbol)
            if path is None:
                continue
            bars = [b for b in read_bars_csv(path) if b["date"] < day]
            try:
                [answer] = client.forecast_from_bars(symbol, bars, [day])
            except ServiceError as e:
                # no bar in the 30 days before the day (a delisted or new symbol): nothing to forecast from
                if e.status == 400 and any(NO_HISTORY in error for error in e.problem.get("errors", [])):
                    continue
                raise
            rows.append({"symbol": symbol, "date": answer["date"], "volume": answer["volume"],
                         **answer["features"], "warning": answer.get("warning")})
        return rows

    @task
    def write(rows: list[dict], data_interval_end=None) -> str:
        day = data_interval_end.date().isoformat()
        out_dir = Variable.get("stock_volume_output_dir", default_var="/data/predictions")
        path = os.path.join(out_dir, f"volume_forecasts_{day}.csv")
        write_csv_atomically(path, sorted(rows, key=lambda r: r["symbol"]), COLUMNS)
        return path

    write(forecast(symbols()))


forecast_volume()
