#!/usr/bin/env bash
# Every test of the Airflow side, in Apache Airflow itself: checks the Python of examples/ with ruff
# (examples/lint.sh), builds the virtual environment from requirements.lock (venv.sh), then runs pytest. The tests start what they need and stop it again:
# the packaged service (three instances), a private PostgreSQL cluster and Airflow's API server,
# DAG processor and scheduler, all on 127.0.0.1.
# Needs: the packaged service (./mvnw package) and the trainer jar (./mvnw package, which
# builds both), Python 3.11, Java, and PostgreSQL's server binaries (Debian package postgresql).
# Usage: examples/airflow/test.sh [pytest arguments]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
for jar in "$repo/src/service/target/quarkus-app/quarkus-run.jar" "$repo/src/trainer/target/stock-volume-trainer.jar"; do
  [[ -f "$jar" ]] || { echo "test.sh: $jar is missing: build it first (see the README's test command)" >&2; exit 1; }
done
"$here/../lint.sh" # the Python of examples/ lints and is formatted (ruff), before anything runs
python="$("$here/venv.sh")"
cd "$here"
exec "$python" -m pytest -q "$@"
