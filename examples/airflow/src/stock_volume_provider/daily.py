"""What the daily per-symbol DAGs (predict_volume, forecast_volume) share: the @dag arguments besides id
and schedule, the symbols and bars a run reads (Airflow Variables stock_volume_bars_dir, stock_volume_symbols),
and the day's CSV it writes (stock_volume_output_dir), whole and atomically, so a rerun or backfill replaces it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import timedelta

import pendulum
from airflow.sdk import Variable
from stock_volume_files import bars_file, read_bars_csv, symbols_to_process, write_csv_atomically

DEFAULT_BARS_DIR = "/data/stock-market-dataset"
DEFAULT_OUTPUT_DIR = "/data/predictions"

# the @dag arguments of every daily DAG besides its dag_id and schedule
DAG_ARGS = {
    "start_date": pendulum.datetime(2021, 1, 4, tz="UTC"),
    "catchup": False,
    "default_args": {"retries": 2, "retry_delay": timedelta(minutes=2), "retry_exponential_backoff": True},
    "tags": ["stock-volume"],
}


def symbols() -> list[str]:
    """The symbols a run covers: stock_volume_symbols (a JSON list), or every symbol of the dataset."""
    return symbols_to_process(_bars_dir(), Variable.get("stock_volume_symbols", default=None))


def bars_by_symbol(symbol_list: Iterable[str]) -> Iterator[tuple[str, list[dict]]]:
    """Each symbol that has a price file, with its bars, one symbol at a time."""
    root = _bars_dir()
    for symbol in symbol_list:
        path = bars_file(root, symbol)
        if path is not None:
            yield symbol, read_bars_csv(path)


def write_day(rows: list[dict], ds: str, prefix: str, columns: list[str]) -> str:
    """The day's rows sorted by symbol, as <stock_volume_output_dir>/<prefix>_<ds>.csv; returns its path."""
    out_dir = Variable.get("stock_volume_output_dir", default=DEFAULT_OUTPUT_DIR)
    path = os.path.join(out_dir, f"{prefix}_{ds}.csv")
    write_csv_atomically(path, sorted(rows, key=lambda r: r["symbol"]), columns)
    return path


def _bars_dir() -> str:
    return Variable.get("stock_volume_bars_dir", default=DEFAULT_BARS_DIR)
