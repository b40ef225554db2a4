"""Triton's and KServe's own Python clients against the packaged service, each with its defaults:
tritonclient.http (binary tensors both ways), tritonclient.grpc (raw contents), their asyncio twins,
KServe's InferenceRESTClient (protocol v2, JSON) and InferenceGRPCClient. Every case runs for all six."""

import numpy as np
import pytest

from clients import connect
from conftest import json_rest, rows

MODELS = ["stock-volume", "stock-volume-forecast"]


@pytest.mark.parametrize("count", [1, 1_000, 10_000])
@pytest.mark.parametrize("datatype", ["FP64", "FP32"])
@pytest.mark.parametrize("model", MODELS)
def test_the_numbers_equal_the_services_json_rest_answer_exactly(client, service, model, datatype, count):
    features = rows(model, count)
    status, expected = json_rest(service.url, model, features, datatype)
    assert status == 200, expected

    volume = client.infer(model, features, datatype)

    assert volume.dtype == np.float64
    assert volume.shape == (count, 1)
    assert volume.ravel().tolist() == expected["outputs"][0]["data"]


def test_one_version_is_served_as_asked(client, service):
    if not client.versions:
        pytest.skip(f"{client.name} addresses a model, not a version")
    features = rows("stock-volume", 100)
    answers = {}
    for version in ["1", "2"]:
        status, expected = json_rest(service.url, "stock-volume", features, version=version)
        assert status == 200 and expected["model_version"] == version
        answers[version] = client.infer("stock-volume", features, version=version).ravel().tolist()
        assert answers[version] == expected["outputs"][0]["data"]
    assert answers["1"] != answers["2"]


def test_health_answers_as_the_protocol_says(client):
    assert client.call("is_server_live") is True
    assert client.call("is_server_ready") is True
    for model in MODELS:
        assert client.call("is_model_ready", model) is True


def test_an_unknown_model_is_not_ready(client):
    if client.protocol == "http":
        assert client.call("is_model_ready", "nope") is False  # 404: the REST clients read any non-200 as not ready
    else:  # gRPC: NOT_FOUND, as for every call naming an unknown model (REST's 404)
        with pytest.raises(client.error) as refused:
            client.call("is_model_ready", "nope")
        assert client.status(refused.value) == "NOT_FOUND"
        assert client.message(refused.value) == "unknown model 'nope'"


def test_a_bad_shape_raises_the_clients_exception_with_the_services_message(client, service):
    features = np.ones((2, 3))
    status, answer = json_rest(service.url, "stock-volume", features)
    assert status == 400

    with pytest.raises(client.error) as refused:
        client.infer("stock-volume", features)

    assert client.status(refused.value) in ("400", "INVALID_ARGUMENT")
    assert answer["error"] == "input 'features' has shape [2, 3]; expected [N, 2] with N >= 1"
    assert answer["error"] in client.message(refused.value)


def test_an_unknown_model_raises_the_clients_exception_with_the_services_message(client):
    with pytest.raises(client.error) as refused:
        client.infer("nope", rows("stock-volume", 1))

    assert client.status(refused.value) in ("404", "NOT_FOUND")
    assert "unknown model 'nope'" in client.message(refused.value)


def test_an_unknown_version_raises_the_clients_exception_with_the_services_message(client):
    if not client.versions:
        pytest.skip(f"{client.name} addresses a model, not a version")
    with pytest.raises(client.error) as refused:
        client.infer("stock-volume", rows("stock-volume", 1), version="9")

    assert client.status(refused.value) in ("404", "NOT_FOUND")
    assert client.message(refused.value) == "unknown version '9' of model 'stock-volume'; loaded: [1, 2]"


def test_a_parameter_the_service_does_not_support_is_refused_by_name(client):
    with pytest.raises(client.error) as refused:
        client.infer("stock-volume", rows("stock-volume", 1), parameters={"priority_class": "gold"})

    assert client.status(refused.value) in ("400", "INVALID_ARGUMENT")
    assert ("the request has parameter 'priority_class', which this server does not support; supported there:"
            " binary_data_output") in client.message(refused.value)


def test_shedding_is_the_protocols_status_with_its_retry_hint(client_name, held_budget, loop):
    client = connect(client_name, held_budget.port, loop)
    try:
        with pytest.raises(client.error) as refused:
            client.infer("stock-volume", rows("stock-volume", 1))
        assert client.status(refused.value) == ("503" if client.protocol == "http" else "RESOURCE_EXHAUSTED")
        assert "the service is at its limit of requests in flight" in client.message(refused.value)
        if client.shows_retry_after:  # Triton's clients do not expose the header or metadata
            assert client.retry_after(refused.value) == "1"
    finally:
        client.close()
