#!/usr/bin/env bash
# Two builds of the service on one load (wrk on 127.0.0.1), alternated round by round so both see the
# same state of a shared, noisy machine. ENDPOINT: post, the 1,000-row POST /v1/predictions (at 1
# connection unless CONNECTIONS says otherwise); predict, GET /predict's real row; v2-row, one real
# row in an Open Inference Protocol JSON request (POST /v2/models/stock-volume/infer); the last two at
# 64 connections unless CONNECTIONS says otherwise. Each start is
# fresh and warmed up for 10 s before DURATION is measured; medians of the rounds printed last.
#   src/bench/compare-post.sh OLD_APP_DIR NEW_APP_DIR        (folders holding quarkus-run.jar)
# e.g. for the commit before yours:
#   git worktree add /tmp/old HEAD~1 && (cd /tmp/old && ./mvnw -q package -DskipTests)
#   cp -r /tmp/old/target/quarkus-app /tmp/app-old && git worktree remove --force /tmp/old
#   ./mvnw -q package -DskipTests && src/bench/compare-post.sh /tmp/app-old target/quarkus-app
# Env: ROUNDS=3 DURATION=20s HEAP="-Xms64m -Xmx64m -XX:+UseSerialGC" JAVA=java PORT=18080 ENDPOINT=post
#      CONNECTIONS=1 (post) or 64 (predict, v2-row)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
[[ $# -eq 2 ]] || { sed -n '2,13p' "$0" >&2; exit 2; }
ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-20s}"; HEAP="${HEAP:--Xms64m -Xmx64m -XX:+UseSerialGC}"
JAVA="${JAVA:-java}"; PORT="${PORT:-18080}"; URL="http://127.0.0.1:$PORT/v1/predictions"
ENDPOINT="${ENDPOINT:-post}"; CONNECTIONS="${CONNECTIONS:-$([[ $ENDPOINT == post ]] && echo 1 || echo 64)}"
load() { # duration [--latency]: the chosen endpoint's load
  case "$ENDPOINT" in
    predict) wrk -t2 -c"$CONNECTIONS" -d"$1" ${2:-} "http://127.0.0.1:$PORT/predict?$QUERY" ;;
    v2-row) BODY_FILE="$WORK/row.json" wrk -t2 -c"$CONNECTIONS" -d"$1" ${2:-} -s src/bench/post-rows.lua \
              "http://127.0.0.1:$PORT/v2/models/stock-volume/infer" ;;
    *) BODY_FILE="$WORK/rows.json" wrk -t1 -c"$CONNECTIONS" -d"$1" ${2:-} -s src/bench/post-rows.lua "$URL" ;;
  esac
}
WORK="$(mktemp -d)"; PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
write_rows_json "$WORK/rows.json"
echo '{"inputs":[{"name":"features","shape":[1,2],"datatype":"FP64","data":[2778180.9523809524,71.89762115478516]}]}' \
  > "$WORK/row.json"

echo "machine: $(nproc) cores; $($JAVA -version 2>&1 | head -1); heap: $HEAP; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}; $ROUNDS rounds of $DURATION; endpoint $ENDPOINT at $CONNECTIONS connection(s); $(date -u +%FT%TZ)"
for round in $(seq "$ROUNDS"); do
  for build in old new; do
    dir=$([[ $build == old ]] && echo "$1" || echo "$2")
    $JAVA $HEAP --enable-native-access=ALL-UNNAMED -Dquarkus.http.port="$PORT" -jar "$dir/quarkus-run.jar" > "$WORK/service.log" 2>&1 &
    PID=$!
    wait_ready "http://127.0.0.1:$PORT"
    load 10s > /dev/null
    load "$DURATION" --latency > "$WORK/out"
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
    line="$round $build $(awk '$1=="50%" {p=$2} $1=="99%" {q=$2} /Requests\/sec/ {r=$2} END {print r, p, q}' "$WORK/out")"
    echo "$line" | tee -a "$WORK/all"
  done
done
for build in old new; do
  printf 'median %-4s %8.0f req/s  p50 %7.3f ms  p99 %7.3f ms\n' "$build" \
    "$(awk -v b=$build '$2==b {print $3}' "$WORK/all" | median)" \
    "$(awk -v b=$build '$2==b {print $4}' "$WORK/all" | ms | median)" \
    "$(awk -v b=$build '$2==b {print $5}' "$WORK/all" | ms | median)"
done
