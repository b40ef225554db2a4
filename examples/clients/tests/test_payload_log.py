"""Payload logging read by the CloudEvents Python SDK (cloudevents.http.from_http), as a KServe logger sink reads it:
every inference the packaged service answers, over GET /predict, /v1, /v2 (KServe's own REST client) and gRPC (its
gRPC client), reaches the sink as a request event and a response event with one id, KServe's types and extensions,
and the exchange's JSON as data."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
import requests
from cloudevents.http import from_http
from conftest import ready_service

from clients import connect
from packaged_service import wait_for

REQUEST, RESPONSE = "org.kubeflow.serving.inference.request", "org.kubeflow.serving.inference.response"


class Sink:
    """An HTTP server on 127.0.0.1 that reads each post with the SDK; a post it cannot read is kept as an error."""

    def __init__(self):
        self.events, self.errors = [], []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    sink.events.append(from_http(dict(self.headers.items()), body))
                    self.send_response(202)
                except Exception as error:  # noqa: BLE001 - any reading failure is the test's finding
                    sink.errors.append(repr(error))
                    self.send_response(400)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def exchange(self, matches) -> tuple:
        """The request event whose data matches, and the response event with its id (waited for)."""
        found = {}

        def arrived():
            for event in list(self.events):
                if event["type"] == REQUEST and matches(event.data):
                    found["request"] = event
            request = found.get("request")
            for event in list(self.events):
                if request is not None and event["type"] == RESPONSE and event["id"] == request["id"]:
                    found["response"] = event
            return "response" in found

        wait_for(arrived, 60, "the exchange's two events at the sink")
        return found["request"], found["response"]

    def stop(self):
        self.server.shutdown()


@pytest.fixture(scope="module")
def sink():
    receiver = Sink()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="module")
def logged(workdir, sink):
    up = ready_service(workdir, "payload-log", {"stock-volume": ["2"]}, **{"payload-log.url": sink.url})
    yield up
    up.stop()


def attributes(event, version: str):
    assert event["specversion"] == "1.0"
    assert event["source"].startswith("urn:stock-volume-service:")
    assert event["datacontenttype"] == "application/json"
    assert event["time"]
    assert event["inferenceservicename"] == "stock-volume"
    assert event["endpoint"] == version


def test_get_predict_is_logged_as_its_parameters_and_answer(logged, sink):
    answer = requests.get(
        f"{logged.url}/predict", params={"vol_moving_avg": "1234567.5", "adj_close_rolling_med": "42.25"}, timeout=30
    )
    assert answer.status_code == 200
    request, response = sink.exchange(lambda data: data.get("vol_moving_avg") == 1234567.5)
    assert request.data == {"vol_moving_avg": 1234567.5, "adj_close_rolling_med": 42.25}
    assert response.data == {"volume": int(answer.text)}
    for event in (request, response):
        attributes(event, "2")
    assert sink.errors == []


def test_a_batch_is_logged_as_its_instances_and_answer(logged, sink):
    instances = [
        {"vol_moving_avg": 2345678.25, "adj_close_rolling_med": 10.5},
        {"vol_moving_avg": 9033.5, "adj_close_rolling_med": 3.25},
    ]
    answer = requests.post(f"{logged.url}/v1/predictions", json={"instances": instances}, timeout=30)
    assert answer.status_code == 200
    request, response = sink.exchange(lambda data: data.get("instances", [{}])[0].get("vol_moving_avg") == 2345678.25)
    assert request.data == {"instances": instances}
    assert response.data == answer.json()
    for event in (request, response):
        attributes(event, "2")


@pytest.mark.parametrize("kserve_client", ["kserve.InferenceRESTClient", "kserve.InferenceGRPCClient"])
def test_kserves_clients_calls_are_logged_with_their_tensors_inline(logged, sink, loop, kserve_client):
    client = connect(kserve_client, logged.port, loop)
    try:
        marker = 3456789.5 if kserve_client.endswith("RESTClient") else 4567890.5
        rows = np.array([[marker, 55.5], [12000.0, 4.75]])
        volumes = client.infer("stock-volume", rows)
    finally:
        client.close()
    request, response = sink.exchange(lambda data: data.get("inputs", [{}])[0].get("data", [None])[0] == marker)
    tensor = request.data["inputs"][0]
    assert (tensor["name"], tensor["shape"], tensor["datatype"]) == ("features", [2, 2], "FP64")
    assert np.array_equal(np.array(tensor["data"]).reshape(2, 2), rows)
    output = response.data["outputs"][0]
    assert (response.data["model_name"], output["name"], output["shape"]) == ("stock-volume", "volume", [2, 1])
    assert np.array_equal(np.array(output["data"]), np.asarray(volumes).reshape(-1))
    for event in (request, response):
        attributes(event, "2")
    assert sink.errors == []
