"""A small client for the stock-volume prediction service, for Airflow tasks and anything else.

Free of Airflow imports (only requests), so any Python can use it; under Airflow,
stock_volume_provider's StockVolumeHook hands back one configured from a connection. It cuts large
requests to the service's limits, retries on 429 and 503 with exponential backoff (honouring
Retry-After, as the service's 503s under overload ask) through urllib3's Retry, and raises
ServiceError with the service's problem detail otherwise.
"""

from __future__ import annotations

import bisect
import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

try:  # the caller's trace (an Airflow task's span, say) continues in the service: W3C traceparent
    from opentelemetry.propagate import inject as _inject_trace_context
except ImportError:  # without OpenTelemetry installed, requests go untraced

    def _inject_trace_context(carrier: dict) -> None:
        pass


WINDOW_DAYS = 30  # the service's feature window: [d - 29 days, d]
FORECAST_MODEL = "stock-volume-forecast"  # its window: [d - 30 days, d - 1 day]
RETRY_STATUSES = (429, 503)


class _Retry(Retry):
    """urllib3's Retry, with Retry-After capped (a client's patience is its own) and each wait reported.

    Waits: backoff * 2**(attempt-1), or the server's Retry-After if longer; never more than `cap`.
    """

    cap = 30.0
    on_retry = None  # (attempt, status, wait)

    def new(self, **kw):
        retry = super().new(**kw)
        retry.cap, retry.on_retry = self.cap, self.on_retry
        return retry

    def sleep(self, response=None):
        attempt = len(self.history)
        wait = self.backoff_factor * 2 ** (attempt - 1)
        after = self.get_retry_after(response) if response is not None else None
        wait = min(self.cap, max(wait, after or 0.0))
        if self.on_retry:
            self.on_retry(attempt, response.status if response is not None else 0, wait)
        time.sleep(wait)


class ServiceError(RuntimeError):
    """The service refused a request; `status` and `problem` (RFC 9457 JSON, if any) say why."""

    def __init__(self, status: int, problem: dict | None, text: str):
        self.status = status
        self.problem = problem or {}
        detail = self.problem.get("detail") or text
        errors = self.problem.get("errors") or []
        super().__init__(f"HTTP {status}: {detail}" + (f" {errors}" if errors else ""))

    @property
    def permanent(self) -> bool:
        return is_permanent(self.status)


def is_permanent(status: int) -> bool:
    """A 4xx other than 408 and 429: the same request would get the same answer, so retrying is useless."""
    return 400 <= status < 500 and status not in (408, *RETRY_STATUSES)


