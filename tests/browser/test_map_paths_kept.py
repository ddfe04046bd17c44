"""A map's shapes are projected once per view of the globe (assets/16-map-paths-kept.js): a year step, which changes
the countries' colours and not the projection, leaves the land's and the borders' paths as they are, and every path
of the map is still the one a page opened at that year draws. A zoom changes the projection, and every path is
projected again."""

from __future__ import annotations

from conftest import settle
from playwright.sync_api import expect
from test_view_change_requests import click_slider_at, open_with_frames

# every path of the map's world (borders, countries, rings, flows) by layer or trace and position
MAP_PATHS_JS = """() => Array.from(document.querySelectorAll('#map .geo path')).map((path) => {
  const holder = path.closest('.layer, .trace');
  return [holder ? holder.getAttribute('class') : '', path.getAttribute('d')];
})"""
# from now on, how many times plotly set the path of the land or of the countries' borders
WATCH_BORDERS_JS = """() => {
  window.__bordersSet = 0;
  const watcher = new MutationObserver((records) => { window.__bordersSet += records.length; });
  document.querySelectorAll('#map .geo .layer.land path, #map .geo .layer.countries path').forEach((path) =>
    watcher.observe(path, {attributes: true, attributeFilter: ['d']}));
}"""
BORDERS_JS = """() => Array.from(document.querySelectorAll('#map .geo .layer.countries path'))
  .map((path) => path.getAttribute('d'))"""
ZOOM_JS = """(scale) => { const gd = document.querySelector('#map .js-plotly-plot');
  return window.Plotly.relayout(gd, {'geo.projection.scale': scale}).then(() => true); }"""


def map_paths_at(page, query: str) -> list:
    """The map's paths as the page opened at `query` draws them, in a tab of its own."""
    other = page.context.new_page()
    try:
        other.goto(f"/en/{query}")
        expect(other.locator("#map .gtitle")).to_be_visible()
        settle(other)
        return other.evaluate(MAP_PATHS_JS)
    finally:
        other.close()


def test_a_year_step_keeps_the_borders_and_draws_what_a_link_to_the_year_draws(page, dash):
    open_with_frames(page, dash)
    settle(page)
    page.evaluate(WATCH_BORDERS_JS)
    click_slider_at(page, "2020")
    dash.expect_url(r"/en/\?year=2020$")
    expect(page.locator("#map .gtitle")).to_contain_text("2020")
    settle(page)
    assert page.evaluate("() => window.__bordersSet") == 0
    assert page.evaluate(MAP_PATHS_JS) == map_paths_at(page, "?year=2020")


def test_a_zoom_projects_the_borders_again(page, dash):
    dash.open()
    settle(page)
    before = page.evaluate(BORDERS_JS)
    assert page.evaluate(ZOOM_JS, 2)
    zoomed = page.evaluate(BORDERS_JS)
    assert zoomed != before and all(zoomed)
    assert page.evaluate(ZOOM_JS, 1)  # and back: the first projection's paths again
    assert page.evaluate(BORDERS_JS) == before


def test_the_map_drawn_in_another_projection_and_back_draws_what_links_draw(page, dash):
    """The origin oblasts are drawn in another projection (Mercator around Kyrgyzstan) by the same graph."""
    dash.open()
    settle(page)
    dash.radio("f-layer", "Origin oblasts")
    dash.expect_url(r"/en/\?layer=oblasts$")
    settle(page)
    assert page.evaluate(MAP_PATHS_JS) == map_paths_at(page, "?layer=oblasts")
    dash.radio("f-layer", "Destination countries")
    dash.expect_url(r"/en/$")
    settle(page)
    assert page.evaluate(MAP_PATHS_JS) == map_paths_at(page, "")
