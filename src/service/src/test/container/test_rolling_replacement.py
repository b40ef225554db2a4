"""Three containers behind HAProxy (src/bench/haproxy-replicas.cfg, as src/bench/rolling-update.sh runs jars),
replaced one at a time as a Deployment's rolling update does (maxUnavailable 1: SIGTERM, wait for the exit,
a new container in its place, wait until it is ready): no request fails."""

from __future__ import annotations

import os
import subprocess
import threading
import time

import requests
from conftest import Container, committed_card, free_ports, record, row

from packaged_service import REPO, wait_for

CONFIG = os.path.join(REPO, "src", "bench", "haproxy-replicas.cfg")


def haproxy_status(stats_port: int) -> dict[str, str]:
    text = requests.get(f"http://127.0.0.1:{stats_port}/stats;csv", timeout=5).text
    header, *rows = [line.lstrip("# ").split(",") for line in text.splitlines() if line]
    return {r[1]: r[header.index("status")] for r in rows if r[0] == "replicas" and r[1].startswith("r")}


def test_rolling_replacement_of_three_containers_fails_no_request(image, deployment, workdir):
    ports = free_ports(8)
    front, stats, slots = ports[0], ports[1], [(ports[2 + 2 * i], ports[3 + 2 * i]) for i in range(3)]
    env = {**os.environ, "FRONT_PORT": str(front), "STATS_PORT": str(stats)}
    for i, (port, management) in enumerate(slots, 1):
        env[f"R{i}_PORT"], env[f"R{i}_MANAGEMENT"] = str(port), str(management)
    replicas = [Container(image, deployment, port=p, management_port=m) for p, m in slots]
    balancer = subprocess.Popen(
        ["haproxy", "-db", "-f", CONFIG], env=env, stdout=open(workdir / "haproxy.log", "w"), stderr=subprocess.STDOUT
    )
    stop, answered, failures = threading.Event(), [0], []
    sample = committed_card("stock-volume", "2")["samples"][0]
    query = row(sample["features"])
    body = {"instances": [query] * 100}

    def client(post: bool):
        with requests.Session() as session:
            while not stop.is_set():
                try:
                    if post:
                        got = session.post(f"http://127.0.0.1:{front}/v1/predictions", json=body, timeout=30)
                        right = got.ok and {p["volume"] for p in got.json()["predictions"]} == {sample["prediction"]}
                    else:
                        got = session.get(f"http://127.0.0.1:{front}/predict", params=query, timeout=30)
                        right = got.ok and got.json() == int(sample["prediction"])
                    if not right:
                        failures.append(f"{got.status_code} {got.text[:200]}")
                    answered[0] += 1
                except requests.RequestException as e:
                    failures.append(repr(e))

    clients = [threading.Thread(target=client, args=(i == 0,)) for i in range(4)]
    replaced = []
    try:
        for replica in replicas:
            replica.wait_ready()
        wait_for(lambda: set(haproxy_status(stats).values()) == {"UP"}, 60, "HAProxy routing to all three")
        for c in clients:
            c.start()
        wait_for(lambda: answered[0] > 100, 60, "load through HAProxy")
        for i, (port, management) in enumerate(slots):
            started = time.monotonic()
            old = replicas[i]
            old.signal("TERM")
            code = old.wait_exit(timeout=deployment.grace_seconds + 30)
            assert code in (0, 143) and not old.state()["OOMKilled"], old.state()
            old.remove()
            replicas[i] = Container(image, deployment, port=port, management_port=management)
            replicas[i].wait_ready()
            wait_for(lambda n=f"r{i + 1}": haproxy_status(stats).get(n) == "UP", 60, f"r{i + 1} back in rotation")
            replaced.append(round(time.monotonic() - started, 1))
        before = answered[0]
        wait_for(lambda: answered[0] > before + 100, 60, "load through the new containers")
    finally:
        stop.set()
        for c in clients:
            if c.is_alive() or c.ident:
                c.join(30)
        balancer.terminate()
        balancer.wait(30)
        for replica in replicas:
            replica.remove()
    assert failures == [], failures[:5]
    record("rolling_replacement", {"answered": answered[0], "seconds_per_replacement": replaced})
