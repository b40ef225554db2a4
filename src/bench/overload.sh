#!/usr/bin/env bash
# Overload benchmark (issue 12; docs/overload.md, results in docs/overload-measurements.md): the packaged service at the image's heap, driven
# past its capacity with wrk (Debian package `wrk`) on 127.0.0.1. Cases, each against the same fresh
# service, in this order:
#   knee   4 connections posting 10,000-row batches: the goodput to compare the others with
#   a128   128 connections posting 10,000-row batches        a256  the same with 256
#   b      GET /predict at 1,024 connections
#   c      a128 and GET /predict at 512 connections at once
#   d      a burst (256 connections posting, 10 s), then normal traffic (4 connections, 20 s)
#   e      2,000 connections that never finish their headers, while GET /predict runs at 64 connections
# Per case: answered/s, status counts (only 200 and 503 with Retry-After are allowed), wrk's socket
# errors and timeouts (--timeout 5s), p50/p99 of the 200s (the service's own histogram of that
# route), liveness p50/p99/max measured on the management port during the load, OutOfMemoryErrors in
# the log, and the time from the end of the load until a 10,000-row batch is answered 200 again.
#   src/bench/overload.sh                  (from the repository root; builds the jar if needed)
# Env: RUNS=2 DURATION=30s HEAP="-Xms64m -Xmx64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError" JAVA=java
#      SERVICE_OPTS: more options for the service, e.g. -Dquarkus.otel.exporter.otlp.traces.endpoint=http://127.0.0.1:4317
#      (tracing exported to src/bench/otlp-sink, started by hand)
#      PORT=18080 MANAGEMENT_PORT=19000 SLOW=2000; MALLOC_ARENA_MAX is passed through (the images set 2).
#      DEAD_SINK=PORT: payload logging on, to a sink on that port that never answers (overload.py dead-sink); the
#      payload_log_ meters are printed after each run
#      SHADOW=VERSION: both committed versions of stock-volume served and VERSION shadowing the default (every call
#      scored again after its answer); the model_comparison_ meters are printed after each run
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
RUNS="${RUNS:-2}"; DURATION="${DURATION:-30s}"; JAVA="${JAVA:-java}"
HEAP="${HEAP:--Xms64m -Xmx64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}"; SERVICE_OPTS="${SERVICE_OPTS:-}"
PORT="${PORT:-18080}"; MANAGEMENT_PORT="${MANAGEMENT_PORT:-19000}"; SLOW="${SLOW:-2000}"
BASE="http://127.0.0.1:$PORT"; ADMIN="http://127.0.0.1:$MANAGEMENT_PORT"
command -v wrk > /dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
[[ -f src/service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q package -DskipTests
WORK="$(mktemp -d)"; PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; jobs -p | xargs -r kill 2>/dev/null; rm -rf "$WORK"' EXIT
HELPER=src/bench/overload.py
ulimit -n "$(ulimit -Hn)"
if [[ -n "${SHADOW:-}" ]]; then
  SERVICE_OPTS="$SERVICE_OPTS -Dadmin.token=overload-shadow -Dmodel.policy.stock-volume=all"
fi
if [[ -n "${DEAD_SINK:-}" ]]; then
  python3 $HELPER dead-sink "$DEAD_SINK" &
  sleep 1; kill -0 $! || { echo "the dead sink could not listen on $DEAD_SINK" >&2; exit 1; }
  SERVICE_OPTS="$SERVICE_OPTS -Dpayload-log.url=http://127.0.0.1:$DEAD_SINK/"
fi

python3 - "$WORK/rows.json" <<'PY'
import json, sys
samples = json.load(open("model/stock-volume/1/model-card.json"))["samples"]
rows = [{"vol_moving_avg": s["features"][0], "adj_close_rolling_med": s["features"][1]} for s in samples]
json.dump({"instances": [rows[i % len(rows)] for i in range(10000)]}, open(sys.argv[1], "w"))
PY

posts() { # connections duration out: 10,000-row POSTs
  BODY_FILE="$WORK/rows.json" wrk -t2 -c"$1" -d"$2" --timeout 5s --latency -s src/bench/overload.lua "$BASE/v1/predictions" > "$3"
}
gets() { # connections duration out: GET /predict
  wrk -t2 -c"$1" -d"$2" --timeout 5s --latency -s src/bench/overload.lua "$BASE/predict?$QUERY" > "$3"
}
recovery() { # seconds from now until a 10,000-row batch is answered 200
  python3 - "$BASE/v1/predictions" "$WORK/rows.json" <<'PY'
import sys, time, urllib.request, urllib.error
url, body = sys.argv[1], open(sys.argv[2], "rb").read()
start = time.monotonic()
while time.monotonic() - start < 30:
    try:
        req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            if r.status == 200:
                break
    except urllib.error.HTTPError:
        time.sleep(0.01)
print(f"{time.monotonic() - start:.2f}")
PY
}
report() { # case, then the wrk outputs of the case
  local name="$1"; shift
  local rps statuses errors p200 live ooms
  rps=$(for f in "$@"; do awk '/Requests\/sec/ {print $2}' "$f"; done | paste -sd+ | bc)
  statuses=$(for f in "$@"; do grep '^statuses' "$f" | cut -d' ' -f2-; done | tr ' ' '\n' | grep . | sort | tr '\n' ' ')
  errors=$(for f in "$@"; do grep -h 'Socket errors' "$f" || true; done | sed 's/  */ /g' | paste -sd';')
  p200="$(python3 $HELPER quantiles "$WORK/before" "$WORK/after" /v1/predictions) (POST) / $(python3 $HELPER quantiles "$WORK/before" "$WORK/after" /predict) (GET)"
  live=$(python3 $HELPER summary "$WORK/live")
  ooms=$(grep -c OutOfMemoryError "$WORK/service.log" || true)
  printf '%s | %s | %s | %s | %s | %s | %s | %s\n' "$run" "$name" "$rps" "$statuses" "${errors:-none}" "$p200" "$live" "$ooms" >> "$WORK/table"
}
case_run() { # name seconds command...: scrapes before and after, samples liveness during
  local name="$1" seconds="$2"; shift 2
  curl -fs "$ADMIN/q/metrics" > "$WORK/before"
  python3 $HELPER probe "$ADMIN/q/health/live" "$seconds" "$WORK/live" &
  local probe=$!
  "$@"
  wait "$probe"
  curl -fs "$ADMIN/q/metrics" > "$WORK/after"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $($JAVA -version 2>&1 | head -1); heap: $HEAP; options: ${SERVICE_OPTS:-none}; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}; wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), 2 threads, --timeout 5s, $DURATION a case; commit $(git rev-parse --short HEAD); $(date -u +%FT%TZ)"
secs=${DURATION%s}
for run in $(seq "$RUNS"); do
  # shellcheck disable=SC2086 # HEAP and SERVICE_OPTS are lists of options
  $JAVA $HEAP $SERVICE_OPTS --enable-native-access=ALL-UNNAMED -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$MANAGEMENT_PORT" \
    -jar src/service/target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do curl -fs "$ADMIN/q/health/ready" > /dev/null && break; sleep 0.2; done
  if [[ -n "${SHADOW:-}" ]]; then
    curl -fsS -X PUT -H "Authorization: Bearer overload-shadow" -H 'Content-Type: application/json' \
      -d "{\"version\": \"$SHADOW\", \"sample\": 1}" "$BASE/admin/models/stock-volume/shadow" > /dev/null
  fi
  posts 4 10s /dev/null; gets 64 10s /dev/null   # warm-up: the JIT compiles both paths

  case_run knee "$secs" posts 4 "$DURATION" "$WORK/knee.$run"; report "knee: POST x4" "$WORK/knee.$run"
  for c in 128 256; do
    case_run "a$c" "$secs" posts "$c" "$DURATION" "$WORK/a$c.$run"
    echo "$run a$c recovery $(recovery)" >> "$WORK/recovery"
    report "a: POST x$c" "$WORK/a$c.$run"
  done
  case_run b "$secs" gets 1024 "$DURATION" "$WORK/b.$run"
  echo "$run b recovery $(recovery)" >> "$WORK/recovery"
  report "b: GET x1024" "$WORK/b.$run"
  mix() { posts 128 "$DURATION" "$WORK/c-post.$run" & local p=$!; gets 512 "$DURATION" "$WORK/c-get.$run"; wait "$p"; }
  case_run c "$secs" mix
  echo "$run c recovery $(recovery)" >> "$WORK/recovery"
  report "c: POST x128 + GET x512" "$WORK/c-post.$run" "$WORK/c-get.$run"
  burst() { posts 256 10s "$WORK/d-burst.$run"; posts 4 20s "$WORK/d-normal.$run"; }
  case_run d 30 burst
  report "d: burst POST x256 10 s" "$WORK/d-burst.$run"
  report "d: then POST x4 20 s" "$WORK/d-normal.$run"
  slow() { python3 $HELPER slow "$PORT" "$SLOW" 45 > "$WORK/slow.$run" & local p=$!; gets 64 40s "$WORK/e.$run"; wait "$p"; }
  case_run e 40 slow
  report "e: $SLOW stalled + GET x64" "$WORK/e.$run"
  echo "$run e slow connections: $(head -1 "$WORK/slow.$run" | cut -d' ' -f2) open at 0 s, $(awk '$2 > 0 {t=$1} END {print t+1}' "$WORK/slow.$run") s until all closed (last line: $(tail -1 "$WORK/slow.$run"))" >> "$WORK/recovery"
  echo "$run rss after the load: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$PID/status"); GC: $(curl -fs "$ADMIN/q/metrics" | awk '/^jvm_gc_pause_seconds_(count|sum)/ {k=($0 ~ /_count/)?"n":"s"; v[k]+=$NF} END {printf "%d pauses, %.1f s", v["n"], v["s"]}')" >> "$WORK/recovery"
  curl -fs "$ADMIN/q/metrics" | grep -E '^(admission_rejected_total|payload_log_|model_comparison_(rows|checks|dropped)_total)' | sed -e 's/ # {.*//' -e "s/^/$run /" >> "$WORK/recovery"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done
echo
echo "run | case | answered/s | statuses | wrk socket errors | 200s p50 p99 ms (server) | liveness p50 p99 max ms (samples) | OOM"
cat "$WORK/table"
echo
cat "$WORK/recovery"
