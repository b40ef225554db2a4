"""The image itself: a numeric non-root user, no shell or package manager, ONNX Runtime's library in the image
(not extracted at start), the committed models, the pod's JVM options and the OCI labels."""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import subprocess
import tarfile
import zipfile

import pytest
import yaml
from conftest import docker, record

from packaged_service import REPO


@pytest.fixture(scope="module")
def config(image) -> dict:
    return json.loads(docker("image", "inspect", "-f", "{{json .}}", image).stdout)


@pytest.fixture(scope="module")
def files(image) -> dict[str, bytes | None]:
    """The image's files by path (no leading slash) and their bytes (None for all but regular files), as
    `docker export` of a created, never started, container gives them."""
    created = docker("create", image).stdout.strip()
    try:
        exported = subprocess.run(
            [os.environ.get("DOCKER", "docker"), "export", created], check=True, capture_output=True, timeout=120
        ).stdout
    finally:
        docker("rm", created)
    with tarfile.open(fileobj=io.BytesIO(exported)) as tar:
        return {m.name.removeprefix("./"): tar.extractfile(m).read() if m.isfile() else None for m in tar}


def test_runs_as_a_numeric_non_root_user(config):
    user = config["Config"]["User"]
    assert user.isdigit() and int(user) != 0, f"a kubelet verifies runAsNonRoot only for a numeric user: {user!r}"


def test_has_no_shell_and_no_package_manager(image, files):
    for tool in ("bin/sh", "bin/bash", "bin/dash", "usr/bin/sh", "usr/bin/apt-get", "usr/bin/dpkg", "bin/busybox"):
        assert tool not in files, tool
    started = docker("run", "--rm", "--entrypoint", "/bin/sh", image, "-c", "true", check=False)
    assert started.returncode != 0 and "no such file" in (started.stderr + started.stdout).lower(), started


def test_loads_onnx_runtime_from_the_image_and_carries_every_committed_model(config, files):
    assert "deployments/onnxruntime/libonnxruntime.so" in files
    options = dict(e.split("=", 1) for e in config["Config"]["Env"])["JDK_JAVA_OPTIONS"]
    assert "-Donnxruntime.native.path=/deployments/onnxruntime" in options
    # the jar's own copies for every platform are gone: nothing to extract to /tmp, 41 MB less
    runtime_jar = next(n for n in files if n.startswith("deployments/lib/main/com.microsoft.onnxruntime.onnxruntime-"))
    with zipfile.ZipFile(io.BytesIO(files[runtime_jar])) as jar:
        assert not [e for e in jar.namelist() if e.startswith("ai/onnxruntime/native/")]
    for name in ("stock-volume", "stock-volume-forecast"):
        for version in os.listdir(os.path.join(REPO, "model", name)):
            for file in os.listdir(os.path.join(REPO, "model", name, version)):
                with open(os.path.join(REPO, "model", name, version, file), "rb") as committed:
                    carried = files[f"deployments/model/{name}/{version}/{file}"]
                    assert carried == committed.read(), f"{name}/{version}/{file}"


def test_sets_the_pods_jvm_options(config):
    env = dict(e.split("=", 1) for e in config["Config"]["Env"])
    options = env["JDK_JAVA_OPTIONS"].split()
    for option in ("-Xms64m", "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC"):
        assert option in options, option
    assert env["MALLOC_ARENA_MAX"] == "2"
    assert env["MODEL_REPOSITORY"] == "/deployments/model"


def test_carries_the_oci_labels(config):
    labels = config["Config"]["Labels"]
    revision = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    assert labels["org.opencontainers.image.revision"] == revision
    with open(os.path.join(REPO, "pom.xml")) as pom:
        assert f"<version>{labels['org.opencontainers.image.version']}</version>" in pom.read()
    assert labels["org.opencontainers.image.source"]
    created = datetime.datetime.fromisoformat(labels["org.opencontainers.image.created"].replace("Z", "+00:00"))
    assert abs(datetime.datetime.now(datetime.UTC) - created) < datetime.timedelta(days=1)
    record("image_size_mb", round(config["Size"] / 1e6, 1))


def test_is_the_image_the_manifests_name(image, deployment):
    """build.sh also tags the image <name>:<version>: the reference the Deployment and the ServingRuntime pull."""
    named = deployment.container["image"]
    assert named.startswith("docker.io/stock-volume/stock-volume-service:"), named
    ids = {docker("image", "inspect", "-f", "{{.Id}}", ref).stdout.strip() for ref in (image, named)}
    assert len(ids) == 1, f"{named} is not the image under test ({image})"
    with open(os.path.join(REPO, "src", "service", "src", "main", "kubernetes", "kserve", "stock-volume.yml")) as f:
        runtime = next(d for d in yaml.safe_load_all(f) if d and d["kind"] == "ServingRuntime")
    assert runtime["spec"]["containers"][0]["image"] == named


def test_the_readme_runs_it_as_the_deployment_does(config, deployment):
    with open(os.path.join(REPO, "README.md")) as f:
        readme = f.read()
    section = readme[readme.index("## The container image") :]
    run = re.search(r"docker run (.*?) stock-volume/", section, re.S).group(1).replace("\\\n", " ")
    flags = " ".join(run.split())
    for flag in (
        "--read-only",
        "--tmpfs /tmp",
        f"--user {config['Config']['User']}",
        "--cap-drop ALL",
        "--security-opt no-new-privileges",
        f"--memory {deployment.memory_mib}m",
    ):
        assert flag in flags, flag
