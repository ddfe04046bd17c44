"""plotly.js is told only what changed (assets/15-plotly-react.js): a figure Dash hands a graph again, equal to what
it shows, and a year step, which moves a chart's words and year marker only, draw no chart again whole. A whole
drawing is plotly's "plotly_beforeplot" event, which it fires at the start of one and at no other time."""

from __future__ import annotations

from conftest import settle
from test_view_change_requests import click_slider_at, open_with_frames

from dashboard.patches import GRAPHS

# From now on, how many times each chart is drawn whole, and how many times plotly is handed a figure
COUNT_JS = """(names) => {
  window.__whole = {}; window.__reacts = {};
  names.forEach((name) => {
    const gd = document.querySelector('#' + name + ' .js-plotly-plot');
    window.__whole[name] = 0; window.__reacts[name] = 0;
    gd.on('plotly_beforeplot', () => { window.__whole[name] += 1; });
    gd.on('plotly_react', () => { window.__reacts[name] += 1; });
  });
}"""
# Dash is handed each chart's figure again as a new figure: its traces as Dash holds them, its layout a deep copy
# (what the server's answer or a step's figure holds for a chart that did not change)
HAND_AGAIN_JS = """(names) => names.forEach((name) => {
  const figure = window.dash_component_api.getLayout(name).props.figure;
  const layout = JSON.parse(JSON.stringify(figure.layout));
  window.dash_clientside.set_props(name, {figure: {data: figure.data, layout: layout}});
})"""
# what each chart's graph holds as its words (layout.meta: print and export read them) and as Dash holds them
META_JS = """(names) => Object.fromEntries(names.map((name) => [name, [
  JSON.stringify(document.querySelector('#' + name + ' .js-plotly-plot').layout.meta),
  JSON.stringify(window.dash_component_api.getLayout(name).props.figure.layout.meta)]]))"""
# the charts whose step to 2020 moves words and the year marker only (the map's data changes with the year, and
# some charts change their height with their words: those are drawn whole)
CHARTS = ["oblasts", "stock", "remittances"]


def test_a_figure_handed_again_is_not_drawn_again(page, dash):
    dash.open()
    settle(page)
    page.evaluate(COUNT_JS, list(GRAPHS))
    page.evaluate(HAND_AGAIN_JS, list(GRAPHS))
    page.wait_for_function("(names) => names.every((name) => window.__reacts[name] >= 1)", arg=list(GRAPHS))
    assert page.evaluate("() => window.__whole") == {name: 0 for name in GRAPHS}


def test_a_year_step_draws_only_what_moved(page, dash):
    """The line charts' year marker and words move with the year, the oblasts' words; their traces do not: none of
    them is drawn whole, not by the step and not when Dash is handed the step's figures; each graph's words follow."""
    open_with_frames(page, dash)
    settle(page)
    page.evaluate(COUNT_JS, CHARTS)
    click_slider_at(page, "2020")
    dash.expect_url(r"/en/\?year=2020$")
    page.wait_for_function("(names) => names.every((name) => window.__reacts[name] >= 2)", arg=CHARTS)  # step, Dash
    settle(page)
    assert page.evaluate("() => window.__whole") == {name: 0 for name in CHARTS}
    meta = page.evaluate(META_JS, CHARTS)
    assert all(drawn == held for drawn, held in meta.values()), meta
    assert "2020" in meta["stock"][0]


# each line chart's year label and year line as drawn: the label's text and place, the line's path
YEAR_MARK_JS = """(names) => Object.fromEntries(names.map((name) => {
  const gd = document.querySelector('#' + name + ' .js-plotly-plot');
  const label = [...gd.querySelectorAll('.annotation')].find((el) => /^\\d{4}$/.test(el.textContent));
  const lines = [...gd.querySelectorAll('.shapelayer path')].map((path) => path.getAttribute('d'));
  return [name, [label ? label.textContent : null, label ? label.querySelector('.annotation-text-g')
    .getAttribute('transform') : null, lines]];
}))"""


def test_a_step_the_server_answers_marks_the_year_where_its_page_does(page, dash):
    """With no frames held (their request refused), the server answers the step, and Dash hands the line charts a
    layout without the ranges plotly worked out: the year label and line still stand where the server's own page for
    that year draws them (plotly placed them on its default range before, and dropped the label as off-screen)."""
    page.route("**/frames?*", lambda route: route.abort())
    dash.open()
    settle(page)
    dash.year_thumb.focus()
    page.keyboard.press("ArrowLeft")  # 2024 -> 2020, from the server
    dash.expect_url(r"/en/\?year=2020$")
    settle(page)
    stepped = page.evaluate(YEAR_MARK_JS, ["stock", "remittances"])
    other = page.context.new_page()
    try:
        other.goto("/en/?year=2020")
        other.wait_for_function("() => document.querySelector('#remittances .scatterlayer .trace')")
        settle(other)
        assert stepped == other.evaluate(YEAR_MARK_JS, ["stock", "remittances"])
    finally:
        other.close()
    assert stepped["stock"][0] == "2020", stepped
