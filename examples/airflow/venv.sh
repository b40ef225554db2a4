#!/usr/bin/env bash
# Builds (or refreshes) the Airflow side's virtual environment from requirements.lock (../venv.sh),
# then installs this folder's provider into it.
# Usage: examples/airflow/venv.sh [VENV_DIR]   (default examples/airflow/.venv); prints its python.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="$("$here/../venv.sh" "$here" "$@")"
# the provider itself, built from this folder with the locked setuptools (no build isolation: nothing unpinned)
"$python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation \
  --force-reinstall "$here" >&2
echo "$python"
