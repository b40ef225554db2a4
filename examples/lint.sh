#!/usr/bin/env bash
# ruff over the Python of examples/ (settings: examples/ruff.toml), from its own hashed lock
# (examples/lint/requirements.lock): the lint rules and the format, checked as ./mvnw verify checks the
# Java's. Run by examples/airflow/test.sh. Usage: examples/lint.sh [--fix]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="$("$here/venv.sh" "$here/lint")"
ruff="$(dirname "$python")/ruff"
cd "$here"
if [[ "${1:-}" == "--fix" ]]; then
  "$ruff" check --fix . && exec "$ruff" format .
fi
"$ruff" check .
"$ruff" format --check .
