"""The Airflow client module against the real service."""

import csv
import os

import pytest
import requests
from conftest import AAPL, RequestCounter
from opentelemetry.sdk.trace import TracerProvider
from services import wait_for
from stock_volume_client import ServiceError, StockVolumeClient
from stock_volume_files import read_bars_csv, write_csv_atomically


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def test_predicts_the_cards_sample_rows(client):
    card = client.model("stock-volume")
    rows = [{"vol_moving_avg": s["features"][0], "adj_close_rolling_med": s["features"][1]} for s in card["samples"]]
    volumes = client.predict_features(rows)
    assert len(volumes) == len(card["samples"])
    assert all(close(v, s["prediction"]) for v, s in zip(volumes, card["samples"], strict=True))


def test_batches_are_cut_to_the_row_limit(base_url, client):
    rows = [{"vol_moving_avg": 1000.0 * (i + 1), "adj_close_rolling_med": 12.5} for i in range(20)]
    small = StockVolumeClient(base_url=base_url, max_rows=7)
    counter = RequestCounter(small.session)
    assert small.predict_features(rows) == client.predict_features(rows)
    assert counter.count == 3


def test_bars_give_the_trainers_features_for_the_latest_date(client):
    # `stock-volume-trainer features` on the full dataset: AAPL 2021-01-27 -> these, 20 bars
    [p] = client.predict_from_bars("AAPL", read_bars_csv(AAPL))
    assert p["date"] == "2021-01-27"
    assert p["vol_moving_avg"] == 1.1182235795e8
    assert p["adj_close_rolling_med"] == 131.5199966430664
    assert p["window_rows"] == 20
    assert p["volume"] > 0


def test_long_histories_are_sent_in_overlapping_chunks_with_the_same_answers(base_url, client):
    bars = read_bars_csv(AAPL)
    whole = client.predict_from_bars("AAPL", bars, dates="all")
    chunked_client = StockVolumeClient(base_url=base_url, max_bars=25)
    counter = RequestCounter(chunked_client.session)
    chunked = chunked_client.predict_from_bars("AAPL", bars, dates="all")
    assert counter.count > 1
    assert chunked == whole
    assert len(whole) == len(bars)


def test_bad_input_raises_with_the_services_problem(client):
    with pytest.raises(ServiceError) as failure:
        client.predict_from_bars("XYZ", [{"date": "2021-01-04", "adj_close": 1.0, "volume": -5.0}])
    assert failure.value.status == 400
    assert failure.value.problem["errors"] == ["bars[0].volume: must be a finite number >= 0"]


def test_503_is_retried_with_backoff_honouring_retry_after_then_raised(down_url):
    waits = []
    c = StockVolumeClient(
        base_url=down_url,
        max_attempts=3,
        backoff_seconds=0.01,
        max_backoff_seconds=0.05,
        on_retry=lambda attempt, status, wait: waits.append((attempt, status, wait)),
    )
    with pytest.raises(ServiceError) as failure:
        c.predict_features([{"vol_moving_avg": 1.0, "adj_close_rolling_med": 1.0}])
    assert failure.value.status == 503
    assert "no model is being served" in str(failure.value)
    # Retry-After: 10 asks for more than the cap allows, so each wait is the cap
    assert waits == [(1, 503, 0.05), (2, 503, 0.05)]


def test_an_unreachable_service_is_retried_then_raised():
    c = StockVolumeClient(base_url="http://127.0.0.1:9", max_attempts=2, backoff_seconds=0.01)
    with pytest.raises(ServiceError, match="cannot connect"):
        c.predict_features([{"vol_moving_avg": 1.0, "adj_close_rolling_med": 1.0}])


def test_output_is_written_whole_and_a_rerun_replaces_it(tmp_path):
    path = tmp_path / "out" / "volume_predictions_2021-01-27.csv"
    rows = [{"symbol": "AAPL", "date": "2021-01-27", "volume": 1.5, "ignored": "x"}]
    write_csv_atomically(str(path), rows, ["symbol", "date", "volume"])
    first = path.read_text()
    write_csv_atomically(str(path), rows, ["symbol", "date", "volume"])
    assert path.read_text() == first
    assert list(csv.DictReader(path.open())) == [{"symbol": "AAPL", "date": "2021-01-27", "volume": "1.5"}]
    assert os.listdir(path.parent) == [path.name]


def test_forecasts_come_from_the_bars_before_each_date(client, base_url):
    bars = read_bars_csv(AAPL)
    answers = client.forecast_from_bars("AAPL", bars, ["2021-01-28", "2021-01-27"])
    assert [a["date"] for a in answers] == ["2021-01-28", "2021-01-27"]
    for answer in answers:
        # version 2's 27 inputs: version 1's nine first
        assert list(answer["features"])[:9] == [
            "vol_mean_30d",
            "vol_lag1_ratio",
            "vol_lag2_ratio",
            "vol_mean_5_ratio",
            "adj_close_med_30d",
            "price_change_1",
            "weekday",
            "days_since_last_bar",
            "window_rows",
        ]
        assert len(answer["features"]) == 27
        features = list(answer["features"].values())
        inferred = requests.post(
            f"{base_url}/v2/models/stock-volume-forecast/infer",
            timeout=10,
            json={"inputs": [{"name": "features", "shape": [1, len(features)], "datatype": "FP64", "data": features}]},
        ).json()
        # the volume and its 80% interval are the model's three outputs for the features the answer states
        volume, lower, upper = (inferred["outputs"][k]["data"][0] for k in range(3))
        assert answer["volume"] == pytest.approx(volume, rel=1e-12)
        assert answer["volume_lower"] == pytest.approx(lower, rel=1e-12)
        assert answer["volume_upper"] == pytest.approx(upper, rel=1e-12)
        assert answer["volume_lower"] <= answer["volume"] <= answer["volume_upper"]
    # the bars of the day itself and later change nothing
    [alone] = client.forecast_from_bars("AAPL", [b for b in bars if b["date"] < "2021-01-27"], ["2021-01-27"])
    assert alone == answers[1]


def test_requests_carry_the_callers_trace_so_the_service_joins_it(service, client):
    """Under a current span (an Airflow task's, when Airflow traces), each request sends its W3C
    traceparent: the service's access log shows the request in the caller's trace."""
    tracer = TracerProvider().get_tracer("stock-volume-test")
    with tracer.start_as_current_span("task") as span:
        client.model("stock-volume")
    trace_id = format(span.get_span_context().trace_id, "032x")

    def logged() -> bool:
        with open(service.log_path) as log:
            return any("route=/v1/models/{name} status=200" in line and f"trace_id={trace_id}" in line for line in log)

    wait_for(logged, 30, f"an access line of trace {trace_id} in {service.log_path}")
