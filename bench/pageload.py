"""First page load and year change in headless Chromium, as a visitor sees them.

Per load (a fresh browser context each time, so the HTTP cache is cold):
  * time from navigation start to "charts drawn" (performance.now() in the page when the map's choropleth paths
    and both line charts' traces exist);
  * bytes on the wire: the sum of CDP Network.loadingFinished encodedDataLength (response headers + body as
    transferred, after compression), the decoded size, and the number of requests, once nothing is in flight;
  * then, once the page holds the view's frames (GET /frames, counted apart: `frames`), a year change (a click on
    the year slider's track under the 2020 mark): EVERY request the browser makes
    from the click until the three charts show the new year and nothing is in flight (callback POSTs, and anything
    else, such as the favicon that Chromium asks for whenever the URL changes), each one's bytes on the wire (request
    line, headers and body as sent; response headers and body as received, from CDP), those the HTTP cache answered
    counted apart; the time from the input to all three charts updated (the page's clock); the time until the last
    callback answered; and the CPU time the server's workers spent over the step.
LOADS loads, median reported. One extra load in the same context shows a repeat visit (warm cache).

Baselines from the same run: /health opened in the same browser (navigation + an almost empty document), which
separates browser/navigation overhead from the app's own time; and, when `run` is given the baseline app's server
(bench/baseline_app.py, the same charts as Dash's documentation would write them), as many loads of it,
interleaved with the product's.

    .venv/bin/python -m bench.pageload      # starts its own gunicorn (2 workers), the product only
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from .capture import YEAR_TARGET, Recorder
from .common import (
    CALLBACK_PATH_END,
    CHARTS_DRAWN_JS,
    VIEWPORT,
    Server,
    cpu_ns,
    launch_chromium,
    median,
    start_server,
    write_json,
)

LOADS = 7  # per app; timings are the median
TIMEOUT_S = 30.0

YEAR = YEAR_TARGET.split("=")[1]  # the year one step left of the latest shows (2020 for UN DESA 2024)


@dataclass(frozen=True)
class Target:
    """An app under test: its server, the page that shows the three charts, and its year slider (Dash's dcc.Slider,
    whose marks name the years)."""

    name: str
    server: Server
    path: str = "/en/"
    slider: str = "#f-year"

    @property
    def url(self) -> str:
        return self.server.base + self.path


# Main-thread tasks over 50 ms (script evaluation, plotly drawing): how much of the load is the browser's CPU. The
# last input (pointer or key) is timed in the page too, so that "input to charts updated" is the page's own clock.
LONGTASKS_INIT = """window.__benchLongtasks = [];
for (const kind of ['pointerdown', 'keydown']) {
  document.addEventListener(kind, () => { window.__benchInput = performance.now(); }, true);
}
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__benchLongtasks.push([e.startTime, e.duration]);
  }).observe({type: 'longtask', buffered: true});
} catch (e) {}"""
LONGTASKS_JS = """(until) => {
  const t = (window.__benchLongtasks || []).filter(([s]) => s <= until);
  return {count: t.length, total_ms: t.reduce((a, [, d]) => a + d, 0)};
}"""

# The charts named show the new year: the map's title names it, and the line charts mark it (a vertical line at that
# year, in plotly's drawn layout). Armed before the input: a loop in the page checks at every animation frame (the
# moment before the browser paints) and keeps, on the page's clock, the time since the last input of the first frame
# where the charts in view show the year, then of the first where all do. Checked from the page itself, because a
# check sent after the click would start only once the page's main thread is free again, and read a paint that was
# already on screen as later than it was.
ARM_YEAR_JS = """([year, inView, all]) => {
  const shows = (id) => {
    if (id === 'map') {
      const title = document.querySelector('#map .gtitle');
      return !!title && title.textContent.includes(year);
    }
    const gd = document.querySelector('#' + id + ' .js-plotly-plot');
    const shapes = (gd && gd._fullLayout && gd._fullLayout.shapes) || [];
    return shapes.some((s) => String(s.x0) === year || String(s.x0).startsWith(year + '-'));
  };
  const seen = window.__benchSeen = {inView: null, all: null};
  const armed = performance.now();
  const check = () => {
    const since = performance.now() - window.__benchInput;
    if (window.__benchInput > armed) {
      if (seen.inView === null && inView.every(shows)) { seen.inView = since; }
      if (seen.all === null && all.every(shows)) { seen.all = since; }
    }
    if (seen.all === null && performance.now() - armed < 60000) { requestAnimationFrame(check); }
  };
  requestAnimationFrame(check);
}"""
CHARTS = ("map", "stock", "remittances")

# Which of the three charts the reader sees (any part of it in the viewport) when the slider is clicked: the product
# redraws those at once and the others after that frame, nearest first (kgmStep in assets/30-callbacks.js).
IN_VIEW_JS = """(ids) => ids.filter((id) => {
  const box = document.getElementById(id).getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight;
})"""

# The page holds the view's frames (kgmFrames in assets/30-callbacks.js) for `year`, so a step there draws from
# memory; true at once for a page without frames (the baseline app).
FRAMES_HELD_JS = """(year) => !window.kgmFrames
  || !!window.kgmFrames.at({q: location.search.replace(/^[?]/, ''), lang: 'en'}, year)"""

NAV_TIMING_JS = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  return n ? {ttfb: n.responseStart, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd} : null;
}"""


