"""First page load and year change in headless Chromium, as a visitor sees them.

Per load (a fresh browser context each time, so the HTTP cache is cold):
  * time from navigation start to "charts drawn" (performance.now() in the page when the map's choropleth paths
    and both line charts' traces exist);
  * bytes on the wire: the sum of CDP Network.loadingFinished encodedDataLength (response headers + body as
    transferred, after compression), the decoded size, and the number of requests;
  * then a year change (keyboard on the year slider): bytes of the callback requests and responses on the wire
    (Playwright request.sizes(): headers + bodies), and the time until the last callback answered.
LOADS loads, median reported. One extra load in the same context shows a repeat visit (warm cache).

Baseline from the same run: /health opened in the same browser (navigation + an almost empty document), which
separates browser/navigation overhead from the app's own time.

    .venv/bin/python -m bench.pageload      # starts its own gunicorn (2 workers)
"""

from __future__ import annotations

import time

from .capture import YEAR_SLIDER, YEAR_TARGET, Recorder
from .common import CHARTS_DRAWN_JS, VIEWPORT, Server, launch_chromium, median, start_server, write_json

LOADS = 3
TIMEOUT_S = 30.0

# Main-thread tasks over 50 ms (script evaluation, plotly drawing): how much of the load is the browser's CPU.
LONGTASKS_INIT = """window.__benchLongtasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__benchLongtasks.push([e.startTime, e.duration]);
  }).observe({type: 'longtask', buffered: true});
} catch (e) {}"""
LONGTASKS_JS = """(until) => {
  const t = (window.__benchLongtasks || []).filter(([s]) => s <= until);
  return {count: t.length, total_ms: t.reduce((a, [, d]) => a + d, 0)};
}"""

NAV_TIMING_JS = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  return n ? {ttfb: n.responseStart, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd} : null;
}"""


class WireMeter:
    """Per-request wire accounting from the Chrome DevTools Protocol."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.req: dict[str, dict] = {}
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.responseReceived", self._resp)
        self.cdp.on("Network.dataReceived", self._data)
        self.cdp.on("Network.loadingFinished", self._fin)
        self.cdp.on("Network.loadingFailed", self._fail)
        self.cdp.send("Network.enable")

    def _sent(self, e):
        r = self.req.setdefault(e["requestId"], {"decoded": 0})
        r.update(url=e["request"]["url"], method=e["request"]["method"], type=e.get("type", ""))

    def _resp(self, e):
        r = self.req.setdefault(e["requestId"], {"decoded": 0})
        headers = {k.lower(): v for k, v in e["response"].get("headers", {}).items()}
        r.update(status=e["response"]["status"], encoding=headers.get("content-encoding", ""),
                 mime=e["response"].get("mimeType", ""), from_cache=e["response"].get("fromDiskCache", False))

    def _data(self, e):
        r = self.req.setdefault(e["requestId"], {"decoded": 0})
        r["decoded"] += e.get("dataLength", 0)

    def _fin(self, e):
        self.req.setdefault(e["requestId"], {"decoded": 0})["wire"] = e.get("encodedDataLength", 0)

    def _fail(self, e):
        self.req.setdefault(e["requestId"], {"decoded": 0})["failed"] = e.get("errorText", "failed")

    def snapshot(self, base: str) -> dict:
        done = [r for r in self.req.values() if "wire" in r or "failed" in r]
        rows = sorted(({"url": r.get("url", "?").replace(base, ""), "wire": r.get("wire", 0),
                        "decoded": r.get("decoded", 0), "encoding": r.get("encoding", ""),
                        "status": r.get("status"), "mime": r.get("mime", "")} for r in done),
                      key=lambda x: -x["wire"])
        return {"requests": len(done), "wire": sum(x["wire"] for x in rows),
                "decoded": sum(x["decoded"] for x in rows), "failed": [r for r in done if "failed" in r],
                "errors": [x for x in rows if (x["status"] or 0) >= 400], "resources": rows}


def one_load(browser, server: Server, year_change: bool = True, repeat: bool = False) -> dict:
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(LONGTASKS_INIT)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_S * 1000)
        meter = WireMeter(context, page)
        rec = Recorder(page)
        page.goto(f"{server.base}/en/", wait_until="commit")
        drawn_ms = page.wait_for_function(CHARTS_DRAWN_JS, polling="raf").json_value()
        nav = page.evaluate(NAV_TIMING_JS)
        longtasks = page.evaluate(LONGTASKS_JS, drawn_ms)
        rec.settle(page)
        res = {"charts_drawn_ms": round(drawn_ms, 1), "nav": nav, "longtasks": longtasks,
               "load": meter.snapshot(server.base)}
        if repeat:  # same context: the HTTP cache is warm
            meter.req.clear()
            page.goto(f"{server.base}/en/", wait_until="commit")
            res["repeat_charts_drawn_ms"] = round(page.wait_for_function(CHARTS_DRAWN_JS, polling="raf").json_value(),
                                                  1)
            rec.settle(page)
            res["repeat_load"] = meter.snapshot(server.base)
        if year_change:
            rec.phase = "year"
            n_before = len(rec.records)
            slider = page.locator(YEAR_SLIDER)
            slider.focus()
            t1 = time.perf_counter()
            slider.press("ArrowLeft")
            page.wait_for_url(lambda u: YEAR_TARGET in u)
            rec.settle(page)
            calls = rec.records[n_before:]
            res["year_change"] = {
                "callbacks": len(calls),
                "names": [c["name"] for c in calls],
                "request_wire": sum(c["request_wire_bytes"] for c in calls),
                "response_wire": sum(c["response_wire_bytes"] for c in calls),
                "wire": sum(c["request_wire_bytes"] + c["response_wire_bytes"] for c in calls),
                "request_headers": sum(c["sizes"]["requestHeadersSize"] for c in calls),
                "response_headers": sum(c["sizes"]["responseHeadersSize"] for c in calls),
                "settle_ms": round((rec.last_activity - t1) * 1000, 1),
                "per_callback": {c["name"]: c["request_wire_bytes"] + c["response_wire_bytes"] for c in calls},
                "failed": rec.failed,
            }
        return res
    finally:
        context.close()


