"""Replay the captured callback payloads (bench/out/payloads.json) against gunicorn under concurrency.

Per callback: CLIENTS threads, each with its own http.client connection (keep-alive when the server allows it;
gunicorn's sync workers answer `Connection: close`, so http.client reconnects and the connect time is part of the
latency), until MAX_REQUESTS requests or MAX_SECONDS have been spent. Reports p50/p95/max latency, req/s, errors.

Baselines from the same run:
  * GET /health under the same concurrency: what gunicorn + Flask cost without any callback work;
  * inside the worker, per request (the server runs with KGM_SERVER_TIMING=1, see dashboard/timing.py): the whole
    request in Flask, the callback function alone, and Dash's encoder on that function's answer, the figure the
    issue's "p95 <= 2x serialisation" budget is stated against (json.dumps of the captured response is kept as
    `serialise_ms`, for checkouts without Server-Timing);
  * in-process dispatch: the same payload through Flask's test client in this process, one at a time (no network,
    no queueing): the server-side cost of the callback itself.
Then wrk (if installed) hammers the map callback (year-change payload) at 64 connections for WRK_SECONDS.

    .venv/bin/python -m bench.callbacks     # needs bench/out/payloads.json (python -m bench.capture)
"""

from __future__ import annotations

import functools
import http.client
import json
import re
import shutil
import statistics
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .common import (
    BROWSER_ACCEPT_ENCODING,
    DASH_UPDATE,
    HOST,
    Server,
    load_json,
    median,
    out_dir,
    percentile,
    start_server,
    write_json,
)

CLIENTS = 16
MAX_REQUESTS = 400
MAX_SECONDS = 5.0  # per callback, and what the main filter callback (year:map) always gets
MIN_SECONDS = 1.5  # per callback when the shared budget runs short
REPLAY_BUDGET_S = 75.0  # all replays together: a page now fires ~20 callbacks, `make bench` must stay ~3 min
MAIN_CALLBACK = "year:map"
SERIALISE_RUNS = 200
INPROC_RUNS = 20
INPROC_SECONDS = 1.0
INPROC_COLD_RUNS = 5
WRK_CONNECTIONS = 64
WRK_THREADS = 2
WRK_SECONDS = 10
REQUEST_TIMEOUT = 30.0


def load(port: int, method: str, path: str, body: bytes | None = None, clients: int = CLIENTS,
         max_requests: int = MAX_REQUESTS, max_seconds: float = MAX_SECONDS) -> dict:
    """Closed-loop load: `clients` threads issue requests back to back until the count or time bound is hit."""
    headers = {"Accept-Encoding": BROWSER_ACCEPT_ENCODING, "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    resp_bytes: list[int] = []
    timings: dict[str, list[float]] = {}
    start = time.perf_counter()
    deadline = start + max_seconds

    def worker():
        nonlocal issued
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        try:
            while True:
                with lock:
                    if issued >= max_requests or time.perf_counter() >= deadline:
                        return
                    issued += 1
                t0 = time.perf_counter()
                try:
                    conn.request(method, path, body=body, headers=headers)
                    r = conn.getresponse()
                    data = r.read()
                    dt = time.perf_counter() - t0
                    server_timing = parse_server_timing(r.getheader("Server-Timing"))
                    with lock:
                        latencies.append(dt)
                        for k, v in server_timing.items():
                            timings.setdefault(k, []).append(v)
                        statuses[r.status] = statuses.get(r.status, 0) + 1
                        resp_bytes.append(len(data))
                        if r.status >= 400:
                            errors.append(f"HTTP {r.status}")
                    if r.will_close:
                        conn.close()  # next request() reconnects
                except (OSError, http.client.HTTPException) as exc:
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")
                    conn.close()
        finally:
            conn.close()

    with ThreadPoolExecutor(max_workers=clients) as pool:
        for f in [pool.submit(worker) for _ in range(clients)]:
            f.result()
    elapsed = time.perf_counter() - start
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(latencies) + len(errors), "ok": len(latencies) - sum(1 for e in errors if e.startswith("HTTP")),
        "errors": len(errors), "error_samples": sorted(set(errors))[:5], "statuses": statuses,
        "elapsed_s": round(elapsed, 3), "rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
        "max_ms": round(max(ms), 2) if ms else float("nan"),
        "resp_bytes": int(median(resp_bytes)) if resp_bytes else 0,
        # measured inside the worker (Server-Timing): app = the whole request in Flask, cb = the callback function,
        # ser = Dash's encoder on its answer
        "server": {k: {"n": len(v), "p50_ms": round(percentile(v, 50), 4), "p95_ms": round(percentile(v, 95), 4)}
                   for k, v in timings.items()},
    }


