#!/usr/bin/env bash
# HTTP benchmark of the packaged service on 127.0.0.1 with wrk (Debian package `wrk`):
#   1. GET /ping            the floor: a constant answer through the same HTTP stack
#   2. GET /predict         the original API, one real row
#   3. POST /v1/predictions 1,000 real rows, 1 connection (latency) and 64 connections (throughput)
# plus the in-process inference time for 1,000 rows (the POST's reference, measured in each run just
# before the 1-connection POST, in its own JVM) and the resident memory after the load. Each run starts a fresh service and warms it up (10 s of GET /predict, 10 s of
# the POST); RUNS runs (default 2), medians printed last.
#   src/bench/wrk-bench.sh                 (from the repository root; builds the jar if needed)
# Env: RUNS=2 DURATION=30s CONNECTIONS=64 HEAP="-Xms64m -Xmx64m -XX:+UseSerialGC" JAVA=java PORT=18080
# MALLOC_ARENA_MAX is passed through to the service (docs/deployment.md: 2 in containers).
# CONFIGS: configurations of the same build, measured in turn within each run (default "default"):
#   default    as shipped: a caller's sampled trace is joined (wrk sends none), nothing exported, no access log
#   off        tracing off (quarkus.otel.sdk.disabled=true)
#   traced     every request traced (quarkus.otel.traces.sampler.arg=1), nothing exported
#   exporting  every request traced and exported over OTLP/gRPC to src/bench/otlp-sink (built here
#              with Go), which prints the spans it received
#   quiet      tracing off and no access log: the service without issue 26's per-request work
# e.g. CONFIGS="off default traced exporting quiet" src/bench/wrk-bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
RUNS="${RUNS:-2}"; DURATION="${DURATION:-30s}"; CONNECTIONS="${CONNECTIONS:-64}"
HEAP="${HEAP:--Xms64m -Xmx64m -XX:+UseSerialGC}"; JAVA="${JAVA:-java}"; PORT="${PORT:-18080}"
BASE="http://127.0.0.1:$PORT"
CONFIGS="${CONFIGS:-default}"; SINK_PORT=$((PORT + 2))
config_options() {
  case "$1" in
    default) ;;
    off) echo "-Dquarkus.otel.sdk.disabled=true" ;;
    traced) echo "-Dquarkus.otel.traces.sampler.arg=1" ;;
    exporting) echo "-Dquarkus.otel.traces.sampler.arg=1 -Dquarkus.otel.exporter.otlp.traces.endpoint=http://127.0.0.1:$SINK_PORT" ;;
    quiet) echo "-Dquarkus.otel.sdk.disabled=true -Dobservability.access-log=false" ;;
    *) echo "wrk-bench.sh: unknown configuration '$1' (default, off, traced, exporting, quiet)" >&2; exit 2 ;;
  esac
}
for config in $CONFIGS; do config_options "$config" > /dev/null; done
command -v wrk > /dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
[[ -f src/service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q package -DskipTests
./mvnw -q test-compile dependency:build-classpath -pl src/service -am -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
WORK="$(mktemp -d)"; PID=""; SINK=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; [[ -n "$SINK" ]] && kill "$SINK" 2>/dev/null; rm -rf "$WORK"' EXIT
if [[ " $CONFIGS " == *" exporting "* ]]; then
  (cd src/bench/otlp-sink && GOTOOLCHAIN=local go build -o "$WORK/otlp-sink" .)
  "$WORK/otlp-sink" -addr "127.0.0.1:$SINK_PORT" > "$WORK/sink.log" 2>&1 &
  SINK=$!
fi

write_rows_json "$WORK/rows.json"

summary() { # "rps p50_ms p99_ms errors" from wrk --latency output
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$1")
  p50=$(awk '$1=="50%" {print $2}' "$1" | ms)
  p99=$(awk '$1=="99%" {print $2}' "$1" | ms)
  errors=$(awk '/Non-2xx|Socket errors/ {s=s $0 "; "} END {print (s=="" ? "0" : s)}' "$1")
  echo "$rps $p50 $p99 $errors"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $($JAVA -version 2>&1 | head -1); heap: $HEAP; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}; wrk: $CONNECTIONS connections, 2 threads, $DURATION; $(date -u +%FT%TZ)"
for run in $(seq "$RUNS"); do
for config in $CONFIGS; do
  # shellcheck disable=SC2046 # the configuration's options are a list
  $JAVA $HEAP --enable-native-access=ALL-UNNAMED -Dquarkus.http.port="$PORT" $(config_options "$config") \
    -jar src/service/target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
  PID=$!
  wait_ready "$BASE"
  # warm-up: every path measured below, so the JIT has compiled them before measuring
  wrk -t2 -c"$CONNECTIONS" -d10s "$BASE/predict?$QUERY" > /dev/null
  BODY_FILE="$WORK/rows.json" wrk -t1 -c1 -d10s -s src/bench/post-rows.lua "$BASE/v1/predictions" > /dev/null
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/ping" > "$WORK/ping.$run"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/predict?$QUERY" > "$WORK/predict.$run"
  # the POST's reference, measured just before it (the service idle) so both see the same machine
  $JAVA --enable-native-access=ALL-UNNAMED -cp "src/service/target/classes:src/service/target/test-classes:$(cat src/service/target/bench-classpath.txt)" \
    com.stockvolume.service.bench.InferenceBenchmark "model/stock-volume/$(ls model/stock-volume | sort -n | tail -1)" 1000 2>/dev/null | tee "$WORK/inference.$run"
  echo "$run $config:inference 0 $(awk '{print $6}' "$WORK/inference.$run") 0 0" >> "$WORK/all"
  BODY_FILE="$WORK/rows.json" wrk -t1 -c1 -d"$DURATION" --latency -s src/bench/post-rows.lua "$BASE/v1/predictions" > "$WORK/post1.$run"
  BODY_FILE="$WORK/rows.json" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s src/bench/post-rows.lua "$BASE/v1/predictions" > "$WORK/post64.$run"
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$PID/status")
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  for t in ping predict post1 post64; do echo "$run $config:$t $(summary "$WORK/$t.$run")" >> "$WORK/all"; done
  echo "$run $config:rss $rss" >> "$WORK/all"
done
done
echo "per run (run, configuration:test, requests/s, p50 ms, p99 ms, errors):"; grep -v ':rss \|:inference ' "$WORK/all"
echo "per run resident memory after the load (MB):"; grep ':rss ' "$WORK/all"
for config in $CONFIGS; do
  echo "medians over $RUNS runs, configuration $config:"
  for t in ping predict post1 post64; do
    printf '  %-8s %10.0f req/s  p50 %7.3f ms  p99 %7.3f ms\n' "$t" \
      "$(awk -v t="$config:$t" '$2==t {print $3}' "$WORK/all" | median)" \
      "$(awk -v t="$config:$t" '$2==t {print $4}' "$WORK/all" | median)" \
      "$(awk -v t="$config:$t" '$2==t {print $5}' "$WORK/all" | median)"
  done
  printf '  in-process inference of 1,000 rows: p50 %.3f ms (median)\n' "$(awk -v t="$config:inference" '$2==t {print $4}' "$WORK/all" | median)"
  printf '  predict / ping throughput: %.0f%%\n' "$(awk -v c="$config" '$2==c":predict" {p+=$3} $2==c":ping" {f+=$3} END {print 100*p/f}' "$WORK/all")"
  printf '  1,000-row POST p50 / in-process p50, per run: %s (median %.2f)\n' \
    "$(awk -v c="$config" '$2==c":inference" {i[$1]=$4} $2==c":post1" {p[$1]=$4} END {for (r = 1; r in p; r++) printf "%.2f ", p[r]/i[r]}' "$WORK/all")" \
    "$(awk -v c="$config" '$2==c":inference" {i[$1]=$4} $2==c":post1" {p[$1]=$4} END {for (r in p) print p[r]/i[r]}' "$WORK/all" | median)"
  printf '  resident memory after load: %s MB (median)\n' "$(awk -v t="$config:rss" '$2==t {print $3}' "$WORK/all" | median)"
done
first="${CONFIGS%% *}"
for config in $CONFIGS; do
  [[ "$config" == "$first" ]] && continue
  printf '%s against %s, requests/s (medians): ' "$config" "$first"
  for t in ping predict post1 post64; do
    printf '%s %.0f%%; ' "$t" "$(echo "$(awk -v t="$config:$t" '$2==t {print $3}' "$WORK/all" | median) \
      $(awk -v t="$first:$t" '$2==t {print $3}' "$WORK/all" | median)" | awk '{print 100 * $1 / $2}')"
  done
  echo
done
if [[ -n "$SINK" ]]; then kill "$SINK"; wait "$SINK" 2>/dev/null || true; SINK=""; cat "$WORK/sink.log"; fi
