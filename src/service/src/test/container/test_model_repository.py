"""A model repository mounted read-only from the host, as a pod mounts a volume: a version folder published on
the host is served after the training DAG's reload; a corrupt one is refused while the old version serves on."""

from __future__ import annotations

import json
import os
import shutil

import requests
from conftest import ADMIN_TOKEN, Container, committed_card, row

from packaged_service import REPO

REPOSITORY_IN_POD = "/models"


def publish(repository, name: str, version: str, source: str, corrupt: bool = False) -> None:
    """A version folder made beside the repository and renamed into it, so that it appears whole (as the DAG
    publishes it)."""
    incoming = repository / name / f".incoming-{version}"
    shutil.copytree(os.path.join(REPO, "model", name, source), incoming)
    card = json.loads((incoming / "model-card.json").read_text())
    card["version"] = version
    (incoming / "model-card.json").write_text(json.dumps(card))
    if corrupt:
        (incoming / "model.onnx").write_bytes(b"not an ONNX model")
    for path in [incoming, *incoming.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    incoming.rename(repository / name / version)


def sample(version: str) -> dict:
    """The first sample row of a committed version's card, and its prediction."""
    return committed_card("stock-volume", version)["samples"][0]


def served(pod, version: str) -> tuple[str, int]:
    """The default version of stock-volume and GET /predict's answer for `version`'s first sample row."""
    model = requests.get(f"{pod.url}/v1/models/stock-volume", timeout=10).json()
    answer = requests.get(f"{pod.url}/predict", params=row(sample(version)["features"]), timeout=10)
    assert answer.status_code == 200, answer.text
    return str(model["version"]), answer.json()


def reload(pod) -> requests.Response:
    return requests.post(
        f"{pod.url}/admin/models/stock-volume/reload", timeout=60, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    )


def test_a_version_published_on_the_host_is_served_after_reload_and_a_corrupt_one_refused(
    image, deployment, model_repository
):
    (model_repository / "stock-volume").mkdir(mode=0o755)
    publish(model_repository, "stock-volume", "1", "1")
    pod = Container(
        image,
        deployment,
        volumes=(f"{model_repository}:{REPOSITORY_IN_POD}:ro",),
        env={"MODEL_REPOSITORY": REPOSITORY_IN_POD, "ADMIN_TOKEN": ADMIN_TOKEN},
    )
    try:
        pod.wait_ready()
        assert served(pod, "1") == ("1", int(sample("1")["prediction"]))

        publish(model_repository, "stock-volume", "2", "2")
        answer = reload(pod)
        assert answer.status_code == 200, answer.text
        assert answer.json()["loaded"] == ["2"] and answer.json()["defaultVersion"] == "2", answer.text
        assert served(pod, "2") == ("2", int(sample("2")["prediction"]))

        publish(model_repository, "stock-volume", "3", "2", corrupt=True)
        answer = reload(pod)
        assert answer.status_code == 422, answer.text
        assert [r["version"] for r in answer.json()["refused"]] == ["3"], answer.text
        assert served(pod, "2") == ("2", int(sample("2")["prediction"])), "the old version serves on"
        assert pod.state()["Running"]
    finally:
        pod.remove()
