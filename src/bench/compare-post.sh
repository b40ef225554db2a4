#!/usr/bin/env bash
# Two builds of the service on one load (wrk on 127.0.0.1), alternated round by round so both see the
# same state of a shared, noisy machine. ENDPOINT: post, the 1,000-row POST /v1/predictions (at 1
# connection unless CONNECTIONS says otherwise); predict, GET /predict's real row; v2-row, one real
# row in an Open Inference Protocol JSON request (POST /v2/models/stock-volume/infer); grpc-row, the same row
# over gRPC (ModelInfer, typed FP64 contents; grpcload, built here with Go from src/bench/peers/grpcload, checks
# every answer against the bytes the first build answered over curl); the last three at 64 calls in flight
# unless CONNECTIONS says otherwise; forecast-dag, a from-bars forecast as Airflow's daily
# task asks it (40 bars, tomorrow), and forecast-backtest (2,000 bars, the last 250 dates), the shapes
# of k6/forecast.js, at 4 connections. Each start is
# fresh and warmed up for 10 s before DURATION is measured; the first build alternates (old new, new old,
# ...); medians of the rounds printed last.
#   src/bench/compare-post.sh OLD_APP_DIR NEW_APP_DIR        (folders holding quarkus-run.jar)
# e.g. for the commit before yours:
#   git worktree add /tmp/old HEAD~1 && (cd /tmp/old && ./mvnw -q package -DskipTests)
#   cp -r /tmp/old/src/service/target/quarkus-app /tmp/app-old && git worktree remove --force /tmp/old
#   ./mvnw -q package -DskipTests && src/bench/compare-post.sh /tmp/app-old src/service/target/quarkus-app
# Env: ROUNDS=3 DURATION=20s HEAP="-Xms64m -Xmx64m -XX:+UseSerialGC" JAVA=java PORT=18080 ENDPOINT=post
#      CONNECTIONS=1 (post), 4 (forecast-*) or 64 (predict, v2-row); OLD_OPTS, NEW_OPTS: more options for
#      one side only (e.g. NEW_OPTS=-Dmodel.policy.stock-volume-forecast=1 to serve forecast version 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
[[ $# -eq 2 ]] || { sed -n '2,19p' "$0" >&2; exit 2; }
ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-20s}"; HEAP="${HEAP:--Xms64m -Xmx64m -XX:+UseSerialGC}"
JAVA="${JAVA:-java}"; PORT="${PORT:-18080}"; URL="http://127.0.0.1:$PORT/v1/predictions"
ENDPOINT="${ENDPOINT:-post}"
case "$ENDPOINT" in post) DEFAULT_CONNECTIONS=1 ;; forecast-*) DEFAULT_CONNECTIONS=4 ;; *) DEFAULT_CONNECTIONS=64 ;; esac
CONNECTIONS="${CONNECTIONS:-$DEFAULT_CONNECTIONS}"; THREADS=$(( CONNECTIONS < 2 ? 1 : 2 ))   # wrk needs a connection a thread
load() { # duration [--latency]: the chosen endpoint's load
  case "$ENDPOINT" in
    predict) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" ${2:-} "http://127.0.0.1:$PORT/predict?$QUERY" ;;
    v2-row) BODY_FILE="$WORK/row.json" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" ${2:-} -s src/bench/post-rows.lua \
              "http://127.0.0.1:$PORT/v2/models/stock-volume/infer" ;;
    grpc-row) "$WORK/grpcload" -addr "127.0.0.1:$PORT" -request "$WORK/row.grpc" -expect "$WORK/row.grpc-answer" \
              -c "$CONNECTIONS" -d "$1" ;;
    forecast-*) BODY_FILE="$WORK/$ENDPOINT.json" wrk -t1 -c"$CONNECTIONS" -d"$1" ${2:-} -s src/bench/post-rows.lua \
              "http://127.0.0.1:$PORT/v1/predictions/from-bars" ;;
    *) BODY_FILE="$WORK/rows.json" wrk -t1 -c"$CONNECTIONS" -d"$1" ${2:-} -s src/bench/post-rows.lua "$URL" ;;
  esac
}
WORK="$(mktemp -d)"; PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
write_rows_json "$WORK/rows.json"
echo '{"inputs":[{"name":"features","shape":[1,2],"datatype":"FP64","data":[2778180.9523809524,71.89762115478516]}]}' \
  > "$WORK/row.json"
