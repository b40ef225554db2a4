#!/usr/bin/env bash
# ruff over the Python of examples/, of the benchmarks' peers (src/bench/peers) and of the container suite (settings:
# examples/ruff.toml), from its own hashed lock
# (examples/lint/requirements.lock): the lint rules and the format, checked as ./mvnw verify checks the
# Java's. Run by examples/airflow/test.sh. Usage: examples/lint.sh [--fix]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="$("$here/venv.sh" "$here/lint")"
ruff="$(dirname "$python")/ruff"
cd "$here"
paths=(. ../src/bench/peers ../src/service/src/test/container)
if [[ "${1:-}" == "--fix" ]]; then
  "$ruff" check --fix "${paths[@]}" && exec "$ruff" format "${paths[@]}"
fi
"$ruff" check "${paths[@]}"
"$ruff" format --check "${paths[@]}"