@dataclass
class StockVolumeClient:
    """base_url: e.g. http://stock-volume:8080. max_rows / max_bars: the service's
    predictions.max-instances / predictions.max-bars (defaults 10,000 / 20,000)."""

    base_url: str
    session: requests.Session = field(default_factory=requests.Session)
    timeout: float = 30.0
    max_rows: int = 10_000
    max_bars: int = 20_000
    max_attempts: int = 6
    backoff_seconds: float = 0.5
    max_backoff_seconds: float = 30.0
    on_retry: Callable[[int, int, float], None] | None = None  # (attempt, status, wait)
    admin_token: str | None = None  # the service's ADMIN_TOKEN, for reload and pin

    def _url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    pool_size: int = 10  # connections kept per host: one per thread of the task that shares this client

    def __post_init__(self):
        retry = _Retry(
            total=self.max_attempts - 1,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=None,
            backoff_factor=self.backoff_seconds,
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        retry.cap, retry.on_retry = self.max_backoff_seconds, self.on_retry
        adapter = HTTPAdapter(max_retries=retry, pool_connections=1, pool_maxsize=self.pool_size)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def _request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        _inject_trace_context(headers)  # nothing when there is no current span
        try:
            response = self.session.request(method, self._url(path), timeout=self.timeout, headers=headers, **kwargs)
        except requests.ConnectionError as e:
            raise ServiceError(0, None, f"cannot connect to {self.base_url}: {e}") from e
        if response.status_code >= 400:
            raise self._service_error(response.status_code, _problem(response), response.text)
        return response

    def _service_error(self, status: int, problem: dict | None, text: str) -> ServiceError:
        """The exception for a refused request (a subclass may pick another, e.g. one Airflow never retries)."""
        return ServiceError(status, problem, text)

    def _version_refused(self, report: dict) -> VersionRefused:
        """The exception for a model version the service refused."""
        return VersionRefused(report)

    def wait_until_ready(self, timeout: float = 120.0) -> None:
        """Blocks until the service serves a model (/v2/health/ready answers 200), or raises TimeoutError.

        The Open Inference Protocol's readiness, on the API's own port: the Kubernetes probes are on the
        management port, which a client outside the pod need not reach."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self._url("/v2/health/ready"), timeout=5).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(1)
        raise TimeoutError(f"{self.base_url} not ready after {timeout} s")

    def model(self, name: str = "stock-volume") -> dict:
        return self._request("GET", f"/v1/models/{name}").json()

    def _admin(self, method: str, path: str, body: dict | None = None) -> dict:
        """An admin call; a 422 (a version refused) comes back as VersionRefused with the report."""
        if not self.admin_token:
            raise ServiceError(0, None, "no admin_token: set it to the service's ADMIN_TOKEN")
        headers = {"Authorization": f"Bearer {self.admin_token}"}
        try:
            return self._request(method, path, headers=headers, json=body).json()
        except ServiceError as e:
            if e.status == 422 and "refused" in e.problem:
                raise self._version_refused(e.problem) from None
            raise

    def reload(self, name: str = "stock-volume") -> dict:
        """Rescans the service's model repository. Returns the report (loaded, unloaded, versions,
        defaultVersion); raises VersionRefused if a version folder failed its checks."""
        return self._admin("POST", f"/admin/models/{name}/reload")

    def pin(self, version: str, name: str = "stock-volume") -> dict:
        """Makes `version` the default for unversioned calls (a rollback); the service loads it if needed."""
        return self._admin("POST", f"/admin/models/{name}/versions/{version}/default")

    def unpin(self, name: str = "stock-volume") -> dict:
        """Unversioned calls go back to the highest loaded version."""
        return self._admin("DELETE", f"/admin/models/{name}/default")

    def start_shadow(self, version: str, sample: float = 1.0, name: str = "stock-volume") -> dict:
        """Has loaded `version` also score `sample` of the calls the default answers, after each answer (a shadow),
        compared with the default on the same rows; replaces any canary or shadow of the model."""
        return self._admin("PUT", f"/admin/models/{name}/shadow", {"version": version, "sample": sample})

    def end_shadow(self, name: str = "stock-volume") -> dict:
        """Ends the model's shadow; its comparison stays readable."""
        return self._admin("DELETE", f"/admin/models/{name}/shadow")

    def start_canary(self, version: str, percent: float, name: str = "stock-volume") -> dict:
        """Sends `percent` of the model's unversioned calls to loaded `version` (a canary)."""
        return self._admin("PUT", f"/admin/models/{name}/canary", {"version": version, "percent": percent})

    def end_canary(self, name: str = "stock-volume") -> dict:
        """Every unversioned call to the default again."""
        return self._admin("DELETE", f"/admin/models/{name}/canary")

    def comparison(self, version: str, name: str = "stock-volume") -> dict:
        """The model's newest canary or shadow of `version` against the default on the same rows: rowsCompared,
        actuals (rows, maeCandidate, maeDefault, ratio, ratioLower, ratioUpper, method), relativeDifference."""
        return self._request("GET", f"/v1/models/{name}/versions/{version}/comparison").json()

    def comparison_state(self, version: str, min_rows: int, name: str = "stock-volume") -> dict:
        """{"status": "ready", "comparison"} once the comparison of `version` holds `min_rows` rows with actual
        volumes, else {"status": "waiting", "rows"} (also while the service answers 503)."""
        try:
            comparison = self.comparison(version, name)
        except ServiceError as e:
            if e.permanent:
                raise
            return {"status": "waiting", "version": version, "rows": None}
        rows = comparison["actuals"]["rows"]
        if rows >= min_rows:
            return {"status": "ready", "version": version, "rows": rows, "comparison": comparison}
        return {"status": "waiting", "version": version, "rows": rows}

    def roll_out(self, version: str, name: str = "stock-volume", timeout: float = 120.0) -> dict:
        """After a new version folder is published: reloads, then waits until the service reports
        `version` ready and as its default (with model.poll-interval set, a pod picks it up by itself;
        without an admin_token this only waits). Raises VersionRefused or TimeoutError."""
        if self.admin_token:
            self.reload(name)
        deadline = time.monotonic() + timeout
        while True:
            state = self.version_state(version, name)
            if state["status"] == "served":
                return state["model"]
            if state["status"] == "refused":
                raise self._version_refused({"refused": state["refused"], "versions": state["versions"]})
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"version {version} of {name} is not the default after {timeout} s (serving {state['serving']})"
                )
            time.sleep(1)

    def version_state(self, version: str, name: str = "stock-volume") -> dict:
        """Where `version` of `name` stands, in one look: {"status": "served", "sha256", "model"} (the
        model's description) once it is the default and ready; {"status": "refused", "error", "refused",
        "versions"} if the service refused it; else {"status": "waiting", "serving"} (also while the
        service answers 503)."""
        try:
            served = self.model(name)
        except ServiceError as e:
            if e.permanent:
                raise
            return {"status": "waiting", "version": version, "serving": None}
        if served.get("version") == version:
            # a 503 here only means "not yet": the caller's loop is the retry
            ready = requests.get(self._url(f"/v2/models/{name}/versions/{version}/ready"), timeout=self.timeout)
            if ready.status_code == 200 and ready.json().get("ready"):
                return {"status": "served", "version": version, "sha256": served.get("sha256"), "model": served}
        refused = [r for r in served.get("refused", []) if r.get("version") == version]
        if refused:
            return {
                "status": "refused",
                "version": version,
                "error": refused[-1]["error"],
                "refused": refused,
                "versions": [v["version"] for v in served.get("versions", [])],
            }
        return {"status": "waiting", "version": version, "serving": served.get("version")}

    def predict_features(self, rows: Iterable[dict]) -> list[float]:
        """Volumes for rows of {"vol_moving_avg", "adj_close_rolling_med"}, in order, in as many
        requests of at most max_rows rows as it takes."""
        rows = list(rows)
        volumes: list[float] = []
        for start in range(0, len(rows), self.max_rows):
            batch = rows[start : start + self.max_rows]
            answer = self._request("POST", "/v1/predictions", json={"instances": batch}).json()
            volumes.extend(p["volume"] for p in answer["predictions"])
        return volumes

    def predict_from_bars(self, symbol: str, bars: list[dict], dates=None) -> list[dict]:
        """Predictions from raw daily bars ({"date", "adj_close", "volume"}, any order), computed by
        the service with the training definition. dates: None for the latest bar, "all", or a list.

        More bars than max_bars are sent in several requests, each carrying the 29 days before its
        dates as well, so every date's window is whole."""
        if len(bars) <= self.max_bars:
            return self._from_bars(symbol, bars, dates)
        by_date = sorted(bars, key=lambda b: b["date"])
        keys = [b["date"] for b in by_date]
        if dates is None:
            wanted = [by_date[-1]["date"]]
        elif dates == "all":
            wanted = [b["date"] for b in by_date]
        else:
            wanted = list(dates)
        out: dict[str, dict] = {}
        chunk: list[str] = []
        for date in sorted(set(wanted)):
            if chunk and _window_size(keys, chunk[0], date) > self.max_bars:
                out.update(self._chunk(symbol, by_date, keys, chunk))
                chunk = []
            chunk.append(date)
        if chunk:
            out.update(self._chunk(symbol, by_date, keys, chunk))
        return [out[d] for d in wanted]

    def forecast_from_bars(
        self, symbol: str, bars: list[dict], dates: list[str], model: str = FORECAST_MODEL
    ) -> list[dict]:
        """Next-day forecasts: each date's Volume from the bars dated strictly before it (a date may lie
        up to 7 days after the last bar, e.g. today's before the open). Only the 30 days before each
        date matter, so only those bars are sent. Answers {"date", "volume", "window_rows", "features"}
        (and "warning" for a thin history), in the order of dates."""
        wanted = sorted(set(dates))
        first = (dt.date.fromisoformat(wanted[0]) - dt.timedelta(days=30)).isoformat()
        needed = [b for b in bars if first <= b["date"] < wanted[-1]] or bars[-1:]  # none: the service says why
        body = {"symbol": symbol, "model": model, "bars": needed, "dates": wanted}
        answers = {
            p["date"]: p for p in self._request("POST", "/v1/predictions/from-bars", json=body).json()["predictions"]
        }
        return [answers[d] for d in dates]

    def _chunk(self, symbol: str, by_date: list[dict], keys: list[str], dates: list[str]) -> dict[str, dict]:
        lo, hi = _window_span(keys, dates[0], dates[-1])
        return {p["date"]: p for p in self._from_bars(symbol, by_date[lo:hi], dates)}

    def _from_bars(self, symbol: str, bars: list[dict], dates) -> list[dict]:
        body = {"symbol": symbol, "bars": bars}
        if dates is not None:
            body["dates"] = dates
        return self._request("POST", "/v1/predictions/from-bars", json=body).json()["predictions"]


class VersionRefused(ServiceError):
    """The service refused a model version; `refused` lists [{"version", "error", "at"}] and the
    versions it still serves are in `report["versions"]`."""

    def __init__(self, report: dict):
        self.report = report
        self.refused = report.get("refused", [])
        reasons = "; ".join(f"version {r['version']}: {r['error']}" for r in self.refused)
        super().__init__(422, None, f"refused {reasons}; still serving {report.get('versions')}")


def _window_span(keys: list[str], first: str, last: str) -> tuple[int, int]:
    """The slice of date-sorted bars a request for dates first..last needs: first - 29 days to last."""
    start = (dt.date.fromisoformat(first) - dt.timedelta(days=WINDOW_DAYS - 1)).isoformat()
    return bisect.bisect_left(keys, start), bisect.bisect_right(keys, last)


def _window_size(keys: list[str], first: str, last: str) -> int:
    lo, hi = _window_span(keys, first, last)
    return hi - lo


def _problem(response: requests.Response) -> dict | None:
    """The body of an error answer as JSON (an RFC 9457 problem), or None."""
    if "json" in response.headers.get("Content-Type", ""):
        try:
            return response.json()
        except ValueError:
            pass
    return None
