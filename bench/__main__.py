"""`make bench`: start-up, capture, page load, callback replay (+ wrk), then one table against the budgets.

Exit status: 0 whatever the timings; 2 if the app fails to start, 1 if requests error (HTTP >= 400, 5xx under wrk,
failed browser requests). Writes bench/out/results.json.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time

from . import callbacks, capture, compare, embed, pageload, startup, uncached
from .common import ROOT, AppFailedToStart, app_root, cpu_busy, out_dir, start_server, write_json

MB = 1e6
KB = 1e3


def git_state() -> dict:
    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=app_root(), capture_output=True, text=True,
                                  timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    dirty = bool(git("status", "--porcelain", "--", "dashboard", "assets", "gunicorn.conf.py"))
    return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": dirty}


def row(metric, budget, measured, ok, baseline=""):
    return {"metric": metric, "budget": budget, "measured": measured, "within": "yes" if ok else "no",
            "baseline": baseline}


def budget_rows(su: dict, cb: dict, pl: dict, mem_after: dict) -> list[dict]:
    h = cb["health"]
    by_key = {r["key"]: r for r in cb["callbacks"]}
    main = by_key.get("year:map") or max(cb["callbacks"], key=lambda r: r["p95_ms"])
    slowest = max(cb["callbacks"], key=lambda r: r.get("server", {}).get("app", {}).get("p95_ms", r["p95_ms"]))
    lowest_rps = min(cb["callbacks"], key=lambda r: r["rps"])
    cb_errors = sum(r["errors"] for r in cb["callbacks"])
    w = cb["wrk"]
    srv = main.get("server", {})
    inproc = f", in-process {main['inproc_ms']:.1f} ms" if "inproc_ms" in main else ""
    if "inproc_cold_ms" in main:
        inproc += f" ({main['inproc_cold_ms']:.0f} ms uncached)"
    rows = [
        row(f"Callback server time p95, {main['key']} (main cb), {cb['clients']} clients", "<= 50 ms",
            _ms(srv, "app", "p95_ms"), _le(srv, "app", 50), f"GET /health {_ms(h.get('server', {}), 'app', 'p95_ms')}"
            f" in the worker{inproc}"),
        row(f"Callback server time p95, slowest ({slowest['key']})", "<= 50 ms",
            _ms(slowest.get("server", {}), "app", "p95_ms"), _le(slowest.get("server", {}), "app", 50), ""),
        row(f"Latency seen by the client p95, {main['key']}", "<= 50 ms", f"{main['p95_ms']:.1f} ms",
            main["p95_ms"] <= 50, f"GET /health p95 {h['p95_ms']:.1f} ms (queueing at {cb['clients']} clients)"),
    ]
    if "cb" in srv and "ser" in srv:
        ser2 = 2 * srv["ser"]["p50_ms"]
        rows.append(row(f"Callback function p95 vs serialising its answer, {main['key']}",
                        f"<= 2 x ser = {ser2:.3f} ms", _ms(srv, "cb", "p95_ms"), srv["cb"]["p95_ms"] <= ser2,
                        f"ser p50 {srv['ser']['p50_ms']:.3f} ms; whole request in Flask p95 "
                        f"{_ms(srv, 'app', 'p95_ms')}"))
    else:
        rows.append(row(f"Callback function p95 vs serialising its answer, {main['key']}", "<= 2 x ser",
                        "no Server-Timing", False, f"json.dumps of its response {main['serialise_ms']:.3f} ms"))
    rows += [
        row(f"Throughput, {main['key']}, {cb['clients']} clients", ">= 300 resp/s, 0 errors",
            f"{main['rps']:.0f} resp/s, {main['errors']} err", main["rps"] >= 300 and main["errors"] == 0,
            f"GET /health {h['rps']:.0f} req/s"),
        row(f"Throughput, lowest ({lowest_rps['key']})", ">= 300 resp/s, 0 errors",
            f"{lowest_rps['rps']:.0f} resp/s, {lowest_rps['errors']} err",
            lowest_rps["rps"] >= 300 and lowest_rps["errors"] == 0, ""),
    ]
    if w.get("rps") is not None:
        se = w.get("socket_errors", {})
        werr = w.get("non_2xx", 0) + sum(se.values())
        rows.append(row(f"Throughput, wrk {callbacks.WRK_CONNECTIONS} conns, {w.get('payload')}",
                        ">= 300 resp/s, 0 errors", f"{w['rps']:.0f} resp/s, {w.get('5xx', 0)} 5xx, "
                        f"{werr} err", w["rps"] >= 300 and werr == 0, f"p95 {w.get('p95_ms', float('nan')):.0f} ms"))
    else:
        rows.append(row("Throughput, wrk", ">= 300 resp/s, 0 errors", "wrk not run", False, str(w)[:40]))
    rows += [
        row("Callback errors, all replays", "0", str(cb_errors), cb_errors == 0,
            f"{sum(r['requests'] for r in cb['callbacks'])} requests"),
        row("First load, navigation -> charts drawn", "<= 1.5 s", f"{pl['charts_drawn_ms'] / 1000:.2f} s",
            pl["charts_drawn_ms"] <= 1500, f"/health load {pl['baseline_health_load_ms']:.0f} ms; long tasks "
            f"{pl['longtask_ms']:.0f} ms"),
        row("First load, bytes on the wire", "<= 1.5 MB", f"{pl['wire_bytes'] / MB:.2f} MB",
            pl["wire_bytes"] <= 1.5 * MB, f"{pl['requests']:.0f} requests; plotly.min.js "
            f"{_plotly_bytes(pl) / MB:.2f} MB"),
        row("Year change, bytes on the wire", "<= 10 KB", f"{pl['year_change_wire_bytes'] / KB:.1f} KB",
            pl["year_change_wire_bytes"] <= 10 * KB, f"{pl['year_change']['requests']} requests, "
            f"{pl['year_change']['callbacks']} of them POSTs; headers "
            f"{(pl['year_change']['request_headers'] + pl['year_change']['response_headers']) / KB:.1f} KB"),
        row("RSS per worker (max, after the load tests)", "<= 200 MB", f"{mem_after['max_worker_rss_mb']:.0f} MB",
            mem_after["max_worker_rss_mb"] <= 200, f"at ready {su['memory_at_ready']['max_worker_rss_mb']:.0f} MB; "
            f"PSS {mem_after['max_worker_pss_mb']:.0f} MB"),
        row("Start to ready (spawn -> /health 200)", "<= 3 s", f"{su['ready_s']:.2f} s", su["ready_s"] <= 3,
            f"imports alone {su['baseline_imports_s']:.2f} s"),
    ]
    return rows


def uncached_row(cold: dict) -> dict:
    """Issue 14, item 4: a view nobody has asked for answers all panels in <= 30 ms in the worker."""
    product, base = cold["product"], cold["baseline"]
    return row(f"Uncached view, all panels, CPU median of {product['views']} distinct steps", "<= 30 ms",
               f"{product['cpu_median_ms']:.1f} ms", product["cpu_median_ms"] <= 30,
               f"baseline app's callback {base['cpu_median_ms']:.1f} ms per step; p90 {product['cpu_p90_ms']:.1f} ms")


def _ms(server: dict, name: str, stat: str) -> str:
    v = server.get(name, {}).get(stat)
    return "no Server-Timing" if v is None else f"{v:.1f} ms" if v >= 1 else f"{v:.3f} ms"


def _le(server: dict, name: str, limit: float) -> bool:
    v = server.get(name, {}).get("p95_ms")
    return v is not None and v <= limit


def _plotly_bytes(pl: dict) -> int:
    return sum(r["wire"] for r in pl["resources"] if "plotly" in r["url"] and r["url"].split("?")[0].endswith(".js"))


def table(rows: list[dict]) -> str:
    cols = [("metric", "Metric"), ("budget", "Budget"), ("measured", "Measured"), ("within", "Within budget?"),
            ("baseline", "Baseline / context (same run)")]
    widths = {k: max(len(t), *(len(str(r[k])) for r in rows)) for k, t in cols}
    line = "| " + " | ".join(t.ljust(widths[k]) for k, t in cols) + " |"
    sep = "|" + "|".join("-" * (widths[k] + 2) for k, _ in cols) + "|"
    body = ["| " + " | ".join(str(r[k]).ljust(widths[k]) for k, _ in cols) + " |" for r in rows]
    return "\n".join([line, sep, *body])


def section(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


def main() -> int:
    t_start = time.perf_counter()
    for old in out_dir().glob("gunicorn*.log"):  # the access logs are per run
        old.unlink()
    busy = cpu_busy(1.0)
    env = {"python": platform.python_version(), "cpus": os.cpu_count(), "loadavg_at_start": os.getloadavg(),
           "cpu_busy_before_start": round(busy, 3), "app_root": str(app_root()), **git_state(),
           "started": time.strftime("%Y-%m-%dT%H:%M:%S")}
    print(f"bench: {env['app_root']} at {env['commit']}{' (dirty)' if env['dirty'] else ''}, {env['cpus']} CPUs, "
          f"load average {env['loadavg_at_start'][0]:.2f}, CPU busy before start {busy:.0%}", flush=True)
    if busy > 0.25:
        print("bench: WARNING the machine is already busy: timings will be inflated and noisy", flush=True)

    try:
        section("start-up")
        su = startup.run()
        print(startup.summary(su), flush=True)

        server = start_server(workers=2)
        if err := callbacks.preload_inprocess():
            print(f"bench: in-process import failed ({err}); in-process figures will be missing", flush=True)
    except AppFailedToStart as exc:
        print(f"bench: the app failed to start: {exc}", file=sys.stderr)
        return 2
    try:
        section("capture (browser session: page load + year change)")
        cap = capture.capture(server)
        print(capture.summary(cap), flush=True)

        section("page load, beside the baseline app (Dash by the docs, bench/baseline_app.py)")
        baseline = compare.start_baseline()
        try:
            pl = pageload.run(server, baseline_server=baseline)
            section("embeds: first paint and bytes before interaction, beside the baseline app's first chart")
            em = embed.run(server, baseline_server=baseline)
        finally:
            baseline.stop()
        print(pageload.summary(pl), flush=True)
        print(embed.summary(em), flush=True)
        floor = compare.floor()
        print(compare.summary(pl, floor), flush=True)

        # The replay gets a server of its own that reports its times (Server-Timing): headers the page's byte
        # counts above must not include.
        if server.proc.poll() is not None:
            raise AppFailedToStart(f"gunicorn exited during the benchmarks with {server.proc.returncode}")
        server.stop()
        server = start_server(workers=2, log_name="gunicorn-replay.log", extra_env=callbacks.SERVER_ENV)
        section("callback replay")
        cb = callbacks.run(server, cap)
        print(callbacks.summary(cb), flush=True)

        mem_after = startup.memory(server)
        if server.proc.poll() is not None:
            raise AppFailedToStart(f"gunicorn exited during the benchmarks with {server.proc.returncode}")
    except AppFailedToStart as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    finally:
        server.stop()

    section("a view nobody has asked for (all panels, caches emptied, in process)")
    cold = uncached.run()
    print(uncached.summary(cold), flush=True)
    rows = budget_rows(su, cb, pl, mem_after) + [uncached_row(cold)]
    elapsed = time.perf_counter() - t_start
    env["loadavg_at_end"] = os.getloadavg()
    section(f"budgets (informational; {elapsed:.0f} s in all)")
    print(table(rows))
    section("product : baseline (Dash by the docs), same run")
    print(compare.table(compare.rows(pl, floor)))
    if busy > 0.25:
        print(f"note: the CPUs were {busy:.0%} busy before the run started: other work shared the machine.")

    capture_errors = len(cap["failed"]) + sum(1 for r in cap["callbacks"] if (r["status"] or 0) >= 400)
    wrk = cb["wrk"]
    se = wrk.get("socket_errors", {})
    request_errors = (callbacks.errors(cb) + capture_errors + pl["load_errors"] + pl["year_change_errors"]
                      + pl["baseline_app"]["load_errors"] + pl["baseline_app"]["year_change_errors"]
                      + se.get("connect", 0) + se.get("read", 0) + se.get("write", 0))
    path = write_json("results.json", {
        "env": env, "elapsed_s": round(elapsed, 1), "budgets": rows, "request_errors": request_errors,
        "startup": su, "pageload": pl, "embed": em, "callbacks": cb, "uncached": cold,
        "versus_baseline": {"floor": floor, "rows": compare.rows(pl, floor)},
        "memory_after_load": mem_after,
        "capture": {k: v for k, v in cap.items() if k != "callbacks"}
        | {"callbacks": [{k: v for k, v in r.items() if k not in ("request_body", "response_body")}
                         for r in cap["callbacks"]]},
    })
    print(f"\nresults: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}; "
          f"payloads: bench/out/payloads.json")
    if request_errors:
        print(f"bench: {request_errors} request errors (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
