"""The play button steps through the published years, stops at the last one, says in the page's language whether it
is playing, and leaves one history entry however many years it played."""

from __future__ import annotations

import re

from conftest import DASH_IDLE_JS, settle
from playwright.sync_api import expect

from dashboard.i18n import translator

TICK_MS = 1_400  # dcc.Interval play-timer


def test_play_toggles_and_advances_the_year(page, dash):
    dash.open("?year=2010")
    play = page.locator("#play")
    expect(play).to_have_attribute("aria-pressed", "false")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    # The next published year after 2010 (the timer ticks every 1.4 s).
    dash.expect_url(r"\?year=2015$", timeout=5_000)
    play.click()
    expect(play).to_have_attribute("aria-pressed", "false")
    settle(page)
    # paused at 2015, or at 2020 when a tick came first; the charts show the year the slider shows
    year = dash.year_thumb.get_attribute("aria-valuetext")
    assert year in ("2015", "2020")
    dash.expect_url(rf"\?year={year}$")
    expect(page.locator("#stock .annotation-text", has_text=re.compile(rf"^{year}$"))).to_have_count(1)
    stopped_at, answered = dash.url(), page.evaluate("window.store.getState().callbacks.completed")
    # a paused player must not move on: wait until the page's own clock has run past one more tick, and Dash has
    # answered whatever that tick would have set off; then not one callback has run (a tick sets some off)
    page.evaluate("window.__pausedAt = performance.now()")
    page.wait_for_function(f"() => performance.now() - window.__pausedAt > {TICK_MS + 200} && ({DASH_IDLE_JS})()",
                           timeout=20_000)
    assert page.evaluate("window.store.getState().callbacks.completed") == answered
    assert dash.url() == stopped_at


def expect_named(play, name: str, symbol: str) -> None:
    expect(play).to_have_attribute("aria-label", name)
    expect(play).to_have_attribute("title", name)
    expect(play).to_have_text(symbol)


def test_play_stops_at_the_last_year_and_says_so_in_the_page_language(page, dash):
    t = translator("ru")
    page.goto("/ru/?year=2015")
    dash.wait_drawn()
    play, status = page.locator("#play"), page.locator("#play-status")
    expect_named(play, t("Play through the years"), "▶")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    expect_named(play, t("Pause"), "⏸")
    # 2020, then 2024, the last year: the player stops there by itself and says so
    expect(status).to_have_text(t("Stopped at the last year, {year}", year=2024), timeout=10_000)
    expect(play).to_have_attribute("aria-pressed", "false")
    expect_named(play, t("Play through the years"), "▶")
    expect(dash.year_thumb).to_have_attribute("aria-valuetext", "2024")
    dash.expect_url(r"/ru/$")
    # it does not loop: one more tick's time later, with Dash idle, the year is still the last
    settle(page)
    page.evaluate("window.__stoppedAt = performance.now()")
    page.wait_for_function(f"() => performance.now() - window.__stoppedAt > {TICK_MS + 200} && ({DASH_IDLE_JS})()",
                           timeout=20_000)
    expect(dash.year_thumb).to_have_attribute("aria-valuetext", "2024")
    assert dash.url().endswith("/ru/")
    # the status goes once the reader picks another year; Play from the last year starts again at the first
    page.locator("#year-prev").click()
    expect(status).to_have_text("")
    page.locator("#year-next").click()
    expect(dash.year_thumb).to_have_attribute("aria-valuetext", "2024")
    play.click()
    expect(dash.year_thumb).to_have_attribute("aria-valuetext", "1990")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "false")


# Every server answer 2 s late (longer than a tick), and a record of [year on the slider, address] at each step.
SLOW_LINK_JS = """() => {
  const f = window.fetch;
  window.fetch = (...args) => String(args[0]).includes('_dash-update-component')
    ? new Promise(done => setTimeout(done, 2000)).then(() => f(...args)) : f(...args);
  const thumb = document.querySelector('#f-year [role=slider]');
  let last = thumb.getAttribute('aria-valuetext');
  window.__steps = [];
  new MutationObserver(() => {
    const year = thumb.getAttribute('aria-valuetext');
    if (year !== last) { last = year; window.__steps.push([year, location.search]); }
  }).observe(thumb, {attributes: true});
}"""


def test_the_player_waits_for_the_server_before_the_next_year(page, dash):
    """On a slow link a tick that comes before the server has answered the last step waits, so every year is shown
    instead of the slider running ahead of the page. (With the view's frames held no step asks the server:
    test_view_change_requests.py; here they never arrive.)"""
    page.route("**/frames?**", lambda route: route.abort())
    dash.open("?year=2010")
    page.evaluate(SLOW_LINK_JS)
    page.locator("#play").click()
    expect(page.locator("#play-status")).not_to_be_empty(timeout=40_000)
    steps = page.evaluate("window.__steps")
    assert [year for year, _ in steps] == ["2015", "2020", "2024"]
    # each step leaves a year whose view the server had answered (the address follows the answer)
    assert [address for _, address in steps] == ["?year=2010", "?year=2015", "?year=2020"]


def test_playing_through_the_years_leaves_one_history_entry(page, dash):
    """The steps replace the history entry: after the player has run to the last year, one Back press returns to the
    view it started from (not to the year before the last)."""
    dash.open("?year=2010&dest=RUS~KAZ")
    entries = page.evaluate("history.length")
    page.locator("#play").click()
    expect(page.locator("#play-status")).not_to_be_empty(timeout=15_000)  # 2015, 2020, 2024: stopped
    dash.expect_url(r"/en/\?dest=RUS~KAZ$")
    settle(page)
    assert page.evaluate("history.length") == entries + 1
    page.go_back()
    dash.expect_url(r"/en/\?year=2010&dest=RUS~KAZ$")
    expect(dash.year_thumb).to_have_attribute("aria-valuetext", "2010")
    # and the reader's own steps after that are history entries again, one each
    settle(page)
    page.locator("#year-next").click()
    dash.expect_url(r"\?year=2015&dest=RUS~KAZ$")
    page.go_back()
    dash.expect_url(r"\?year=2010&dest=RUS~KAZ$")
