#!/usr/bin/env bash
# Resident memory of the packaged service across 50 hot reloads that swap model versions 1 and 2
# (version 2: the committed model/stock-volume/2), with GET /predict traffic running the whole time (wrk, 4
# connections). A session that was not closed, or a copy of a model kept alive, grows the RSS by
# the model's native size on every swap. Prints VmRSS after 0, 10, ..., 50 reloads, per run, and
# the growth from reload 10 to 50 (the first reloads still warm the JIT and the allocator).
#   src/bench/reload-memory.sh        (from the repository root; builds the jar if needed)
# Env: RUNS=2 RELOADS=50 HEAP="-Xms64m -Xmx64m -XX:+UseSerialGC" JAVA=java PORT=18085
# MALLOC_ARENA_MAX is passed through to the service.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
RUNS="${RUNS:-2}"; RELOADS="${RELOADS:-50}"; JAVA="${JAVA:-java}"; PORT="${PORT:-18085}"
HEAP="${HEAP:--Xms64m -Xmx64m -XX:+UseSerialGC}"
BASE="http://127.0.0.1:$PORT"; TOKEN="bench-$RANDOM$RANDOM"
command -v wrk > /dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
[[ -f src/service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q package -DskipTests
WORK="$(mktemp -d)"; PID=""; LOAD=""
trap '[[ -n "$LOAD" ]] && kill "$LOAD" 2>/dev/null; [[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
REPO="$WORK/repository"; MODEL="$REPO/stock-volume"
mkdir -p "$MODEL" && cp -r model/stock-volume/1 "$MODEL/1"
SECOND=model/stock-volume/2
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$PID/status"; }
reload() {
  curl -fs -X POST -H "Authorization: Bearer $TOKEN" "$BASE/admin/models/stock-volume/reload" > "$WORK/reload.json" \
    || { echo "reload failed: $(cat "$WORK/reload.json")" >&2; exit 1; }
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $($JAVA -version 2>&1 | head -1); heap: $HEAP; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}; $RELOADS reloads; $(date -u +%FT%TZ)"
for run in $(seq "$RUNS"); do
  rm -rf "$MODEL/2"
  ADMIN_TOKEN="$TOKEN" $JAVA $HEAP --enable-native-access=ALL-UNNAMED -Dquarkus.http.port="$PORT" \
    -Dmodel.repository="$REPO" -jar src/service/target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
  PID=$!
  wait_ready "$BASE"
  wrk -t1 -c4 -d10s "$BASE/predict?$QUERY" > /dev/null   # warm-up
  wrk -t1 -c4 -d600s "$BASE/predict?$QUERY" > "$WORK/load.$run" &
  LOAD=$!
  line="run $run: reloads 0: $(rss) MB"
  for i in $(seq "$RELOADS"); do
    if (( i % 2 )); then cp -r "$SECOND" "$MODEL/.2.tmp" && mv "$MODEL/.2.tmp" "$MODEL/2"; else rm -rf "$MODEL/2"; fi
    reload
    (( i % 10 == 0 )) && line+=", $i: $(rss) MB"
  done
  kill -INT "$LOAD"; wait "$LOAD" 2>/dev/null || true; LOAD=""
  echo "$line"; echo "$line" >> "$WORK/all"
  echo "  traffic during the reloads: $(awk '/requests in/ {print $1, "requests"} /Non-2xx|Socket errors/ {print}' "$WORK/load.$run" | paste -sd ';')"
  grep -c "loaded from" "$WORK/service.log" | xargs echo "  versions loaded:"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done
growth=$(awk -F'[:,] ' '{for (i=1;i<=NF;i++) {if ($i ~ /^10$/) a=$(i+1); if ($i ~ /^'"$RELOADS"'$/) b=$(i+1)}; sub(/ MB/,"",a); sub(/ MB/,"",b); print b-a}' "$WORK/all" | median)
echo "median growth of resident memory from reload 10 to $RELOADS: $growth MB"
