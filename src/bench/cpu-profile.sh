#!/usr/bin/env bash
# Where a request's CPU goes, native code and kernel included (JFR's execution samples see neither ONNX
# Runtime's native inference nor the kernel's network path): the packaged service alone on core SERVER_CPU
# under async-profiler (CPU samples every millisecond, written every 10 s), wrk POSTing BODY_FILE (or,
# without one, GETting PATH) on LOAD_CPU for DURATION; the last whole 10 s window is kept and its samples are sorted into a few
# categories (ONNX Runtime's run, reading the request's JSON, writing the answer, Netty/Vert.x I/O, the
# JIT, GC, ...), printed with the load's rate and latency. async-profiler (Apache 2.0) comes from Maven
# Central into target/bench at run time; nothing of it is committed.
#   src/bench/cpu-profile.sh PATH [BODY_FILE|- [APP_DIR]]   (from the repository root; builds the jar if needed)
# e.g. the 1,000-row /v2 request the peers get (the body: src/bench/common.sh's write_rows_json, as OIP):
#   src/bench/cpu-profile.sh /v2/models/stock-volume/infer /tmp/v2rows.json
#   CONNECTIONS=64 src/bench/cpu-profile.sh "/predict?vol_moving_avg=2778180.95&adj_close_rolling_med=71.9"
# Env: DURATION=70s CONNECTIONS=1 SERVER_CPU=0 LOAD_CPU=1 PORT=18700 OUT=target/bench/profile (OUT.collapsed,
#      the window's stacks, for a flame graph) JAVA_OPTS="-Xms64m -Xmx64m -XX:+UseSerialGC"
set -euo pipefail
cd "$(dirname "$0")/../.."
(($# >= 1)) || { sed -n '2,14p' "$0" >&2; exit 2; }
REQUEST_PATH="$1"; BODY="${2:--}"; APP="${3:-src/service/target/quarkus-app}"
[[ "$BODY" == - ]] || BODY="$(realpath "$BODY")"
DURATION="${DURATION:-70s}"; CONNECTIONS="${CONNECTIONS:-1}"; SERVER_CPU="${SERVER_CPU:-0}"; LOAD_CPU="${LOAD_CPU:-1}"
PORT="${PORT:-18700}"; OUT="${OUT:-target/bench/profile}"; JAVA_OPTS="${JAVA_OPTS:--Xms64m -Xmx64m -XX:+UseSerialGC}"
PROFILER_VERSION=4.1
command -v wrk > /dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
[[ -f "$APP/quarkus-run.jar" ]] || ./mvnw -q package -DskipTests
mkdir -p target/bench "$(dirname "$OUT")"
LIB="target/bench/async-profiler-$PROFILER_VERSION/linux-x64/libasyncProfiler.so"
if [[ ! -f "$LIB" ]]; then
  ./mvnw -q dependency:copy -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION" -DoutputDirectory=target/bench
  (cd target/bench && mkdir -p "async-profiler-$PROFILER_VERSION" \
    && unzip -oq "async-profiler-$PROFILER_VERSION.jar" linux-x64/libasyncProfiler.so -d "async-profiler-$PROFILER_VERSION")
fi
WINDOWS="$(mktemp -d)"; SERVER=""
trap '[[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null; rm -rf "$WINDOWS"' EXIT

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
taskset -c "$SERVER_CPU" java "-agentpath:$(realpath "$LIB")=start,event=cpu,interval=1ms,loop=10s,collapsed,file=$WINDOWS/window-%n{99}.collapsed" \
  $JAVA_OPTS --enable-native-access=ALL-UNNAMED -Dquarkus.http.port="$PORT" -Dquarkus.management.port=$((PORT + 1)) \
  -jar "$APP/quarkus-run.jar" > "$WINDOWS/service.log" 2>&1 &
SERVER=$!
for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/v2/health/ready" && break; sleep 0.2; done
SCRIPT=(); [[ "$BODY" == - ]] || SCRIPT=(-s src/bench/post-rows.lua)
BODY_FILE="$BODY" taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "${SCRIPT[@]}" \
  "http://127.0.0.1:$PORT$REQUEST_PATH" > "$OUT.wrk"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
# the windows are written at 10 s, 20 s, ... of the process and once more at its exit: the last whole one is next to last
cp "$(find "$WINDOWS" -name 'window-*.collapsed' | sort -V | tail -2 | head -1)" "$OUT.collapsed"
echo "$REQUEST_PATH, $([[ "$BODY" == - ]] && echo GET || basename "$BODY"), $CONNECTIONS connection(s), $DURATION; $(java -version 2>&1 | head -1); $(date -u +%FT%TZ)"
awk '/Requests\/sec/ {printf "  %s req/s", $2} $1 == "50%" {printf "  p50 %s", $2} $1 == "99%" {printf "  p99 %s", $2}' "$OUT.wrk"
echo
python3 - "$OUT.collapsed" <<'PY'
import collections, sys
# the first category whose pattern is in a stack takes its samples (order matters)
RULES = [("ONNX Runtime run", ("OrtSession.run", "OnnxTensor", "libonnxruntime")),
         ("reading the request's JSON", ("MessageBodyReader",)), ("writing the answer", ("MessageBodyWriter",)),
         ("JIT compiler", ("CompileBroker",)), ("GC", ("GCTaskThread", "VM_GenCollect", "SerialHeap", "DefNewGeneration")),
         ("admission", ("admission/",)), ("the service's other code", ("com/stockvolume/",)),
         ("Netty/Vert.x I/O", ("io/netty", "io/vertx")), ("Quarkus REST", ("resteasy",)), ("metrics", ("micrometer",))]
counts, total = collections.Counter(), 0
for line in open(sys.argv[1]):
    stack, _, n = line.rstrip().rpartition(" ")
    total += int(n)
    counts[next((name for name, patterns in RULES if any(p in stack for p in patterns)), "other")] += int(n)
for name, n in counts.most_common():
    print(f"  {n:6d} {100 * n / total:5.1f}%  {name}")
outside = total - counts["ONNX Runtime run"] - counts["JIT compiler"]
print(f"  {total} samples; outside ONNX Runtime's run (JIT left out): {outside / max(counts['ONNX Runtime run'], 1):.2f}x its samples")
PY
