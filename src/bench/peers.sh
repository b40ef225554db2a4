#!/usr/bin/env bash
# Side by side with the servers users would pick instead (issue 25): the original LightGBM model
# (../shared/seed/seed_model_lgbm.txt) in MLServer (mlserver-lightgbm), KServe's Python model server
# (a kserve.Model), BentoML and the original Flask API (model loaded per request, and cached), and in
# this service as a version converted by the trainer's `convert` into a scratch repository. Each peer
# runs from its own hashed lock (src/bench/peers/<peer>/requirements.lock; nothing of theirs is
# committed but these few lines of serving code), alone on core SERVER_CPU (taskset).
#
# Stage 1 (this script today): build every environment, start each server, and check its answers
# to the card's sample rows, one row and 1,000 rows, against LightGBM's own predictions (relative
# error <= 1e-9): a server that answers a wrong number fails the run. The load rounds, the chart and
# the ratios (issue 25, items 2-4) build on these servers.
#   src/bench/peers.sh                     (from the repository root; builds the jars if needed)
# Env: SEED_MODEL=../shared/seed/seed_model_lgbm.txt SERVER_CPU=0 PORT=18500 PYTHON=python3.11
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
SEED_MODEL="$(realpath "${SEED_MODEL:-../shared/seed/seed_model_lgbm.txt}")"
SERVER_CPU="${SERVER_CPU:-0}"; PORT="${PORT:-18500}"; GRPC_PORT=$((PORT + 1))
VENVS="target/peers"; WORK="$(mktemp -d)"; PID=""
trap '[[ -n "$PID" ]] && kill -- -"$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q package -DskipTests
[[ -f model/trainer/target/stock-volume-trainer.jar ]] || ./mvnw -q -f model/trainer/pom.xml package -DskipTests
declare -A PY
for peer in mlserver kserve bentoml flask; do
  PY[$peer]="$(examples/venv.sh "src/bench/peers/$peer" "$VENVS/$peer")"
done

# the rows and LightGBM's own answers: every server must give these numbers
"${PY[flask]}" - "$SEED_MODEL" "$WORK" <<'PY'
import json, sys
import lightgbm, numpy as np
card = json.load(open("model/stock-volume/1/model-card.json"))
rows = np.array([s["features"] for s in card["samples"]] * 50)[:1000]
booster = lightgbm.Booster(model_file=sys.argv[1])
json.dump({"rows": rows.tolist(), "volumes": booster.predict(rows).tolist()}, open(sys.argv[2] + "/expected.json", "w"))
PY
java -jar model/trainer/target/stock-volume-trainer.jar convert --lightgbm "$SEED_MODEL" \
  --out "$WORK/repository/stock-volume/1" > "$WORK/convert.log" 2>&1

start() { # name command...: one server alone on SERVER_CPU, in its own process group
  local name="$1"; shift
  setsid taskset -c "$SERVER_CPU" "$@" > "$WORK/$name.log" 2>&1 &
  PID=$!
}
stop() { kill -- -"$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; }
await() { # url: up to 120 s for a 200
  for _ in $(seq 600); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "peers.sh: no answer from $1; the log:" >&2; tail -n 20 "$WORK"/*.log >&2; exit 1
}
check() { # server protocol: its answers to 1 and 1,000 rows against LightGBM's
  "${PY[flask]}" src/bench/peers/check.py "$1" "$2" "http://127.0.0.1:$PORT" "$WORK/expected.json"
}

echo "machine: $(nproc) cores; servers on core $SERVER_CPU; $(date -u +%FT%TZ); commit $(git rev-parse --short HEAD)"
start ours java -XX:+UseSerialGC -Xmx64m --enable-native-access=ALL-UNNAMED -Dquarkus.http.port="$PORT" \
  -Dquarkus.management.port=$((PORT + 2)) -Dmodel.repository="$WORK/repository" -jar target/quarkus-app/quarkus-run.jar
await "http://127.0.0.1:$PORT/v2/health/ready"; check ours oip; stop

mkdir -p "$WORK/mlserver" && cp src/bench/peers/mlserver/model-settings.json "$WORK/mlserver/" \
  && cp "$SEED_MODEL" "$WORK/mlserver/seed_model_lgbm.txt"
start mlserver env MLSERVER_HTTP_PORT="$PORT" MLSERVER_GRPC_PORT="$GRPC_PORT" MLSERVER_METRICS_PORT=$((PORT + 2)) \
  MLSERVER_PARALLEL_WORKERS=0 "$(dirname "${PY[mlserver]}")/mlserver" start "$WORK/mlserver"
await "http://127.0.0.1:$PORT/v2/health/ready"; check mlserver oip; stop

start kserve "${PY[kserve]}" src/bench/peers/kserve/model.py --model_name stock-volume --model_file "$SEED_MODEL" \
  --http_port "$PORT" --grpc_port "$GRPC_PORT" --workers 1
await "http://127.0.0.1:$PORT/v2/health/ready"; check kserve oip; stop

start bentoml env -C src/bench/peers/bentoml SEED_MODEL="$SEED_MODEL" "$(realpath "$(dirname "${PY[bentoml]}")")/bentoml" \
  serve service:StockVolume --port "$PORT"
await "http://127.0.0.1:$PORT/readyz"; check bentoml bentoml; stop

for cache in 0 1; do
  start "flask-cache$cache" env -C src/bench/peers/flask SEED_MODEL="$SEED_MODEL" CACHE=$cache \
    "$(realpath "$(dirname "${PY[flask]}")")/gunicorn" --workers 3 --bind "127.0.0.1:$PORT" app:app
  await "http://127.0.0.1:$PORT/predict?$QUERY"; check "flask-cache$cache" original; stop
done
echo "every server answered LightGBM's numbers"
