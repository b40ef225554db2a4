"""The example DAGs' own task code, run against the real service through a stand-in for the few
Airflow APIs they use (tests/airflow_standin; Airflow cannot be installed where CI runs)."""

import csv
import json
import os
import random
import runpy
import shutil
import sys
import uuid
from datetime import date, datetime, timedelta

import pytest
import requests

from conftest import AAPL, HERE, REPO
from stock_volume_client import read_bars_csv

DAGS = os.path.join(HERE, "..", "dags")
TRAINER = os.path.join(REPO, "model", "trainer", "target", "stock-volume-trainer.jar")


@pytest.fixture
def airflow():
    """The stand-in `airflow` package, importable for the test only, with empty context, Variables and connections."""
    sys.path.insert(0, os.path.join(HERE, "airflow_standin"))
    import airflow as standin
    for registry in (standin.CONTEXT, standin.VARIABLES, standin.CONNECTIONS):
        registry.clear()
    yield standin
    sys.path.remove(os.path.join(HERE, "airflow_standin"))
    for name in [m for m in sys.modules if m == "airflow" or m.startswith("airflow.")]:
        del sys.modules[name]


def aapl_dataset(tmp_path):
    """A Kaggle-layout dataset holding only the AAPL fixture."""
    data = tmp_path / "data"
    (data / "stocks").mkdir(parents=True)
    shutil.copy(AAPL, data / "stocks" / "AAPL.csv")
    return data


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_the_predict_dag_writes_the_services_prediction_for_its_logical_date(airflow, client, base_url, tmp_path):
    data = tmp_path / "data"
    (data / "stocks").mkdir(parents=True)
    (data / "etfs").mkdir()
    shutil.copy(AAPL, data / "stocks" / "AAPL.csv")
    airflow.VARIABLES.update(stock_volume_bars_dir=str(data), stock_volume_output_dir=str(tmp_path / "out"))
    airflow.CONNECTIONS["stock_volume_api"] = base_url
    airflow.CONTEXT["ds"] = "2021-01-27"

    runpy.run_path(os.path.join(DAGS, "predict_volume.py"))

    rows = read_rows(tmp_path / "out" / "volume_predictions_2021-01-27.csv")
    assert [(r["symbol"], r["date"], r["window_rows"]) for r in rows] == [("AAPL", "2021-01-27", "20")]
    # the features of the 30 days to 2021-01-27, as the trainer computes them on the full dataset
    assert float(rows[0]["vol_moving_avg"]) == pytest.approx(1.1182235795e8, rel=1e-12)
    assert float(rows[0]["adj_close_rolling_med"]) == pytest.approx(131.5199966430664, rel=1e-12)
    served = client.predict_features([{"vol_moving_avg": float(rows[0]["vol_moving_avg"]),
                                       "adj_close_rolling_med": float(rows[0]["adj_close_rolling_med"])}])[0]
    assert float(rows[0]["volume"]) == pytest.approx(served, rel=1e-12)


def test_the_predict_dag_writes_no_row_for_a_day_without_a_bar(airflow, client, base_url, tmp_path):
    data = aapl_dataset(tmp_path)
    airflow.VARIABLES.update(stock_volume_bars_dir=str(data), stock_volume_output_dir=str(tmp_path / "out"),
                             stock_volume_symbols=json.dumps(["AAPL", "NONE"]))
    airflow.CONNECTIONS["stock_volume_api"] = base_url
    airflow.CONTEXT["ds"] = "2021-01-23"  # a Saturday

    runpy.run_path(os.path.join(DAGS, "predict_volume.py"))

    assert read_rows(tmp_path / "out" / "volume_predictions_2021-01-23.csv") == []


