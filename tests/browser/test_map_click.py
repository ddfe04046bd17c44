"""Clicking the map filters the page: a country toggles a destination, an oblast selects the origin."""

from __future__ import annotations

from playwright.sync_api import expect


def test_click_country_adds_and_removes_destination(page, dash):
    dash.open()
    dash.click_map_location("KAZ")
    dash.expect_url(r"/en/\?dest=KAZ$")
    expect(page.locator("#f-dest-value")).to_have_text("Kazakhstan")
    dash.click_map_location("RUS")
    dash.expect_url(r"/en/\?dest=KAZ~RUS$")
    dash.click_map_location("KAZ")  # a second click takes it out again
    dash.expect_url(r"/en/\?dest=RUS$")
    expect(page.locator("#f-dest-value")).to_have_text("Russia")


def test_click_on_country_under_a_flow_line_still_filters(page, dash):
    dash.open("?dest=KAZ~RUS")
    point = dash.line_over_location("KAZ", "Russia")
    assert point, "the Osh -> Moscow line no longer crosses Kazakhstan: this test needs another setup"
    before = dash.url()
    dash.click_at(point)
    # Either reading is fine (the line's Russia or the country's Kazakhstan toggles); doing nothing is not.
    dash.expect_url_changes(before, timeout=2_000)


def test_click_oblast_sets_origin(page, dash):
    dash.open("?layer=oblasts")
    dash.wait_map_locations("locs.filter(l => l.startsWith('KG-')).length === 9")
    dash.click_map_location("KG-N")  # Naryn: no figure for this indicator, still clickable
    dash.expect_url(r"/en/\?oblast=KG-N&layer=oblasts$")
    expect(page.locator("#f-oblast-value")).to_contain_text("Naryn")
    dash.click_map_location("KG-J")  # Jalal-Abad: has a figure
    dash.expect_url(r"/en/\?oblast=KG-J&layer=oblasts$")
    expect(page.locator("#cards button.card .card-route").first).to_contain_text("Jalal-Abad →")
