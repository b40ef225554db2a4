#!/usr/bin/env bash
# Side by side with the servers users would pick instead (issue 25): the original LightGBM model
# (../shared/seed/seed_model_lgbm.txt) in MLServer (mlserver-lightgbm; adaptive batching off, and on
# as mlserver-batched), KServe's Python model server (a kserve.Model), BentoML and the original Flask
# API (model loaded per request, and cached), and in this service as a version converted by the
# trainer's `convert` into a scratch repository. Each peer runs from its own hashed lock
# (src/bench/peers/<peer>/requirements.lock; nothing of theirs is committed but these few lines of
# serving code), alone on core SERVER_CPU (taskset); the load runs on LOAD_CPU. Each round starts
# every server in turn and
#   1. checks its answers to 1 and 1,000 rows (the original API: 20 rows one by one), over REST and,
#      for the Open Inference Protocol servers, over gRPC, against LightGBM's own predictions
#      (relative error <= 1e-9): a wrong number fails the run;
#   2. loads it, after WARMUP, for DURATION: one row at CONNECTIONS connections (calls in flight, for
#      gRPC), and 1,000 rows at BATCH_CONNECTIONS: Open Inference Protocol REST JSON (wrk) and gRPC
#      (grpcload, one generator for all, built here from src/bench/peers/grpcload) for ours, MLServer
#      and KServe; BentoML's own API with the same rows; GET /predict for the original API and, for
#      comparison, ours; every answer must be the very bytes the check verified (load.lua, grpcload),
#      else it counts as wrong;
#   3. samples the resident memory of the server's processes halfway through each load.
# ROUNDS rounds, interleaved; medians, ours/peer ratios and a chart (CHART, a PNG) come last.
#   src/bench/peers.sh                     (from the repository root; builds the jars if needed)
# Needs wrk (apt-get install wrk), Go and Python 3.11.
# Env: ROUNDS=2 DURATION=20s WARMUP=20s CONNECTIONS=64 BATCH_CONNECTIONS=8 SERVER_CPU=0 LOAD_CPU=1
#      SEED_MODEL=../shared/seed/seed_model_lgbm.txt PORT=18500 CHART=target/peers/peers.png
#      SERVERS="ours mlserver mlserver-batched kserve bentoml flask-cached flask-per-request"
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
SEED_MODEL="$(realpath "${SEED_MODEL:-../shared/seed/seed_model_lgbm.txt}")"
SERVER_CPU="${SERVER_CPU:-0}"; LOAD_CPU="${LOAD_CPU:-1}"; PORT="${PORT:-18500}"; GRPC_PORT=$((PORT + 1))
ROUNDS="${ROUNDS:-2}"; DURATION="${DURATION:-20s}"; WARMUP="${WARMUP:-20s}"; CHART="${CHART:-target/peers/peers.png}"
CONNECTIONS="${CONNECTIONS:-64}"; BATCH_CONNECTIONS="${BATCH_CONNECTIONS:-8}"
SERVERS="${SERVERS:-ours mlserver mlserver-batched kserve bentoml flask-cached flask-per-request}"
command -v wrk > /dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
VENVS="target/peers"; WORK="$(mktemp -d)"; PID=""
trap '[[ -n "$PID" ]] && kill -- -"$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
[[ -f src/service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q package -DskipTests
[[ -f src/trainer/target/stock-volume-trainer.jar ]] || ./mvnw -q package -pl src/trainer -am -DskipTests
declare -A PY
for peer in mlserver kserve bentoml flask chart; do
  PY[$peer]="$(examples/venv.sh "src/bench/peers/$peer" "$VENVS/$peer")"
done
GRPCLOAD="$(realpath "$VENVS")/grpcload"
(cd src/bench/peers/grpcload && go build -o "$GRPCLOAD" .)

# the rows and LightGBM's own answers: every server must give these numbers
"${PY[flask]}" - "$SEED_MODEL" "$WORK" <<'PY'
import json, sys
import lightgbm, numpy as np
card = json.load(open("model/stock-volume/1/model-card.json"))
rows = np.array([s["features"] for s in card["samples"]] * 50)[:1000]
booster = lightgbm.Booster(model_file=sys.argv[1])
json.dump({"rows": rows.tolist(), "volumes": booster.predict(rows).tolist()}, open(sys.argv[2] + "/expected.json", "w"))
PY
java -jar src/trainer/target/stock-volume-trainer.jar convert --lightgbm "$SEED_MODEL" \
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
check() { # server protocol: its answers to 1 and 1,000 rows against LightGBM's, over REST and gRPC
  "${PY[flask]}" src/bench/peers/check.py "$1" "$2" "http://127.0.0.1:$PORT" "$WORK/expected.json" "$WORK"
  if [[ $2 == oip ]]; then
    "${PY[kserve]}" src/bench/peers/check_grpc.py "$1" "127.0.0.1:$(grpc_port "$1")" "$WORK/expected.json" "$WORK"
  fi
}
grpc_port() { if [[ $1 == ours ]]; then echo "$PORT"; else echo "$GRPC_PORT"; fi; } # ours: on the HTTP port

serve() { # name: start it and wait until it answers; sets PROTOCOL
  case "$1" in
    ours) start ours java -XX:+UseSerialGC -Xmx64m --enable-native-access=ALL-UNNAMED -Dquarkus.http.port="$PORT" \
            -Dquarkus.management.port=$((PORT + 2)) -Dmodel.repository="$WORK/repository" \
            -jar src/service/target/quarkus-app/quarkus-run.jar
          await "http://127.0.0.1:$PORT/v2/health/ready"; PROTOCOL=oip ;;
    mlserver*) start "$1" env MLSERVER_HTTP_PORT="$PORT" MLSERVER_GRPC_PORT="$GRPC_PORT" \
            MLSERVER_METRICS_PORT=$((PORT + 2)) MLSERVER_PARALLEL_WORKERS=0 "$(dirname "${PY[mlserver]}")/mlserver" \
            start "$WORK/$1"
          await "http://127.0.0.1:$PORT/v2/health/ready"; PROTOCOL=oip ;;
    kserve) start kserve "${PY[kserve]}" src/bench/peers/kserve/model.py --model_name stock-volume \
            --model_file "$SEED_MODEL" --http_port "$PORT" --grpc_port "$GRPC_PORT" --workers 1
          await "http://127.0.0.1:$PORT/v2/health/ready"; PROTOCOL=oip ;;
    bentoml) start bentoml env -C src/bench/peers/bentoml SEED_MODEL="$SEED_MODEL" \
            "$(realpath "$(dirname "${PY[bentoml]}")")/bentoml" serve service:StockVolume --port "$PORT"
          await "http://127.0.0.1:$PORT/readyz"; PROTOCOL=bentoml ;;
    flask-*) start "$1" env -C src/bench/peers/flask SEED_MODEL="$SEED_MODEL" \
            CACHE="$([[ $1 == flask-cached ]] && echo 1 || echo 0)" \
            "$(realpath "$(dirname "${PY[flask]}")")/gunicorn" --workers 3 --bind "127.0.0.1:$PORT" app:app
          await "http://127.0.0.1:$PORT/predict?$QUERY"; PROTOCOL=original ;;
  esac
}
rss_mb() { ps -o rss= -g "$PID" | awk '{s += $1} END {printf "%.0f", s / 1024}'; }
load() { # round name label rows connections file-prefix: one load, its figures appended to $WORK/all
  local prefix="$WORK/$6" out="$WORK/load.out" method=GET
  [[ -s "$prefix.request" ]] && method=POST
  if [[ $3 == grpc-* ]]; then
    generate() { taskset -c "$LOAD_CPU" "$GRPCLOAD" -addr "127.0.0.1:$(grpc_port "$2")" -request "$prefix.request" \
      -expect "$prefix.answer" -c "$5" -d "$1"; }
  else
    generate() { env METHOD=$method REQUEST_PATH="$(cat "$prefix.path")" \
      BODY_FILE="$([[ $method == POST ]] && echo "$prefix.request")" EXPECT_FILE="$prefix.answer" \
      taskset -c "$LOAD_CPU" wrk -t1 -c"$5" -d"$1" --latency --timeout 10s -s src/bench/peers/load.lua "http://127.0.0.1:$PORT"; }
  fi
  generate "$WARMUP" "$2" "" "" "$5" > /dev/null
  ( sleep "$(( ${DURATION%s} / 2 ))"; rss_mb > "$WORK/rss" ) &
  local sampler=$!
  generate "$DURATION" "$2" "" "" "$5" > "$out"
  wait "$sampler"
  awk -v round="$1" -v name="$2" -v label="$3" -v rows="$4" -v rss="$(cat "$WORK/rss")" '
    $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} /Requests\/sec/ {rate = $2} $1 == "wrong" {wrong = $2}
    $1 == "errors" {errors = $2} /Non-2xx/ {errors += $NF}
    /Socket errors/ {split($0, e, /[ ,]+/); errors += e[5] + e[7] + e[9] + e[11]}
    END {printf "%s %s %s %.1f %.0f %s %s %d %d %s\n", round, name, label, rate, rate * rows, p50, p99, wrong, errors, rss}' \
    "$out" | tee -a "$WORK/all"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); servers on core $SERVER_CPU, load on core $LOAD_CPU;" \
  "$(java -version 2>&1 | head -1); $("${PY[flask]}" --version); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}');" \
  "grpcload with $(go version | awk '{print $3}') and grpc-go $(awk '$1 == "require" && $2 ~ /grpc$/ {print $3}' src/bench/peers/grpcload/go.mod);" \
  "$ROUNDS rounds of $DURATION after $WARMUP; $CONNECTIONS connections (1 row), $BATCH_CONNECTIONS (1,000 rows);" \
  "commit $(git rev-parse --short HEAD); $(date -u +%FT%TZ)"