def parse_server_timing(header: str | None) -> dict[str, float]:
    """'app;dur=1.2, cb;dur=0.1' -> {'app': 1.2, 'cb': 0.1} (ms); anything unreadable is skipped."""
    out = {}
    for part in (header or "").split(","):
        name, _, dur = part.strip().partition(";dur=")
        try:
            out[name] = float(dur)
        except ValueError:
            continue
    return out


def serialise_ms(response_body: str, runs: int = SERIALISE_RUNS) -> float:
    """Median time to json.dumps the callback's own (parsed) response, in ms."""
    if not response_body:
        return 0.0
    obj = json.loads(response_body)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        json.dumps(obj)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


@functools.cache
def _flask_app():
    """The server as gunicorn's master builds it (the data package loaded), once per bench process."""
    from dashboard.app import create_server

    return create_server()


def preload_inprocess() -> str | None:
    """Import the app in this process now, next to the gunicorn start, so the in-process figures run the same code
    as the server even while the working tree is being edited. Returns the error, if the import fails."""
    try:
        _flask_app()
    except BaseException as exc:  # SystemExit on a data package that fails validation
        return f"{type(exc).__name__}: {exc}"
    return None


def inprocess(payloads: list[dict]) -> dict[str, dict]:
    """Each payload through Flask's test client in this process: server-side cost without network or queueing.

    Sends the browser's Accept-Encoding, so compression is included."""
    import logging

    from dashboard.cache import EXTENSION

    flask_app = _flask_app()

    # A payload the current code no longer knows (the app changed since the capture) answers 500 with a traceback
    # on Flask's logger: keep it off our output, report "stale" instead.
    flask_app.logger.setLevel(logging.CRITICAL)
    client = flask_app.test_client()
    cache = flask_app.extensions[EXTENSION]
    context = flask_app.extensions["kgm_context"]
    headers = {"Accept-Encoding": BROWSER_ACCEPT_ENCODING, "Content-Type": "application/json"}
    out = {}
    for p in payloads:
        body = p["request_body"].encode()
        times, status = [], None
        if client.post(DASH_UPDATE, data=body, headers=headers).status_code >= 400:  # warm-up (memoised queries)
            out[p["key"]] = {"inproc_status": "stale"}
            continue
        deadline = time.perf_counter() + INPROC_SECONDS
        for _ in range(INPROC_RUNS):
            t0 = time.perf_counter()
            r = client.post(DASH_UPDATE, data=body, headers=headers)
            times.append(time.perf_counter() - t0)
            status = r.status_code
            if time.perf_counter() > deadline:
                break
        if status is not None and status >= 400:
            out[p["key"]] = {"inproc_status": status}
            continue
        # the same request with the cache emptied first: what a step nobody has taken yet costs (both views'
        # figures built, diffed, summarised), which the replay above, all cache hits, never shows
        cold = []
        for _ in range(INPROC_COLD_RUNS):
            cache.clear()
            context.forget()
            t0 = time.perf_counter()
            client.post(DASH_UPDATE, data=body, headers=headers)
            cold.append(time.perf_counter() - t0)
        out[p["key"]] = {"inproc_ms": round(statistics.median(times) * 1000, 2), "inproc_runs": len(times),
                         "inproc_status": status, "inproc_cold_ms": round(statistics.median(cold) * 1000, 2)}
    return out


WRK_LUA = r"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept-Encoding"] = "gzip, deflate, br, zstd"
wrk.body = [==[%BODY%]==]

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) fivexx = 0; fourxx = 0; other = 0 end
function response(status, headers, body)
  if status >= 500 then fivexx = fivexx + 1
  elseif status >= 400 then fourxx = fourxx + 1
  elseif status ~= 200 and status ~= 204 then other = other + 1 end
