#!/usr/bin/env bash
# The container suite (issue 39): builds the service's image (src/service/src/main/docker/build.sh, no
# registry) and runs it as the Deployment does (tests here, pytest): the image's facts, its answers against
# the packaged jar's, probes, the overload benchmark's worst load at the pod's memory limit, SIGTERM under
# load, a read-only model repository with a reload, and three containers replaced behind HAProxy.
# Needs: the packaged service (./mvnw package), Python 3.11 (the environment of examples/clients), and
# a container engine: the Docker daemon DOCKER_HOST names if one answers; otherwise (as root) Debian's
# docker.io, installed if missing, whose dockerd this script starts on a private socket and stops at the
# end. HAProxy and wrk: Debian's packages, installed (as root) if missing.
# Usage: src/service/src/test/container/test.sh [pytest arguments]
# Env: CONTAINER_IMAGE (an image already built: the build is skipped), DOCKER (default docker).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../../.." && pwd)"
DOCKER="${DOCKER:-docker}"
for built in "$repo/src/service/target/quarkus-app/quarkus-run.jar" "$repo/src/service/target/kubernetes/kubernetes.yml"; do
  [[ -f "$built" ]] || { echo "test.sh: $built is missing: run ./mvnw package first" >&2; exit 1; }
done

missing=()
command -v haproxy > /dev/null || missing+=(haproxy)
command -v wrk > /dev/null || missing+=(wrk)
engine_answers() { "$DOCKER" info > /dev/null 2>&1; }
if ! engine_answers; then command -v dockerd > /dev/null || missing+=(docker.io); fi
if (( ${#missing[@]} )); then
  [[ $EUID -eq 0 ]] || { echo "test.sh: install ${missing[*]} (Debian packages), or run as root" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
  # the packages may start their own services; the suite starts what it needs and stops it
  for service in haproxy docker containerd; do
    { systemctl stop "$service" || service "$service" stop; } > /dev/null 2>&1 || true
  done
fi

engine=""
stop_engine() {
  if [[ -n $engine ]]; then
    "$DOCKER" ps -aq --filter label=stock-volume-suite=1 | xargs -r "$DOCKER" rm -f > /dev/null 2>&1 || true
    kill "$(cat "$engine/pid")" 2> /dev/null || true
    for _ in $(seq 300); do [[ -e "$engine/pid" ]] && kill -0 "$(cat "$engine/pid")" 2> /dev/null || break; sleep 0.1; done
    rm -rf "$engine"
  fi
}
trap stop_engine EXIT
if ! engine_answers; then
  [[ $EUID -eq 0 ]] || { echo "test.sh: no container engine answers, and only root can start one" >&2; exit 1; }
  engine="$(mktemp -d /tmp/stock-volume-engine.XXXXXX)"
  dockerd --data-root "$engine/data" --exec-root "$engine/exec" --pidfile "$engine/pid" \
    -H "unix://$engine/docker.sock" > "$engine/dockerd.log" 2>&1 &
  export DOCKER_HOST="unix://$engine/docker.sock"
  for _ in $(seq 600); do engine_answers && break; sleep 0.1; done
  engine_answers || { cat "$engine/dockerd.log" >&2; exit 1; }
  echo "started dockerd $(dockerd --version | awk '{print $3}' | tr -d ,) on $DOCKER_HOST (stopped at the end)"
fi

if [[ -z "${CONTAINER_IMAGE:-}" ]]; then
  started=$SECONDS
  CONTAINER_IMAGE="$("$repo/src/service/src/main/docker/build.sh" | tail -1)"
  echo "built $CONTAINER_IMAGE in $((SECONDS - started)) s"
fi
export CONTAINER_IMAGE DOCKER
python="$("$repo/examples/venv.sh" "$repo/examples/clients")"
rm -f "$repo/src/service/target/container-suite/measured.json"
cd "$here"
set +e
"$python" -m pytest -q -rfEs "$@" 2>&1 | tee "$repo/src/service/target/container-suite.log"
status=${PIPESTATUS[0]}
set -e
echo "measured: $(cat "$repo/src/service/target/container-suite/measured.json" 2>/dev/null || echo none)"
echo "container suite ($CONTAINER_IMAGE): $(grep -E '(passed|failed|error)' "$repo/src/service/target/container-suite.log" | tail -1 | tr -d '=')"
exit "$status"
