"""The year range of the time series (from=/to=) in a real browser: a link sets the two handles, a handle moved with
the keyboard writes the URL, and the charts' titles and the words beside the control follow."""

from __future__ import annotations

from conftest import DRAW_TIMEOUT_MS
from playwright.sync_api import expect


def thumbs(page):
    return page.locator("#f-range [role=slider]")


def test_a_link_sets_the_handles_and_the_keyboard_moves_one(page, dash, shot):
    dash.open("?from=2015&to=2024")
    expect(thumbs(page)).to_have_count(2)
    assert [thumbs(page).nth(i).get_attribute("aria-valuenow") for i in (0, 1)] == ["2015", "2024"]
    expect(thumbs(page).first).to_have_accessible_name("Years shown in the time series first year")
    expect(thumbs(page).nth(1)).to_have_accessible_name("Years shown in the time series last year")
    expect(page.locator("#f-range-words")).to_have_text("2015–2024")
    expect(page.locator("#remittances .gtitle")).to_contain_text("Remittances received, 2015–2024")
    expect(page.locator("#stock .gtitle")).to_contain_text("Migrant stock by destination, 2015–2024")
    expect(page.locator("#map .gtitle")).to_contain_text("range (2015–2024) does not apply to this chart")

    thumbs(page).first.focus()
    page.keyboard.press("ArrowRight")  # the first handle a year later
    dash.expect_url(r"/en/\?from=2016&to=2024$")
    expect(page.locator("#f-range-words")).to_have_text("2016–2024")
    # the panels' answer to a step no one took before takes seconds on a busy machine
    expect(page.locator("#remittances .gtitle")).to_contain_text("Remittances received, 2016–2024",
                                                                  timeout=DRAW_TIMEOUT_MS)
    expect(page.locator("#stock .gtitle")).to_contain_text("Migrant stock by destination, 2016–2024",
                                                           timeout=DRAW_TIMEOUT_MS)
    years = page.evaluate("() => document.querySelector('#remittances .js-plotly-plot')._fullData"
                          ".flatMap(t => Array.from(t.x || []))")
    assert years and min(years) >= 2016 and max(years) <= 2024, years
    shot("year-range-2016-2024")

    page.go_back()  # the step is one history entry
    dash.expect_url(r"/en/\?from=2015&to=2024$")
    expect(page.locator("#f-range-words")).to_have_text("2015–2024")


def test_the_whole_extent_is_no_range(page, dash):
    dash.open("?to=2024")
    last = thumbs(page).nth(1)
    high = last.get_attribute("aria-valuemax")
    last.focus()
    page.keyboard.press("End")  # the last handle to the end of the extent: no range left
    dash.expect_url(r"/en/$")
    assert last.get_attribute("aria-valuenow") == high
    expect(page.locator("#f-range-words")).to_contain_text("All years")
    expect(page.locator("#remittances .gtitle")).not_to_contain_text("–2024")


def test_a_range_without_figures_says_so_on_the_chart(page, dash, shot):
    page.goto("/en/?from=1960&to=1961&rem=gdp")  # (dash.open waits for lines, which this view has none of)
    expect(page.locator("#remittances .annotation-text")).to_contain_text(["No figure between 1960 and 1961"],
                                                                          timeout=DRAW_TIMEOUT_MS)
    expect(page.locator("#summary-remittances")).to_contain_text("No figure between 1960 and 1961")
    shot("year-range-no-figure")
