"""The three DAGs in Apache Airflow itself (`airflow dags test`, one logical date each) against the
packaged service, on a small real dataset in the Kaggle layout (tests/data: AAPL, a randomly drawn
stock ATNM and the ETF DIA, 2020-11-02 to 2021-01-27). Every output row is checked against the
service's own answer for the same bars."""

import csv
import json
import os
import random
import shutil
import socket
import subprocess
import sys
from datetime import date, timedelta

import pytest
import requests
from conftest import ADMIN_TOKEN, DATASET
from services import AIRFLOW, DAGS, REPO, connection, wait_for
from stock_volume_client import StockVolumeClient
from stock_volume_files import bars_file, dataset_symbols, publish_model_version, read_bars_csv

TRAINER = os.path.join(REPO, "src", "trainer", "target", "stock-volume-trainer.jar")


def variables(**values: str) -> dict:
    return {f"AIRFLOW_VAR_{key.upper()}": value for key, value in values.items()}


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def expected_predictions(client: StockVolumeClient, day: str) -> list[dict]:
    """What the service answers for `day` given every bar of each fixture symbol (the DAG sends only the window)."""
    rows = []
    for symbol in dataset_symbols(DATASET):
        bars = read_bars_csv(bars_file(DATASET, symbol))
        if any(b["date"] == day for b in bars):
            rows.extend({"symbol": symbol, **p} for p in client.predict_from_bars(symbol, bars, dates=[day]))
    return rows


def assert_csv_equals(path, expected: list[dict], columns: list[str]):
    """Every row and column: numbers exactly (a CSV holds a float's repr), None as an empty field."""
    rows = read_rows(path)
    assert [r["symbol"] for r in rows] == [e["symbol"] for e in expected]
    for row, want in zip(rows, expected, strict=True):
        for column in columns:
            value = want.get(column)
            if isinstance(value, float):
                assert float(row[column]) == value, (row["symbol"], column)
            else:
                assert row[column] == ("" if value is None else str(value)), (row["symbol"], column)


def dags_test(airflow, dag_id: str, logical_date: str, env: dict, conf: dict | None = None, check: bool = True):
    args = ["dags", "test", dag_id, logical_date]
    if conf is not None:
        args += ["--conf", json.dumps(conf)]
    return airflow.run(*args, env=env, check=check)


PREDICTION_COLUMNS = ["symbol", "date", "vol_moving_avg", "adj_close_rolling_med", "volume", "window_rows", "warning"]


def json_output(result) -> list:
    """The JSON an `airflow ... -o json` command printed (its last line; log lines may come before)."""
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_airflow_imports_the_dags_with_no_error_and_knows_the_provider(airflow):
    airflow.run("dags", "reserialize")  # parse the DAGs folder into the database, as the DAG processor does
    assert "No data found" in airflow.run("dags", "list-import-errors").stdout
    dags = json_output(airflow.run("dags", "list", "-o", "json"))
    assert sorted(d["dag_id"] for d in dags) == ["forecast_volume", "predict_volume", "train_volume_model"]
    providers = json_output(airflow.run("providers", "list", "-o", "json"))
    assert {"package_name": "airflow-provider-stock-volume", "version": "1.0.0"}.items() <= next(
        p for p in providers if p["package_name"] == "airflow-provider-stock-volume"
    ).items()
    hooks = json_output(airflow.run("providers", "hooks", "-o", "json"))
    assert [h["class"] for h in hooks if h["connection_type"] == "stock_volume"] == [
        "stock_volume_provider.hooks.StockVolumeHook"
    ]
    widgets = json_output(airflow.run("providers", "widgets", "-o", "json"))
    assert {w["connection_parameter_name"] for w in widgets if w["class"].startswith("stock_volume_provider")} == {
        "extra__stock_volume__timeout",
        "extra__stock_volume__max_attempts",
        "extra__stock_volume__max_backoff_seconds",
    }