for peer in mlserver kserve bentoml flask; do
  echo "  $peer: $(grep -E "^($peer|mlserver-lightgbm|lightgbm|uvicorn|gunicorn|numpy)==" "src/bench/peers/$peer/requirements.lock" | tr -d ' \\' | tr '\n' ' ')"
done
for settings in mlserver:model-settings.json mlserver-batched:model-settings-batched.json; do
  mkdir -p "$WORK/${settings%%:*}" && cp "src/bench/peers/mlserver/${settings#*:}" "$WORK/${settings%%:*}/model-settings.json" \
    && cp "$SEED_MODEL" "$WORK/${settings%%:*}/seed_model_lgbm.txt"
done
echo "round server load req/s rows/s p50 p99 wrong errors rss_mb"
for round in $(seq "$ROUNDS"); do
  for name in $SERVERS; do
    serve "$name"
    check "$name" "$PROTOCOL" > /dev/null
    load "$round" "$name" "$([[ $PROTOCOL == original ]] && echo get-predict || echo 1-row)" 1 "$CONNECTIONS" "$name-1"
    if [[ $PROTOCOL != original ]]; then
      load "$round" "$name" "1000-rows" 1000 "$BATCH_CONNECTIONS" "$name-1000"
    fi
    if [[ $PROTOCOL == oip ]]; then
      load "$round" "$name" "grpc-1-row" 1 "$CONNECTIONS" "$name-grpc-1"
      load "$round" "$name" "grpc-1000-rows" 1000 "$BATCH_CONNECTIONS" "$name-grpc-1000"
    fi
    if [[ $name == ours ]]; then # the original API's GET /predict, for the Flask pair
      "${PY[flask]}" - "$PORT" "$WORK" <<'PY'
