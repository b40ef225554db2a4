"""Fixtures of the container suite: the image under test (CONTAINER_IMAGE, built by test.sh), the Deployment
that runs it (read from the manifest ./mvnw package generates, so that the containers start as the pods
would), containers started that way, and the packaged jar on the host to compare their answers with."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid

import pytest
import requests
import yaml

from packaged_service import REPO, Service, free_port, wait_for

MANIFEST = os.path.join(REPO, "src", "service", "target", "kubernetes", "kubernetes.yml")
# figures the suite measures (memory, sizes), printed by test.sh at the end
RECORD = os.path.join(REPO, "src", "service", "target", "container-suite", "measured.json")
ADMIN_TOKEN = "container-token"
# the columns of the default model's rows: GET /predict's parameters, /v1/predictions' instances
COLUMNS = ("vol_moving_avg", "adj_close_rolling_med")


def committed_card(name: str, version: str) -> dict:
    with open(os.path.join(REPO, "model", name, version, "model-card.json")) as f:
        return json.load(f)


def row(features: list[float]) -> dict[str, float]:
    """A stock-volume row as GET /predict's query or one of /v1/predictions' instances."""
    return dict(zip(COLUMNS, features, strict=True))


def docker(*args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    """The container engine's CLI (docker, or DOCKER: e.g. podman), its output as text."""
    return subprocess.run(
        [os.environ.get("DOCKER", "docker"), *args], check=check, capture_output=True, text=True, timeout=timeout
    )


def record(key: str, value) -> None:
    """Keeps a measured figure for test.sh's summary."""
    os.makedirs(os.path.dirname(RECORD), exist_ok=True)
    figures = json.load(open(RECORD)) if os.path.exists(RECORD) else {}
    figures[key] = value
    with open(RECORD, "w") as out:
        json.dump(figures, out, indent=1)


class Deployment:
    """The pod the generated manifest describes: its container's environment, limits, security context,
    probes and ports, and the pod's grace period; `run_args` turns them into the engine's flags."""

    def __init__(self, manifest: str = MANIFEST):
        with open(manifest) as f:
            deployment = next(d for d in yaml.safe_load_all(f) if d and d.get("kind") == "Deployment")
        pod = deployment["spec"]["template"]["spec"]
        self.container = pod["containers"][0]
        self.grace_seconds = pod.get("terminationGracePeriodSeconds", 30)  # Kubernetes' default
        self.env = {e["name"]: e["value"] for e in self.container.get("env", [])}
        self.ports = {p["name"]: p["containerPort"] for p in self.container["ports"]}
        kinds = ("startupProbe", "livenessProbe", "readinessProbe")
        self.probes = {kind: self.container[kind]["httpGet"] for kind in kinds}
        limits = self.container["resources"]["limits"]
        assert limits["memory"].endswith("Mi"), limits
        self.memory_mib = int(limits["memory"][:-2])
        self.cpus = limits["cpu"]
        self.tmpfs = [m["mountPath"] for m in self.container.get("volumeMounts", [])]

    def run_args(self, user: str) -> list[str]:
        security = self.container["securityContext"]
        assert security["runAsNonRoot"] and security["readOnlyRootFilesystem"], security
        assert security["capabilities"]["drop"] == ["ALL"] and security["allowPrivilegeEscalation"] is False
        args = ["--user", user, "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"]
        args += [f"--memory={self.memory_mib}m", f"--memory-swap={self.memory_mib}m", f"--cpus={self.cpus}"]
        for path in self.tmpfs:  # the pod's emptyDir volumes
            args += ["--tmpfs", path]
        return args


