"""The chart of a peers.sh run: requests/s with one row and rows/s with 1,000 rows per server and
protocol (medians of the run), one PNG. Usage: chart.py MEDIANS OUT.png SUBTITLE
MEDIANS holds peers.sh's lines: server load req/s rows/s p50 p99 wrong errors rss_mb."""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PANELS = (  # (title, column, loads drawn in it, scale)
    ("one row a request: requests/s (log scale)", 2, ("1-row", "grpc-1-row", "get-predict"), "log"),
    ("1,000 rows a request: rows/s", 3, ("1000-rows", "grpc-1000-rows"), "linear"),
)
NAMES = {
    "1-row": "REST JSON (BentoML: its API)",
    "grpc-1-row": "gRPC",
    "get-predict": "GET /predict (original API)",
    "1000-rows": "REST JSON (BentoML: its API)",
    "grpc-1000-rows": "gRPC",
}


def main(medians_file: str, out: str, subtitle: str) -> None:
    rows = [line.split() for line in open(medians_file) if line.strip()]
    figure, axes = plt.subplots(1, len(PANELS), figsize=(14, 5.5))
    for axis, (title, column, loads, scale) in zip(axes, PANELS, strict=True):
        drawn = sorted((r for r in rows if r[1] in loads), key=lambda r: (r[0] != "ours", r[0]))
        servers = list(dict.fromkeys(r[0] for r in drawn))
        width = 0.8 / len(loads)
        for i, load in enumerate(loads):
            values = {r[0]: float(r[column]) for r in rows if r[1] == load}
            xs = [s for s in range(len(servers)) if servers[s] in values]
            bars = axis.bar(
                [x + (i - (len(loads) - 1) / 2) * width for x in xs],
                [values[servers[x]] for x in xs],
                width,
                label=NAMES[load],
            )
            axis.bar_label(bars, fmt="{:,.0f}", fontsize=7, rotation=90, padding=2)
        axis.set_yscale(scale)
        axis.set_title(title)
        axis.set_xticks(range(len(servers)), servers, rotation=30, ha="right")
        axis.legend(fontsize=8, loc="upper right")
        axis.grid(axis="y", which="both", alpha=0.3)
    figure.suptitle(f"The seed LightGBM model, each server alone on one core (peers.sh; {subtitle})")
    figure.tight_layout()
    figure.savefig(out, dpi=110)


if __name__ == "__main__":
    main(*sys.argv[1:])
