"""Schemathesis (4.32.5) holds the service to the OpenAPI document it serves: every operation, every
check (schemathesis.toml enables all; a --checks option would override its per-operation
exclusions, each given with its reason there), its seed and example count, the admin operations
with the token."""

import json
import os
import subprocess
import sys

import pytest
from conftest import ADMIN_TOKEN, BOTH_MODELS, ready_service

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = os.path.join(HERE, "..", "schemathesis.toml")
SCHEMATHESIS = os.path.join(os.path.dirname(sys.executable), "schemathesis")


@pytest.fixture(scope="module")
def service(workdir):
    """A service of its own: Schemathesis pins, unpins and reloads versions through the admin API."""
    up = ready_service(workdir, "openapi", BOTH_MODELS, **{"model.versions": "all"})
    yield up
    up.stop()


def test_schemathesis_finds_no_failure_in_any_operation(service, workdir):
    har = workdir / "schemathesis.har"
    run = subprocess.run(
        [
            SCHEMATHESIS,
            "--config-file",
            CONFIG,
            "run",
            f"{service.url}/q/openapi?format=json",
            "-H",
            f"Authorization: Bearer {ADMIN_TOKEN}",
            "--no-color",
            "--report",
            "har",
            "--report-har-path",
            str(har),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )

    summary = run.stdout[run.stdout.rfind("SUMMARY") :] if "SUMMARY" in run.stdout else run.stdout[-3000:]
    assert run.returncode == 0, run.stdout[-12000:] + run.stderr[-2000:]
    assert "Selected: 24/24" in summary and "Tested: 24" in summary, summary
    requests_made = len(json.loads(har.read_text())["log"]["entries"])
    assert requests_made > 1000, summary
    print(f"\nSchemathesis: {requests_made} requests; {summary.strip()}")
