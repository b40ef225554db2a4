#!/usr/bin/env bash
# Start-up time and idle memory of the packaged service, per configuration, RUNS runs each, medians:
#   java17       the jar on Java 17 (`java` on the PATH)
#   java25       the same jar on Java 25 ($JAVA25_HOME)
#   java25-aot   Java 25 with the AOT cache src/service/target/quarkus-app/app.aot (src/service/src/main/aot/aot-cache.sh makes it)
# Ready: milliseconds from the launch to the first 200 from /q/health/ready (management port; polled every 10 ms),
# and the time Quarkus reports ("started in"). Idle RSS: VmRSS after a warm-up (5 s of GET /predict
# with wrk, 20 POSTs of 1,000 rows) and 5 s of idle.
#   src/bench/startup.sh                   (from the repository root, after ./mvnw package)
# Env: RUNS=5 CONFIGS="java17 java25 java25-aot" HEAP="-Xms64m -Xmx64m -XX:+UseSerialGC ..." PORT=18095
#      JAVA25_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 NATIVE_PATH=1 (default: ONNX Runtime loaded from
#      src/service/target/onnxruntime-native; 0: extracted from the jar to a temporary folder, its default)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
RUNS="${RUNS:-5}"; PORT="${PORT:-18095}"; CONFIGS="${CONFIGS:-java17 java25 java25-aot}"
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
HEAP="${HEAP:--Xms64m -Xmx64m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m -Xss512k}"
BASE="http://127.0.0.1:$PORT"
MANAGEMENT_PORT="${MANAGEMENT_PORT:-19095}"; MANAGEMENT="http://127.0.0.1:$MANAGEMENT_PORT"
JAR=src/service/target/quarkus-app/quarkus-run.jar; AOT=src/service/target/quarkus-app/app.aot
[[ -f "$JAR" ]] || { echo "no $JAR: ./mvnw package -DskipTests first" >&2; exit 1; }
command -v wrk > /dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
WORK="$(mktemp -d)"; PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
write_rows_json "$WORK/rows.json"
NATIVE_ARGS=""
[[ "${NATIVE_PATH:-1}" == 1 ]] && NATIVE_ARGS="-Donnxruntime.native.path=$PWD/src/service/target/onnxruntime-native"

command_for() {
  case "$1" in
    java17) echo "java $HEAP $NATIVE_ARGS" ;;
    java25) echo "$JAVA25_HOME/bin/java $HEAP --enable-native-access=ALL-UNNAMED $NATIVE_ARGS" ;;
    java25-aot)
      [[ -f "$AOT" ]] || { echo "no $AOT: run src/service/src/main/aot/aot-cache.sh first" >&2; exit 1; }
      echo "$JAVA25_HOME/bin/java -XX:AOTCache=$AOT $HEAP --enable-native-access=ALL-UNNAMED $NATIVE_ARGS" ;;
    *) echo "unknown configuration $1" >&2; exit 1 ;;
  esac
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; heap: $HEAP; onnxruntime.native.path: ${NATIVE_ARGS:-unset}; $(date -u +%FT%TZ)"
for config in $CONFIGS; do
  cmd="$(command_for "$config")"
  echo "$config: $cmd -jar $JAR"
  for run in $(seq "$RUNS"); do
    start=$(date +%s%N)
    # system properties before -jar: after it they would be the application's arguments
    $cmd -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" -Dquarkus.management.host=127.0.0.1 \
      -Dquarkus.management.port="$MANAGEMENT_PORT" -jar "$JAR" > "$WORK/log" 2>&1 &
    PID=$!
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$MANAGEMENT/q/health/ready")" == 200 ]]; do
      kill -0 "$PID" 2>/dev/null || { cat "$WORK/log" >&2; exit 1; }
      sleep 0.01
    done
    ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    started=$(grep -o 'started in [0-9.]*s' "$WORK/log" | grep -o '[0-9.]*' | head -1)
    wrk -t1 -c4 -d5s "$BASE/predict?$QUERY" > /dev/null
    for _ in $(seq 20); do curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @"$WORK/rows.json" "$BASE/v1/predictions"; done
    sleep 5
    rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$PID/status")
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
    echo "  run $run: ready ${ready_ms} ms (Quarkus: started in ${started} s), idle RSS ${rss} MB"
    echo "$config $ready_ms $started $rss" >> "$WORK/all"
  done
done
echo "medians over $RUNS runs:"
for config in $CONFIGS; do
  printf '  %-11s ready %5.0f ms   Quarkus started in %5.3f s   idle RSS %6.1f MB\n' "$config" \
    "$(awk -v c=$config '$1==c {print $2}' "$WORK/all" | median)" \
    "$(awk -v c=$config '$1==c {print $3}' "$WORK/all" | median)" \
    "$(awk -v c=$config '$1==c {print $4}' "$WORK/all" | median)"
done
