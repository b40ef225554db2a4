"""One server's answers to the card's sample rows against LightGBM's own predictions (peers.sh):
1 row and 1,000 rows in the server's own protocol; exits 1 on a wrong number. Writes each request
(OUT/NAME-N.request, and its path in OUT/NAME-N.path) and the verified answer's bytes
(OUT/NAME-N.answer), which the load then expects of every answer (load.lua).
Usage: check.py NAME oip|bentoml|original BASE_URL EXPECTED_JSON OUT"""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request

BOUND = 1e-9


def fetch(url: str, body=None) -> bytes:
    data = None if body is None else json.dumps(body).encode()
    SENT.append((url, data))
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.read()
    except urllib.error.HTTPError as e:  # a status other than 2xx
        sys.exit(f"{url}: HTTP {e.code}: {e.read()[:500]!r}")


SENT = []  # (url, body) of every request, in order
ANSWERS = []  # the bytes of every answer, in order


def answer(url: str, body=None) -> bytes:
    ANSWERS.append(fetch(url, body))
    return ANSWERS[-1]


def answers(protocol: str, base: str, rows: list) -> list:
    if protocol == "oip":
        body = {
            "id": "peers",
            "inputs": [{"name": "features", "shape": [len(rows), 2], "datatype": "FP64", "data": sum(rows, [])}],
        }
        outputs = json.loads(answer(f"{base}/v2/models/stock-volume/infer", body))["outputs"]
        return [float(v) for v in outputs[0]["data"]]
    if protocol == "bentoml":
        return [float(v) for v in json.loads(answer(f"{base}/predict", {"rows": rows}))]
    out = []  # the original API: one row a request, the volume truncated toward zero
    for a, b in rows:
        query = urllib.parse.urlencode({"vol_moving_avg": repr(a), "adj_close_rolling_med": repr(b)})
        out.append(float(answer(f"{base}/predict?{query}")))
    return out


def main(name: str, protocol: str, base: str, expected_file: str, out: str) -> int:
    expected = json.load(open(expected_file))
    sizes = [1, 20] if protocol == "original" else [1, 1000]
    for n in sizes:
        first = len(SENT)
        got = answers(protocol, base, expected["rows"][:n])
        url, body = SENT[first]  # the load repeats the first request of each size
        with open(f"{out}/{name}-{n}.path", "w") as f:
            f.write(urllib.parse.urlsplit(url)._replace(scheme="", netloc="").geturl())
        with open(f"{out}/{name}-{n}.request", "wb") as f:
            f.write(body or b"")
        with open(f"{out}/{name}-{n}.answer", "wb") as f:
            f.write(ANSWERS[first])
        want = expected["volumes"][:n]
        if protocol == "original":
            want = [float(int(v)) for v in want]
        wrong = [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if abs(g - w) / max(1.0, abs(w)) > BOUND]
        if wrong:
            first = wrong[0]
            print(f"{name}: row {first} of {n}: {got[first]!r}, LightGBM says {want[first]!r}", file=sys.stderr)
            return 1
        print(f"{name}: {n} row(s) equal LightGBM's")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
