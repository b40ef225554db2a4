#!/usr/bin/env bash
# Resident memory under the peers' loads (issue 40), per JVM configuration, with Native Memory
# Tracking's account of where it goes. Each configuration is "label:extra JVM options" on top of the
# pod's (-Xms64m -Xmx64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError, MALLOC_ARENA_MAX=2 as in the
# image); the service runs alone on core SERVER_CPU (taskset), wrk on LOAD_CPU. Per round and
# configuration, a fresh start, then in turn after WARMUP each: GET /predict at 64 connections, one row as an
# Open Inference Protocol JSON request at 64, 1,000 rows as one at 8 (the shapes of peers.sh), each
# for DURATION with the resident memory sampled halfway; then NMT's summary (committed MB by category).
# Rounds interleave the configurations; medians last.
#   src/bench/memory.sh "today:" "trim:-XX:TrimNativeHeapInterval=1000"   (from the repository root)
# Env: ROUNDS=2 DURATION=15s WARMUP=10s SERVER_CPU=0 LOAD_CPU=1 JAVA=java PORT=18080 MALLOC_ARENA_MAX=2
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
[[ $# -ge 1 ]] || { sed -n '2,11p' "$0" >&2; exit 2; }
ROUNDS="${ROUNDS:-2}"; DURATION="${DURATION:-15s}"; WARMUP="${WARMUP:-10s}"
SERVER_CPU="${SERVER_CPU:-0}"; LOAD_CPU="${LOAD_CPU:-1}"; JAVA="${JAVA:-java}"; PORT="${PORT:-18080}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
POD="-Xms64m -Xmx64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
APP=src/service/target/quarkus-app/quarkus-run.jar
[[ -f $APP ]] || ./mvnw -q package -DskipTests
WORK="$(mktemp -d)"; PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
echo '{"inputs":[{"name":"features","shape":[1,2],"datatype":"FP64","data":[2778180.9523809524,71.89762115478516]}]}' \
  > "$WORK/row.json"
python3 - "$WORK/rows.json" <<'PY'
import json, sys
samples = json.load(open("model/stock-volume/1/model-card.json"))["samples"]
data = [x for i in range(1000) for x in samples[i % len(samples)]["features"]]
json.dump({"inputs": [{"name": "features", "shape": [1000, 2], "datatype": "FP64", "data": data}]}, open(sys.argv[1], "w"))
PY

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$PID/status"; }
load() { # name duration [--latency]
  case "$1" in
    predict) taskset -c "$LOAD_CPU" wrk -t1 -c64 -d"$2" ${3:-} "http://127.0.0.1:$PORT/predict?$QUERY" ;;
    row) BODY_FILE="$WORK/row.json" taskset -c "$LOAD_CPU" wrk -t1 -c64 -d"$2" ${3:-} -s src/bench/post-rows.lua \
           "http://127.0.0.1:$PORT/v2/models/stock-volume/infer" ;;
    rows) BODY_FILE="$WORK/rows.json" taskset -c "$LOAD_CPU" wrk -t1 -c8 -d"$2" ${3:-} -s src/bench/post-rows.lua \
           "http://127.0.0.1:$PORT/v2/models/stock-volume/infer" ;;
  esac
}

echo "machine: $(nproc) cores; $($JAVA -version 2>&1 | head -1); pod: $POD; MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX;" \
  "$ROUNDS rounds, $WARMUP warm-up + $DURATION a load; service on CPU $SERVER_CPU; $(git rev-parse --short HEAD); $(date -u +%FT%TZ)"
for round in $(seq "$ROUNDS"); do
  for config in "$@"; do
    label="${config%%:*}"; extra="${config#*:}"
    # shellcheck disable=SC2086 # option lists
    taskset -c "$SERVER_CPU" $JAVA $POD $extra -XX:NativeMemoryTracking=summary --enable-native-access=ALL-UNNAMED \
      -Dquarkus.http.port="$PORT" -Dquarkus.management.port=$((PORT + 2)) -jar "$APP" > "$WORK/service.log" 2>&1 &
    PID=$!
    wait_ready "http://127.0.0.1:$PORT"
    line="$round $label"
    for shape in predict row rows; do
      load "$shape" "$WARMUP" > /dev/null
      ( sleep "$(( ${DURATION%s} / 2 ))"; rss_mb > "$WORK/rss" ) &
      sampler=$!
      load "$shape" "$DURATION" > "$WORK/out"
      wait "$sampler"
      line="$line $(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/out") $(cat "$WORK/rss")"
    done
    jcmd "$PID" VM.native_memory summary scale=KB > "$WORK/nmt"
    # committed KB by category, as "Java Heap=65536 Class=..." (the categories NMT names)
    nmt=$(awk '/^-/ {sub(/^- */, ""); name=$0; sub(/ *\(.*/, "", name); gsub(/ /, "_", name);
               if (match($0, /committed=[0-9]+/)) printf "%s=%.1f ", name, substr($0, RSTART + 10, RLENGTH - 10) / 1024}' "$WORK/nmt")
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
    echo "$line | $nmt" | tee -a "$WORK/all"
  done
done
echo "medians: label  predict req/s, rss MB  row req/s, rss MB  1,000 rows req/s, rss MB"
for config in "$@"; do
  label="${config%%:*}"
  printf '%-10s' "$label"
  for column in 3 4 5 6 7 8; do
    printf ' %8s' "$(awk -v l="$label" '$2==l {print $'"$column"'}' "$WORK/all" | median)"
  done
  echo
done
