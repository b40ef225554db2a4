#!/usr/bin/env bash
# From process start to full speed on one core (issue 40, item 6): the packaged service pinned to
# SERVER_CPU with the image's JVM options, GET /predict at 64 connections from the first 200 of
# /q/health/ready, in 5-second windows (wrk -d5s, back to back; wrk on LOAD_CPU), WINDOWS windows.
# Prints per configuration and run: ready (s from launch), then requests/s per window; last, the time from
# launch to the end of the first window at >= 80% of the warmed rate (the median of the last three windows).
# Each configuration is "label:extra JVM options", e.g.
#   src/bench/warm-curve.sh "java17:" "warm:-Dwarmup.duration=5s"
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java src/bench/warm-curve.sh "java25-aot:-XX:AOTCache=app.aot"
# Env: RUNS=2 WINDOWS=10 SERVER_CPU=0 LOAD_CPU=1 JAVA=java PORT=18080 APP=src/service/target/quarkus-app
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
[[ $# -ge 1 ]] || { sed -n '2,10p' "$0" >&2; exit 2; }
RUNS="${RUNS:-2}"; WINDOWS="${WINDOWS:-10}"; SERVER_CPU="${SERVER_CPU:-0}"; LOAD_CPU="${LOAD_CPU:-1}"
JAVA="${JAVA:-java}"; PORT="${PORT:-18080}"; APP="${APP:-src/service/target/quarkus-app}"
# the image's (src/service/src/main/docker/Dockerfile.jvm)
IMAGE_OPTS="-Xms64m -Xmx64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
export MALLOC_ARENA_MAX=2
WORK="$(mktemp -d)"; PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN {printf "%.2f", a - b}'; } # seconds since $1

echo "machine: $(nproc) cores; $($JAVA -version 2>&1 | head -1); $IMAGE_OPTS; service on CPU $SERVER_CPU;" \
  "$RUNS runs, $WINDOWS windows of 5 s; $(git rev-parse --short HEAD); $(date -u +%FT%TZ)"
for run in $(seq "$RUNS"); do
  for config in "$@"; do
    label="${config%%:*}"; extra="${config#*:}"
    start=$(now)
    # shellcheck disable=SC2086 # option lists
    taskset -c "$SERVER_CPU" $JAVA $IMAGE_OPTS $extra -Dquarkus.http.port="$PORT" \
      -Dquarkus.management.port=$((PORT + 2)) -jar "$APP/quarkus-run.jar" > "$WORK/service.log" 2>&1 &
    PID=$!
    until curl -fs "http://127.0.0.1:$((PORT + 2))/q/health/ready" > /dev/null; do sleep 0.05; done
    ready=$(since "$start")
    rates=""; ends=""
    for _ in $(seq "$WINDOWS"); do
      rates="$rates $(taskset -c "$LOAD_CPU" wrk -t1 -c64 -d5s "http://127.0.0.1:$PORT/predict?$QUERY" \
        | awk '/Requests\/sec/ {printf "%.0f", $2}')"
      ends="$ends $(since "$start")"
    done
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
    # the first window at >= 80% of the median of the last three
    full=$(echo "$rates" | tr ' ' '\n' | grep . | tail -3 | median)
    at=$(paste <(echo "$rates" | tr ' ' '\n' | grep .) <(echo "$ends" | tr ' ' '\n' | grep .) \
      | awk -v f="$full" '$1 >= 0.8 * f {printf "%.1f", $2; exit}')
    printf '%s %-12s ready %.2f s; req/s per window:%s; warmed %s; >= 80%% at %s s\n' \
      "$run" "$label" "$ready" "$rates" "$full" "$at" | tee -a "$WORK/all"
  done
done
echo "medians: label, ready s, >= 80% of warmed at s"
for config in "$@"; do
  label="${config%%:*}"
  printf '%-12s %6.2f %6.1f\n' "$label" \
    "$(awk -v l="$label" '$2==l {print $4}' "$WORK/all" | median)" \
    "$(awk -v l="$label" '$2==l {print $(NF-1)}' "$WORK/all" | median)"
done
