"""The packaged service (src/service/target/quarkus-app, as `./mvnw package` builds it) on free loopback ports,
started and stopped by the tests of examples/airflow and examples/clients (both put this folder on
their pytest `pythonpath`)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import requests

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
JAR = os.path.join(REPO, "src", "service", "target", "quarkus-app", "quarkus-run.jar")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout: float, what: str, interval: float = 0.2):
    """Polls `condition` until it returns something truthy, for at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"not within {timeout} s: {what}")


class Service:
    """The packaged service on free loopback ports, with extra system properties and environment."""

    def __init__(self, name: str, workdir: str, properties: dict[str, str], env: dict[str, str] | None = None):
        if not os.path.isfile(JAR):
            raise RuntimeError(f"no packaged service at {JAR}: run ./mvnw package first")
        self.port, self.management_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(workdir, f"service-{name}.log")
        args = [
            os.environ.get("JAVA", "java"),
            "-Dquarkus.http.host=127.0.0.1",
            f"-Dquarkus.http.port={self.port}",
            "-Dquarkus.management.host=127.0.0.1",
            f"-Dquarkus.management.port={self.management_port}",
            *(f"-D{k}={v}" for k, v in properties.items()),
            "-jar",
            JAR,
        ]
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, cwd=REPO, env={**os.environ, **(env or {})}
            )
        wait_for(self._live, 120, f"service {name} live (log: {self.log_path})")

    def _live(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"the service exited: {open(self.log_path).read()[-2000:]}")
        try:
            return requests.get(f"http://127.0.0.1:{self.management_port}/q/health/live", timeout=2).ok
        except requests.ConnectionError:
            return False

    def metric(self, name: str, **labels: str) -> float:
        """The sum of a Prometheus metric's series that carry `labels` (0 if none)."""
        text = requests.get(f"http://127.0.0.1:{self.management_port}/q/metrics", timeout=10).text
        wanted = [f'{key}="{value}"' for key, value in labels.items()]
        return sum(
            float(line.split(" # ", 1)[0].rsplit(" ", 1)[1])  # the value, not an exemplar after it
            for line in text.splitlines()
            if line.startswith(name) and line[len(name)] in "{ " and all(w in line for w in wanted)
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def model_repository(path: str, versions: dict[str, list[str]]) -> str:
    """A writable model repository holding copies of the committed versions, e.g. {"stock-volume": ["1"]}."""
    for name, numbers in versions.items():
        for number in numbers:
            shutil.copytree(os.path.join(REPO, "model", name, number), os.path.join(path, name, number))
    return path