def test_the_forecast_dag_writes_the_day_s_forecast_from_the_bars_before_it(airflow, client, base_url, tmp_path):
    data = aapl_dataset(tmp_path)
    airflow.VARIABLES.update(stock_volume_bars_dir=str(data), stock_volume_output_dir=str(tmp_path / "out"),
                             stock_volume_symbols=json.dumps(["AAPL", "NONE"]))
    airflow.CONNECTIONS["stock_volume_api"] = base_url
    airflow.CONTEXT["data_interval_end"] = datetime(2021, 1, 28, 13, 0)  # a Thursday, before the open

    runpy.run_path(os.path.join(DAGS, "forecast_volume.py"))

    rows = read_rows(tmp_path / "out" / "volume_forecasts_2021-01-28.csv")
    assert [(r["symbol"], r["date"], r["window_rows"]) for r in rows] == [("AAPL", "2021-01-28", "20.0")]
    expected = client.forecast_from_bars("AAPL", read_bars_csv(AAPL), ["2021-01-28"])[0]
    assert float(rows[0]["volume"]) == pytest.approx(expected["volume"], rel=1e-12)
    assert float(rows[0]["vol_mean_30d"]) == pytest.approx(expected["features"]["vol_mean_30d"], rel=1e-12)


def write_dataset(root):
    """Seven symbols (five stocks, two ETFs), 600 weekdays each from 2017-01-02, in the Kaggle layout."""
    (root / "stocks").mkdir(parents=True)
    (root / "etfs").mkdir()
    meta = ["Nasdaq Traded,Symbol,Security Name,Listing Exchange,Market Category,ETF,Round Lot Size,"
            "Test Issue,Financial Status,CQS Symbol,NASDAQ Symbol,NextShares"]
    rng = random.Random(11)
    for i, symbol in enumerate(["SA", "SB", "SC", "SD", "SE", "EA", "EB"]):
        etf = symbol.startswith("E")
        meta.append(f"Y,{symbol},{symbol} Inc.,N, ,{'Y' if etf else 'N'},100.0,N,,{symbol},{symbol},N")
        level, price, day, lines = 10 ** (4 + i % 4), 20.0 + 10 * i, date(2017, 1, 2), []
        while len(lines) < 600:
            if day.weekday() < 5:
                price *= 1 + 0.01 * rng.gauss(0, 1)
                lines.append(f"{day},1,1,1,1,{price},{round(level * (0.5 + rng.random()))}")
            day += timedelta(days=1)
        folder = "etfs" if etf else "stocks"
        (root / folder / f"{symbol}.csv").write_text("Date,Open,High,Low,Close,Adj Close,Volume\n" + "\n".join(lines) + "\n")
    (root / "symbols_valid_meta.csv").write_text("\n".join(meta) + "\n")


def test_the_train_dag_trains_publishes_and_rolls_out_the_next_version(airflow, base_url, admin_client, repository,
                                                                         back_to_version_one, tmp_path):
    if not os.path.isfile(TRAINER):
        pytest.skip(f"no trainer jar at {TRAINER} (./mvnw -f model/trainer/pom.xml package)")
    write_dataset(tmp_path / "data")
    airflow.VARIABLES.update(stock_volume_trainer_jar=TRAINER, stock_volume_bars_dir=str(tmp_path / "data"),
                             stock_volume_model_repository=repository, stock_volume_url=base_url,
                             stock_volume_admin_token=admin_client.admin_token)
    airflow.CONTEXT["run_id"] = f"dag-test-{uuid.uuid4().hex}"

    runpy.run_path(os.path.join(DAGS, "train_volume_model.py"))

    card = json.load(open(os.path.join(repository, "stock-volume", "2", "model-card.json")))
    assert card["version"] == "2" and card["trainingData"]["symbols"] == 7
    served = requests.get(f"{base_url}/v1/models/stock-volume", timeout=10).json()
    assert (served["version"], served["sha256"]) == ("2", card["sha256"])
    sample = card["samples"][0]
    features = {"vol_moving_avg": sample["features"][0], "adj_close_rolling_med": sample["features"][1]}
    assert admin_client.predict_features([features])[0] == pytest.approx(sample["prediction"], rel=1e-9)
