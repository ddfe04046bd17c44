"""The play button steps through the published years and says whether it is playing."""

from __future__ import annotations

import re

from conftest import DASH_IDLE_JS, settle
from playwright.sync_api import expect

TICK_MS = 1_400  # dcc.Interval play-timer


def test_play_toggles_and_advances_the_year(page, dash):
    dash.open("?year=2010")
    play = page.locator("#play")
    expect(play).to_have_attribute("aria-pressed", "false")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    # The next published year after 2010 (the timer ticks every 1.4 s).
    dash.expect_url(r"\?year=2015$", timeout=5_000)
    expect(dash.year_thumb).to_have_attribute("aria-valuenow", "5")
    expect(page.locator("#stock .annotation-text", has_text=re.compile(r"^2015$"))).to_have_count(1)
    play.click()
    expect(play).to_have_attribute("aria-pressed", "false")
    settle(page)
    stopped_at, answered = dash.url(), page.evaluate("window.store.getState().callbacks.completed")
    # a paused player must not move on: wait until the page's own clock has run past one more tick, and Dash has
    # answered whatever that tick would have set off; then not one callback has run (a tick sets some off)
    page.evaluate("window.__pausedAt = performance.now()")
    page.wait_for_function(f"() => performance.now() - window.__pausedAt > {TICK_MS + 200} && ({DASH_IDLE_JS})()",
                           timeout=20_000)
    assert page.evaluate("window.store.getState().callbacks.completed") == answered
    assert dash.url() == stopped_at