class WireMeter:
    """Per-request wire accounting from the Chrome DevTools Protocol: everything the tab loads, the favicon included.

    Response bytes are loadingFinished's encodedDataLength (headers + body as received). Request bytes are computed
    from what Chromium reports it sent (requestWillBeSentExtraInfo: every header on the wire) as HTTP/1.1 writes
    them: request line, one `Name: value` line per header, a blank line, the body."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.req: dict[str, dict] = {}
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.requestWillBeSentExtraInfo", self._sent_headers)
        self.cdp.on("Network.requestServedFromCache", lambda e: self._entry(e).update(from_cache=True))
        self.cdp.on("Network.responseReceived", self._resp)
        self.cdp.on("Network.responseReceivedExtraInfo", self._resp_headers)
        self.cdp.on("Network.dataReceived", self._data)
        self.cdp.on("Network.loadingFinished", self._fin)
        self.cdp.on("Network.loadingFailed", self._fail)
        self.cdp.send("Network.enable")

    def _entry(self, e) -> dict:
        return self.req.setdefault(e["requestId"], {"decoded": 0, "from_cache": False})

    def _sent(self, e):
        request = e["request"]
        body = "".join(entry.get("bytes", "") for entry in request.get("postDataEntries", []))
        self._entry(e).update(url=request["url"], method=request["method"], type=e.get("type", ""),
                              body_bytes=len(request.get("postData", "").encode()) if "postData" in request
                              else len(base64.b64decode(body)))

    def _sent_headers(self, e):
        self._entry(e)["sent_headers"] = e.get("headers", {})

    def _resp(self, e):
        r = self._entry(e)
        headers = {k.lower(): v for k, v in e["response"].get("headers", {}).items()}
        r.update(status=e["response"]["status"], encoding=headers.get("content-encoding", ""),
                 mime=e["response"].get("mimeType", ""))
        if e["response"].get("fromDiskCache") or e["response"].get("fromPrefetchCache"):
            r["from_cache"] = True

    def _resp_headers(self, e):
        self._entry(e)["response_headers_bytes"] = len(e.get("headersText", "").encode("latin-1", "replace"))

    def _data(self, e):
        self._entry(e)["decoded"] += e.get("dataLength", 0)

    def _fin(self, e):
        self._entry(e)["wire"] = e.get("encodedDataLength", 0)

    def _fail(self, e):
        self._entry(e)["failed"] = e.get("errorText", "failed")

    def pending(self) -> list[str]:
        return [r.get("url", "?") for r in self.req.values() if "wire" not in r and "failed" not in r]

    def wait_idle(self, page, timeout_s: float = TIMEOUT_S) -> None:
        """Until every request the tab has begun has finished or failed (polled, bounded)."""
        deadline = time.perf_counter() + timeout_s
        while self.pending() and time.perf_counter() < deadline:
            page.wait_for_timeout(20)

    def snapshot(self, base: str) -> dict:
        done = [r for r in self.req.values() if "wire" in r or "failed" in r]
        rows = sorted(({"url": r.get("url", "?").replace(base, ""), "wire": r.get("wire", 0),
                        "decoded": r.get("decoded", 0), "encoding": r.get("encoding", ""),
                        "status": r.get("status"), "mime": r.get("mime", "")} for r in done),
                      key=lambda x: -x["wire"])
        return {"requests": len(done), "wire": sum(x["wire"] for x in rows),
                "decoded": sum(x["decoded"] for x in rows), "failed": [r for r in done if "failed" in r],
                "errors": [x for x in rows if (x["status"] or 0) >= 400], "resources": rows}

    def exchanges(self, base: str) -> list[dict]:
        """Every request begun since the last clear(), with its bytes on the wire both ways (0 when the cache
        answered it)."""
        return [exchange_row(r, base) for r in self.req.values()]


def request_wire_bytes(r: dict) -> tuple[int, int]:
    """(headers, body) bytes of one HTTP/1.1 request as sent: `METHOD /path?query HTTP/1.1`, each header line, the
    blank line; the body."""
    url = urlsplit(r.get("url", ""))
    target = url.path + (f"?{url.query}" if url.query else "")
    headers = r.get("sent_headers", {})
    head = len(f"{r.get('method', 'GET')} {target} HTTP/1.1\r\n") + 2
    head += sum(len(f"{name}: {value}\r\n".encode()) for name, value in headers.items())
    return head, r.get("body_bytes", 0)


def exchange_row(r: dict, base: str) -> dict:
    """One request's bytes; `headers_seen` False means Chromium never said what it sent (counted without headers)."""
    cached = r["from_cache"]
    head, body = (0, 0) if cached else request_wire_bytes(r)
    response = 0 if cached else r.get("wire", 0)
    return {"method": r.get("method"), "url": r.get("url", "?").replace(base, ""), "status": r.get("status"),
            "from_cache": cached, "failed": r.get("failed"), "headers_seen": cached or "sent_headers" in r,
            "request_headers": head, "request_body": body,
            "response_headers": 0 if cached else r.get("response_headers_bytes", 0), "response_wire": response,
            "wire": head + body + response}


