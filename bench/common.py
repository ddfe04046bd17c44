"""Shared plumbing for the benchmarks: the gunicorn process under test, Chromium launch settings, stats, output.

Everything talks to 127.0.0.1 only. Every wait here is bounded by a deadline.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VENV_BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1366, "height": 768}
HOST = "127.0.0.1"
DASH_UPDATE = "/en/_dash-update-component"
CALLBACK_PATH_END = "/_dash-update-component"  # any Dash app's callback endpoint (the product's, the baseline's)
PRODUCT_APP = "dashboard.app:create_server()"
BASELINE_APP = "bench.baseline_app:create_server()"
# What Chromium sends; replaying with it makes the server pay for compression as it does for real visitors.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"


def out_dir() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    return OUT


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 2.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


@dataclass
class Server:
    """A gunicorn master started with the project's gunicorn.conf.py on a free loopback port."""

    proc: subprocess.Popen
    port: int
    started: float  # perf_counter at spawn
    ready_s: float | None = None
    log_path: Path | None = None
    _log: object = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def worker_pids(self) -> list[int]:
        return children(self.proc.pid)

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # gunicorn: graceful shutdown of master and its workers
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self._log:
            self._log.close()


class AppFailedToStart(RuntimeError):
    pass


def app_root() -> Path:
    """The checkout to benchmark: this one, or $BENCH_APP_ROOT (e.g. an exported older commit, to compare)."""
    return Path(os.environ.get("BENCH_APP_ROOT") or ROOT).resolve()


def start_server(workers: int = 2, ready_timeout: float = 30.0, log_name: str = "gunicorn.log",
                 extra_env: dict | None = None, app: str = PRODUCT_APP) -> Server:
    """Spawn `gunicorn <app> -c gunicorn.conf.py` (the product's by default; the baseline's with BASELINE_APP, from
    this checkout whatever BENCH_APP_ROOT says) and poll /health until 200 (or fail)."""
    port = free_port()
    env = {**os.environ, "HOST": HOST, "PORT": str(port), "WEB_CONCURRENCY": str(workers), **(extra_env or {})}
    log_path = out_dir() / log_name
    # The access log goes to stdout: a file, never an unread pipe (a full pipe would stall the workers).
    log = open(log_path, "ab")  # noqa: SIM115 - closed by Server.stop
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(VENV_BIN / "gunicorn"), app, "-c", "gunicorn.conf.py"],
                            cwd=ROOT if app == BASELINE_APP else app_root(), env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(proc, port, t0, log_path=log_path, _log=log)
    deadline = t0 + ready_timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            log.close()
            tail = log_path.read_text(errors="replace")[-2000:]
            raise AppFailedToStart(f"gunicorn exited with {proc.returncode}:\n{tail}")
        try:
            status, _ = get(port, "/health", timeout=1.0)
            if status == 200:
                server.ready_s = time.perf_counter() - t0
                return server
        except OSError:
            pass
        time.sleep(0.02)
    server.stop()
    raise AppFailedToStart(f"/health did not answer 200 within {ready_timeout:.0f} s (log: {log_path})")


def wait_workers(server: Server, n: int, timeout: float = 10.0) -> list[int]:
    deadline = time.perf_counter() + timeout
    pids = server.worker_pids()
    while len(pids) < n and time.perf_counter() < deadline:
        time.sleep(0.05)
        pids = server.worker_pids()
    return pids


def children(pid: int) -> list[int]:
    """Direct children of pid (gunicorn's workers are the master's children)."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(x) for x in (task / "children").read_text().split()]
    if out:
        return sorted(set(out))
    for d in Path("/proc").iterdir():  # kernels without /proc/<pid>/task/<tid>/children
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(d.name))
    return sorted(out)


def proc_mem_mb(pid: int) -> dict:
    """VmRSS (resident, counts pages shared copy-on-write with the master in every worker) and Pss (shared pages
    split between the sharers) in MB."""
    res = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                res["rss_mb"] = int(line.split()[1]) / 1024
    except OSError:
        return res
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                res["pss_mb"] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return res


def cpu_ns(pids: list[int]) -> int:
    """Time the processes `pids` (every thread of each) have spent on a CPU, in nanoseconds: the first field of
    /proc/<pid>/task/<tid>/schedstat, exact to the nanosecond where /proc/<pid>/stat counts 10 ms ticks."""
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += int((task / "schedstat").read_text().split()[0])
    return total


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def write_json(name: str, data) -> Path:
    path = out_dir() / name
    path.write_text(json.dumps(data, indent=2, default=str))
    return path


def cpu_busy(seconds: float = 1.0) -> float:
    """Fraction (0..1) of all cores busy over `seconds`, from /proc/stat: how loaded the machine is before we start."""
    def sample():
        vals = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = vals[3] + (vals[4] if len(vals) > 4 else 0)
        return sum(vals), idle
    t1, i1 = sample()
    time.sleep(seconds)
    t2, i2 = sample()
    return 1 - (i2 - i1) / (t2 - t1) if t2 > t1 else float("nan")


def load_json(name: str):
    return json.loads((OUT / name).read_text())


def kb(n: float) -> str:
    """Decimal kilobytes, as browser devtools and the budgets count them."""
    return f"{n / 1000:.1f} KB"


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


CHARTS_DRAWN_JS = """() => {
  const ok = document.querySelector('#map .main-svg path.choroplethlocation')
    && document.querySelector('#stock .scatterlayer .trace')
    && document.querySelector('#remittances .scatterlayer .trace');
  return ok ? performance.now() : false;
}"""
