"""The whole page: four panels with real content, the data version, the sources, screenshots at two sizes."""

from __future__ import annotations

import re

import pytest
from conftest import DRAW_TIMEOUT_MS, DRAWN_JS
from playwright.sync_api import expect

# Chart texts (titles, legend entries, annotations such as the source line) that stick out of their chart's SVG:
# the SVG clips them, so readers get a source line cut mid-word. [graph, text, px past the edge]
OVERFLOWING_TEXT_JS = """() => ['map', 'stock', 'remittances'].flatMap(id => {
  const svg = document.querySelector('#' + id + ' .main-svg').getBoundingClientRect();
  return [...document.querySelectorAll('#' + id + ' .annotation-text, #' + id + ' .gtitle, #' + id + ' .legendtext')]
    .map(t => [id, t.textContent.slice(0, 60), Math.round(Math.max(t.getBoundingClientRect().right - svg.right,
                                                                    svg.left - t.getBoundingClientRect().left))])
    .filter(x => x[2] > 2);
})"""


def test_all_panels_draw_and_page_is_screenshotted(page, dash, shot, bundle, console_errors):
    dash.open()

    # Map: country shapes with data, plus Kyrgyzstan itself.
    locs = dash.map_locations()
    assert len(locs) > 20 and "KGZ" in locs, locs
    expect(page.locator("#map .gtitle")).to_contain_text("Where Kyrgyz migrants live")
    # Stock: five top destinations and the rest; the selected year's line is labelled.
    assert page.locator("#stock .scatterlayer .trace").count() >= 5
    expect(page.locator("#stock .annotation-text", has_text=re.compile(r"^\d{4}$"))).to_have_count(1)
    # Remittances: one line per data release.
    assert page.locator("#remittances .scatterlayer .trace").count() >= 2
    for graph in ("map", "stock", "remittances"):
        assert page.locator(f"#{graph} .gtitle").text_content().strip(), f"{graph} has no title"
    # Cards: at least five corridors (plus the 'back home?' card), each with a distance headline.
    assert page.locator("#cards .card").count() >= 5
    headlines = page.locator("#cards button.card .card-headline").all_text_contents()
    assert len(headlines) >= 5 and all(re.fullmatch(r"[\d,]+ km from home", h) for h in headlines), headlines

    # Header: the data version the server loaded.
    expect(page.locator("#data-version")).to_have_text(bundle.version)
    expect(page.locator("header")).to_contain_text(f"Data version {bundle.version}")

    # Sources: one entry per source on the page, each with publisher and licence.
    items = page.locator("#sources li")
    assert items.count() >= 3
    for text in items.all_text_contents():
        assert "Licence" in text, text
    expect(page.locator("#sources")).to_contain_text("UN DESA")
    expect(page.locator("#sources")).to_contain_text("World Bank")

    shot("page-default-1366x768")

    page.set_viewport_size({"width": 1920, "height": 1080})
    # plotly follows the window (responsive): wait until the map has grown past its 1366px width.
    page.wait_for_function("() => document.querySelector('#map .main-svg').getBoundingClientRect().width > 800",
                           timeout=10_000)
    dash.wait_drawn()
    shot("page-default-1920x1080")
    assert page.evaluate(OVERFLOWING_TEXT_JS) == []
    assert console_errors == []
    # Dash's renderer checked every callback against the layout it drew (the page carries no validation layout):
    # no component a callback names is missing
    assert page.evaluate("() => window.store.getState().error.frontEnd") == []


def test_chart_texts_fit_inside_their_charts_at_1366(page, dash):
    dash.open()
    assert page.evaluate(OVERFLOWING_TEXT_JS) == []


def test_the_layout_and_callbacks_come_once_from_the_pages_head(page, dash, console_errors):
    """The page's head asks for Dash's layout and callbacks while its scripts evaluate (components/page.py
    PRELOAD_FETCH); Dash's renderer takes those answers instead of asking again, and the layout is the link's view."""
    dash.open("?year=2015&dest=KAZ")
    expect(page.locator("#map .gtitle")).to_contain_text("2015")
    fetched = page.evaluate("""() => performance.getEntriesByType('resource')
      .filter((entry) => /_dash-(layout|dependencies)$/.test(entry.name))
      .map((entry) => [entry.name.split('/').pop(), entry.initiatorType])""")
    assert sorted(fetched) == [["_dash-dependencies", "link"], ["_dash-layout", "link"]]
    assert console_errors == []


def test_the_world_map_comes_once_from_the_pages_head(page, dash, console_errors):
    """The page's head asks for the map's borders (components/page.py WORLD_MAP) and assets/15-plotly-react.js hands
    them to plotly.js before it draws: plotly never asks for them itself (an 'xmlhttprequest' here)."""
    dash.open()
    fetched = page.evaluate("""() => performance.getEntriesByType('resource')
      .filter((entry) => entry.name.endsWith('/world_110m.json'))
      .map((entry) => [new URL(entry.name).pathname, entry.initiatorType])""")
    assert fetched == [["/en/assets/topojson/world_110m.json", "link"]]
    assert console_errors == []


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_the_sticky_filter_bar_leaves_a_laptop_screen_to_the_charts(page, lang):
    """At 1366 x 768 the filters stay on screen as the reader scrolls: two rows of one line each (168 px), not the
    209-256 px that three narrow columns made (the sex options on three lines in Russian and Kyrgyz)."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/{lang}/")
    page.wait_for_function(DRAWN_JS, timeout=DRAW_TIMEOUT_MS)
    page.evaluate("() => window.scrollTo(0, 1500)")
    bar = page.evaluate("() => { const r = document.querySelector('.filters').getBoundingClientRect();"
                        " return [Math.round(r.top), Math.round(r.height)]; }")
    assert bar[0] == 0 and bar[1] <= 768 / 4, bar  # stuck to the top, at most a quarter of the screen
