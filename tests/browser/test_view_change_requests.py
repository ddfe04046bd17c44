"""A year step draws from memory: once the view's frames (GET /frames) have arrived, the slider, the arrow keys, the
previous / next buttons and Play change the year with no request at all, and draw what the server draws for that
year. Any other filter change is one request. Every static file a view change could ask for again (the favicon, which
Chromium fetches whenever the page's URL changes) comes from the browser's cache.

Requests are read from the DevTools protocol, which sees everything the tab loads, the favicon included, and says
which ones the cache answered; page.on("request") lists what the page itself asked for."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from conftest import DRAWN_JS, settle
from playwright.sync_api import expect

from dashboard.patches import GRAPHS

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


# What the page shows: every graph's figure as Dash holds it (the prop plotly draws), the data plotly drew (without
# its random trace ids; the layout it keeps also holds the page's own fitting, sizes that differ from tab to tab),
# the summaries, the cards and the sources list.
SHOWN_JS = """(names) => {
  const state = window.store.getState();
  const prop = id => (state.paths.strs[id] || []).reduce((node, key) => node[key], state.layout).props.figure;
  const drop = (key, value) => key === 'uid' ? undefined : value;
  const drawn = name => { const gd = document.querySelector('#' + name + ' .js-plotly-plot');
                          return gd ? JSON.stringify(gd.data, drop) : null; };
  const text = id => (document.getElementById(id) || {}).textContent;
  return {figures: Object.fromEntries(names.map(n => [n, JSON.stringify(prop(n))])),
          drawn: Object.fromEntries(names.map(n => [n, drawn(n)])),
          summaries: Object.fromEntries(names.map(n => [n, text('summary-' + n)])),
          cards: text('cards'), sources: text('sources')};
}"""


def open_with_frames(page, dash, query: str = "", year: str = "2020") -> None:
    """Open the page and wait for its frames: their response, then until they are held for `year`."""
    with page.expect_response(lambda r: "/frames?" in r.url and r.ok, timeout=60_000):  # a new view: ~2 s of work
        dash.open(query)
    page.wait_for_function("""(year) => !!window.kgmFrames.at(
        {q: location.search.replace(/^[?]/, ''), lang: 'en'}, year)""", arg=year)


def record_requests(page) -> list[str]:
    """The path of every request the page makes from now on."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(urlsplit(r.url).path))
    return seen


def asked(seen: list[str]) -> list[str]:
    """Without the favicon, which Chromium asks for after every URL change and its cache answers (the first test
    checks that with DevTools)."""
    return [path for path in seen if "favicon" not in path]


def server_view(page, query: str) -> dict:
    """What the server draws for `query`: the page opened there, in a tab of its own."""
    other = page.context.new_page()
    try:
        other.goto(f"/en/{query}")
        other.wait_for_function(DRAWN_JS)
        settle(other)
        return other.evaluate(SHOWN_JS, list(GRAPHS))
    finally:
        other.close()


def click_slider_at(page, year: str) -> None:
    """Click the slider's track above a year's mark, as a reader would (the mark itself lies under the track)."""
    mark = page.locator("#f-year .dash-slider-mark", has_text=re.compile(rf"^{year}$")).bounding_box()
    track = page.locator("#f-year .dash-slider-root").bounding_box()
    page.mouse.click(mark["x"] + mark["width"] / 2, track["y"] + track["height"] / 2)


def expect_year_shown(page, dash, year: str, query: str) -> None:
    dash.expect_url(query.replace("?", r"\?") + "$")
    expect(dash.year_thumb).to_have_attribute("aria-valuetext", year)
    expect(page.locator("#map .gtitle")).to_contain_text(year)
    settle(page)


def test_a_year_step_by_keyboard_draws_from_memory_what_the_server_draws(page, dash):
    log = NetworkLog().attach(page)
    open_with_frames(page, dash)
    log.wait_idle(page)
    log.clear()
    seen = record_requests(page)

    dash.year_thumb.focus()
    page.keyboard.press("ArrowLeft")  # 2024 -> 2020
    expect_year_shown(page, dash, "2020", r"/en/?year=2020")
    expect(page.locator("#cards")).to_contain_text("(2020, both sexes)")
    # Chromium asks for the tab's icon again after the URL changed: wait for that, then for everything to finish
    log.wait_for(page, "favicon")
    log.wait_idle(page)
    assert log.from_network() == [], log.requests
    assert asked(seen) == [], seen
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=2020")


def test_the_buttons_and_the_slider_step_from_memory_and_back_forward_still_work(page, dash):
    open_with_frames(page, dash, "?year=2010", year="2015")
    seen = record_requests(page)
    page.locator("#year-next").click()
    expect_year_shown(page, dash, "2015", r"/en/?year=2015")
    page.locator("#year-prev").click()
    page.locator("#year-prev").click()
    expect_year_shown(page, dash, "2005", r"/en/?year=2005")
    click_slider_at(page, "1995")
    expect_year_shown(page, dash, "1995", r"/en/?year=1995")
    assert asked(seen) == [], seen
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=1995")
    # history as before: one entry per step, each drawn again by Back and Forward
    page.go_back()
    expect_year_shown(page, dash, "2005", r"/en/?year=2005")
    page.go_back()
    expect_year_shown(page, dash, "2010", r"/en/?year=2010")
    page.go_forward()
    expect_year_shown(page, dash, "2005", r"/en/?year=2005")
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=2005")


def test_play_steps_from_memory(page, dash):
    open_with_frames(page, dash, "?year=2015")
    seen = record_requests(page)
    page.locator("#play").click()
    expect(page.locator("#play")).to_have_attribute("aria-pressed", "false", timeout=10_000)  # stopped at 2024
    expect_year_shown(page, dash, "2024", r"/en/")
    assert asked(seen) == [], seen


def test_another_filter_change_is_one_request(page, dash):
    open_with_frames(page, dash)
    settle(page)
    seen = record_requests(page)
    dash.radio("f-sex", "women")
    dash.expect_url(r"/en/\?sex=female$")
    settle(page)
    callbacks = [path for path in asked(seen) if path != "/frames"]
    assert callbacks == [DASH_UPDATE], seen
