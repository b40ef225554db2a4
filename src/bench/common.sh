# Shared by the benchmark scripts (sourced, not run).

# The original API's query for the card's first sample row
QUERY="vol_moving_avg=2778180.9523809524&adj_close_rolling_med=71.89762115478516"

# Waits up to 20 s for the service at base URL $1 to answer ready (the Open Inference Protocol's
# readiness on the API port: the same model check as /q/health/ready on the management port)
wait_ready() { for _ in $(seq 100); do curl -fs "$1/v2/health/ready" > /dev/null && break; sleep 0.2; done; }

# A POST /v1/predictions body of 1,000 real rows (the card's 20 samples, cycled) into file $1
write_rows_json() {
  python3 - "$1" <<'PY'
import json, sys
samples = json.load(open("model/stock-volume/1/model-card.json"))["samples"]
rows = [{"vol_moving_avg": s["features"][0], "adj_close_rolling_med": s["features"][1]} for s in samples]
json.dump({"instances": [rows[i % len(rows)] for i in range(1000)]}, open(sys.argv[1], "w"))
PY
}

# wrk's durations (850.00us, 1.32ms, 2.01s) on stdin as milliseconds, one a line
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.3f\n", v}'; }

# The median of the numbers on stdin, one a line
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
