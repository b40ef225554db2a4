#!/usr/bin/env bash
# Where a load's time goes: the packaged service alone on core SERVER_CPU, one load command on
# LOAD_CPU. In a steady window (from MEASURE_AFTER to MEASURE_AFTER + MEASURE_FOR into the command)
# it reads the inferences the service answered (its model_inference_seconds_count: REST and gRPC
# alike) and the CPU time of the service and of the command's processes, and prints calls/s and, for
# each side, the share of its core it used and its CPU microseconds per call, and the service's own
# time in ONNX Runtime a call (model_inference_seconds) beside what the rest of the call cost (parsing,
# writing, HTTP). A side near 100% of its core is the bound; the other has room to spare.
#   src/bench/cpu-per-call.sh COMMAND...      (from the repository root; builds the jar if needed)
# e.g. SCENARIOS=grpc_1_row src/bench/cpu-per-call.sh k6 run --quiet -e SCENARIOS=grpc_1_row k6/grpc.js
# Env: SERVER_CPU=0 LOAD_CPU=1 MEASURE_AFTER=15 MEASURE_FOR=10 (seconds; the command must run longer)
#      WARM=1: the command runs once, unmeasured, before the measured run: a fresh JVM compiling on its
#      one core would count the JIT's CPU against the calls (WARM=0 to measure a cold service)
#      PORT=18700 JAVA_OPTS="-Xms64m -Xmx64m -XX:+UseSerialGC"
set -euo pipefail
cd "$(dirname "$0")/../.."
SERVER_CPU="${SERVER_CPU:-0}"; LOAD_CPU="${LOAD_CPU:-1}"; PORT="${PORT:-18700}"; MANAGEMENT=$((PORT + 1))
MEASURE_AFTER="${MEASURE_AFTER:-15}"; MEASURE_FOR="${MEASURE_FOR:-10}"; WARM="${WARM:-1}"
JAVA_OPTS="${JAVA_OPTS:--Xms64m -Xmx64m -XX:+UseSerialGC}"
(($#)) || { echo "usage: src/bench/cpu-per-call.sh COMMAND..." >&2; exit 2; }
[[ -f src/service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q package -DskipTests
SERVER=""; LOAD=""
trap '[[ -n "$LOAD" ]] && kill -- -"$LOAD" 2>/dev/null; [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null; true' EXIT

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
taskset -c "$SERVER_CPU" java $JAVA_OPTS --enable-native-access=ALL-UNNAMED -Dquarkus.http.port="$PORT" \
  -Dquarkus.management.port="$MANAGEMENT" -jar src/service/target/quarkus-app/quarkus-run.jar > /dev/null 2>&1 &
SERVER=$!
for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/v2/health/ready" && break; sleep 0.2; done

ticks() { # the CPU time (clock ticks) of the processes given, threads included
  for pid in "$@"; do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true; done | awk '{s += $1} END {print s + 0}'
}
calls() { # inferences answered and the seconds ONNX Runtime took for them
  curl -fs "http://127.0.0.1:$MANAGEMENT/q/metrics" | awk '/^model_inference_seconds_count/ {c += $NF}
    /^model_inference_seconds_sum/ {s += $NF} END {printf "%.0f %.9f", c, s}'
}
snapshot() { # calls inference-seconds server-ticks load-ticks nanoseconds
  echo "$(calls) $(ticks "$SERVER") $(ticks $(pgrep -g "$LOAD")) $(date +%s%N)"
}

COMMAND=(taskset -c "$LOAD_CPU" env BASE_URL="http://127.0.0.1:$PORT" GRPC_ADDR="127.0.0.1:$PORT" "$@")
if [[ "$WARM" == 1 ]]; then
  "${COMMAND[@]}" > /dev/null 2>&1 || true # a cold JVM may fail a latency threshold; the measured run must pass
fi
setsid "${COMMAND[@]}" > /dev/null 2>&1 &
LOAD=$!
sleep "$MEASURE_AFTER"
read -r c0 i0 s0 l0 t0 <<< "$(snapshot)"
sleep "$MEASURE_FOR"
read -r c1 i1 s1 l1 t1 <<< "$(snapshot)"
kill -0 "$LOAD" 2>/dev/null || { echo "cpu-per-call.sh: the command ended before the window did" >&2; exit 1; }
wait "$LOAD" || { echo "cpu-per-call.sh: the command failed" >&2; exit 1; }
LOAD=""
awk -v c=$((c1 - c0)) -v i="$(awk -v a="$i0" -v b="$i1" 'BEGIN {print b - a}')" -v s=$((s1 - s0)) -v l=$((l1 - l0)) -v ns=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v cmd="$*" '
  BEGIN {secs = ns / 1e9; if (c <= 0) {print "cpu-per-call.sh: no inference answered in the window" > "/dev/stderr"; exit 1}
         cpu = 1e6 * s / hz / c; inference = 1e6 * i / c
         printf "%s\n  %.0f calls/s; service %.0f%% of its core, %.1f us a call; load %.0f%% of its core, %.1f us a call\n",
           cmd, c / secs, 100 * s / hz / secs, cpu, 100 * l / hz / secs, 1e6 * l / hz / c
         printf "  inference %.1f us a call (model_inference_seconds); the rest of the service %.1f us a call\n", inference, cpu - inference}'
