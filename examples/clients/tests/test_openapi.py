"""Schemathesis (4.32.5) holds the service to the OpenAPI document it serves: every operation, every
check (schemathesis.toml enables all; a --checks option would override its per-operation
exclusions, each given with its reason there), its seed and example count, the admin operations
with the token."""

import json
import os
import subprocess
import sys

import pytest
import requests

from conftest import ADMIN_TOKEN
from packaged_service import Service, model_repository, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = os.path.join(HERE, "..", "schemathesis.toml")
SCHEMATHESIS = os.path.join(os.path.dirname(sys.executable), "schemathesis")


@pytest.fixture(scope="module")
def service(workdir):
    """A service of its own: Schemathesis pins, unpins and reloads versions through the admin API."""
    repository = model_repository(str(workdir / "openapi-repository"),
                                  {"stock-volume": ["1", "2"], "stock-volume-forecast": ["1"]})
    up = Service("openapi", str(workdir), {"model.repository": repository, "model.versions": "all"},
                 env={"ADMIN_TOKEN": ADMIN_TOKEN})
    wait_for(lambda: requests.get(f"{up.url}/v2/health/ready", timeout=5).ok, 120, "the service ready")
    yield up
    up.stop()


def test_schemathesis_finds_no_failure_in_any_operation(service, workdir):
    har = workdir / "schemathesis.har"
    run = subprocess.run([SCHEMATHESIS, "--config-file", CONFIG, "run", f"{service.url}/q/openapi?format=json",
                          "-H", f"Authorization: Bearer {ADMIN_TOKEN}", "--no-color",
                          "--report", "har", "--report-har-path", str(har)],
                         capture_output=True, text=True, timeout=900)

    summary = run.stdout[run.stdout.rfind("SUMMARY"):] if "SUMMARY" in run.stdout else run.stdout[-3000:]
    assert run.returncode == 0, run.stdout[-12000:] + run.stderr[-2000:]
    assert "Selected: 19/19" in summary and "Tested: 19" in summary, summary
    requests_made = len(json.loads(har.read_text())["log"]["entries"])
    assert requests_made > 1000, summary
    print(f"\nSchemathesis: {requests_made} requests; {summary.strip()}")
