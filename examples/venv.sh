#!/usr/bin/env bash
# Builds (or refreshes) a virtual environment from a folder's requirements.lock, every package checked
# against its hash; rebuilt only when the lock changes. Shared by examples/airflow and examples/clients.
# Usage: examples/venv.sh FOLDER [VENV_DIR]   (default FOLDER/.venv); prints its python.
set -euo pipefail
folder="$(cd "$1" && pwd)"
venv="${2:-$folder/.venv}"
python="${PYTHON:-python3}"
"$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || { echo "venv.sh: the locks are for Python 3.11; $python is $("$python" --version)" >&2; exit 1; }
stamp="$venv/.lock-sha256"
want="$(sha256sum "$folder/requirements.lock" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --require-hashes --no-deps \
    -r "$folder/requirements.lock" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin/python"
