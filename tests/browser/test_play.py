"""The play button steps through the published years and says whether it is playing."""

from __future__ import annotations

import re

from playwright.sync_api import expect


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
    stopped_at = dash.url()
    page.wait_for_timeout(1_600)  # longer than one timer tick (1.4 s): a paused player must not move on
    assert dash.url() == stopped_at
