"""A year step drawn from the frames redraws at once the charts the reader sees, and each chart out of sight when it
comes into view or when the browser is idle (kgmLater in assets/30-callbacks.js); the page then shows what the server
draws for that year. What waited for a view the page has left is dropped, and printing draws every waiting chart with
its summary.

The tests hold the browser's idle callbacks in a queue (after the frames have arrived, which load when idle too), so
that what waits for idle time waits until the test lets it run."""

from __future__ import annotations

from conftest import settle
from playwright.sync_api import expect
from test_view_change_requests import SHOWN_JS, open_with_frames, server_view

from dashboard.patches import GRAPHS

HOLD_IDLE_JS = """() => { window.__idle = []; window.requestIdleCallback = (fn) => window.__idle.push(fn); }"""
RUN_IDLE_JS = """() => { let ran = 0;
  while (window.__idle.length) { window.__idle.shift()({didTimeout: false, timeRemaining: () => 50}); ran++; }
  return ran; }"""
# the year a line chart marks (its last shape's x0 as plotly drew it)
MARKED_JS = """(id) => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  return gd._fullLayout.shapes.map((s) => String(s.x0)); }"""
WAITING_JS = "() => window.kgmLater.pending().sort()"


def step_back_a_year(page, dash) -> list[str]:
    """The default view with its frames and idle time held, then 2024 -> 2020 by the keyboard: the map, in view,
    shows it. Returns what waits."""
    open_with_frames(page, dash)
    settle(page)
    page.evaluate(HOLD_IDLE_JS)
    dash.year_thumb.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#map .gtitle")).to_contain_text("2020")
    return page.evaluate(WAITING_JS)


def test_charts_out_of_sight_are_drawn_when_they_come_into_view_or_when_idle(page, dash):
    waiting = step_back_a_year(page, dash)
    assert {"stock", "remittances", "official"} <= set(waiting), waiting
    assert "map" not in waiting and "cards" not in waiting  # the cards go with the step, wherever they are
    expect(page.locator("#cards")).to_contain_text("(2020, both sexes)")
    assert "2020" not in page.evaluate(MARKED_JS, "stock")  # still the year before: it waits, out of sight
    page.locator("#stock").scroll_into_view_if_needed()
    page.wait_for_function("(id) => window.kgmLater.pending().indexOf(id) < 0", arg="stock")
    page.wait_for_function(f"() => ({MARKED_JS})('stock').includes('2020')")
    assert page.evaluate(RUN_IDLE_JS) >= 1  # the rest, one chart per idle callback
    settle(page)
    assert page.evaluate(WAITING_JS) == []
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=2020")


def test_what_waited_for_a_view_the_page_has_left_is_dropped(page, dash):
    assert "stock" in step_back_a_year(page, dash)
    dash.radio("f-sex", "women")  # the server answers every panel for the new view
    dash.expect_url(r"/en/\?year=2020&sex=female$")
    page.wait_for_function(f"() => ({WAITING_JS})().length === 0")
    page.evaluate(RUN_IDLE_JS)
    settle(page)
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=2020&sex=female")


def test_printing_draws_every_chart_still_waiting(page, dash):
    assert "remittances" in step_back_a_year(page, dash)
    summaries = page.evaluate("() => window.kgmFrames.at({q: 'year=2020', lang: 'en'}, '2020').summaries")
    # a waiting chart whose summary names the year: it still shows the year before
    named = [chart for chart in page.evaluate(WAITING_JS) if "2020" in summaries.get(chart, "")]
    assert named and "2020" not in page.locator(f"#summary-{named[0]}").text_content(), named
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    try:
        for chart in ("stock", "remittances"):
            assert "2020" in page.evaluate(MARKED_JS, chart), chart
        for chart in page.evaluate(WAITING_JS):  # the summary printed beside each is the year's too
            assert page.locator(f"#summary-{chart}").text_content() == summaries[chart], chart
    finally:
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
