#!/usr/bin/env bash
# Start-up and memory of the service's images against the same jar on the host (issue 39; docs/deployment.md,
# "Containers"). Per configuration, RUNS runs, medians:
#   ready   milliseconds from `docker run` (the host: the java launch) to the first 200 of GET /predict on 8080
#   idle    after a warm-up (5 s of GET /predict at 4 connections, 20 POSTs of 1,000 rows) and 5 s of rest: the
#           JVM's resident memory (VmRSS) and, for a container, its cgroup's memory usage (page cache included)
#   load    the same, 10 s into 20 s of GET /predict at 64 connections and 1,000-row POSTs at 4 (wrk)
# Containers run as the Deployment runs them (--read-only --tmpfs /tmp --user 1001 --cap-drop ALL --security-opt
# no-new-privileges --memory 384m, ports on 127.0.0.1); the host runs the jar with the JVM options of the first image
# (its JDK_JAVA_OPTIONS, paths made local) and `java` on the PATH.
#   src/bench/container-startup.sh IMAGE...          (from the repository root, after ./mvnw package and build.sh)
# Env: RUNS=3 PORT=18400 (management: PORT + 1000) DOCKER=docker HOST_JAR=1 (0: the images only)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=common.sh
source src/bench/common.sh
(( $# )) || { echo "usage: $0 IMAGE..." >&2; exit 1; }
RUNS="${RUNS:-3}"; PORT="${PORT:-18400}"; MANAGEMENT_PORT=$((PORT + 1000)); DOCKER="${DOCKER:-docker}"
BASE="http://127.0.0.1:$PORT"
command -v wrk > /dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
WORK="$(mktemp -d)"; PID=""; CONTAINER=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; [[ -n "$CONTAINER" ]] && "$DOCKER" rm -f "$CONTAINER" > /dev/null 2>&1; jobs -p | xargs -r kill 2>/dev/null; rm -rf "$WORK"' EXIT
write_rows_json "$WORK/rows.json"
OPTIONS="$("$DOCKER" image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$1" | sed -n 's/^JDK_JAVA_OPTIONS=//p' \
  | sed "s|/deployments/onnxruntime|$PWD/src/service/target/onnxruntime-native|; s|-XX:AOTCache=[^ ]*||; s|-Dquarkus.http.host=0.0.0.0||")"

rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
cgroup_mb() { # the container's memory usage (cgroup v1 or v2), "-" for the host
  local id="$1" f
  for f in "/sys/fs/cgroup/memory/docker/$id/memory.usage_in_bytes" "/sys/fs/cgroup/docker/$id/memory.current" \
           "/sys/fs/cgroup/system.slice/docker-$id.scope/memory.current"; do
    [[ -f $f ]] && { awk '{printf "%.1f", $1/1048576}' "$f"; return; }
  done
  echo "-"
}
start() { # config: sets PID (the JVM's pid on this host) and CONTAINER
  if [[ $1 == host ]]; then
    # shellcheck disable=SC2086
    MALLOC_ARENA_MAX=2 java $OPTIONS -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" -Dquarkus.management.host=127.0.0.1 \
      -Dquarkus.management.port="$MANAGEMENT_PORT" -Dmodel.repository="$PWD/model" \
      -jar src/service/target/quarkus-app/quarkus-run.jar > "$WORK/log" 2>&1 &
    PID=$!
  else
    CONTAINER="$("$DOCKER" run -d --read-only --tmpfs /tmp --user 1001 --cap-drop ALL --security-opt no-new-privileges \
      --memory 384m --memory-swap 384m -e JAVA_TOOL_OPTIONS=-XX:+ExitOnOutOfMemoryError -e QUARKUS_SHUTDOWN_DELAY=5s \
      -p "127.0.0.1:$PORT:8080" -p "127.0.0.1:$MANAGEMENT_PORT:9000" "$1")"
    PID="$("$DOCKER" inspect -f '{{.State.Pid}}' "$CONTAINER")"
  fi
}
stop() {
  if [[ -n $CONTAINER ]]; then "$DOCKER" rm -f "$CONTAINER" > /dev/null; CONTAINER=""; else kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  PID=""
}

CONFIGS=("$@"); [[ "${HOST_JAR:-1}" == 1 ]] && CONFIGS+=(host)
echo "== $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores; host: $(java -version 2>&1 | head -1); $("$DOCKER" version -f 'engine {{.Server.Version}}' 2>/dev/null)"
echo "host JVM options (the first image's): $OPTIONS"
for config in "${CONFIGS[@]}"; do
  [[ $config == host ]] || echo "$config: $("$DOCKER" image inspect -f '{{.Size}}' "$config" | awk '{printf "%.1f MB", $1/1e6}')"
  for run in $(seq "$RUNS"); do
    began=$(date +%s%N)
    start "$config"
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/predict?$QUERY")" == 200 ]]; do
      if [[ -n $CONTAINER ]]; then [[ "$("$DOCKER" inspect -f '{{.State.Running}}' "$CONTAINER")" == true ]] || { "$DOCKER" logs "$CONTAINER" >&2; exit 1; }
      else kill -0 "$PID" 2>/dev/null || { cat "$WORK/log" >&2; exit 1; }; fi
      sleep 0.01
    done
    ready_ms=$(( ($(date +%s%N) - began) / 1000000 ))
    wrk -t1 -c4 -d5s "$BASE/predict?$QUERY" > /dev/null
    for _ in $(seq 20); do curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @"$WORK/rows.json" "$BASE/v1/predictions"; done
    sleep 5
    idle_rss="$(rss_mb "$PID")"; idle_cg="$(cgroup_mb "${CONTAINER:-none}")"
    wrk -t1 -c64 -d20s "$BASE/predict?$QUERY" > "$WORK/get.txt" &
    get=$!
    BODY_FILE="$WORK/rows.json" wrk -t1 -c4 -d20s -s src/bench/overload.lua "$BASE/v1/predictions" > "$WORK/post.txt" &
    post=$!
    sleep 10
    load_rss="$(rss_mb "$PID")"; load_cg="$(cgroup_mb "${CONTAINER:-none}")"
    wait "$get" "$post"
    gets="$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/get.txt")"
    stop
    echo "  run $run: ready ${ready_ms} ms; idle RSS ${idle_rss} MB (cgroup ${idle_cg}); under load RSS ${load_rss} MB (cgroup ${load_cg}), GET /predict ${gets}/s"
    echo "$config $ready_ms $idle_rss $idle_cg $load_rss $load_cg $gets" >> "$WORK/all"
  done
done
echo "medians over $RUNS runs:"
for config in "${CONFIGS[@]}"; do
  col() { awk -v c="$config" -v k="$1" '$1==c {print $k}' "$WORK/all" | { [[ $config == host && ( $1 == 4 || $1 == 6 ) ]] && echo "-" || median; }; }
  printf '  %-55s ready %5s ms  idle RSS %6s MB (cgroup %6s)  load RSS %6s MB (cgroup %6s)  GET %6s/s\n' \
    "$config" "$(col 2)" "$(col 3)" "$(col 4)" "$(col 5)" "$(col 6)" "$(col 7)"
done
