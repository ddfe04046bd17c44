"""A view change downloads its callbacks' answers and nothing else: every static file it could ask for again (the
favicon, which Chromium fetches whenever the page's URL changes) comes from the browser's cache.

Requests are read from the DevTools protocol, which sees everything the tab loads, the favicon included, and says
which ones the cache answered."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import expect

DASH_UPDATE = "/en/_dash-update-component"
SETTLE_TIMEOUT_S = 20.0


@dataclass
class NetworkLog:
    """Requests by DevTools id: URL, method, whether the cache answered, and whether they have finished."""

    requests: dict[str, dict] = field(default_factory=dict)

    def attach(self, page) -> NetworkLog:
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", lambda e: self._entry(e)["cached"].append("memory"))
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.loadingFinished", lambda e: self._entry(e).update(done=True))
        cdp.on("Network.loadingFailed", lambda e: self._entry(e).update(done=True, failed=e.get("errorText")))
        cdp.send("Network.enable")
        return self

    def _entry(self, event: dict) -> dict:
        return self.requests.setdefault(event["requestId"], {"cached": [], "done": False})

    def _sent(self, event: dict) -> None:
        self._entry(event).update(url=event["request"]["url"], method=event["request"]["method"])

    def _received(self, event: dict) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            self._entry(event)["cached"].append("disk")

    def clear(self) -> None:
        self.requests.clear()

    def pending(self) -> list[str]:
        return [r.get("url", "?") for r in self.requests.values() if not r["done"]]

    def from_network(self) -> list[str]:
        """'METHOD /path' (without the query) of every request the cache did not answer."""
        return [f"{r.get('method')} {urlsplit(r.get('url', '')).path}" for r in self.requests.values()
                if not r["cached"]]

    def wait_idle(self, page, timeout_s: float = SETTLE_TIMEOUT_S) -> None:
        """Until every request the page has made has finished (polled, bounded)."""
        deadline = time.monotonic() + timeout_s
        while self.pending():
            assert time.monotonic() < deadline, f"still loading after {timeout_s:g} s: {self.pending()}"
            page.wait_for_timeout(50)

    def wait_for(self, page, fragment: str, timeout_s: float = SETTLE_TIMEOUT_S) -> None:
        """Until a request whose URL contains `fragment` has been made (polled, bounded)."""
        deadline = time.monotonic() + timeout_s
        while not any(fragment in r.get("url", "") for r in self.requests.values()):
            assert time.monotonic() < deadline, f"no request for {fragment!r} in {timeout_s:g} s: {self.requests}"
            page.wait_for_timeout(50)


def test_a_year_step_downloads_only_its_callbacks(page, dash):
    log = NetworkLog().attach(page)
    dash.open()
    log.wait_idle(page)
    log.clear()

    dash.year_thumb.focus()
    page.keyboard.press("ArrowLeft")  # 2024 -> 2020
    dash.expect_url(r"/en/\?year=2020$")
    expect(page.locator("#map .gtitle")).to_contain_text("2020")
    expect(page.locator("#cards")).to_contain_text("(2020, both sexes)")
    # Chromium asks for the tab's icon again after the URL changed: wait for that, then for everything to finish
    log.wait_for(page, "favicon")
    log.wait_idle(page)

    requests = log.from_network()
    assert f"POST {DASH_UPDATE}" in requests, f"no callback seen: {log.requests}"
    assert set(requests) == {f"POST {DASH_UPDATE}"}, requests
