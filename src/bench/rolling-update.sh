#!/usr/bin/env bash
# Rolling update behind a load balancer (issue 17; docs/scale-out.md): three packaged instances behind
# HAProxy (Debian package `haproxy`), which routes only to instances whose /q/health/ready answers 200,
# as a Kubernetes Service routes only to ready pods. Under load (wrk: GET /predict on 4 connections and
# 100-row POST /v1/predictions on 2, through HAProxy, for the whole run), it
#   1. replaces the instances one at a time as a Deployment's rolling update does (maxUnavailable 1):
#      SIGTERM (each instance drains as in the pod: QUARKUS_SHUTDOWN_DELAY=5s), a new instance on the
#      same ports, wait until it is ready, then the next;
#   2. rolls model version 2 out to all three by publishing it into their shared repository, which each
#      instance finds by polling (model.poll-interval), and times when each one serves it.
# Passes when wrk saw no non-2xx answer and no socket error, and every instance served version 2
# within the poll interval plus 5 s. Everything listens on 127.0.0.1.
#   src/bench/rolling-update.sh                 (from the repository root; builds the jar if needed)
# Env: DURATION=180s POLL=5 HEAP="-Xms64m -Xmx64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError" JAVA=java
#      BASE_PORT=18100 (HAProxy; instances +1..+3, their management ports 19101..19103, stats 18199)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
DURATION="${DURATION:-180s}"; POLL="${POLL:-5}"; JAVA="${JAVA:-java}"
HEAP="${HEAP:--Xms64m -Xmx64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}"
BASE_PORT="${BASE_PORT:-18100}"; MANAGEMENT_BASE=$((BASE_PORT + 1000)); STATS_PORT=$((BASE_PORT + 99))
for tool in haproxy wrk curl python3; do
  command -v "$tool" > /dev/null || { echo "$tool is not installed (apt-get install haproxy wrk)" >&2; exit 1; }
