"""gunicorn start-to-ready time and memory per worker.

Start-to-ready: spawn `gunicorn 'dashboard.app:create_server()' -c gunicorn.conf.py` (2 workers, preload_app from
the config) and poll GET /health every 20 ms until it answers 200. RUNS starts, median reported. Memory: VmRSS of every
worker (the master's children) and of the master once both workers are up; Pss too, since the workers share the
preloaded app copy-on-write and RSS counts those shared pages in every worker.

Baseline from the same run: the same interpreter starting bare (`python -c pass`) and importing the app's heavy
dependencies without building anything (dash, plotly, pandas, geopandas, flask, gunicorn): what is left of the
start-up time is our own data loading, validation and layout building, plus gunicorn's fork.

    .venv/bin/python -m bench.startup
"""

from __future__ import annotations

import subprocess
import sys
import time

from .common import app_root, median, proc_mem_mb, start_server, wait_workers, write_json

RUNS = 5  # a first start after other work can be seconds slower (5.3 against 3.0-3.4 s seen): a median of five
WORKERS = 2
IMPORTS = "import dash, plotly, pandas, geopandas, flask, gunicorn"


def timed_python(code: str, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=app_root(), check=True, timeout=60)
        times.append(time.perf_counter() - t0)
    return median(times)


def memory(server, workers: int = WORKERS) -> dict:
    pids = wait_workers(server, workers)
    per = {pid: proc_mem_mb(pid) for pid in pids}
    return {"workers": [{"pid": pid, **m} for pid, m in per.items()],
            "master": proc_mem_mb(server.proc.pid),
            "max_worker_rss_mb": max((m.get("rss_mb", 0) for m in per.values()), default=float("nan")),
            "max_worker_pss_mb": max((m.get("pss_mb", 0) for m in per.values()), default=float("nan"))}


def run(runs: int = RUNS) -> dict:
    ready, mem = [], []
    for i in range(runs):
        server = start_server(workers=WORKERS, log_name="gunicorn-startup.log")
        try:
            ready.append(server.ready_s)
            if i == runs - 1:
                time.sleep(0.5)  # let both workers finish booting before reading their memory
                mem.append(memory(server))
        finally:
            server.stop()
    data = {
        "runs": runs,
        "ready_s": round(median(ready), 3),
        "ready_all_s": [round(x, 3) for x in ready],
        "baseline_python_s": round(timed_python("pass"), 3),
        "baseline_imports_s": round(timed_python(IMPORTS), 3),
        "memory_at_ready": mem[-1],
    }
    write_json("startup.json", data)
    return data


def summary(d: dict) -> str:
    m = d["memory_at_ready"]
    workers = ", ".join(f"{w['rss_mb']:.0f} MB RSS / {w.get('pss_mb', float('nan')):.0f} MB PSS" for w in m["workers"])
    return "\n".join([
        f"start to ready (spawn -> /health 200, {WORKERS} workers, median of {d['runs']}): {d['ready_s']:.2f} s "
        f"(runs {d['ready_all_s']})",
        f"  BASELINE: bare interpreter {d['baseline_python_s']:.2f} s, importing the dependencies "
        f"{d['baseline_imports_s']:.2f} s (the rest is data loading, layouts and fork)",
        f"  memory at ready: workers {workers}; master {m['master'].get('rss_mb', float('nan')):.0f} MB RSS",
    ])


def main() -> int:
    print(summary(run()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