def one_load(browser, target: Target | Server, year_change: bool = True, repeat: bool = False) -> dict:
    target = target if isinstance(target, Target) else Target("product", target)
    base = target.server.base
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(LONGTASKS_INIT)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_S * 1000)
        meter = WireMeter(context, page)
        rec = Recorder(page)
        page.goto(target.url, wait_until="commit")
        drawn_ms = page.wait_for_function(CHARTS_DRAWN_JS, polling="raf").json_value()
        nav = page.evaluate(NAV_TIMING_JS)
        longtasks = page.evaluate(LONGTASKS_JS, drawn_ms)
        rec.settle(page)
        page.wait_for_function(FRAMES_HELD_JS, arg=YEAR, polling=50)
        meter.wait_idle(page)
        load, frames = split_frames(meter.snapshot(base))
        res = {"charts_drawn_ms": round(drawn_ms, 1), "nav": nav, "longtasks": longtasks, "load": load,
               "frames": frames}
        if repeat:  # same context: the HTTP cache is warm
            meter.req.clear()
            page.goto(target.url, wait_until="commit")
            res["repeat_charts_drawn_ms"] = round(page.wait_for_function(CHARTS_DRAWN_JS, polling="raf").json_value(),
                                                  1)
            rec.settle(page)
            page.wait_for_function(FRAMES_HELD_JS, arg=YEAR, polling=50)
            meter.wait_idle(page)
            res["repeat_load"] = split_frames(meter.snapshot(base))[0]
        if year_change:
            res["year_change"] = year_step(page, meter, rec, target)
        return res
    finally:
        context.close()


def split_frames(snapshot: dict) -> tuple[dict, dict]:
    """(the load without the view's frames, the frames' request): the frames are fetched after the first draw, for
    the year steps to come, and are counted apart from what drawing the page took."""
    frames = [r for r in snapshot["resources"] if r["url"].startswith("/frames?")]
    rest = [r for r in snapshot["resources"] if not r["url"].startswith("/frames?")]
    load = {**snapshot, "requests": snapshot["requests"] - len(frames), "wire": sum(r["wire"] for r in rest),
            "decoded": sum(r["decoded"] for r in rest), "resources": rest}
    return load, {"requests": len(frames), "wire": sum(r["wire"] for r in frames),
                  "decoded": sum(r["decoded"] for r in frames)}


