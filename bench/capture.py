"""Capture the real Dash callback traffic of a browser session, for replay by bench.callbacks.

Opens /en/ in headless Chromium against gunicorn and records every POST /en/_dash-update-component during
(a) the page load and (b) a year change (keyboard: focus the year slider, ArrowLeft, wait for year=2020 in the URL).
The page's frames (GET /frames) are refused here, so that the year step asks the server as a step with no frame held
does: the callback bench.callbacks replays (with frames held, a year step sends no request at all: bench.pageload).
Writes bench/out/payloads.json: request body, response body, status, sizes (decoded and on the wire).

    .venv/bin/python -m bench.capture      # starts its own gunicorn (2 workers)
"""

from __future__ import annotations

import json
import time

from .common import CALLBACK_PATH_END, CHARTS_DRAWN_JS, VIEWPORT, Server, launch_chromium, start_server, write_json

YEAR_SLIDER = "#f-year [role=slider]"
YEAR_TARGET = "year=2020"
NAMES = {"url": "sync", "f-year": "source-options"}


def callback_name(body: dict) -> str:
    """The callback's first output component id, e.g. "map"; the sync callback (url.search first) is "sync";
    the two callbacks that share f-dest.value (allow_duplicate) are named after their input."""
    changed = " ".join(body.get("changedPropIds") or [])
    if '"type":"card"' in changed:
        return "card-click"
    if "map.clickData" in changed:
        return "map-click"
    outputs = body.get("outputs")
    answers_panels = isinstance(outputs, list) and {"id": "map", "property": "figure"} in outputs
    if answers_panels and changed not in ("", "url-ask.data"):
        return "map"  # the URL sync answering every panel for a new view (on page load it answers none: "sync")
    first = outputs[0] if isinstance(outputs, list) and outputs else outputs
    cid = first.get("id") if isinstance(first, dict) else None
    if not isinstance(cid, str):
        cid = json.dumps(cid, sort_keys=True) if cid is not None else str(body.get("output", "?"))
    return NAMES.get(cid, cid)


class Recorder:
    """Collects finished callback POSTs and tracks those still in flight, tagged with the current phase."""

    def __init__(self, page):
        self.phase = "load"
        self.records: list[dict] = []
        self.failed: list[str] = []
        self.pending = 0
        self.last_activity = time.perf_counter()
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_finished)
        page.on("requestfailed", self._on_failed)

    @staticmethod
    def _is_callback(request) -> bool:
        return request.method == "POST" and request.url.split("?")[0].endswith(CALLBACK_PATH_END)

    def _on_request(self, request):
        if self._is_callback(request):
            self.pending += 1
            self.last_activity = time.perf_counter()
            request._bench_phase = self.phase  # the phase when it was sent, not when it finished

    def _on_failed(self, request):
        if self._is_callback(request):
            self.pending -= 1
            self.last_activity = time.perf_counter()
            self.failed.append(f"{request.url}: {request.failure}")

    def _on_finished(self, request):
        if not self._is_callback(request):
            return
        try:
            response = request.response()
            body_text = request.post_data or ""
            resp_body = response.body() if response and response.status != 204 else b""
            sizes = request.sizes()
            headers = response.all_headers() if response else {}
            parsed = json.loads(body_text) if body_text else {}
            self.records.append({
                "phase": getattr(request, "_bench_phase", self.phase),
                "name": callback_name(parsed),
                "output": parsed.get("output"),
                "changed": parsed.get("changedPropIds"),
                "request_body": body_text,
                "status": response.status if response else None,
                "content_encoding": headers.get("content-encoding", ""),
                "request_headers": request.all_headers(),
                "response_headers": headers,
                "response_body": resp_body.decode("utf-8", "replace"),
                "response_bytes": len(resp_body),
                "request_wire_bytes": sizes["requestBodySize"] + sizes["requestHeadersSize"],
                "response_wire_bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                "sizes": sizes,
            })
        finally:
            self.pending -= 1
            self.last_activity = time.perf_counter()

    def settle(self, page, quiet_s: float = 0.5, timeout_s: float = 15.0) -> None:
        """Wait (bounded) until no callback has been in flight for quiet_s."""
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            if self.pending <= 0 and time.perf_counter() - self.last_activity >= quiet_s:
                return
            page.wait_for_timeout(50)


def capture(server: Server, timeout_s: float = 30.0) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.set_default_timeout(timeout_s * 1000)
            page.route("**/frames?**", lambda route: route.abort())
            rec = Recorder(page)
            t0 = time.perf_counter()
            page.goto(f"{server.base}/en/", wait_until="load")
            page.wait_for_function(CHARTS_DRAWN_JS, polling="raf")
            rec.settle(page)
            load_s = time.perf_counter() - t0

            rec.phase = "year"
            slider = page.locator(YEAR_SLIDER)
            slider.focus()
            t1 = time.perf_counter()
            slider.press("ArrowLeft")
            page.wait_for_url(lambda u: YEAR_TARGET in u)
            rec.settle(page)
            year_s = time.perf_counter() - t1
            final_url = page.url
        finally:
            browser.close()

    data = {
        "captured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "base": server.base,
        "final_url": final_url.replace(server.base, ""),
        "load_settle_s": round(load_s, 3),
        "year_change_settle_s": round(year_s, 3),
        "failed": rec.failed,
        "callbacks": rec.records,
    }
    write_json("payloads.json", data)
    return data


def summary(data: dict) -> str:
    lines = [f"captured {len(data['callbacks'])} callback POSTs (final URL {data['final_url']})",
             f"  {'phase':<6} {'callback':<16} {'status':>6} {'req B':>7} {'resp B':>8} {'wire B':>8}  enc"]
    for r in data["callbacks"]:
        lines.append(f"  {r['phase']:<6} {r['name']:<16} {r['status']!s:>6} {len(r['request_body']):>7} "
                     f"{r['response_bytes']:>8} {r['request_wire_bytes'] + r['response_wire_bytes']:>8}  "
                     f"{r['content_encoding'] or '-'}")
    if data["failed"]:
        lines.append(f"  FAILED: {data['failed']}")
    return "\n".join(lines)


def main() -> int:
    server = start_server(workers=2)
    try:
        data = capture(server)
    finally:
        server.stop()
    print(summary(data))
    return 1 if data["failed"] or any((r["status"] or 0) >= 400 for r in data["callbacks"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
