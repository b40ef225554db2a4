#!/usr/bin/env bash
# Trainer benchmark: feature computation and training on the full dataset, each run RUNS times
# (default 2), with the median; and whether every training run wrote the same model.onnx bytes.
# Figures go to src/trainer/README.md by hand, with the machine.
#   RUNS=3 src/bench/trainer.sh [DATASET] [ORIGINAL_MODEL]   (from the repository root; builds the jar if needed)
# The I/O floor is reading every price file with cat, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${1:-../shared/data/stock-market-dataset}"
ORIGINAL="${2:-../shared/seed/seed_model_lgbm.txt}"
RUNS="${RUNS:-2}"
JAR=src/trainer/target/stock-volume-trainer.jar
[[ -f "$JAR" ]] || ./mvnw -q package -pl src/trainer -am -DskipTests
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
timed() { # prints "seconds maxRSS_kB" of a command
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > /dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr"; exit 1; }
  cat "$WORK/time"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(date -u +%F)"
for i in $(seq "$RUNS"); do
  timed sh -c "cat '$DATA'/stocks/*.csv '$DATA'/etfs/*.csv" >> "$WORK/floor"
  timed java -jar "$JAR" features --data "$DATA" --out /dev/null >> "$WORK/features"
  rm -rf "$WORK/repo"
  timed java -jar "$JAR" train --data "$DATA" --original "$ORIGINAL" --repository "$WORK/repo" >> "$WORK/train"
  sha256sum "$WORK/repo/stock-volume/1/model.onnx" | cut -c1-64 >> "$WORK/sha256"
done
rows=$(java -jar "$JAR" features --data "$DATA" --out - 2>/dev/null | tail -n +2 | wc -l)
printf 'rows: %d\n' "$rows"
printf 'I/O floor (cat all CSVs): median %.2f s\n' "$(cut -d' ' -f1 "$WORK/floor" | median)"
printf 'features (all rows, CSV to /dev/null): median %.2f s wall, %.0f MB max RSS; runs: %s\n' \
  "$(cut -d' ' -f1 "$WORK/features" | median)" "$(cut -d' ' -f2 "$WORK/features" | median | awk '{print $1/1024}')" \
  "$(cut -d' ' -f1 "$WORK/features" | tr '\n' ' ')"
printf 'train (features, split, 100 rounds, export, parity, scoring the original): median %.2f s wall, %.0f MB max RSS; runs: %s\n' \
  "$(cut -d' ' -f1 "$WORK/train" | median)" "$(cut -d' ' -f2 "$WORK/train" | median | awk '{print $1/1024}')" \
  "$(cut -d' ' -f1 "$WORK/train" | tr '\n' ' ')"
printf 'model.onnx of the %d training runs: %s\n' "$RUNS" \
  "$(sort -u "$WORK/sha256" | awk 'END {print (NR == 1) ? "byte-identical, sha256 " $1 : NR " different files"}')"
# Memory is bounded by one symbol, not the dataset: the whole dataset streams through a 32 MB heap.
printf 'features with -Xmx32m: %s\n' "$(timed java -Xmx32m -jar "$JAR" features --data "$DATA" --out /dev/null | awk '{printf "%.2f s wall, %.0f MB max RSS", $1, $2/1024}')"
