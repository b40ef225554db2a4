#!/usr/bin/env bash
# The AOT cache's training workload: every endpoint, including the error paths, a few hundred times, against the
# service at API base URL $1 and management base URL $2. Run by aot-cache.sh (the jar on the host) and by
# src/service/src/main/docker/build.sh with AOT=1 (the image).
set -euo pipefail
BASE="$1"; MANAGEMENT="$2"
ROWS='{"instances":[{"vol_moving_avg":2778180.9523809524,"adj_close_rolling_med":71.89762115478516},{"vol_moving_avg":9033.3,"adj_close_rolling_med":3.65}]}'
BARS='{"symbol":"AAPL","bars":[{"date":"2021-01-25","adj_close":142.92,"volume":157611700},{"date":"2021-01-26","adj_close":143.16,"volume":98390600},{"date":"2021-01-27","adj_close":142.06,"volume":140843800}]}'
INFER='{"inputs":[{"name":"features","shape":[1,2],"datatype":"FP64","data":[2778180.95,71.8976]}]}'
json=(-s -o /dev/null -H 'Content-Type: application/json')
for i in $(seq 300); do
  curl -s -o /dev/null "$BASE/predict?vol_moving_avg=$((1000 + i * 7919)).5&adj_close_rolling_med=$((i % 200)).25"
  curl "${json[@]}" -d "$ROWS" "$BASE/v1/predictions"
  if (( i % 3 == 0 )); then
    curl "${json[@]}" -d "$BARS" "$BASE/v1/predictions/from-bars"
    curl "${json[@]}" -d "$INFER" "$BASE/v2/models/stock-volume/infer"
    curl -s -o /dev/null "$BASE/predict?vol_moving_avg=abc&adj_close_rolling_med=1"
    curl "${json[@]}" -d '{"instances":[{"vol_moving_avg":-1}]}' "$BASE/v1/predictions"
  fi
  if (( i % 30 == 0 )); then
    for path in /ping /v1/models/stock-volume /v2 /v2/models/stock-volume /v2/health/ready; do
      curl -s -o /dev/null "$BASE$path"
    done
    for path in /q/health/live /q/health/ready /q/health/started /q/metrics; do
      curl -s -o /dev/null "$MANAGEMENT$path"
    done
  fi
done