end
function done(summary, latency, requests)
  local f, x, o = 0, 0, 0
  for _, t in ipairs(threads) do f = f + t:get("fivexx"); x = x + t:get("fourxx"); o = o + t:get("other") end
  io.write(string.format("BENCH 5xx=%d 4xx=%d other=%d\n", f, x, o))
  io.write(string.format("BENCH p50_us=%d p95_us=%d p99_us=%d\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def run_wrk(port: int, body: str, seconds: int = WRK_SECONDS) -> dict:
    exe = shutil.which("wrk")
    if not exe:
        return {"available": False}
    if "]==]" in body:
        return {"available": True, "skipped": "payload contains the Lua long-bracket terminator"}
    script = out_dir() / "wrk_map.lua"
    script.write_text(WRK_LUA.replace("%BODY%", body))
    cmd = [exe, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s", "--latency",
           "-s", str(script), f"http://{HOST}:{port}{DASH_UPDATE}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30)
    text = proc.stdout + proc.stderr
    res: dict = {"available": True, "cmd": " ".join(cmd[:-1]) + " <url>", "output": text, "rc": proc.returncode}
    if m := re.search(r"(\d+) requests in ([\d.]+)(\w+)", text):
        res["requests"] = int(m.group(1))
    if m := re.search(r"Requests/sec:\s+([\d.]+)", text):
        res["rps"] = float(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text):
        res["non_2xx"] = int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        res["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups()), strict=True))
    if m := re.search(r"BENCH 5xx=(\d+) 4xx=(\d+) other=(\d+)", text):
        res["5xx"], res["4xx"], res["other_status"] = map(int, m.groups())
    if m := re.search(r"BENCH p50_us=(\d+) p95_us=(\d+) p99_us=(\d+)", text):
        res["p50_ms"], res["p95_ms"], res["p99_ms"] = (int(x) / 1000 for x in m.groups())
    return res


def unique_payloads(captured: dict) -> list[dict]:
    """The captured callbacks, keyed "phase:name"; a request body identical to an earlier one is replayed once."""
    seen: set[str] = set()
    out = []
    for r in captured["callbacks"]:
        if r["request_body"] in seen:
            continue
        seen.add(r["request_body"])
        key = f"{r['phase']}:{r['name']}"
        n = 2
        while any(p["key"] == key for p in out):
            key = f"{r['phase']}:{r['name']}#{n}"
            n += 1
        out.append({**r, "key": key})
    return out


def run(server: Server, captured: dict, with_wrk: bool = True, with_inprocess: bool = True) -> dict:
    payloads = unique_payloads(captured)
    port = server.port
    # warm both workers' memoised queries so the first measured requests are not all cold
    load(port, "GET", "/health", clients=2, max_requests=10, max_seconds=2)
    for p in payloads:
        load(port, "POST", DASH_UPDATE, p["request_body"].encode(), clients=2, max_requests=4, max_seconds=2)

    health = load(port, "GET", "/health")
    results = []
    # The main filter callback first, with the full time bound; the rest share what is left of the budget.
    order = sorted(payloads, key=lambda p: p["key"] != MAIN_CALLBACK)
    budget_end = time.perf_counter() + REPLAY_BUDGET_S
    for i, p in enumerate(order):
        left = len(order) - i
        share = (budget_end - time.perf_counter()) / left
        max_s = MAX_SECONDS if p["key"] == MAIN_CALLBACK else min(MAX_SECONDS, max(MIN_SECONDS, share))
        r = load(port, "POST", DASH_UPDATE, p["request_body"].encode(), max_seconds=max_s)
        r.update(key=p["key"], phase=p["phase"], name=p["name"], max_seconds=round(max_s, 2),
                 serialise_ms=round(serialise_ms(p["response_body"]), 4), captured_response_bytes=p["response_bytes"])
        results.append(r)
    if with_inprocess:
        try:
            ip = inprocess(payloads)
            for r in results:
                r.update(ip.get(r["key"], {}))
        except Exception as exc:  # informational only: the replay figures stand without it
            print(f"in-process dispatch skipped: {type(exc).__name__}: {exc}")

    wrk = {"available": False}
    map_year = next((p for p in payloads if p["phase"] == "year" and p["name"] == "map"), None)
    if with_wrk and map_year:
        wrk = run_wrk(port, map_year["request_body"])
        wrk["payload"] = map_year["key"]
    results.sort(key=lambda r: [p["key"] for p in payloads].index(r["key"]))  # capture order again
    data = {"clients": CLIENTS, "max_requests": MAX_REQUESTS, "max_seconds": MAX_SECONDS,
            "min_seconds": MIN_SECONDS, "replay_budget_s": REPLAY_BUDGET_S,
            "health": health, "callbacks": results, "wrk": wrk}
    write_json("callbacks.json", data)
    return data


def _srv(r: dict, name: str, stat: str) -> str:
    v = r.get("server", {}).get(name, {}).get(stat)
    return "-" if v is None else (f"{v:.1f}" if v >= 10 else f"{v:.3f}" if v < 1 else f"{v:.2f}")


def summary(data: dict) -> str:
    h = data["health"]
    w0 = max(20, *(len(r["key"]) for r in data["callbacks"]))
    lines = [f"callback replay: {data['clients']} clients, <= {data['max_requests']} requests or "
             f"{data['min_seconds']:g}..{data['max_seconds']:g} s per callback",
             "  client = latency seen by the client (connect + queueing + server); in the worker (Server-Timing): "
             "srv = the whole request in Flask,",
             "  cb = the callback function alone, ser = Dash's encoder on the callback's answer; inproc = Flask test "
             "client in this process, one at a time (cold: its cache emptied first)",
             f"  {'callback':<{w0}} {'n':>4} {'err':>4} {'req/s':>7} {'client p50':>10} {'client p95':>10} "
             f"{'srv p50':>8} {'srv p95':>8} {'cb p50':>7} {'cb p95':>7} {'ser p50':>7} {'inproc':>7} {'cold':>6} "
             f"{'resp B':>7}",
             f"  {'BASELINE GET /health':<{w0}} {h['requests']:>4} {h['errors']:>4} {h['rps']:>7.1f} "
             f"{h['p50_ms']:>10.1f} {h['p95_ms']:>10.1f} {_srv(h, 'app', 'p50_ms'):>8} {_srv(h, 'app', 'p95_ms'):>8} "
             f"{'':>7} {'':>7} {'':>7} {'':>7} {'':>6} {h['resp_bytes']:>7}"]
    for r in data["callbacks"]:
        inproc = f"{r['inproc_ms']:.1f}" if "inproc_ms" in r else str(r.get("inproc_status", "-"))
        lines.append(f"  {r['key']:<{w0}} {r['requests']:>4} {r['errors']:>4} {r['rps']:>7.1f} {r['p50_ms']:>10.1f} "
                     f"{r['p95_ms']:>10.1f} {_srv(r, 'app', 'p50_ms'):>8} {_srv(r, 'app', 'p95_ms'):>8} "
                     f"{_srv(r, 'cb', 'p50_ms'):>7} {_srv(r, 'cb', 'p95_ms'):>7} {_srv(r, 'ser', 'p50_ms'):>7} "
                     f"{inproc:>7} {r.get('inproc_cold_ms', '-'):>6} {r['resp_bytes']:>7}")
    w = data["wrk"]
    if not w.get("available"):
        lines.append("  wrk: not installed (apt-get install wrk), skipped")
    elif "output" in w:
        lines.append(f"  wrk {WRK_CONNECTIONS} connections, {WRK_SECONDS} s, POST {w.get('payload')}: "
                     f"{w.get('requests')} requests, {w.get('rps')} req/s, p50 {w.get('p50_ms')} ms, "
                     f"p95 {w.get('p95_ms')} ms, p99 {w.get('p99_ms')} ms, 5xx {w.get('5xx')}, 4xx {w.get('4xx')}, "
                     f"non-2xx/3xx {w.get('non_2xx', 0)}, socket errors {w.get('socket_errors', {})}")
        for line in w["output"].splitlines():
            if line.strip() and not line.startswith("BENCH"):
                lines.append(f"    | {line}")
    else:
        lines.append(f"  wrk: {w}")
    return "\n".join(lines)


def errors(data: dict) -> int:
    n = data["health"]["errors"] + sum(r["errors"] for r in data["callbacks"])
    w = data["wrk"]
    return n + w.get("5xx", 0) + w.get("4xx", 0)


SERVER_ENV = {"KGM_SERVER_TIMING": "1"}  # the replay server reports its own times (dashboard/timing.py)


def main() -> int:
    captured = load_json("payloads.json")
    server = start_server(workers=2, extra_env=SERVER_ENV)
    try:
        data = run(server, captured)
    finally:
        server.stop()
    print(summary(data))
    return 1 if errors(data) else 0


if __name__ == "__main__":
    raise SystemExit(main())
