#!/usr/bin/env bash
# The pod's filesystem, on this machine (issue 17; docs/deployment.md): the packaged service run as a
# non-root user on a read-only root filesystem with only /tmp writable (a fresh tmpfs, as the pod's
# emptyDir), ONNX Runtime's libraries loaded from their folder (-Donnxruntime.native.path) and the
# image's JVM options. No container engine runs here, so a private mount namespace (unshare, as root)
# stands in for the container. Passes when the service gets ready, answers GET /predict, a batch, an
# Open Inference Protocol request and a from-bars forecast, and shuts down cleanly on SIGTERM.
#   sudo src/bench/read-only-root.sh            (from the repository root; needs a packaged jar)
# Env: PORT=18300 (management: PORT + 1000), RUN_AS=nobody
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ $EUID -eq 0 ]] || { echo "run as root: it needs a private mount namespace" >&2; exit 1; }
[[ -f src/service/target/quarkus-app/quarkus-run.jar && -d src/service/target/onnxruntime-native ]] || { echo "./mvnw package first" >&2; exit 1; }
PORT="${PORT:-18300}"; MANAGEMENT_PORT=$((PORT + 1000)); RUN_AS="${RUN_AS:-nobody}"
JAVA="$(readlink -f "$(command -v java)")"
exec unshare --mount --propagation private bash -s -- "$PWD" "$PORT" "$MANAGEMENT_PORT" "$RUN_AS" "$JAVA" <<'INSIDE'
set -euo pipefail
app="$1"; port="$2"; management="$3"; user="$4"; java="$5"
mount -t tmpfs -o size=32m,mode=1777 tmpfs /tmp           # the pod's emptyDir
mount -o remount,bind,ro /                                  # the read-only root filesystem
if touch "$app/written-by-the-check" 2> /dev/null; then echo "FAIL: the root filesystem is writable" >&2; exit 1; fi
echo "== $(date -u +%FT%TZ), $("$java" -version 2>&1 | head -1), as $user; writable: only /tmp ($(findmnt -n -o FSTYPE /tmp))"
cd "$app"
setpriv --reuid="$(id -u "$user")" --regid="$(id -g "$user")" --clear-groups --no-new-privs \
  env QUARKUS_SHUTDOWN_DELAY=1s MALLOC_ARENA_MAX=2 "$java" -Xms64m -Xmx64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
  --enable-native-access=ALL-UNNAMED -Donnxruntime.native.path="$app/src/service/target/onnxruntime-native" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Dquarkus.management.host=127.0.0.1 \
  -Dquarkus.management.port="$management" -Dmodel.repository="$app/model" -jar src/service/target/quarkus-app/quarkus-run.jar \
  > /tmp/service.log 2>&1 &
pid=$!
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$management/q/health/ready" > /dev/null && break; sleep 0.2; done
status=0
check() { # name, then curl arguments; the answer must be 200
  local code; code="$(curl -s -o /tmp/answer -w '%{http_code}' "${@:2}")"
  if [[ "$code" == 200 ]]; then echo "ok   $1: $(head -c 120 /tmp/answer)"; else echo "FAIL $1: $code $(head -c 300 /tmp/answer)"; status=1; fi
}
check "ready" "http://127.0.0.1:$management/q/health/ready"
check "GET /predict" "http://127.0.0.1:$port/predict?vol_moving_avg=2778180.95&adj_close_rolling_med=71.8976"
check "POST /v1/predictions" -H 'Content-Type: application/json' \
  -d '{"instances":[{"vol_moving_avg":2778180.95,"adj_close_rolling_med":71.8976}]}' "http://127.0.0.1:$port/v1/predictions"
check "POST /v2/models/stock-volume/infer" -H 'Content-Type: application/json' \
  -d '{"inputs":[{"name":"features","shape":[1,2],"datatype":"FP64","data":[2778180.95,71.8976]}]}' \
  "http://127.0.0.1:$port/v2/models/stock-volume/infer"
check "from-bars forecast" -H 'Content-Type: application/json' -d '{"symbol":"X","model":"stock-volume-forecast",
  "dates":["2021-01-28"],"bars":[{"date":"2021-01-26","adj_close":143.16,"volume":98390600},
  {"date":"2021-01-27","adj_close":142.06,"volume":140843800}]}' "http://127.0.0.1:$port/v1/predictions/from-bars"
kill -TERM "$pid"; wait "$pid" || true
errors="$(grep -c -E 'ERROR|Read-only file system|AccessDenied' /tmp/service.log || true)"
echo "written to /tmp: $(du -sh /tmp | cut -f1); errors in the log: $errors"
grep -E 'ERROR|Read-only file system|AccessDenied' /tmp/service.log | head -5 || true
if [[ $status -eq 0 && $errors -eq 0 ]]; then echo "PASS"; else echo "FAIL"; cat /tmp/service.log | tail -20; exit 1; fi
INSIDE
