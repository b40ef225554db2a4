#!/usr/bin/env bash
# In-process inference time of each committed model version (InferenceBenchmark, one intra-op thread,
# 3,000 warm-up calls, then the p50 and p99 of 5,000), for 1 row and for 1,000 rows, each version in
# its own JVM, RUNS times (default 2). No HTTP: this is what the model itself costs.
#   src/bench/inference.sh                  (from anywhere; compiles the tests if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${RUNS:-2}"
JAVA="${JAVA:-java}"
./mvnw -q test-compile dependency:build-classpath -pl src/service -am -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
S=src/service/target; CP="$S/classes:$S/test-classes:$(cat $S/bench-classpath.txt)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $($JAVA -version 2>&1 | head -1); $(date -u +%FT%TZ)"
for run in $(seq "$RUNS"); do
  for version in $(ls model/stock-volume | sort -n); do
    for rows in 1 1000; do
      printf 'run %d, version %s: ' "$run" "$version"
      $JAVA --enable-native-access=ALL-UNNAMED -cp "$CP" com.stockvolume.service.bench.InferenceBenchmark \
        "model/stock-volume/$version" "$rows" 2>/dev/null
    done
  done
done
