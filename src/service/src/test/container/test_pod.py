"""The image run as the Deployment runs it (read-only root filesystem, /tmp only, numeric user, no capabilities,
the pod's memory limit and environment): it answers as the packaged jar does, its probes and metrics are on the
management port, it sheds the overload benchmark's worst load inside its memory limit, and it drains on SIGTERM."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import threading
import time

import numpy as np
import requests
import tritonclient.grpc as triton_grpc
import tritonclient.http as triton_http
from conftest import Container, committed_card, record, row

from packaged_service import REPO, wait_for

MODELS = {"stock-volume": "2", "stock-volume-forecast": "2"}  # the default versions both serve


def card(name: str) -> dict:
    return committed_card(name, MODELS[name])


def bars() -> list[dict]:
    """AAPL's bars from 2020-11-20 to 2021-01-27 (the service's test fixture)."""
    fixtures = os.path.join(REPO, "src", "service", "src", "test", "resources", "fixtures")
    with open(os.path.join(fixtures, "AAPL-2020-11-20_2021-01-27.csv")) as f:
        return [
            {"date": r["Date"], "adj_close": float(r["Adj Close"]), "volume": int(r["Volume"])}
            for r in csv.DictReader(f)
        ]


def rows_body(count: int) -> dict:
    rows = [row(s["features"]) for s in card("stock-volume")["samples"]]
    return {"instances": [rows[i % len(rows)] for i in range(count)]}


def triton_outputs(module, url: str, name: str) -> dict[str, bytes]:
    """Every output of one Open Inference Protocol call with the card's sample rows, as Triton's client reads it."""
    samples = np.array([s["features"] for s in card(name)["samples"]], dtype=np.float64)
    client = module.InferenceServerClient(url)
    try:
        features = module.InferInput("features", list(samples.shape), "FP64")
        features.set_data_from_numpy(samples)
        result = client.infer(name, [features])
        return {o["name"]: result.as_numpy(o["name"]).tobytes() for o in card(name)["outputs"]}
    finally:
        client.close()


def test_answers_as_the_packaged_jar_does(pod, jar):
    samples = card("stock-volume")["samples"]
    for s in samples:
        query = row(s["features"])
        ours, theirs = (requests.get(f"{url}/predict", params=query, timeout=30) for url in (pod.url, jar.url))
        assert ours.status_code == theirs.status_code == 200
        assert ours.json() == theirs.json()
        assert ours.json() == int(s["prediction"]), "the card's own prediction"
    posts = [("/v1/predictions", rows_body(1000))] + [
        ("/v1/predictions/from-bars", {"symbol": "AAPL", "bars": bars(), "dates": dates, "model": model})
        for model, dates in (("stock-volume", "all"), ("stock-volume-forecast", ["2021-01-28", "2021-02-01"]))
    ]
    for path, body in posts:
        ours, theirs = (requests.post(f"{url}{path}", json=body, timeout=30) for url in (pod.url, jar.url))
        assert ours.status_code == theirs.status_code == 200, ours.text
        assert ours.json() == theirs.json()
        assert ours.json()["predictions"], path
    for name in MODELS:
        for module, address in ((triton_http, "127.0.0.1:{}"), (triton_grpc, "127.0.0.1:{}")):
            ours = triton_outputs(module, address.format(pod.port), name)
            assert ours == triton_outputs(module, address.format(jar.port), name), (module.__name__, name)
        expected = np.array([s["prediction"] for s in card(name)["samples"]], dtype=np.float64)
        assert np.frombuffer(ours["volume"], dtype=np.float64).tolist() == expected.tolist()


def test_probes_and_metrics_on_the_management_port_only(pod, deployment):
    ports = {deployment.ports["http"]: pod.port, deployment.ports["management"]: pod.management_port}
    for kind, probe in deployment.probes.items():
        assert probe["port"] == deployment.ports["management"], kind
        answer = requests.get(f"http://127.0.0.1:{ports[probe['port']]}{probe['path']}", timeout=10)
        assert answer.status_code == 200 and answer.json()["status"] == "UP", (kind, answer.text)
    metrics = requests.get(f"{pod.management}/q/metrics", timeout=10)
    assert metrics.status_code == 200
    assert re.search(r'^model_info\{name="stock-volume",sha256="[0-9a-f]{64}",version="2"\} 1', metrics.text, re.M)
    assert requests.get(f"{pod.url}/q/metrics", timeout=10).status_code == 404
    assert requests.get(f"{pod.url}/q/health/ready", timeout=10).status_code == 404


def wrk(connections: int, seconds: int, url: str, body_file: str | None, out: str) -> subprocess.Popen:
    """wrk with the overload benchmark's script (src/bench/overload.lua), which counts answers by status."""
    env = {**os.environ, "BODY_FILE": body_file or ""}
    script = os.path.join(REPO, "src", "bench", "overload.lua")
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script, url]
    return subprocess.Popen(command, env=env, stdout=open(out, "w"), stderr=subprocess.STDOUT)