def test_the_dags_import_without_any_warning(airflow):
    script = (
        "import runpy, sys, warnings\n"
        "import airflow.sdk\n"
        "with warnings.catch_warnings(record=True) as seen:\n"
        "    warnings.simplefilter('always')\n"
        "    for path in sys.argv[1:]:\n"
        "        runpy.run_path(path)\n"
        "print([f'{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})' for w in seen])\n"
    )
    paths = sorted(os.path.join(DAGS, f) for f in os.listdir(DAGS) if f.endswith(".py"))
    result = subprocess.run(
        [sys.executable, "-c", script, *paths], env=airflow.env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_predict_dag_writes_the_services_predictions_and_a_rerun_replaces_the_file(
    airflow, service, client, tmp_path
):
    out = tmp_path / "out"
    out.mkdir()
    stale = out / "volume_predictions_2021-01-27.csv"
    stale.write_text("symbol,date,volume\nOLD,2021-01-27,1\nOLD2,2021-01-27,2\n")
    env = {**connection(service), **variables(stock_volume_bars_dir=DATASET, stock_volume_output_dir=str(out))}

    dags_test(airflow, "predict_volume", "2021-01-27T22:00:00+00:00", env)

    expected = expected_predictions(client, "2021-01-27")
    assert [e["symbol"] for e in expected] == ["AAPL", "ATNM", "DIA"]
    assert_csv_equals(stale, expected, PREDICTION_COLUMNS)
    assert os.listdir(out) == [stale.name]  # no temporary file left beside it


def test_the_predict_dag_writes_no_row_for_a_market_holiday(airflow, service, tmp_path):
    env = {
        **connection(service),
        **variables(
            stock_volume_bars_dir=DATASET,
            stock_volume_output_dir=str(tmp_path),
            stock_volume_symbols=json.dumps(["AAPL", "DIA", "NONE"]),
        ),
    }
    dags_test(airflow, "predict_volume", "2021-01-18T22:00:00+00:00", env)  # Martin Luther King Jr. Day
    assert (tmp_path / "volume_predictions_2021-01-18.csv").read_text().strip() == ",".join(PREDICTION_COLUMNS)


def test_the_forecast_dag_writes_the_days_forecasts_from_the_bars_before_it(airflow, service, client, tmp_path):
    env = {**connection(service), **variables(stock_volume_bars_dir=DATASET, stock_volume_output_dir=str(tmp_path))}

    dags_test(airflow, "forecast_volume", "2021-01-28T13:00:00+00:00", env)

    rows = read_rows(tmp_path / "volume_forecasts_2021-01-28.csv")
    assert [r["symbol"] for r in rows] == ["AAPL", "ATNM", "DIA"]
    for row in rows:
        [want] = client.forecast_from_bars(
            row["symbol"], read_bars_csv(bars_file(DATASET, row["symbol"])), ["2021-01-28"]
        )
        assert (row["date"], float(row["volume"])) == ("2021-01-28", want["volume"])
        assert float(row["volume_lower"]) == want["volume_lower"] <= want["volume"] <= want["volume_upper"]
        assert float(row["volume_upper"]) == want["volume_upper"]
        assert len(want["features"]) == 27
        assert {k: float(row[k]) for k in want["features"]} == want["features"]
        assert row["warning"] == (want.get("warning") or "")


def test_a_request_the_service_refuses_fails_the_task_at_once_with_its_message(airflow, service, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATASET, data)
    aapl = data / "stocks" / "AAPL.csv"
    lines = aapl.read_text().splitlines()
    lines[-3] = ",".join(lines[-3].split(",")[:-1] + ["-5"])  # 2021-01-22's volume: negative
    aapl.write_text("\n".join(lines) + "\n")
    refused_before = service.metric("http_server_requests_seconds_count", uri="/v1/predictions/from-bars", status="400")
    env = {
        **connection(service),
        **variables(
            stock_volume_bars_dir=str(data),
            stock_volume_output_dir=str(tmp_path),
            stock_volume_symbols=json.dumps(["AAPL"]),
        ),
    }

    result = dags_test(airflow, "predict_volume", "2021-01-27T22:00:00+00:00", env, check=False)

    output = result.stdout + result.stderr
    assert "HTTP 400" in output and "volume: must be a finite number >= 0" in output
    assert "RequestRejected" in output
    assert "new_state=failed" in output and "new_state=up_for_retry" not in output  # Airflow does not retry it
    assert not (tmp_path / "volume_predictions_2021-01-27.csv").exists()

    # one request, no retry storm: neither the client nor Airflow's retries sent it again (the server
    # records a request once its answer has gone out, so wait for the record before counting)
    def refused():
        return service.metric("http_server_requests_seconds_count", uri="/v1/predictions/from-bars", status="400")

    wait_for(lambda: refused() > refused_before, 60, "the refused request recorded")
    assert refused() == refused_before + 1


def test_a_503_from_the_shedding_service_is_retried_after_retry_after_and_the_run_succeeds(
    airflow, shedding_service, tmp_path
):
    env = {
        **connection(shedding_service),
        **variables(
            stock_volume_bars_dir=DATASET,
            stock_volume_output_dir=str(tmp_path),
            stock_volume_symbols=json.dumps(["AAPL"]),
        ),
    }
    shed_before = shedding_service.metric("admission_rejected_total")
    # a body that holds the whole budget: declared, never sent
    holder = socket.create_connection(("127.0.0.1", shedding_service.port))
    holder.sendall(
        b"POST /v1/predictions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000000\r\n\r\n{"
    )
    run = subprocess.Popen(
        [AIRFLOW, "dags", "test", "predict_volume", "2021-01-27T22:00:00+00:00"],
        env={**airflow.env, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(
            lambda: shedding_service.metric("admission_rejected_total") > shed_before, 120, "the DAG's request shed"
        )
    finally:
        holder.close()
    output, _ = run.communicate(timeout=300)

    assert run.returncode == 0, output[-4000:]
    assert "HTTP 503 on attempt 1; retrying in" in output
    expected = [
        r for r in expected_predictions(StockVolumeClient(shedding_service.url), "2021-01-27") if r["symbol"] == "AAPL"
    ]
    assert_csv_equals(tmp_path / "volume_predictions_2021-01-27.csv", expected, PREDICTION_COLUMNS)


def write_dataset(root):
    """Seven symbols (five stocks, two ETFs), 600 weekdays each from 2017-01-02, in the Kaggle layout."""
    (root / "stocks").mkdir(parents=True)
    (root / "etfs").mkdir()
    meta = [
        "Nasdaq Traded,Symbol,Security Name,Listing Exchange,Market Category,ETF,Round Lot Size,"
        "Test Issue,Financial Status,CQS Symbol,NASDAQ Symbol,NextShares"
    ]
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
        (root / folder / f"{symbol}.csv").write_text(
            "Date,Open,High,Low,Close,Adj Close,Volume\n" + "\n".join(lines) + "\n"
        )
    (root / "symbols_valid_meta.csv").write_text("\n".join(meta) + "\n")


def train_env(service_connection, repository, data) -> dict:
    return {
        **service_connection,
        **variables(
            stock_volume_trainer_jar=TRAINER,
            stock_volume_bars_dir=str(data),
            stock_volume_model_repository=repository,
        ),
    }


# Each symbol's last 150 bars replayed through from-bars while the shadow runs: 1,050 rows with actual volumes, the
# trainer's held-out-by-time days among them; 500 of them are enough to decide.
REPLAY = {"replay_days": 150, "min_rows": 500}


def test_the_train_dag_trains_shadows_and_promotes_a_version_more_accurate_on_the_same_rows(
    airflow, service, service_connection, admin_client, repository, back_to_version_one, tmp_path
):
    assert os.path.isfile(TRAINER), f"no trainer jar at {TRAINER} (./mvnw package -pl src/trainer -am)"
    write_dataset(tmp_path / "data")

    env = train_env(service_connection, repository, tmp_path / "data")
    result = dags_test(airflow, "train_volume_model", "2021-01-31T00:00:00+00:00", env, REPLAY)

    card = json.load(open(os.path.join(repository, "stock-volume", "2", "model-card.json")))
    assert card["version"] == "2" and card["trainingData"]["symbols"] == 7
    served = requests.get(f"{service.url}/v1/models/stock-volume", timeout=10).json()
    assert (served["version"], served["sha256"], served["pinned"]) == ("2", card["sha256"], "2")
    assert "shadow" not in served and "canary" not in served
    comparison = admin_client.comparison("2")
    assert (comparison["mode"], comparison["against"]) == ("shadow", "1")
    assert comparison["actuals"]["rows"] >= 500 and comparison["actuals"]["ratioUpper"] < 1
    assert "promoted: version 2 against 1 on" in result.stdout + result.stderr + airflow.task_logs()
    for sample in card["samples"]:
        features = {"vol_moving_avg": sample["features"][0], "adj_close_rolling_med": sample["features"][1]}
        assert admin_client.predict_features([features])[0] == pytest.approx(sample["prediction"], rel=1e-9)
    # the admin token went in through the connection and was never written out
    assert ADMIN_TOKEN not in result.stdout + result.stderr + airflow.task_logs()


def test_a_version_less_accurate_than_the_default_on_the_same_rows_is_not_promoted_and_the_run_fails(
    airflow, service, service_connection, admin_client, repository, back_to_version_one, tmp_path
):
    write_dataset(tmp_path / "data")
    # the default: a version trained on this data, pinned
    subprocess.run(
        [
            "java",
            "-jar",
            TRAINER,
            "train",
            "--data",
            str(tmp_path / "data"),
            "--repository",
            str(tmp_path / "trained"),
            "--model-version",
            "2",
        ],
        check=True,
        capture_output=True,
    )
    publish_model_version(str(tmp_path / "trained" / "stock-volume" / "2"), repository, "stock-volume", "2")
    admin_client.reload()
    admin_client.pin("2")
    # the candidate: version 1's model (the original pipeline's, trained on real data) as version 3
    candidate = tmp_path / "3"
    shutil.copytree(os.path.join(REPO, "model", "stock-volume", "1"), candidate)
    card = json.loads((candidate / "model-card.json").read_text())
    card["version"] = "3"
    (candidate / "model-card.json").write_text(json.dumps(card))

    result = dags_test(
        airflow,
        "train_volume_model",
        "2021-02-07T00:00:00+00:00",
        train_env(service_connection, repository, tmp_path / "data"),
        {"trained_dir": str(candidate), **REPLAY},
        check=False,
    )

    output = result.stdout + result.stderr + airflow.task_logs()
    assert result.returncode != 0
    assert "not promoted, 2 stays the default: version 3 against 2 on" in output
    assert '"ratioUpper"' in output  # the comparison, whole, in the task's log
    served = requests.get(f"{service.url}/v1/models/stock-volume", timeout=10).json()
    assert (served["version"], served["pinned"]) == ("2", "2") and "shadow" not in served
    comparison = admin_client.comparison("3")
    assert comparison["actuals"]["rows"] >= 500 and comparison["actuals"]["ratio"] > 1
    assert comparison["actuals"]["ratioUpper"] >= 1


def test_a_version_the_service_refuses_fails_the_roll_out_with_its_reason_and_the_old_one_serves(
    airflow, service, service_connection, repository, back_to_version_one, tmp_path
):
    damaged = tmp_path / "2"
    shutil.copytree(os.path.join(REPO, "model", "stock-volume", "2"), damaged)
    model = bytearray((damaged / "model.onnx").read_bytes())
    model[len(model) // 2] ^= 0x5A
    (damaged / "model.onnx").write_bytes(bytes(model))
    env = {**service_connection, **variables(stock_volume_model_repository=repository)}

    result = dags_test(
        airflow, "train_volume_model", "2021-02-07T00:00:00+00:00", env, conf={"trained_dir": str(damaged)}, check=False
    )

    output = result.stdout + result.stderr
    assert "VersionRejected" in output and "refused version 2:" in output and "sha256" in output
    served = requests.get(f"{service.url}/v1/models/stock-volume", timeout=10).json()
    assert served["version"] == "1" and [v["version"] for v in served["versions"]] == ["1"]