def year_step(page, meter: WireMeter, rec: Recorder, target: Target) -> dict:
    """One step of the year slider to the previous year with data (a click on the track under that year's mark: the
    one input that moves both apps' sliders there, as a slider with `step=None` moves 0.2 of a year per arrow key in
    Dash 4), and every request it causes: from the click until all three charts show the new year, no callback has
    been sent for 0.5 s, and every request begun has finished. The server's CPU time over that window is its workers'
    (every thread's) time on a CPU."""
    meter.wait_idle(page)
    meter.req.clear()
    rec.phase = "year"
    n_before = len(rec.records)
    mark = page.locator(f"{target.slider} .dash-slider-mark", has_text=YEAR).bounding_box()
    track = page.locator(f"{target.slider} .dash-slider-track").bounding_box()
    in_view = page.evaluate(IN_VIEW_JS, list(CHARTS))
    cpu_before = cpu_ns(target.server.worker_pids())
    t1 = time.perf_counter()
    page.evaluate(ARM_YEAR_JS, [YEAR, in_view, list(CHARTS)])
    page.mouse.click(mark["x"] + mark["width"] / 2, track["y"] + track["height"] / 2)
    updated_ms = page.wait_for_function("() => window.__benchSeen.all", polling=50).json_value()
    in_view_ms = page.evaluate("() => window.__benchSeen.inView")
    rec.settle(page)
    meter.wait_idle(page)
    cpu_ms = (cpu_ns(target.server.worker_pids()) - cpu_before) / 1e6
    rows = meter.exchanges(target.server.base)
    sent = [r for r in rows if not r["from_cache"]]
    names = iter(c["name"] for c in rec.records[n_before:])
    for r in sent:
        r["name"] = next(names, "?") if is_callback(r) else f"{r['method']} {r['url'].split('?')[0]}"
    return {
        "requests": len(sent),
        "callbacks": sum(1 for r in sent if is_callback(r)),
        "other": [r["name"] for r in sent if not is_callback(r)],
        "from_cache": [f"{r['method']} {r['url'].split('?')[0]}" for r in rows if r["from_cache"]],
        "request_wire": sum(r["request_headers"] + r["request_body"] for r in sent),
        "response_wire": sum(r["response_wire"] for r in sent),
        "wire": sum(r["wire"] for r in sent),
        "request_headers": sum(r["request_headers"] for r in sent),
        "response_headers": sum(r["response_headers"] for r in sent),
        "charts_in_view": in_view,
        "charts_in_view_ms": round(in_view_ms, 1),
        "charts_updated_ms": round(updated_ms, 1),
        "settle_ms": round(max(0.0, rec.last_activity - t1) * 1000, 1),  # 0: no callback was sent
        "server_cpu_ms": round(cpu_ms, 2),
        "per_request": [(r["name"], r["wire"]) for r in sent],
        "failed": rec.failed + [f"{r['url']}: {r['failed']}" for r in rows if r["failed"]]
                  + [f"{r['url']}: sent headers unknown" for r in rows if not r["headers_seen"]],
    }


def is_callback(row: dict) -> bool:
    return row["method"] == "POST" and row["url"].split("?")[0].endswith(CALLBACK_PATH_END)


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


BASELINE_TARGET = {"path": "/", "slider": "#year"}  # bench/baseline_app.py's page and slider


def run(server: Server, loads: int = LOADS, baseline_server: Server | None = None) -> dict:
    """`loads` cold loads of the product (each with a year step), then one repeat visit. With `baseline_server`, as
    many loads of the baseline app, interleaved with the product's (each round alternates which goes first), in the
    same browser: its figures go under "baseline_app"."""
    from playwright.sync_api import sync_playwright

    targets = [Target("product", server)]
    if baseline_server is not None:
        targets.append(Target("baseline", baseline_server, **BASELINE_TARGET))
    runs: dict[str, list[dict]] = {t.name: [] for t in targets}
    with sync_playwright() as p:
        t0 = time.perf_counter()
        browser = launch_chromium(p)
        launch_ms = (time.perf_counter() - t0) * 1000
        try:
            base = [baseline(browser, server) for _ in range(loads)]
            for i in range(loads):
                for target in targets if i % 2 == 0 else targets[::-1]:
                    runs[target.name].append(one_load(browser, target))
            warm = one_load(browser, server, year_change=False, repeat=True)
        finally:
            browser.close()

    data = {
        "loads": loads,
        "browser_launch_ms": round(launch_ms, 1),
        "baseline_health_load_ms": median([b["load_ms"] for b in base if b["load_ms"] is not None]),
        "baseline": base,
        **aggregate(runs["product"]),
        "repeat_visit": {"charts_drawn_ms": warm.get("repeat_charts_drawn_ms"),
                         "wire_bytes": warm["repeat_load"]["wire"], "requests": warm["repeat_load"]["requests"],
                         "resources": warm["repeat_load"]["resources"][:8]},
    }
    if baseline_server is not None:
        data["baseline_app"] = aggregate(runs["baseline"])
    write_json("pageload.json", data)
    return data


