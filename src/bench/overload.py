#!/usr/bin/env python3
"""Helpers of overload.sh (standard library only).

  overload.py probe URL SECONDS OUT        GET URL every 50 ms for SECONDS; one latency (s) a line in OUT, 5.0 on failure
  overload.py quantiles BEFORE AFTER URI    p50/p99 (ms) of the 200s of URI between two /q/metrics scrapes
  overload.py summary FILE                  p50 p99 max (ms) of the latencies (s) in FILE
  overload.py slow PORT N SECONDS           opens N connections that send half a request and stall; prints,
                                            once a second, how many the service still holds open
  overload.py dead-sink PORT                a payload-log sink that never answers: it listens and never accepts,
                                            so each post's connection completes in the kernel's backlog and waits
"""
import re
import resource
import selectors
import socket
import sys
import time
import urllib.request


def probe(url, seconds, out):
    end = time.monotonic() + float(seconds)
    with open(out, "w") as f:
        while time.monotonic() < end:
            start = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    response.read()
                f.write(f"{time.monotonic() - start:.6f}\n")
            except Exception:
                f.write("5.0\n")
            time.sleep(0.05)


def percentile(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(q * len(values)))]


def summary(path):
    values = [float(line) for line in open(path) if line.strip()]
    print(f"{percentile(values, 0.5) * 1000:.1f} {percentile(values, 0.99) * 1000:.1f} {max(values) * 1000:.1f} {len(values)}")


# a bucket line, with or without an OpenMetrics exemplar ("# {trace_id=...} value timestamp") after it
BUCKET = re.compile(r"^http_server_requests_seconds_bucket\{([^}]*)\} ([0-9.eE+-]+)(?: # .*)?$")


def buckets(path, uri):
    result = {}
    for line in open(path):
        m = BUCKET.match(line.strip())
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        if labels.get("uri") == uri and labels.get("status") == "200":
            le = float("inf") if labels["le"] == "+Inf" else float(labels["le"])
            result[le] = result.get(le, 0.0) + float(m.group(2))
    return result


def quantiles(before, after, uri):
    b, a = buckets(before, uri), buckets(after, uri)
    delta = sorted((le, a[le] - b.get(le, 0.0)) for le in a)
    total = delta[-1][1] if delta else 0
    if total <= 0:
        print("- -")
        return
    out = []
    for q in (0.5, 0.99):
        for le, count in delta:
            if count >= q * total:
                out.append("inf" if le == float("inf") else f"{le * 1000:.1f}")
                break
    print(" ".join(out))


def slow(port, n, seconds):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    watch = selectors.DefaultSelector()
    sockets = []
    for _ in range(int(n)):
        s = socket.create_connection(("127.0.0.1", int(port)))
        s.sendall(b"GET /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # the headers never end
        s.setblocking(False)
        watch.register(s, selectors.EVENT_READ)
        sockets.append(s)
    start = time.monotonic()
    still_open = len(sockets)
    last = -1
    while time.monotonic() - start < float(seconds) and still_open:
        for key, _ in watch.select(timeout=0.2):
            try:
                closed = not key.fileobj.recv(4096)
            except OSError:
                closed = True
            if closed:
                watch.unregister(key.fileobj)
                still_open -= 1
        second = int(time.monotonic() - start)
        if second != last:
            print(f"{second} {still_open}", flush=True)
            last = second
    print(f"{time.monotonic() - start:.1f} {still_open}", flush=True)
    for s in sockets:
        s.close()


def dead_sink(port):
    s = socket.create_server(("127.0.0.1", int(port)), backlog=4096)
    while True:
        time.sleep(3600)  # never accepts: killed with the benchmark
    s.close()


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"probe": probe, "quantiles": quantiles, "summary": summary, "slow": slow, "dead-sink": dead_sink}[command](*args)
