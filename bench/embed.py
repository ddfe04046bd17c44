"""An embed's first paint and its bytes, beside the baseline app's first chart, in the same run.

Per load (a fresh browser context, so the HTTP cache is cold), for `/en/embed/stock` (a line chart) and
`/en/embed/map`, opened at 900 px:
  * first paint: the frame's first-contentful-paint (the server's picture of the chart, dashboard/embed_static.py);
  * bytes on the wire before any interaction: every request's response headers + body as transferred (Playwright's
    request sizes), with requestIdleCallback stubbed out so the embed stays a picture until the reader acts;
  * then a pointer move over it: the time until the live graph has replaced the picture, and the bytes and requests
    of the whole embed once live.
The baseline: the Dash-by-the-docs app (bench/baseline_app.py) in the same browser, interleaved: navigation to its
first chart drawn (`.js-plotly-plot .main-svg` exists), and its bytes by then.

    .venv/bin/python -m bench.embed      # starts its own gunicorn for the product and the baseline
"""

from __future__ import annotations

import sys
import time

from .common import Server, launch_chromium, median, start_server, write_json

LOADS = 7
TIMEOUT_MS = 30_000
CHARTS = ("stock", "map")
NEVER_IDLE_JS = "window.requestIdleCallback = () => 0;"
FIRST_CHART_JS = "() => document.querySelector('.js-plotly-plot .main-svg') ? performance.now() : false"
LIVE_JS = "() => document.documentElement.dataset.embed === 'live'"
FCP_JS = """() => { const e = performance.getEntriesByName('first-contentful-paint')[0];
  return e ? e.startTime : false; }"""


def wire(requests: list) -> int:
    return sum(max(req.sizes()["responseHeadersSize"], 0) + max(req.sizes()["responseBodySize"], 0)
               for req in requests)


def embed_load(browser, server: Server, chart: str) -> dict:
    """One cold load of the embed: first paint, bytes before and after going live."""
    context = browser.new_context(viewport={"width": 900, "height": 900})
    page = context.new_page()
    page.add_init_script(NEVER_IDLE_JS)
    finished: list = []
    page.on("requestfinished", lambda req: finished.append(req))
    base = f"http://127.0.0.1:{server.port}"
    page.goto(f"{base}/en/embed/{chart}", wait_until="load")
    paint = page.wait_for_function(FCP_JS, timeout=TIMEOUT_MS, polling=50).json_value()
    page.wait_for_function("() => document.fonts.status === 'loaded'", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    before = list(finished)
    start = page.evaluate("() => performance.now()")
    page.mouse.move(400, 300)
    page.wait_for_function(LIVE_JS, timeout=TIMEOUT_MS, polling=50)
    live_ms = page.evaluate("() => performance.now()") - start
    page.wait_for_load_state("networkidle")
    out = {"first_paint_ms": paint, "wire_before": wire(before), "requests_before": len(before),
           "before": [req.url.split("?")[0].rsplit("/", 1)[-1] for req in before],
           "input_to_live_ms": live_ms, "wire_live": wire(finished), "requests_live": len(finished)}
    context.close()
    return out


def baseline_load(browser, server: Server) -> dict:
    context = browser.new_context(viewport={"width": 900, "height": 900})
    page = context.new_page()
    finished: list = []
    page.on("requestfinished", lambda req: finished.append(req))
    page.goto(f"http://127.0.0.1:{server.port}/", wait_until="commit")
    drawn = page.wait_for_function(FIRST_CHART_JS, timeout=TIMEOUT_MS, polling=50).json_value()
    out = {"first_chart_ms": drawn, "wire": wire(finished), "requests": len(finished)}
    context.close()
    return out


def run(server: Server, baseline_server: Server | None = None, loads: int = LOADS) -> dict:
    from playwright.sync_api import sync_playwright

    runs: dict[str, list[dict]] = {chart: [] for chart in CHARTS}
    base_runs: list[dict] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for _ in range(loads):
                for chart in CHARTS:
                    runs[chart].append(embed_load(browser, server, chart))
                if baseline_server is not None:
                    base_runs.append(baseline_load(browser, baseline_server))
        finally:
            browser.close()
    return {"loads": loads, "embeds": runs, "baseline": base_runs}


def exact(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{low:,}" if low == high else f"{round(median(values)):,} ({low:,}-{high:,})"


def summary(result: dict) -> str:
    lines = []
    base = result["baseline"]
    base_wire = median([r["wire"] for r in base]) if base else None
    base_ms = median([r["first_chart_ms"] for r in base]) if base else None
    for chart, runs in result["embeds"].items():
        wire_before = [r["wire_before"] for r in runs]
        paint = median([r["first_paint_ms"] for r in runs])
        lines.append(
            f"embed /en/embed/{chart}: first paint {paint:.0f} ms (median of {len(runs)}), before interaction "
            f"{exact(wire_before)} B in {exact([r['requests_before'] for r in runs])} requests "
            f"({', '.join(runs[0]['before'])}); pointer to live graph "
            f"{median([r['input_to_live_ms'] for r in runs]):.0f} ms; live {exact([r['wire_live'] for r in runs])} B "
            f"in {exact([r['requests_live'] for r in runs])} requests")
        if base:
            lines.append(f"  beside the baseline app's first chart ({base_ms:.0f} ms, {round(base_wire):,} B): "
                         f"first paint {paint / base_ms:.2f}, bytes {median(wire_before) / base_wire:.2f}")
    return "\n".join(lines)


def main() -> int:
    from .compare import start_baseline

    server = start_server(workers=2)
    try:
        baseline = start_baseline()
    except Exception:
        server.stop()
        raise
    try:
        result = run(server, baseline_server=baseline)
    finally:
        server.stop()
        baseline.stop()
    print(summary(result))
    write_json("embed.json", result)
    return 0


if __name__ == "__main__":
    t0 = time.perf_counter()
    code = main()
    print(f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    raise SystemExit(code)
