#!/usr/bin/env bash
# Builds (or refreshes) the Airflow side's virtual environment from requirements.lock, every
# package checked against its hash, then installs this folder's provider into it.
# Usage: examples/airflow/venv.sh [VENV_DIR]   (default examples/airflow/.venv); prints its python.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${1:-$here/.venv}"
python="${PYTHON:-python3}"
"$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || { echo "venv.sh: the lock is for Python 3.11; $python is $("$python" --version)" >&2; exit 1; }
stamp="$venv/.lock-sha256"
want="$(sha256sum "$here/requirements.lock" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --require-hashes --no-deps \
    -r "$here/requirements.lock" >&2
  echo "$want" > "$stamp"
fi
# the provider itself, built from this folder with the locked setuptools (no build isolation: nothing unpinned)
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation \
  --force-reinstall "$here" >&2
echo "$venv/bin/python"
