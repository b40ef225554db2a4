"""The training DAG's roll-out against a real service: publish a version folder, reload, check;
refusal of a bad version; rollback by pinning. Each test leaves the service on version 1."""

import json
import os
import shutil

import pytest
import requests
from services import REPO
from stock_volume_client import ServiceError, StockVolumeClient, VersionRefused
from stock_volume_files import publish_model_version

# The two committed versions: 1 (the original pipeline's parameters) and 2 (the ratio model).
SECOND = os.path.join(REPO, "model", "stock-volume", "2")
FIRST_CARD = json.load(open(os.path.join(REPO, "model", "stock-volume", "1", "model-card.json")))
SECOND_CARD = json.load(open(os.path.join(SECOND, "model-card.json")))


def served_sample(client, card):
    """What the service answers for the card's first sample row."""
    row = card["samples"][0]["features"]
    return client.predict_features([{"vol_moving_avg": row[0], "adj_close_rolling_med": row[1]}])[0]


def test_a_published_version_is_rolled_out_and_pinning_rolls_back(admin_client, repository, back_to_version_one):
    publish_model_version(SECOND, repository, "stock-volume", "2")
    served = admin_client.roll_out("2", timeout=30)
    assert served["version"] == "2" and served["sha256"] == SECOND_CARD["sha256"]
    assert served_sample(admin_client, SECOND_CARD) == pytest.approx(SECOND_CARD["samples"][0]["prediction"], rel=1e-9)
    assert served_sample(admin_client, FIRST_CARD) != pytest.approx(FIRST_CARD["samples"][0]["prediction"], rel=1e-3)

    report = admin_client.pin("1")
    assert (report["defaultVersion"], report["pinned"], report["versions"]) == ("1", "1", ["1", "2"])
    assert served_sample(admin_client, FIRST_CARD) == pytest.approx(FIRST_CARD["samples"][0]["prediction"], rel=1e-9)

    report = admin_client.unpin()
    assert (report["defaultVersion"], report["versions"]) == ("2", ["2"])


def test_a_corrupt_version_is_refused_while_the_previous_one_serves(
    admin_client, repository, tmp_path, back_to_version_one
):
    damaged = tmp_path / "3"
    shutil.copytree(SECOND, damaged)
    card = json.loads((damaged / "model-card.json").read_text())
    card["version"] = "3"
    (damaged / "model-card.json").write_text(json.dumps(card))
    model = bytearray((damaged / "model.onnx").read_bytes())
    model[len(model) // 2] ^= 0x5A
    (damaged / "model.onnx").write_bytes(bytes(model))
    publish_model_version(str(damaged), repository, "stock-volume", "3")

    with pytest.raises(VersionRefused) as refused:
        admin_client.roll_out("3", timeout=30)
    assert refused.value.refused[0]["version"] == "3"
    assert "sha256" in refused.value.refused[0]["error"]
    assert refused.value.report["versions"] == ["1"]
    assert served_sample(admin_client, FIRST_CARD) == pytest.approx(FIRST_CARD["samples"][0]["prediction"], rel=1e-9)


def test_versions_are_immutable(repository):
    with pytest.raises(FileExistsError):
        publish_model_version(SECOND, repository, "stock-volume", "1")


def test_admin_calls_without_the_right_token_are_refused(base_url, admin_client):
    with pytest.raises(ServiceError) as wrong:
        StockVolumeClient(base_url=base_url, admin_token="not-the-token", max_attempts=1).reload()
    assert wrong.value.status == 403
    # without a token the client refuses before it sends anything...
    with pytest.raises(ServiceError) as missing:
        StockVolumeClient(base_url=base_url).reload()
    assert "admin_token" in str(missing.value)
    # ...and the service itself refuses a call that carries none
    answer = requests.post(f"{base_url}/admin/models/stock-volume/reload", timeout=10)
    assert answer.status_code == 401
    assert answer.headers["Content-Type"].startswith("application/problem+json")
