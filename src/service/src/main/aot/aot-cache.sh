#!/usr/bin/env bash
# Makes src/service/target/quarkus-app/app.aot: a Java 25 AOT cache (JEP 483, 514, 515: classes loaded and
# linked, method profiles) from a training run. The packaged service starts on Java 25 with
# -XX:AOTCacheOutput, loads and checks the model, serves every endpoint a few hundred times, and is
# stopped; the JVM writes the cache as it exits. Then start the service with it:
#   $JAVA25_HOME/bin/java -XX:AOTCache=src/service/target/quarkus-app/app.aot --enable-native-access=ALL-UNNAMED \
#     -Donnxruntime.native.path=src/service/target/onnxruntime-native -jar src/service/target/quarkus-app/quarkus-run.jar
# A cache is valid only for the JDK that made it and the same jar files: remake it after every build
# (a mismatched cache is ignored with a warning, never used wrongly).
#   src/service/src/main/aot/aot-cache.sh          (from the repository root, after ./mvnw package)
# Env: JAVA25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64), PORT=18096, JAVA_OPTIONS: the JVM
# options the service will run with (the cache records the GC and more; a cache made with the run's
# own options gave the best start-up and the least memory). Default: the fast-start settings of docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/../../../../.."
JAVA25_HOME="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
PORT="${PORT:-18096}"
JAVA_OPTIONS="${JAVA_OPTIONS:--Xms16m -Xmx48m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -Xss512k}"
# ONNX Runtime's libraries from src/service/target/onnxruntime-native (./mvnw package unpacks them), as in production
NATIVE_PATH="-Donnxruntime.native.path=$PWD/src/service/target/onnxruntime-native"
JAR=src/service/target/quarkus-app/quarkus-run.jar
AOT=src/service/target/quarkus-app/app.aot
BASE="http://127.0.0.1:$PORT"
MANAGEMENT_PORT="${MANAGEMENT_PORT:-19096}"; MANAGEMENT="http://127.0.0.1:$MANAGEMENT_PORT"
[[ -f "$JAR" ]] || { echo "no $JAR: run ./mvnw package -DskipTests first" >&2; exit 1; }
"$JAVA25_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]' || { echo "$JAVA25_HOME is not a Java 25+ JDK" >&2; exit 1; }
rm -f "$AOT"

# shellcheck disable=SC2086
"$JAVA25_HOME/bin/java" -XX:AOTCacheOutput="$AOT" $JAVA_OPTIONS "$NATIVE_PATH" --enable-native-access=ALL-UNNAMED \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" -Dquarkus.management.host=127.0.0.1 \
  -Dquarkus.management.port="$MANAGEMENT_PORT" -jar "$JAR" > src/service/target/aot-training.log 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -fs -o /dev/null "$MANAGEMENT/q/health/ready" && break; sleep 0.1; done
curl -fs -o /dev/null "$MANAGEMENT/q/health/ready" || { cat src/service/target/aot-training.log >&2; exit 1; }

src/service/src/main/aot/training-workload.sh "$BASE" "$MANAGEMENT"

kill -TERM "$PID"
wait "$PID" || true
trap - EXIT
[[ -s "$AOT" ]] || { echo "no cache written; see src/service/target/aot-training.log" >&2; exit 1; }
echo "wrote $AOT ($(du -h "$AOT" | cut -f1)) from a training run on $("$JAVA25_HOME/bin/java" -version 2>&1 | head -1)"
