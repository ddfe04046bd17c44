"""A chart more than three screens from the viewport is drawn after the others (assets/15-plotly-react.js): at load
its first drawing waits until the charts nearer the reader are drawn, the map's countries too, then for an idle
moment, nearest first; or until the reader comes within a screen of it, or prints. Meanwhile its graph keeps the
height its figure asks for, so the page does not grow under the reader.

At 1366 x 768 the official sources' chart and the women and men chart lie about six screens down. These tests hold
the page's idle callbacks in a queue from the start, so that what waits for them waits until the test lets it run."""

from __future__ import annotations

from conftest import settle

FAR = ["official", "sexes"]
HOLD_IDLE_INIT = """window.__idle = [];
window.requestIdleCallback = (fn) => window.__idle.push(fn);"""
RUN_IDLE_JS = """() => { let ran = 0;
  while (window.__idle.length) { window.__idle.shift()({didTimeout: false, timeRemaining: () => 50}); ran++; }
  return ran; }"""
# each chart: drawn (plotly's svg in its graph), and the height its graph keeps free meanwhile
STATE_JS = """(ids) => Object.fromEntries(ids.map((id) => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot')
    || window.kgmFarCharts.pending().find((graph) => graph.closest('.dash-graph').id === id);
  return [id, {drawn: !!document.querySelector('#' + id + ' .main-svg'), minHeight: gd ? gd.style.minHeight : null}];
}))"""
# the height each chart's figure asks for, as Dash holds it
HEIGHTS_JS = """(ids) => Object.fromEntries(ids.map((id) =>
  [id, window.dash_component_api.getLayout(id).props.figure.layout.height + 'px']))"""
WAITING_JS = "() => window.kgmFarCharts.pending().map((gd) => gd.closest('.dash-graph').id).sort()"


def open_holding_idle(page, dash) -> None:
    page.add_init_script(HOLD_IDLE_INIT)
    dash.open(sources=False)  # the Sources list comes with the frames, asked for when the browser is idle
    page.wait_for_function("() => window.kgmFarCharts.pending().length && window.__idle.length")


def test_charts_far_below_wait_with_their_height_kept_until_the_browser_is_idle(page, dash):
    open_holding_idle(page, dash)
    assert page.evaluate(WAITING_JS) == sorted(FAR)
    heights = page.evaluate(HEIGHTS_JS, FAR)
    assert page.evaluate(STATE_JS, FAR) == {id: {"drawn": False, "minHeight": heights[id]} for id in FAR}
    near = page.evaluate(STATE_JS, ["map", "facts", "stock", "oblasts", "remittances"])
    assert all(state["drawn"] for state in near.values()), near

    page.wait_for_function(f"() => {{ ({RUN_IDLE_JS})(); return !window.kgmFarCharts.pending().length; }}")
    settle(page)
    assert page.evaluate(STATE_JS, FAR) == {id: {"drawn": True, "minHeight": ""} for id in FAR}
    titles = {id: " ".join(dash.figure_texts(id)) for id in FAR}
    assert all(titles.values()), titles


def test_a_waiting_chart_is_drawn_when_the_reader_comes_near(page, dash):
    open_holding_idle(page, dash)
    page.locator("#official").scroll_into_view_if_needed()
    page.wait_for_selector("#official .main-svg")
    assert "official" not in page.evaluate(WAITING_JS)


def test_printing_draws_the_waiting_charts_first(page, dash):
    open_holding_idle(page, dash)
    page.pdf(format="A4")  # fires beforeprint / afterprint like the print dialog
    assert page.evaluate(WAITING_JS) == []
    assert all(state["drawn"] for state in page.evaluate(STATE_JS, FAR).values())


def test_a_waiting_chart_draws_the_latest_figure_it_was_given(page, dash):
    """A figure handed to a waiting chart (Dash's, after a filter) replaces the one it waited with."""
    open_holding_idle(page, dash)
    page.evaluate("""() => {
      const figure = window.dash_component_api.getLayout('official').props.figure;
      const layout = Object.assign({}, figure.layout, {title: Object.assign({}, figure.layout.title, {text: 'Later'})});
      window.dash_clientside.set_props('official', {figure: {data: figure.data, layout: layout}});
    }""")
    page.wait_for_function("() => window.__idle.length")
    page.wait_for_function(f"() => {{ ({RUN_IDLE_JS})(); return !window.kgmFarCharts.pending().length; }}")
    page.wait_for_selector("#official .main-svg")
    assert dash.figure_texts("official") == ["Later"]