done
[[ -f src/service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q package -DskipTests
WORK="$(mktemp -d)"
declare -A PID=()
cleanup() {
  for p in "${PID[@]}"; do kill "$p" 2> /dev/null || true; done
  jobs -p | xargs -r kill 2> /dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }

# The instances share one repository, as pods share a mounted volume: version 1 now, 2 published later
REPOSITORY="$WORK/model"
mkdir -p "$REPOSITORY/stock-volume"
cp -r model/stock-volume/1 "$REPOSITORY/stock-volume/1"
cp -r model/stock-volume-forecast "$REPOSITORY/stock-volume-forecast"
python3 - "$WORK/rows.json" <<'PY'
import json, sys
samples = json.load(open("model/stock-volume/1/model-card.json"))["samples"]
rows = [{"vol_moving_avg": s["features"][0], "adj_close_rolling_med": s["features"][1]} for s in samples]
json.dump({"instances": [rows[i % len(rows)] for i in range(100)]}, open(sys.argv[1], "w"))
PY

start() { # instance number 1..3, generation
  # shellcheck disable=SC2086
  QUARKUS_SHUTDOWN_DELAY=5s MALLOC_ARENA_MAX=2 "$JAVA" $HEAP \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$((BASE_PORT + $1)) \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port=$((MANAGEMENT_BASE + $1)) \
    -Dmodel.repository="$REPOSITORY" -Dmodel.poll-interval="${POLL}s" \
    -jar src/service/target/quarkus-app/quarkus-run.jar > "$WORK/instance-$1-$2.log" 2>&1 &
  PID[$1]=$!
}
ready() { # instance number: waits up to 60 s
  for _ in $(seq 300); do
    curl -fs "http://127.0.0.1:$((MANAGEMENT_BASE + $1))/q/health/ready" > /dev/null && return 0
    sleep 0.2
  done
  echo "instance $1 was not ready within 60 s" >&2; return 1
}
version() { # the stock-volume version instance $1 serves by default (its model_info series)
  curl -fs "http://127.0.0.1:$((MANAGEMENT_BASE + $1))/q/metrics" 2> /dev/null \
    | sed -n 's/^model_info{name="stock-volume",sha256="[0-9a-f]*",version="\([0-9]*\)"}.*/\1/p' | sort -n | tail -1
}

# the balancer's configuration is shared with the container suite; its ports come from the environment
export FRONT_PORT="$BASE_PORT" STATS_PORT
for i in 1 2 3; do export "R${i}_PORT=$((BASE_PORT + i))" "R${i}_MANAGEMENT=$((MANAGEMENT_BASE + i))"; done

echo "== $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $("$JAVA" -version 2>&1 | head -1)"
echo "== $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(haproxy -v | head -1); $(wrk -v 2>&1 | head -1)"
for i in 1 2 3; do start "$i" 0; done
for i in 1 2 3; do ready "$i"; done
haproxy -db -f src/bench/haproxy-replicas.cfg > "$WORK/haproxy.log" 2>&1 &
PID[haproxy]=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$BASE_PORT/v2/health/ready" > /dev/null && break; sleep 0.2; done
echo "three instances ready, serving stock-volume version $(version 1) $(version 2) $(version 3); load for $DURATION"

wrk -t1 -c4 -d"$DURATION" --timeout 10s "http://127.0.0.1:$BASE_PORT/predict?$QUERY" > "$WORK/wrk-get.txt" 2>&1 &
WRK_GET=$!
BODY_FILE="$WORK/rows.json" wrk -t1 -c2 -d"$DURATION" --timeout 10s -s src/bench/rolling-post.lua \
  "http://127.0.0.1:$BASE_PORT/v1/predictions" > "$WORK/wrk-post.txt" 2>&1 &
WRK_POST=$!
START="$(now)"
sleep 10

echo "== 1. rolling restart, one instance at a time"
for i in 1 2 3; do
  t0="$(now)"
  kill -TERM "${PID[$i]}"
  for _ in $(seq 400); do kill -0 "${PID[$i]}" 2> /dev/null || break; sleep 0.1; done
  if kill -0 "${PID[$i]}" 2> /dev/null; then echo "instance $i did not exit within 40 s" >&2; exit 1; fi
  stopped="$(since "$t0")"
  start "$i" 1
  ready "$i"
  echo "t=$(since "$START") s: instance $i drained and exited in $stopped s; its replacement ready $(since "$t0") s after SIGTERM"
  sleep 5
done

echo "== 2. model roll-out: version 2 published into the shared repository (poll interval ${POLL} s)"
cp -r model/stock-volume/2 "$REPOSITORY/stock-volume/.incoming-2"
PUBLISHED="$(date '+%F %T.%N')"
mv "$REPOSITORY/stock-volume/.incoming-2" "$REPOSITORY/stock-volume/2"   # appears whole, as a DAG publishes it
# wait (up to 60 s) until every instance serves it, then take each one's moment from its own log, which
# a busy machine does not delay as it delays this script's polling of three instances
for _ in $(seq 600); do
  [[ "$(version 1) $(version 2) $(version 3)" == "2 2 2" ]] && break
  sleep 0.1
done
echo "serving now: $(version 1) $(version 2) $(version 3)"
LIMIT=$((POLL + 5))
ROLLOUT_OK=1
for i in 1 2 3; do
  line="$(grep -h "model stock-volume: serving versions \[2\]" "$WORK/instance-$i-1.log" | head -1)"
  after="$(python3 -c '
import datetime, sys
published = datetime.datetime.strptime(sys.argv[1][:26], "%Y-%m-%d %H:%M:%S.%f")
served = datetime.datetime.strptime(sys.argv[2][:23], "%Y-%m-%d %H:%M:%S,%f") if sys.argv[2] else None
print(f"{(served - published).total_seconds():.1f}" if served else "never")' "$PUBLISHED" "$line")"
  echo "instance $i serves version 2 ${after} s after it was published (limit $LIMIT s)"
  if [[ "$after" == "never" ]] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)" "$after" "$LIMIT"; then
    ROLLOUT_OK=0
  fi
done

echo "== waiting for the load to end"
wait "$WRK_GET" "$WRK_POST" || true
echo "-- GET /predict (4 connections)"; cat "$WORK/wrk-get.txt"
echo "-- POST /v1/predictions, 100 rows (2 connections)"; cat "$WORK/wrk-post.txt"
echo "-- HAProxy, per instance: requests, 2xx, 5xx (its own and the instances'), times taken out of / back into rotation"
curl -fs "http://127.0.0.1:$STATS_PORT/stats;csv" | python3 -c '
import csv, sys
rows = list(csv.DictReader(line.lstrip("# ") for line in sys.stdin))
for r in rows:
    if r["pxname"] == "replicas":
        print("%-8s requests %8s  2xx %8s  5xx %3s  taken out %2s times  now %s"
              % (r["svname"], r["stot"], r["hrsp_2xx"], r["hrsp_5xx"], r["chkdown"], r["status"]))'
OOM="$(cat "$WORK"/instance-*.log | grep -c OutOfMemoryError || true)"
echo "OutOfMemoryError in the instances' logs: $OOM"

failures=0
for f in "$WORK/wrk-get.txt" "$WORK/wrk-post.txt"; do
  if grep -q -E "Non-2xx|Socket errors" "$f"; then failures=1; fi
  grep -q "requests in" "$f" || failures=1
done
if (( failures == 0 && ROLLOUT_OK == 1 && OOM == 0 )); then
  echo "PASS: no failed request through three restarts and a model roll-out; version 2 everywhere within $LIMIT s"
else
  echo "FAIL: see above"; exit 1
fi