def statuses(out: str) -> dict[str, int]:
    text = open(out).read()
    line = next((line for line in text.splitlines() if line.startswith("statuses")), None)
    assert line, text
    return {k: int(v) for k, v in (pair.split("=") for pair in line.split()[1:])}


def test_sheds_the_worst_overload_inside_its_memory_limit(pod, workdir):
    """The overload benchmark's worst cases at once (src/bench/overload.sh a256 and c): 10,000-row batches on
    256 connections and GET /predict on 512, for 20 s."""
    body = workdir / "rows-10000.json"
    body.write_text(json.dumps(rows_body(10_000)))
    query = "vol_moving_avg=2778180.95&adj_close_rolling_med=71.8976"
    idle = pod.memory()["now"]
    loads = [
        wrk(256, 20, f"{pod.url}/v1/predictions", str(body), str(workdir / "posts.txt")),
        wrk(512, 20, f"{pod.url}/predict?{query}", None, str(workdir / "gets.txt")),
    ]
    under_load = []
    while any(load.poll() is None for load in loads):
        under_load.append(pod.memory()["now"])
        time.sleep(1)
    for name in ("posts.txt", "gets.txt"):
        counted = statuses(str(workdir / name))
        assert set(counted) <= {"200", "503"}, (name, counted, open(workdir / name).read())
        assert counted.get("200", 0) > 0, (name, counted)
    state = pod.state()
    assert state["Running"] and not state["OOMKilled"], state
    assert "java.lang.OutOfMemoryError" not in pod.logs()
    # normal service right after: a 10,000-row batch answered 200
    wait_for(
        lambda: (
            requests.post(
                f"{pod.url}/v1/predictions",
                data=body.read_bytes(),
                timeout=30,
                headers={"Content-Type": "application/json"},
            ).ok
        ),
        30,
        "a batch answered again",
    )
    memory = pod.memory()
    record(
        "overload_memory_mib",
        {
            "limit": pod.deployment.memory_mib,
            "idle_before": round(idle / 2**20),
            "median_under_load": round(sorted(under_load)[len(under_load) // 2] / 2**20),
            "peak": round(memory["peak"] / 2**20) if memory["peak"] >= 0 else None,
            "statuses": {n: statuses(str(workdir / n)) for n in ("posts.txt", "gets.txt")},
        },
    )


def test_sigterm_under_load_answers_every_request_and_exits_within_the_grace_period(image, deployment):
    """As a rolling update stops a pod: readiness turns DOWN first, clients stop sending shortly after (a
    Service drops the endpoint), every request sent is answered 200 with the right answer, the process exits
    within terminationGracePeriodSeconds."""
    pod = Container(image, deployment)
    try:
        pod.wait_ready()
        sample = card("stock-volume")["samples"][0]
        query = row(sample["features"])
        stop_sending = threading.Event()
        answered, failures = [0], []
        ready_down_at = []

        def client():
            with requests.Session() as session:
                while not stop_sending.is_set():
                    try:
                        got = session.get(f"{pod.url}/predict", params=query, timeout=30)
                        if got.status_code != 200 or got.json() != int(sample["prediction"]):
                            failures.append(f"{got.status_code} {got.text[:200]}")
                        answered[0] += 1
                    except requests.RequestException as e:
                        failures.append(repr(e))

        def readiness():
            while not ready_down_at:
                try:
                    if requests.get(f"{pod.management}/q/health/ready", timeout=5).status_code == 503:
                        ready_down_at.append(time.monotonic())
                        time.sleep(0.3)  # an endpoint's removal takes a moment to reach every client
                        stop_sending.set()
                except requests.RequestException:
                    pass
                time.sleep(0.05)

        clients = [threading.Thread(target=client) for _ in range(8)]
        for c in clients:
            c.start()
        wait_for(lambda: answered[0] > 200, 60, "load running")
        watcher = threading.Thread(target=readiness)
        watcher.start()
        sigterm_at = time.monotonic()
        pod.signal("TERM")
        code = pod.wait_exit(timeout=deployment.grace_seconds + 30)
        exited_at = time.monotonic()
        stop_sending.set()
        for c in clients:
            c.join(30)
        watcher.join(30)
        assert failures == [], failures[:5]
        assert ready_down_at and sigterm_at < ready_down_at[0] < exited_at, "readiness DOWN before the exit"
        assert exited_at - sigterm_at < deployment.grace_seconds, "exited within terminationGracePeriodSeconds"
        state = pod.state()
        assert code in (0, 143) and not state["OOMKilled"], state
        record(
            "sigterm",
            {
                "answered": answered[0],
                "readiness_down_after_s": round(ready_down_at[0] - sigterm_at, 2),
                "exited_after_s": round(exited_at - sigterm_at, 2),
                "exit_code": code,
            },
        )
    finally:
        pod.remove()
