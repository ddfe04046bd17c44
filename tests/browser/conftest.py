"""Fixtures for real-browser tests: Debian's Chromium driven by Playwright against the app on a loopback port.

`playwright install` cannot download a browser on these offline machines, so we launch /usr/bin/chromium
(`make sysdeps` installs it). Every test in this directory is marked `browser`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, not only ours: mark just the ones under tests/browser/.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make sysdeps` (apt-get install chromium) as root")
    return {
        **browser_type_launch_args,  # keep --headed / --slowmo from the command line
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",  # CI and this machine run as root, where Chromium's sandbox refuses to start
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            # Chromium's own background traffic (updates, sync) is not ours; keep it off the wire anyway.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # A common office laptop screen; screenshots are reviewed at this size.
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}}


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The app on a free loopback port (werkzeug, threaded), for the whole session. Yields its base URL."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    from dashboard.app import create_app

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:  # one line per request buries a failure's real output
            pass

    app = create_app()
    server = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    # pytest-playwright passes base_url to new contexts, so tests may write page.goto("/").
    return live_server


@pytest.fixture
def outside_requests(page, live_server: str) -> list[str]:
    """Every request the page makes to anything but the app (CDNs, tile or font servers).

    Assert it stays empty: the ministry network is offline, so any such request fails to render there."""
    origin = live_server.rstrip("/") + "/"
    seen: list[str] = []

    def on_request(request) -> None:
        url = request.url
        if not (url.startswith(origin) or url.startswith(("blob:", "data:"))):
            seen.append(url)

    page.on("request", on_request)
    return seen


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console messages of type error plus uncaught page exceptions, as strings."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    return errors


@pytest.fixture
def shot(page, pytestconfig: pytest.Config) -> Callable[[str], Path]:
    """shot("map-ky") saves a full-page screenshot as test-artifacts/screenshots/map-ky.png, returns the path.

    Look at them: a test that never looked at the page can pass on a blank map."""
    out_dir = pytestconfig.rootpath / "test-artifacts" / "screenshots"
    out_dir.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = out_dir / (re.sub(r"[^A-Za-z0-9._-]+", "_", name) + ".png")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# --- Helpers for the dashboard's own pages (Dash 4 markup, plotly graphs) -------------------------------------------

# How long a Dash round trip (URL -> callbacks -> plotly redraw) may take on a slow CI machine.
DRAW_TIMEOUT_MS = 20_000

# The page counts as drawn when the map has country (or oblast) shapes, both line charts have traces and the cards
# are there. A blank map or an empty figure never satisfies this.
# Every panel drawn with real content, the charts' text summaries written, and the controls loaded (the slider's
# component arrives after the first charts). Test modules with their own pages wait on this too.
# The Sources list comes after the charts, with the view's frames (patches.first_view): DRAWN_JS waits for it too,
# PANELS_DRAWN_JS does not (for tests that hold the frames or the browser's idle moments, which the frames wait for).
PANELS_DRAWN_JS = """() => {
  const n = (sel) => document.querySelectorAll(sel).length;
  return n('#map .main-svg') > 0 && n('#map path.choroplethlocation') >= 9
      && n('#stock .scatterlayer .trace') >= 1 && n('#remittances .scatterlayer .trace') >= 1 && n('#cards .card') >= 1
      && ['map', 'stock', 'remittances'].every(g => document.getElementById('summary-' + g).textContent.trim())
      && n('#f-year .dash-slider-mark') >= 2;
}"""
DRAWN_JS = f"() => ({PANELS_DRAWN_JS})() && document.querySelectorAll('#sources li').length >= 1"

# The page's text as a reader sees it (innerText) without some of its elements, each pair [selector, pattern] naming
# the elements left out (those whose text matches the pattern, or all of them when it is empty).
TEXT_WITHOUT_JS = """(hide) => {
  const skip = hide.flatMap(([selector, pattern]) => [...document.querySelectorAll(selector)]
    .filter(e => !pattern || new RegExp(pattern).test(e.textContent)));
  const before = skip.map(e => e.style.getPropertyValue('display'));
  skip.forEach(e => e.style.setProperty('display', 'none'));
  const text = document.body.innerText;
  skip.forEach((e, i) => e.style.setProperty('display', before[i]));
  return text;
}"""
# less the titles of the publications in the Sources list (<cite>): a title is quoted as its publisher wrote it (an
# English article on a ru page, a Russian one saying «Киргизия»), never translated
WITHOUT_TITLES = [["cite", ""]]

# Dash has answered every callback it made (none requested, queued, running or being applied) and has answered at
# least one: before the first one the queues are empty too. Wait on this, never a fixed sleep, before asserting
# that something did NOT happen (a request, a year step): it is the moment a late callback would have shown.
DASH_IDLE_JS = """() => {
  const c = window.store && window.store.getState().callbacks;
  const waiting = (window.kgmLater ? window.kgmLater.pending().length : 0)  // hidden charts, drawn when idle
    + (window.kgmStep ? window.kgmStep.pending().length : 0)  // a step's charts and props, after the paint
    + (window.kgmFarCharts ? window.kgmFarCharts.pending().length : 0);  // first drawings far below, when idle
  return !!c && c.completed > 0 && ['requested', 'prioritized', 'blocked', 'executing', 'watched', 'executed',
                                    'stored'].every(k => (c[k] || []).length === 0) && !waiting;
}"""


def settle(page) -> None:
    """Wait until Dash is idle (DASH_IDLE_JS), then two animation frames: the page's own repairs (20-tools.js) run
    in the frame after a DOM change, and a repair may itself change the DOM once more."""
    page.wait_for_function(DASH_IDLE_JS, timeout=DRAW_TIMEOUT_MS)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


# Locations drawn on the map, in DOM order (plotly keeps each shape's calcdata on the path's __data__).
_MAP_LOCATIONS_JS = """() => [...document.querySelectorAll('#map path.choroplethlocation')]
    .map(p => p.__data__ && p.__data__.loc).filter(Boolean)"""

# A screen point well inside the shape of one map location and inside no other shape (oblasts have enclaves and
# cities inside them, so the centre of a bounding box can belong to a neighbour). With `clear` > 0 the point also
# keeps that many pixels away from the hoverable flow lines: plotly gives a click near a line to the line. The point
# is one a reader sees: not under the filter bar, which stays at the top of the window over a map taller than the
# rest of it (Russia's north at 1366 x 768).
_POINT_IN_LOCATION_JS = """([loc, clear]) => {
  const paths = [...document.querySelectorAll('#map path.choroplethlocation')];
  const target = paths.find(p => p.__data__ && p.__data__.loc === loc);
  if (!target) return null;
  const inside = (p, x, y) => {
    const m = p.getScreenCTM(); if (!m) return false;
    return p.isPointInFill(new DOMPoint(x, y).matrixTransform(m.inverse()));
  };
  const linePoints = [];
  if (clear > 0) {
    for (const g of document.querySelectorAll('#map g.trace.scattergeo')) {
      const trace = g.__data__ && g.__data__[0] && g.__data__[0].trace;
      if (!trace || trace.hoverinfo === 'skip' || !String(trace.mode).includes('lines')) continue;
      for (const path of g.querySelectorAll('path.js-line')) {
        const m = path.getScreenCTM(), len = path.getTotalLength();
        for (let l = 0; l <= len; l += 2) linePoints.push(path.getPointAtLength(l).matrixTransform(m));
      }
    }
  }
  const r = target.getBoundingClientRect();
  // the map is clipped to its frame: a country running past the frame's edge (Russia) is drawn inside it only
  const bg = document.querySelector('#map .geolayer .bg'), frame = bg ? bg.getBoundingClientRect() : null;
  const hits = [];
  for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
    const x = r.x + r.width * i / 24, y = r.y + r.height * j / 24;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    if (frame && (x < frame.left + 2 || x > frame.right - 2 || y < frame.top + 2 || y > frame.bottom - 2)) continue;
    if (!inside(target, x, y) || paths.some(p => p !== target && inside(p, x, y))) continue;
    if (linePoints.some(q => (q.x - x) ** 2 + (q.y - y) ** 2 < clear * clear)) continue;
    const seen = document.elementFromPoint(x, y);
    if (!seen || !seen.closest('#map')) continue;
    hits.push([x, y]);
  }
  if (!hits.length) return null;
  const mx = hits.reduce((s, h) => s + h[0], 0) / hits.length, my = hits.reduce((s, h) => s + h[1], 0) / hits.length;
  hits.sort((a, b) => ((a[0] - mx) ** 2 + (a[1] - my) ** 2) - ((b[0] - mx) ** 2 + (b[1] - my) ** 2));
  return hits[0];
}"""

# Where a hoverable flow line (by trace name) crosses the shape of a map location, as a screen point.
_LINE_OVER_LOCATION_JS = """([loc, name]) => {
  const target = [...document.querySelectorAll('#map path.choroplethlocation')]
    .find(p => p.__data__ && p.__data__.loc === loc);
  const g = [...document.querySelectorAll('#map g.trace.scattergeo')]
    .find(g => g.__data__ && g.__data__[0] && g.__data__[0].trace
               && (g.__data__[0].trace.name === name || g.__data__[0].trace.name.startsWith(name + ': ')));
  if (!target || !g) return null;
  const tm = target.getScreenCTM().inverse();
  const pts = [];
  for (const path of g.querySelectorAll('path.js-line')) {
    const m = path.getScreenCTM(), len = path.getTotalLength();
    for (let l = 0; l <= len; l += 2) {
      const q = path.getPointAtLength(l).matrixTransform(m);
      if (target.isPointInFill(new DOMPoint(q.x, q.y).matrixTransform(tm))) pts.push([q.x, q.y]);
    }
  }
  return pts.length ? pts[Math.floor(pts.length / 2)] : null;
}"""


class Dashboard:
    """The English dashboard in one Playwright page, with the few moves every browser test needs."""

    def __init__(self, page) -> None:
        self.page = page

    def open(self, query: str = "", *, sources: bool = True) -> Dashboard:
        """Go to /en/<query> and wait until every panel has drawn real content (and the Sources list has come, with
        `sources`)."""
        self.page.goto(f"/en/{query}")
        self.wait_drawn(sources=sources)
        return self

    def url(self) -> str:
        return self.page.evaluate("location.href")

    def expect_url(self, pattern: str, timeout: float = DRAW_TIMEOUT_MS) -> None:
        """Wait until the document's URL matches `pattern` (a regex, searched).

        Reads location.href rather than page.url: with Playwright 1.65 and Chromium 156 page.url sometimes misses
        the history.pushState that dcc.Location makes after a Dash 4 dropdown commits (the document, the history
        entry and CDP's navigatedWithinDocument all have the new URL; page.url keeps the old one)."""
        try:
            self.page.wait_for_function("(src) => new RegExp(src).test(location.href)", arg=pattern,
                                        timeout=timeout)
        except PlaywrightTimeoutError:
            raise AssertionError(f"URL {self.url()!r} does not match {pattern!r} after {timeout / 1000:g} s") from None

    def expect_url_changes(self, old: str, timeout: float = 3_000) -> None:
        try:
            self.page.wait_for_function("(old) => location.href !== old", arg=old, timeout=timeout)
        except PlaywrightTimeoutError:
            raise AssertionError(f"URL stayed {old!r} for {timeout / 1000:g} s") from None

    def wait_drawn(self, *, sources: bool = True) -> None:
        self.page.wait_for_function(DRAWN_JS if sources else PANELS_DRAWN_JS, timeout=DRAW_TIMEOUT_MS)

    def map_locations(self) -> list[str]:
        return self.page.evaluate(_MAP_LOCATIONS_JS)

    def wait_map_locations(self, predicate_js: str) -> None:
        """Wait until `predicate_js` (a JS expression over `locs`, the drawn locations) holds."""
        self.page.wait_for_function(f"() => {{ const locs = ({_MAP_LOCATIONS_JS})(); return {predicate_js}; }}",
                                    timeout=DRAW_TIMEOUT_MS)

    def click_map_location(self, loc: str, clear_of_lines: int = 25) -> None:
        """Click inside the shape of one map location, away from flow lines, as a user would."""
        self.page.locator("#map").scroll_into_view_if_needed()
        point = self.page.evaluate(_POINT_IN_LOCATION_JS, [loc, clear_of_lines])
        assert point, f"{loc} is not drawn (or not on screen, or all under flow lines) on the map: " \
                      f"{self.map_locations()}"
        self.click_at(point)

    def line_over_location(self, loc: str, line_name: str) -> list[float] | None:
        """A screen point where the flow line `line_name` crosses the shape of `loc` (None if it does not)."""
        self.page.locator("#map").scroll_into_view_if_needed()
        return self.page.evaluate(_LINE_OVER_LOCATION_JS, [loc, line_name])

    def click_at(self, point) -> None:
        self.page.mouse.move(*point)  # plotly picks the clicked point from the hover that precedes the click
        self.page.mouse.click(*point)

    def radio(self, control_id: str, label: str) -> None:
        """Click the label (exact text) of one option of a dcc.RadioItems (Dash 4: a label around each input)."""
        exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
        self.page.locator(f"#{control_id} label:has(input)", has_text=exact).click()

    def checked(self, control_id: str) -> str:
        return self.page.locator(f"#{control_id} input:checked").get_attribute("value")

    def choose(self, control_id: str, typed: str, *, close: bool = True) -> None:
        """Pick an option of a dcc.Dropdown with the keyboard only: focus the trigger button, ArrowDown opens the
        list with its search box focused, type, Enter takes the first match. (Typing straight onto the trigger also
        opens it, but keystrokes made while focus moves to the search box get lost under load.) A multi dropdown
        commits its value when the list closes, hence Escape."""
        self.page.locator(f"#{control_id}").focus()
        self.page.keyboard.press("ArrowDown")
        search = self.page.locator(".dash-dropdown-content input.dash-dropdown-search")
        expect(search).to_be_focused()
        self.page.keyboard.type(typed)
        expect(search).to_have_value(typed)
        # the list filters asynchronously: wait until the first option is a match, or Enter takes the old first
        first = self.page.locator(".dash-dropdown-content .dash-dropdown-option").first
        expect(first).to_contain_text(re.compile(re.escape(typed), re.I))
        self.page.keyboard.press("Enter")
        if close and self.page.locator(f"#{control_id}").get_attribute("aria-expanded") == "true":
            self.page.keyboard.press("Escape")

    @property
    def year_thumb(self):
        return self.page.locator("#f-year [role=slider]")

    def figure_texts(self, graph_id: str, selector: str = ".gtitle") -> list[str]:
        return self.page.locator(f"#{graph_id} {selector}").all_text_contents()


@pytest.fixture
def dash(page) -> Dashboard:
    return Dashboard(page)


@pytest.fixture(scope="session")
def bundle():
    """The data package the live server also serves (same directory, loaded the same way)."""
    from dashboard.data import load_bundle
    from dashboard.settings import Settings

    return load_bundle(Settings.from_env().data_dir)


@pytest.fixture
def other_site() -> Iterator[Callable[[str], str]]:
    """Another web site on the loopback (another port, so another origin): other_site(html) -> its address."""
    pages: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, name="other-site", daemon=True)
    thread.start()

    def publish(html_text: str) -> str:
        path = f"/article-{len(pages)}.html"
        pages[path] = html_text.encode()
        return f"http://127.0.0.1:{server.server_port}{path}"

    try:
        yield publish
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture(scope="module")
def drawn(browser, browser_context_args) -> Iterator[Callable[[str], Page]]:
    """drawn("/ru/") -> a page showing it with every panel drawn, loaded once per test module (tests that
    take a page from here only read it)."""
    context = browser.new_context(**browser_context_args)
    pages: dict[str, Page] = {}

    def get(path: str) -> Page:
        if path not in pages:
            page = context.new_page()
            page.goto(path)
            page.wait_for_function(DRAWN_JS, timeout=DRAW_TIMEOUT_MS)
            pages[path] = page
        return pages[path]

    yield get
    context.close()
