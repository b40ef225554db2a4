#!/usr/bin/env bash
# A from-bars forecast of the largest size the service takes: 20,000 daily bars of one symbol and
# 1,000 requested dates, "model": "stock-volume-forecast", against the packaged jar on 127.0.0.1 (curl's
# time_total per request, after 20 warm-up requests; RUNS runs of 50 requests, medians). Target: well
# within a second.
#   src/bench/forecast-bars.sh          (from anywhere; packages the jar if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/common.sh
RUNS="${RUNS:-2}"; PORT="${PORT:-18093}"; JAVA="${JAVA:-java}"
HEAP="${HEAP:--Xms64m -Xmx64m -XX:+UseSerialGC}"
BASE="http://127.0.0.1:$PORT"
[[ -f src/service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q package -DskipTests
WORK="$(mktemp -d)"; PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
python3 - "$WORK/body.json" <<'PY'
import datetime, json, random, sys
random.seed(3)
day, bars, price = datetime.date(1950, 1, 2), [], 20.0
while len(bars) < 20000:
    if day.weekday() < 5:
        price *= 1 + 0.01 * random.gauss(0, 1)
        bars.append({"date": day.isoformat(), "adj_close": round(price, 4), "volume": random.randint(100000, 900000)})
    day += datetime.timedelta(days=1)
dates = [b["date"] for b in bars[-1000:]]
json.dump({"symbol": "BENCH", "model": "stock-volume-forecast", "bars": bars, "dates": dates}, open(sys.argv[1], "w"))
PY
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $($JAVA -version 2>&1 | head -1); heap: $HEAP; body $(du -k "$WORK/body.json" | cut -f1) KB; $(date -u +%FT%TZ)"
for run in $(seq "$RUNS"); do
  $JAVA $HEAP --enable-native-access=ALL-UNNAMED -Dquarkus.http.port="$PORT" -Dquarkus.management.port=$((PORT + 1)) \
    -jar src/service/target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
  PID=$!
  wait_ready "$BASE"
  post() { curl -s -o "$WORK/answer.json" -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/json' \
    --data-binary @"$WORK/body.json" "$BASE/v1/predictions/from-bars"; }
  for _ in $(seq 20); do post > /dev/null; done
  for _ in $(seq 50); do post; done > "$WORK/times.$run"
  python3 -c "import json,sys; a=json.load(open(sys.argv[1])); assert len(a['predictions']) == 1000 and a['model']['name'] == 'stock-volume-forecast', a" "$WORK/answer.json"
  awk '$1 != 200 {bad++} END {if (bad) {print bad " answers were not 200"; exit 1}}' "$WORK/times.$run"
  printf 'run %d: p50 %.1f ms, max %.1f ms (50 requests, 1,000 forecasts each)\n' "$run" \
    "$(awk '{print $2 * 1000}' "$WORK/times.$run" | median)" "$(awk '{print $2 * 1000}' "$WORK/times.$run" | sort -n | tail -1)"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done
