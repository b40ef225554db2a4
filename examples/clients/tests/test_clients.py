"""Triton's and KServe's own Python clients against the packaged service, each with its defaults:
tritonclient.http (binary tensors both ways), tritonclient.grpc (raw contents), their asyncio twins,
KServe's InferenceRESTClient (protocol v2, JSON) and InferenceGRPCClient. Every case runs for all six."""

import numpy as np
import pytest
import requests
from conftest import json_rest, rows

from clients import connect

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


@pytest.mark.needs("versions")
def test_one_version_is_served_as_asked(client, service):
    features = rows("stock-volume", 100)
    answers = {}
    for version in ["1", "2"]:
        status, expected = json_rest(service.url, "stock-volume", features, version=version)
        assert status == 200 and expected["model_version"] == version
        answers[version] = client.infer("stock-volume", features, version=version).ravel().tolist()
        assert answers[version] == expected["outputs"][0]["data"]
    assert answers["1"] != answers["2"]


@pytest.mark.needs("versions")
def test_a_version_with_an_interval_answers_its_three_outputs(client, service):
    """Version 2 of the forecast answers the volume and its 80% interval: each output the numbers of the
    service's JSON answer, the bounds around the volume (Triton's HTTP clients read them as binary data)."""
    features = rows("stock-volume-forecast", 100, version="2")
    status, expected = json_rest(service.url, "stock-volume-forecast", features, version="2")
    assert status == 200, expected

    outputs = client.infer_outputs("stock-volume-forecast", features, version="2")

    assert list(outputs) == ["volume", "volume_lower", "volume_upper"]
    for k, name in enumerate(outputs):
        assert outputs[name].shape == (100, 1)
        assert outputs[name].ravel().tolist() == expected["outputs"][k]["data"]
    assert (outputs["volume_lower"] <= outputs["volume"]).all()
    assert (outputs["volume"] <= outputs["volume_upper"]).all()


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


@pytest.mark.needs("versions")
def test_an_unknown_version_raises_the_clients_exception_with_the_services_message(client):
    with pytest.raises(client.error) as refused:
        client.infer("stock-volume", rows("stock-volume", 1), version="9")

    assert client.status(refused.value) in ("404", "NOT_FOUND")
    assert client.message(refused.value) == "unknown version '9' of model 'stock-volume'; loaded: [1, 2]"


def test_a_parameter_the_service_does_not_support_is_refused_by_name(client):
    with pytest.raises(client.error) as refused:
        client.infer("stock-volume", rows("stock-volume", 1), parameters={"priority_class": "gold"})

    assert client.status(refused.value) in ("400", "INVALID_ARGUMENT")
    assert (
        "the request has parameter 'priority_class', which this server does not support; supported there:"
        " binary_data_output"
    ) in client.message(refused.value)


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


@pytest.mark.needs("metadata")
def test_server_and_model_metadata_are_the_services_rest_answers(client, service):
    assert client.metadata("get_server_metadata") == requests.get(f"{service.url}/v2", timeout=10).json()
    for model in MODELS:
        assert (
            shapes_as_numbers(client.metadata("get_model_metadata", model))
            == requests.get(f"{service.url}/v2/models/{model}", timeout=10).json()
        )
    assert (
        shapes_as_numbers(client.metadata("get_model_metadata", "stock-volume", "1"))
        == requests.get(f"{service.url}/v2/models/stock-volume/versions/1", timeout=10).json()
    )


def shapes_as_numbers(metadata: dict) -> dict:
    """gRPC's JSON form writes int64 shapes as strings ("-1"); REST's JSON has numbers."""
    for tensor in metadata.get("inputs", []) + metadata.get("outputs", []):
        tensor["shape"] = [int(d) for d in tensor["shape"]]
    return metadata


# Triton's extensions this service does not implement: the client call, and the extension's name
EXTENSIONS = [
    ("get_model_repository_index", (), "model_repository", "RepositoryIndex"),
    ("load_model", ("stock-volume",), "model_repository", "RepositoryModelLoad"),
    ("unload_model", ("stock-volume",), "model_repository", "RepositoryModelUnload"),
    ("get_inference_statistics", (), "statistics", "ModelStatistics"),
    ("get_inference_statistics", ("stock-volume",), "statistics", "ModelStatistics"),
    ("get_model_config", ("stock-volume",), "model_configuration", "ModelConfig"),
    ("get_system_shared_memory_status", (), "system_shared_memory", "SystemSharedMemoryStatus"),
    ("get_cuda_shared_memory_status", (), "cuda_shared_memory", "CudaSharedMemoryStatus"),
    ("get_trace_settings", (), "trace", "TraceSetting"),
    ("get_log_settings", (), "logging", "LogSettings"),
]