class Container:
    """One container of the image, started as the Deployment starts its pods, its ports published on
    127.0.0.1 (the given host ports, or free ones)."""

    def __init__(
        self,
        image: str,
        deployment: Deployment,
        *,
        env: dict[str, str] | None = None,
        volumes: tuple[str, ...] = (),
        port: int = 0,
        management_port: int = 0,
    ):
        self.deployment = deployment
        self.name = f"stock-volume-suite-{uuid.uuid4().hex[:8]}"
        user = docker("image", "inspect", "-f", "{{.Config.User}}", image).stdout.strip()
        args = ["run", "-d", "--name", self.name, "--label", "stock-volume-suite=1", *deployment.run_args(user)]
        for key, value in {**deployment.env, **(env or {})}.items():
            args += ["-e", f"{key}={value}"]
        for volume in volumes:
            args += ["-v", volume]
        http, management = deployment.ports["http"], deployment.ports["management"]
        args += ["-p", f"127.0.0.1:{port or ''}:{http}", "-p", f"127.0.0.1:{management_port or ''}:{management}", image]
        self.id = docker(*args).stdout.strip()
        self.port = self._published(http)
        self.management_port = self._published(management)
        self.url = f"http://127.0.0.1:{self.port}"
        self.management = f"http://127.0.0.1:{self.management_port}"

    def _published(self, container_port: int) -> int:
        return int(docker("port", self.id, f"{container_port}/tcp").stdout.split()[0].rsplit(":", 1)[1])

    def state(self) -> dict:
        return json.loads(docker("inspect", "-f", "{{json .State}}", self.id).stdout)

    def logs(self) -> str:
        done = docker("logs", self.id, check=False)
        return done.stdout + done.stderr

    def wait_ready(self, timeout: float = 120) -> None:
        def ready():
            if not self.state()["Running"]:
                raise RuntimeError(f"the container exited: {self.state()}\n{self.logs()[-3000:]}")
            try:
                return requests.get(f"{self.management}/q/health/ready", timeout=2).ok
            except requests.ConnectionError:
                return False

        wait_for(ready, timeout, f"container {self.name} ready")

    def memory(self) -> dict[str, int]:
        """The container's cgroup memory in bytes: now and the most it has used (cgroup v1 or v2)."""
        for folder, now, peak in (
            (f"/sys/fs/cgroup/memory/docker/{self.id}", "memory.usage_in_bytes", "memory.max_usage_in_bytes"),
            (f"/sys/fs/cgroup/docker/{self.id}", "memory.current", "memory.peak"),
            (f"/sys/fs/cgroup/system.slice/docker-{self.id}.scope", "memory.current", "memory.peak"),
        ):
            if os.path.exists(os.path.join(folder, now)):
                values = {}
                for key, name in (("now", now), ("peak", peak)):
                    path = os.path.join(folder, name)
                    values[key] = int(open(path).read()) if os.path.exists(path) else -1
                return values
        raise RuntimeError(f"no memory cgroup found for {self.id}")

    def signal(self, name: str) -> None:
        docker("kill", "--signal", name, self.id)

    def wait_exit(self, timeout: float) -> int:
        return int(docker("wait", self.id, timeout=timeout).stdout.strip())

    def remove(self) -> None:
        docker("rm", "-f", "-v", self.id, check=False)


@pytest.fixture(scope="session")
def image() -> str:
    reference = os.environ.get("CONTAINER_IMAGE")
    if not reference:
        pytest.fail("CONTAINER_IMAGE is not set: run the suite with src/service/src/test/container/test.sh")
    return reference


@pytest.fixture(scope="session")
def deployment() -> Deployment:
    return Deployment()


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("container-suite")


@pytest.fixture(scope="module")
def pod(image, deployment):
    """The image as the Deployment runs it, with the models it carries, and an admin token."""
    container = Container(image, deployment, env={"ADMIN_TOKEN": ADMIN_TOKEN})
    container.wait_ready()
    yield container
    container.remove()


@pytest.fixture(scope="session")
def jar(workdir):
    """The packaged jar on the host, serving the committed model repository the image carries."""
    service = Service("jar", str(workdir), {"model.repository": os.path.join(REPO, "model")})
    wait_for(lambda: requests.get(f"{service.url}/v2/health/ready", timeout=5).ok, 120, "the packaged jar ready")
    yield service
    service.stop()


@pytest.fixture
def model_repository(workdir):
    """A model repository on the host, readable by the image's user, mounted read-only into a container."""
    path = workdir / f"repository-{uuid.uuid4().hex[:8]}"
    path.mkdir()
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def free_ports(count: int) -> list[int]:
    return [free_port() for _ in range(count)]