python3 - "$WORK" <<'PY'
import datetime, json, random, sys
random.seed(7)
def bars(n):  # n weekday bars ending 2021-01-27, a random walk of price and volume
    day, out, price = datetime.date(2021, 1, 27), [], 50.0
    while len(out) < n:
        if day.weekday() < 5:
            out.append({"date": day.isoformat(), "adj_close": round(price, 4), "volume": random.randint(500000, 3000000)})
            price *= 1 + 0.01 * random.gauss(0, 1)
        day -= datetime.timedelta(days=1)
    return out[::-1]
json.dump({"symbol": "DAG", "model": "stock-volume-forecast", "bars": bars(40)}, open(sys.argv[1] + "/forecast-dag.json", "w"))
b = bars(2000)
json.dump({"symbol": "BT", "model": "stock-volume-forecast", "bars": b, "dates": [x["date"] for x in b[-250:]]},
          open(sys.argv[1] + "/forecast-backtest.json", "w"))
PY

if [[ $ENDPOINT == grpc-row ]]; then
  (cd src/bench/peers/grpcload && go build -o "$WORK/grpcload" .)
  # the row as a serialized ModelInferRequest (protobuf written by hand: model_name 1, inputs 5 {name 1,
  # datatype 2, shape 3, contents 5 {fp64_contents 7}}), and framed for curl (gRPC's 5-byte prefix)
  python3 - "$WORK" <<'PY'
import struct, sys
def field(number, payload): return bytes([number << 3 | 2]) + varint(len(payload)) + payload
def varint(n):
    out = b""
    while n > 0x7F: out, n = out + bytes([n & 0x7F | 0x80]), n >> 7
    return out + bytes([n])
contents = field(7, struct.pack("<2d", 2778180.9523809524, 71.89762115478516))
tensor = field(1, b"features") + field(2, b"FP64") + field(3, varint(1) + varint(2)) + field(5, contents)
request = field(1, b"stock-volume") + field(5, tensor)
open(sys.argv[1] + "/row.grpc", "wb").write(request)
open(sys.argv[1] + "/row.grpc-framed", "wb").write(b"\0" + struct.pack(">I", len(request)) + request)
PY
fi

echo "machine: $(nproc) cores; $($JAVA -version 2>&1 | head -1); heap: $HEAP; old: ${OLD_OPTS:-} new: ${NEW_OPTS:-}; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}; $ROUNDS rounds of $DURATION; endpoint $ENDPOINT at $CONNECTIONS connection(s); $(date -u +%FT%TZ)"
for round in $(seq "$ROUNDS"); do
  # ABBA: the build that goes first alternates, so neither always meets the machine in the same state
  order=$( (( round % 2 )) && echo "old new" || echo "new old")
  for build in $order; do
    dir=$([[ $build == old ]] && echo "$1" || echo "$2")
    opts=$([[ $build == old ]] && echo "${OLD_OPTS:-}" || echo "${NEW_OPTS:-}")
    # shellcheck disable=SC2086 # HEAP and the options are lists of options
    $JAVA $HEAP $opts --enable-native-access=ALL-UNNAMED -Dquarkus.http.port="$PORT" -jar "$dir/quarkus-run.jar" > "$WORK/service.log" 2>&1 &
    PID=$!
    wait_ready "http://127.0.0.1:$PORT"
    if [[ $ENDPOINT == grpc-row && ! -s "$WORK/row.grpc-answer" ]]; then # the first build's answer, which every answer must equal
      curl -fs --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
        --data-binary @"$WORK/row.grpc-framed" "http://127.0.0.1:$PORT/inference.GRPCInferenceService/ModelInfer" \
        | tail -c +6 > "$WORK/row.grpc-answer"
    fi
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