def aggregate(runs: list[dict]) -> dict:
    """Medians over the loads (timings), the first load's resources and year step, and every load's value of the
    figures that should not vary (bytes, requests) so that a difference shows."""
    def med(f):
        return median([f(r) for r in runs])

    def each(f):
        return [f(r) for r in runs]

    first = runs[0]["load"]
    return {
        "charts_drawn_ms": med(lambda r: r["charts_drawn_ms"]),
        "charts_drawn_all_ms": each(lambda r: r["charts_drawn_ms"]),
        "dom_content_loaded_ms": med(lambda r: r["nav"]["dcl"]),
        "load_event_ms": med(lambda r: r["nav"]["load"]),
        "longtask_ms": med(lambda r: r["longtasks"]["total_ms"]),
        "longtask_count": med(lambda r: r["longtasks"]["count"]),
        "ttfb_ms": med(lambda r: r["nav"]["ttfb"]),
        "wire_bytes": med(lambda r: r["load"]["wire"]),
        "wire_bytes_all": each(lambda r: r["load"]["wire"]),
        "decoded_bytes": med(lambda r: r["load"]["decoded"]),
        "requests": med(lambda r: r["load"]["requests"]),
        "requests_all": each(lambda r: r["load"]["requests"]),
        "load_errors": sum(len(r["load"]["errors"]) + len(r["load"]["failed"]) for r in runs),
        "resources": first["resources"],
        "frames_wire_all": each(lambda r: r["frames"]["wire"]),
        "frames_decoded_all": each(lambda r: r["frames"]["decoded"]),
        "frames_requests_all": each(lambda r: r["frames"]["requests"]),
        "year_change_wire_bytes": med(lambda r: r["year_change"]["wire"]),
        "year_change_wire_all": each(lambda r: r["year_change"]["wire"]),
        "year_change_requests_all": each(lambda r: r["year_change"]["requests"]),
        "year_change": runs[0]["year_change"],
        "year_change_settle_ms": med(lambda r: r["year_change"]["settle_ms"]),
        "year_change_in_view_ms": med(lambda r: r["year_change"]["charts_in_view_ms"]),
        "year_change_in_view_all_ms": each(lambda r: r["year_change"]["charts_in_view_ms"]),
        "year_change_updated_ms": med(lambda r: r["year_change"]["charts_updated_ms"]),
        "year_change_updated_all_ms": each(lambda r: r["year_change"]["charts_updated_ms"]),
        "year_change_cpu_ms": med(lambda r: r["year_change"]["server_cpu_ms"]),
        "year_change_cpu_all_ms": each(lambda r: r["year_change"]["server_cpu_ms"]),
        "year_change_errors": sum(len(r["year_change"]["failed"]) for r in runs),
    }


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
    lines.append(f"  then the view's frames (every year, for steps drawn from memory): {d['frames_requests_all'][0]} "
                 f"request, {d['frames_wire_all'][0] / kb:.1f} KB on the wire "
                 f"({d['frames_decoded_all'][0] / kb:.0f} KB decoded)")
    rv = d["repeat_visit"]
    lines.append(f"  repeat visit (warm cache): charts drawn {rv['charts_drawn_ms']:.0f} ms, {rv['requests']} "
                 f"requests, {rv['wire_bytes'] / kb:.0f} KB on the wire")
    lines.append(f"  year change: {yc['requests']} requests on the wire ({yc['callbacks']} callback POSTs, other: "
                 f"{', '.join(yc['other']) or 'none'}), {d['year_change_wire_bytes'] / kb:.1f} KB (median; "
                 f"requests {yc['request_wire'] / kb:.1f} KB of which headers {yc['request_headers'] / kb:.1f} KB, "
                 f"responses {yc['response_wire'] / kb:.1f} KB of which headers {yc['response_headers'] / kb:.1f} KB); "
                 f"from the browser's cache: {', '.join(yc['from_cache']) or 'none'}")
    lines.append(f"    input to the charts in view ({', '.join(yc['charts_in_view'])}) updated "
                 f"{d['year_change_in_view_ms']:.0f} ms (median; runs {d['year_change_in_view_all_ms']})")
    lines.append(f"    input to all three charts updated {d['year_change_updated_ms']:.0f} ms (median; runs "
                 f"{d['year_change_updated_all_ms']}), last callback answered after {d['year_change_settle_ms']:.0f} "
                 f"ms (0: none was sent); server CPU {d['year_change_cpu_ms']:.1f} ms "
                 f"(runs {d['year_change_cpu_all_ms']})")
    lines.append("    per request (request + response on the wire, bytes): "
                 + ", ".join(f"{name} {wire}" for name, wire in yc["per_request"]))
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
