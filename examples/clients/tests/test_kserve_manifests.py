"""src/service/src/main/kubernetes/kserve/stock-volume.yml against KServe's own types (the kserve 0.21.0 SDK's
V1alpha1ServingRuntime and V1beta1InferenceService, with the Kubernetes client's types inside them):
every field must be one the type declares, with the type's datatype, and the objects must build
(the SDK checks required fields and enumerations). Then the values the manifests share with the
plain Deployment (src/service/target/kubernetes/kubernetes.yml, built by ./mvnw package) must equal its own."""

import datetime
import os
import re

import kserve.models
import kubernetes.client.models
import pytest
import yaml
from kserve import ApiClient

from packaged_service import REPO

MANIFESTS = os.path.join(REPO, "src", "service", "src", "main", "kubernetes", "kserve", "stock-volume.yml")
GENERATED = os.path.join(REPO, "src", "service", "target", "kubernetes", "kubernetes.yml")
TYPES = {"ServingRuntime": "V1alpha1ServingRuntime", "InferenceService": "V1beta1InferenceService"}
PRIMITIVES = {
    "str": str,
    "int": int,
    "bool": bool,
    "float": (int, float),
    "object": object,
    "datetime": (str, datetime.datetime),
    "date": (str, datetime.date),
}


def build(value, type_name: str, path: str):
    """`value` (parsed YAML) as an object of the SDK type `type_name`; any field the type does not
    declare, or a value of the wrong datatype, fails with its path."""
    if value is None:
        return None
    # the kserve SDK writes list[X] and dict(str, X); the Kubernetes client List[X] and Dict[str, X]
    container = re.fullmatch(r"(?:list|List)\[(.*)\]|dict\(str, (.*)\)|Dict\[str, (.*)\]", type_name)
    if container and container.group(1):
        assert isinstance(value, list), f"{path}: expected a list, got {value!r}"
        return [build(item, container.group(1), f"{path}[{i}]") for i, item in enumerate(value)]
    if container:
        assert isinstance(value, dict), f"{path}: expected a map, got {value!r}"
        inner = container.group(2) or container.group(3)
        return {key: build(item, inner, f"{path}.{key}") for key, item in value.items()}
    if type_name in PRIMITIVES:
        assert isinstance(value, PRIMITIVES[type_name]) and not (
            type_name != "bool" and isinstance(value, bool) and type_name != "object"
        ), f"{path}: expected {type_name}, got {value!r}"
        return value
    klass = getattr(kserve.models, type_name, None) or getattr(kubernetes.client.models, kubernetes_name(type_name))
    assert isinstance(value, dict), f"{path}: expected an object ({type_name}), got {value!r}"
    fields = {json_name: attribute for attribute, json_name in klass.attribute_map.items()}
    unknown = sorted(set(value) - set(fields))
    assert not unknown, f"{path}: {type_name} has no field {unknown}; it has {sorted(fields)}"
    return klass(
        **{fields[key]: build(item, klass.openapi_types[fields[key]], f"{path}.{key}") for key, item in value.items()}
    )


def kubernetes_name(type_name: str) -> str:
    """The Kubernetes client's name of a Kubernetes type the kserve SDK names by its Go package
    (K8sIoApiAutoscalingV2HorizontalPodAutoscalerBehavior is V2HorizontalPodAutoscalerBehavior)."""
    return re.sub(r"^K8sIoApi[A-Z][a-z]+(?=V\d)", "", type_name)


@pytest.fixture(scope="module")
def manifests() -> dict:
    with open(MANIFESTS) as f:
        return {doc["kind"]: doc for doc in yaml.safe_load_all(f)}


@pytest.fixture(scope="module")
def deployment_manifests() -> dict:
    assert os.path.isfile(GENERATED), f"{GENERATED} is missing: run ./mvnw package first"
    with open(GENERATED) as f:
        return {doc["kind"]: doc for doc in yaml.safe_load_all(f) if doc}


