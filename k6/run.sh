#!/usr/bin/env bash
# Runs one k6 script against a running service and stores its results in k6/results/:
# <date>-<script>-<label>.json (k6's full summary), .md (the short summary) and .html (k6's web
# dashboard report). The JSON and Markdown of every run stay; of the HTML dashboards (~170 KB each)
# only the latest per script. Run from anywhere; the service must already be up.
#   k6/run.sh <script> <label> [k6 options...]      e.g.  k6/run.sh stress jvm17
# Env: BASE_URL (default http://localhost:8080), SERVICE_JAVA (the service's `java -version`, for
# the record), and each script's own variables (see its first lines).
set -euo pipefail
cd "$(dirname "$0")/.."
script="${1:?usage: k6/run.sh <script> <label>  (scripts: seed-scenarios stress spike soak batch overload forecast grpc)}"
label="${2:?a label that says how the service runs, e.g. jvm17 or jvm25-aot}"
shift 2
command -v k6 > /dev/null || { echo "k6 is not installed: see k6/README.md" >&2; exit 1; }
out="k6/results/$(date -u +%F)-$script-$label"
mkdir -p k6/results
export K6_WEB_DASHBOARD=true K6_WEB_DASHBOARD_HOST=127.0.0.1 K6_WEB_DASHBOARD_EXPORT="$out.html"
status=0
k6 run --quiet \
  -e LABEL="$label" \
  -e GIT_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo '?')" \
  -e K6_VERSION="$(k6 version | head -1)" \
  -e MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)" \
  -e SERVICE_JAVA="${SERVICE_JAVA:-?}" \
  "$@" "k6/$script.js" || status=$?
# the newest dashboard of this script stays; older ones go (their .json and .md stay)
ls -t k6/results/*-"$script"-*.html 2>/dev/null | tail -n +2 | xargs -r rm -f
exit "$status"
