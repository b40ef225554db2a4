#!/usr/bin/env bash
# Every test of the client suite: builds the virtual environment from requirements.lock
# (../venv.sh), then runs pytest twice, once per client family (Triton's and KServe's libraries
# cannot share a process: tests/clients.py says why). The second run also holds gRPC's health
# client, Schemathesis on the OpenAPI document, the KServe manifests' check and the README's blocks. The tests start the packaged service (three
# instances, 127.0.0.1, free ports) and stop it.
# Needs: the packaged service and its generated manifests (./mvnw package), Python 3.11, Java.
# Usage: examples/clients/test.sh [pytest arguments]   (the last line sums both runs)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
for built in "$repo/src/service/target/quarkus-app/quarkus-run.jar" "$repo/src/service/target/kubernetes/kubernetes.yml"; do
  [[ -f "$built" ]] || { echo "test.sh: $built is missing: run ./mvnw package first" >&2; exit 1; }
done
python="$("$here/../venv.sh" "$here")"
cd "$here"
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
for family in triton kserve; do
  "$python" -m pytest -q -rfEs --clients "$family" "$@" 2>&1 | tee "$logs/$family.log"
done
echo "Triton's clients: $(tail -1 "$logs/triton.log" | tr -d '='); KServe's clients, gRPC health, Schemathesis, the KServe manifests and the README's blocks: $(tail -1 "$logs/kserve.log" | tr -d '=')"