@pytest.mark.needs("triton-options")
@pytest.mark.parametrize("method, args, extension, rpc", EXTENSIONS, ids=[f"{e[0]}{e[1]}" for e in EXTENSIONS])
def test_an_extension_the_service_does_not_implement_fails_clearly(client, method, args, extension, rpc):
    with pytest.raises(client.error) as refused:
        client.call(method, *args)

    if client.protocol == "http":
        assert client.status(refused.value) == "404"
        assert client.message(refused.value) == (
            f"this server does not implement the '{extension}' extension; the"
            " extensions it supports (GET /v2): binary_tensor_data"
        )
    else:  # gRPC's own answer for a method the server does not have
        assert client.status(refused.value) == "UNIMPLEMENTED"
        assert client.message(refused.value) == f"Method not found: inference.GRPCInferenceService/{rpc}"


# Triton's request options the service does not honour: refused by name rather than ignored
OPTIONS = [
    ({"priority": 2}, "the request has parameter 'priority'"),
    ({"timeout": 100_000}, "the request has parameter 'timeout'"),
    ({"sequence_id": 5, "sequence_start": True}, "the request has parameter 'sequence_end'"),
]


@pytest.mark.needs("triton-options")
@pytest.mark.parametrize("options, message", OPTIONS, ids=[next(iter(o)) for o, _ in OPTIONS])
def test_a_request_option_the_service_does_not_honour_is_refused_by_name(client, options, message):
    with pytest.raises(client.error) as refused:
        client.infer("stock-volume", rows("stock-volume", 1), **options)

    assert client.status(refused.value) in ("400", "INVALID_ARGUMENT")
    assert client.message(refused.value).startswith(message + ", which this server does not support")


@pytest.mark.needs("triton-options")
def test_shared_memory_and_classification_are_refused_by_name(client):
    features = client.module.InferInput("features", [1, 2], "FP64")
    features.set_shared_memory("region", 16)
    with pytest.raises(client.error) as refused:
        client.call("infer", "stock-volume", [features])
    assert client.message(refused.value) == (
        "input 'features' has parameter 'shared_memory_byte_size', which this server does not support (no shared"
        " memory: send the data in the request); supported there: binary_data_size"
    )

    features = client.module.InferInput("features", [1, 2], "FP64")
    features.set_data_from_numpy(rows("stock-volume", 1))
    with pytest.raises(client.error) as refused:
        client.call(
            "infer", "stock-volume", [features], outputs=[client.module.InferRequestedOutput("volume", class_count=3)]
        )
    assert client.message(refused.value) == (
        "output 'volume' has parameter 'classification', which this server does"
        " not support; supported there: binary_data"
    )


@pytest.mark.needs("stream")
def test_a_streamed_inference_is_refused_as_a_method_the_server_does_not_have(client):
    status, message = client.stream_refusal("stock-volume", rows("stock-volume", 1))

    assert status == "UNIMPLEMENTED"
    assert message == "Method not found: inference.GRPCInferenceService/ModelStreamInfer"


@pytest.mark.needs("triton-options")
def test_a_compressed_request_body_is_refused_and_a_compressed_answer_is_not_needed(client):
    if client.protocol == "grpc":  # gRPC's own message compression is the transport's, and works
        assert client.infer("stock-volume", rows("stock-volume", 3), compression_algorithm="gzip").shape == (3, 1)
        return
    with pytest.raises(client.error) as refused:
        client.infer("stock-volume", rows("stock-volume", 3), request_compression_algorithm="gzip")
    assert client.status(refused.value) == "415"
    assert client.message(refused.value) == "Content-Encoding 'gzip' is not supported; send the body uncompressed"
    # asking for a compressed answer is only an offer (Accept-Encoding): the answer comes uncompressed
    assert client.infer("stock-volume", rows("stock-volume", 3), response_compression_algorithm="gzip").shape == (3, 1)