def baseline(browser, server: Server) -> dict:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(f"{server.base}/health", wait_until="load")
        wall = (time.perf_counter() - t0) * 1000
        nav = page.evaluate(NAV_TIMING_JS)
        return {"load_ms": round(nav["load"], 1) if nav else None, "goto_wall_ms": round(wall, 1)}
    finally:
        context.close()


def run(server: Server, loads: int = LOADS) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        t0 = time.perf_counter()
        browser = launch_chromium(p)
        launch_ms = (time.perf_counter() - t0) * 1000
        try:
            base = [baseline(browser, server) for _ in range(loads)]
            runs = [one_load(browser, server) for _ in range(loads)]
            warm = one_load(browser, server, year_change=False, repeat=True)
        finally:
            browser.close()

    def med(f):
        return median([f(r) for r in runs])

    first = runs[0]["load"]
    data = {
        "loads": loads,
        "browser_launch_ms": round(launch_ms, 1),
        "baseline_health_load_ms": median([b["load_ms"] for b in base if b["load_ms"] is not None]),
        "baseline": base,
        "charts_drawn_ms": med(lambda r: r["charts_drawn_ms"]),
        "charts_drawn_all_ms": [r["charts_drawn_ms"] for r in runs],
        "dom_content_loaded_ms": med(lambda r: r["nav"]["dcl"]),
        "load_event_ms": med(lambda r: r["nav"]["load"]),
        "longtask_ms": med(lambda r: r["longtasks"]["total_ms"]),
        "longtask_count": med(lambda r: r["longtasks"]["count"]),
        "ttfb_ms": med(lambda r: r["nav"]["ttfb"]),
        "wire_bytes": med(lambda r: r["load"]["wire"]),
        "decoded_bytes": med(lambda r: r["load"]["decoded"]),
        "requests": med(lambda r: r["load"]["requests"]),
        "load_errors": sum(len(r["load"]["errors"]) + len(r["load"]["failed"]) for r in runs),
        "resources": first["resources"],
        "year_change_wire_bytes": med(lambda r: r["year_change"]["wire"]),
        "year_change": runs[0]["year_change"],
        "year_change_settle_ms": med(lambda r: r["year_change"]["settle_ms"]),
        "year_change_errors": sum(len(r["year_change"]["failed"]) for r in runs),
        "repeat_visit": {"charts_drawn_ms": warm.get("repeat_charts_drawn_ms"),
                         "wire_bytes": warm["repeat_load"]["wire"], "requests": warm["repeat_load"]["requests"],
                         "resources": warm["repeat_load"]["resources"][:8]},
    }
    write_json("pageload.json", data)
    return data


def summary(d: dict) -> str:
    kb = 1000  # decimal KB, as browser devtools show them
    yc = d["year_change"]
    lines = [
        f"page load (headless Chromium, cold cache, median of {d['loads']}):",
        f"  charts drawn {d['charts_drawn_ms']:.0f} ms (runs {d['charts_drawn_all_ms']}); TTFB {d['ttfb_ms']:.0f} ms, "
        f"DOMContentLoaded {d['dom_content_loaded_ms']:.0f} ms, load event {d['load_event_ms']:.0f} ms",
        f"  main-thread long tasks (> 50 ms) before charts drawn: {d['longtask_count']:.0f} taking "
        f"{d['longtask_ms']:.0f} ms (browser CPU: script evaluation, plotly drawing)",
        f"  BASELINE /health in the same browser: load event {d['baseline_health_load_ms']:.0f} ms; "
        f"browser launch {d['browser_launch_ms']:.0f} ms (not in the figures above)",
        f"  {d['requests']:.0f} requests, {d['wire_bytes'] / kb:.0f} KB on the wire "
        f"({d['decoded_bytes'] / kb:.0f} KB decoded), errors {d['load_errors']}",
        "  largest responses (wire / decoded / encoding):",
    ]
    for r in d["resources"][:8]:
        lines.append(f"    {r['wire'] / kb:8.1f} KB {r['decoded'] / kb:8.1f} KB  {r['encoding'] or 'identity':<8} "
                     f"{r['url'][:90]}")
    rv = d["repeat_visit"]
    lines.append(f"  repeat visit (warm cache): charts drawn {rv['charts_drawn_ms']:.0f} ms, {rv['requests']} "
                 f"requests, {rv['wire_bytes'] / kb:.0f} KB on the wire")
    lines.append(f"  year change: {yc['callbacks']} callbacks ({', '.join(yc['names'])}), "
                 f"{d['year_change_wire_bytes'] / kb:.1f} KB on the wire (median; "
                 f"requests {yc['request_wire'] / kb:.1f} KB "
                 f"of which headers {yc['request_headers'] / kb:.1f} KB, responses {yc['response_wire'] / kb:.1f} KB "
                 f"of which headers {yc['response_headers'] / kb:.1f} KB), last callback answered after "
                 f"{d['year_change_settle_ms']:.0f} ms")
    lines.append("    per callback (request + response, bytes): "
                 + ", ".join(f"{k} {v}" for k, v in yc["per_callback"].items()))
    return "\n".join(lines)


def main() -> int:
    server = start_server(workers=2)
    try:
        data = run(server)
    finally:
        server.stop()
    print(summary(data))
    return 1 if data["load_errors"] or data["year_change_errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
