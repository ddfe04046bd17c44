"""Sustained load: wrk, 60 s at 64 connections, POSTing the map callback a year change sends (the request a visitor
makes most), against gunicorn with 2 sync workers. No socket error, no non-200; latencies printed and written to
test-artifacts/load.txt.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from dashboard.state import ViewState

from .conftest import ARTIFACTS, HOST, Contract, Gunicorn, health

DURATION_S = 60
CONNECTIONS = 64
THREADS = 2
TIMEOUT_S = 10  # wrk's default (2 s) counts queueing behind 2 workers as an error; a browser waits longer

LUA = r"""
local bodies = {%BODIES%}
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"

function request()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])
end

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not200 = 0; fivexx = 0 end
function response(status, headers, body)
  if status ~= 200 then not200 = not200 + 1 end
  if status >= 500 then fivexx = fivexx + 1 end
end
function done(summary, latency, requests)
  local a, f = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("not200"); f = f + t:get("fivexx") end
  io.write(string.format("LUA not200=%d 5xx=%d\n", a, f))
  io.write(string.format("LUA p50_us=%d p90_us=%d p99_us=%d max_us=%d\n", latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def lua_script(bodies: list[str]) -> str:
    assert all("]==]" not in b for b in bodies)
    return LUA.replace("%BODIES%", ", ".join(f"[==[{b}]==]" for b in bodies))


def to_ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    assert m, value
    return float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[m.group(2)]


def parse_wrk(text: str) -> dict:
    out: dict = {}
    if m := re.search(r"(\d+) requests in ([\d.]+\w+), ([\d.]+\w+) read", text):
        out["requests"], out["duration"], out["read"] = int(m.group(1)), m.group(2), m.group(3)
    if m := re.search(r"Requests/sec:\s+([\d.]+)", text):
        out["rps"] = float(m.group(1))
    if m := re.search(r"Latency\s+([\d.]+\w+)\s+([\d.]+\w+)\s+([\d.]+\w+)", text):
        out["avg_ms"], out["stdev_ms"], out["max_ms"] = (to_ms(x) for x in m.groups())
    for pct in ("50", "75", "90", "99"):
        if m := re.search(rf"^\s+{pct}%\s+([\d.]+\w+)", text, flags=re.M):
            out[f"p{pct}_ms"] = to_ms(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"),
                                    (int(x) for x in m.groups()) if m else (0, 0, 0, 0), strict=True))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out["non_2xx_3xx"] = int(m.group(1)) if m else 0
    if m := re.search(r"LUA not200=(\d+) 5xx=(\d+)", text):
        out["not_200"], out["5xx"] = int(m.group(1)), int(m.group(2))
    return out


@pytest.mark.slow
def test_map_callback_holds_60s_at_64_connections(gunicorn, ctx, tmp_path: Path):
    wrk = shutil.which("wrk")
    if not wrk:
        pytest.fail("wrk is missing: `make test` installs it (make sysdeps: apt-get install wrk)")
    server: Gunicorn = gunicorn(workers=2)
    contract = Contract.fetch(server.port)
    # year changes across the default source's years, as a visitor stepping through the slider sends them
    years = list(ctx.opts.years[ViewState().src])  # the latest is the default view (no year= in the query)
    qs = [f"year={y}" for y in years[:-1]] + [""]
    bodies = [json.dumps(contract.map_year_change(q, prev)) for q, prev in zip(qs, [qs[-1], *qs[:-1]], strict=True)]
    script = tmp_path / "map_year.lua"
    script.write_text(lua_script(bodies))

    cmd = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION_S}s", "--timeout", f"{TIMEOUT_S}s", "--latency",
           "-s", str(script), f"http://{HOST}:{server.port}{contract.update_path}"]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=DURATION_S + 60)
    elapsed = time.monotonic() - t0
    text = proc.stdout + proc.stderr
    res = parse_wrk(text)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    summary = (f"wrk {THREADS} threads, {CONNECTIONS} connections, {DURATION_S} s, timeout {TIMEOUT_S} s; "
               f"POST {contract.update_path} (map callback, {len(bodies)} year-change bodies in turn); "
               f"gunicorn 2 sync workers\n"
               f"requests {res.get('requests')}  rps {res.get('rps')}  "
               f"latency avg {res.get('avg_ms')} ms  p50 {res.get('p50_ms')}  p75 {res.get('p75_ms')}  "
               f"p90 {res.get('p90_ms')}  p99 {res.get('p99_ms')}  max {res.get('max_ms')} ms\n"
               f"socket errors {res['socket_errors']}  non-2xx/3xx {res['non_2xx_3xx']}  "
               f"not 200 {res.get('not_200')}  5xx {res.get('5xx')}\n")
    (ARTIFACTS / "load.txt").write_text(f"{time.strftime('%Y-%m-%dT%H:%M:%S')}\n{summary}\n"
                                        f"$ {' '.join(cmd[:-1])} <url>\n{text}")
    print("\n" + summary)

    assert proc.returncode == 0, text
    assert elapsed < DURATION_S + 30
    assert res.get("requests", 0) > 0, text
    assert res["socket_errors"] == {"connect": 0, "read": 0, "write": 0, "timeout": 0}, text
    assert res["non_2xx_3xx"] == 0, text
    assert res.get("not_200") == 0 and res.get("5xx") == 0, text
    assert health(server.port)["status"] == "ok"
    log = server.logs(tail=20000)
    assert "WORKER TIMEOUT" not in log and "unhandled error" not in log, log[-3000:]