def test_the_manifests_are_a_serving_runtime_and_an_inference_service(manifests):
    assert sorted(manifests) == ["InferenceService", "ServingRuntime"]


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_every_field_is_one_kserves_type_declares_and_nothing_is_lost(manifests, kind):
    built = build(manifests[kind], TYPES[kind], kind)

    assert ApiClient().sanitize_for_serialization(built) == manifests[kind]


def test_the_runtime_is_chosen_by_name_and_serves_both_protocols(manifests):
    runtime, service = manifests["ServingRuntime"], manifests["InferenceService"]
    model = service["spec"]["predictor"]["model"]
    assert model["runtime"] == runtime["metadata"]["name"]
    assert model["modelFormat"] in [
        {k: f[k] for k in ("name", "version")} for f in runtime["spec"]["supportedModelFormats"]
    ]
    assert all(f["autoSelect"] is False for f in runtime["spec"]["supportedModelFormats"])
    assert runtime["spec"]["protocolVersions"] == ["v2", "grpc-v2"]
    assert model["protocolVersion"] in runtime["spec"]["protocolVersions"]
    assert service["metadata"]["annotations"]["serving.kserve.io/deploymentMode"] == "Standard"
    assert service["metadata"]["annotations"]["serving.kserve.io/autoscalerClass"] == "hpa"


def test_the_model_repository_is_where_kserves_storage_initializer_puts_the_storage_uri(manifests):
    container = manifests["ServingRuntime"]["spec"]["containers"][0]
    assert container["name"] == "kserve-container"
    assert {"name": "MODEL_REPOSITORY", "value": "/mnt/models"} in container["env"]
    assert manifests["InferenceService"]["spec"]["predictor"]["model"]["storageUri"]


def test_the_container_runs_as_the_deployments_does(manifests, deployment_manifests):
    runtime = manifests["ServingRuntime"]["spec"]
    container = runtime["containers"][0]
    pod = deployment_manifests["Deployment"]["spec"]["template"]
    deployed = pod["spec"]["containers"][0]

    assert container["image"] == deployed["image"]
    for field in ("startupProbe", "livenessProbe", "readinessProbe", "resources", "securityContext", "volumeMounts"):
        assert container[field] == deployed[field], field
    management = next(p["containerPort"] for p in deployed["ports"] if p["name"] == "management")
    assert all(
        container[probe]["httpGet"]["port"] == management
        for probe in ("startupProbe", "livenessProbe", "readinessProbe")
    )
    api = next(p["containerPort"] for p in deployed["ports"] if p["name"] == "http")
    assert [p["containerPort"] for p in container["ports"]] == [api]
    assert sorted((e["name"], e["value"]) for e in container["env"] if e["name"] != "MODEL_REPOSITORY") == sorted(
        (e["name"], e["value"]) for e in deployed["env"] if e["name"] != "MODEL_REPOSITORY"
    )
    assert runtime["volumes"] == pod["spec"]["volumes"]
    assert runtime["annotations"] == {
        k: v for k, v in pod["metadata"]["annotations"].items() if k.startswith("prometheus.io/")
    }


def test_the_pod_and_its_scaling_are_the_deployments(manifests, deployment_manifests):
    predictor = manifests["InferenceService"]["spec"]["predictor"]
    pod = deployment_manifests["Deployment"]["spec"]["template"]["spec"]
    hpa = deployment_manifests["HorizontalPodAutoscaler"]["spec"]

    assert predictor["securityContext"] == pod["securityContext"]
    assert predictor["automountServiceAccountToken"] == pod["automountServiceAccountToken"]
    selector = {
        "matchLabels": {"serving.kserve.io/inferenceservice": manifests["InferenceService"]["metadata"]["name"]}
    }
    assert predictor["topologySpreadConstraints"] == [
        {**c, "labelSelector": selector} for c in pod["topologySpreadConstraints"]
    ]
    assert (predictor["minReplicas"], predictor["maxReplicas"]) == (hpa["minReplicas"], hpa["maxReplicas"])
    assert predictor["autoScaling"] == {"metrics": hpa["metrics"], "behavior": hpa["behavior"]}