import sys, urllib.request
port, out = sys.argv[1], sys.argv[2]
path = "/predict?vol_moving_avg=2778180.9523809524&adj_close_rolling_med=71.89762115478516"
open(f"{out}/ours-get.path", "w").write(path)
open(f"{out}/ours-get.request", "w").close()
open(f"{out}/ours-get.answer", "wb").write(urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read())
PY
      load "$round" "$name" "get-predict" 1 "$CONNECTIONS" "ours-get"
    fi
    stop
  done
done
echo
echo "medians: server load req/s rows/s p50 p99 wrong errors rss_mb; then ours / peer on the same load"
for key in $(awk '{print $2 "|" $3}' "$WORK/all" | sort -u); do
  awk -v key="$key" '$2 "|" $3 == key' "$WORK/all" > "$WORK/one"
  printf '%s %s' "${key%|*}" "${key#*|}"
  for column in 4 5; do printf ' %s' "$(awk -v c=$column '{print $c}' "$WORK/one" | median)"; done
  for column in 6 7; do printf ' %.3fms' "$(awk -v c=$column '{print $c}' "$WORK/one" | ms | median)"; done
  printf ' %s %s %s\n' "$(awk '{s += $8} END {print s}' "$WORK/one")" "$(awk '{s += $9} END {print s}' "$WORK/one")" \
    "$(awk '{print $10}' "$WORK/one" | median)"
done | tee "$WORK/medians"
echo
awk '$1 == "ours" {ours[$2] = $3} {rate[$1 "|" $2] = $3}
  END {for (k in rate) {split(k, p, "|"); l = p[2];
       if (p[1] != "ours" && (l in ours)) printf "ours / %s on %s: %.1fx\n", p[1], l, ours[l] / rate[k]}}' "$WORK/medians" | sort
mkdir -p "$(dirname "$CHART")"
"${PY[chart]}" src/bench/peers/chart.py "$WORK/medians" "$CHART" "$(date -u +%F), commit $(git rev-parse --short HEAD)"
echo "chart: $CHART"
