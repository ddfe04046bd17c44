"""What a page does so that a reader's first year step costs what the later ones do (assets/30-callbacks.js):

- once it holds the view's frames, each chart is drawn again from what it holds when the browser is idle, one chart at
  a time, so that plotly's code for a redrawing is compiled before the first step (kgmFrames rehearse); that drawing
  changes nothing on the page;
- a step drawn from the frames does not have plotly measure a graph's box again (kgmStep drawNow): the charts keep the
  size the server's page draws them at, and follow a resize of the window as before.

The rehearsal's test holds the view's frames on their way, then the page's idle callbacks in a queue, so that it runs
them when it chooses."""

from __future__ import annotations

from conftest import DRAWN_JS, settle
from playwright.sync_api import expect
from test_charts_out_of_sight import HOLD_IDLE_JS, RUN_IDLE_JS, drawn_by_a_step

from dashboard.patches import GRAPHS

# each drawn chart's picture (its SVG as the page holds it), whether plotly has worked out its defaults again since
# the last call with `mark` (a mark on plotly's defaults object, gone once it does) and the time its last drawing
# took (kgmStep plans its slices by it)
CHARTS_JS = """([names, mark]) => Object.fromEntries(names.map((name) => {
  const gd = document.querySelector('#' + name + ' .js-plotly-plot');
  if (!gd || !gd._fullLayout) { return [name, null]; }
  const again = !gd._fullLayout.kgmTestMark;
  if (mark) { gd._fullLayout.kgmTestMark = true; }  // not "_...": plotly carries those over
  return [name, {svg: gd.querySelector('.svg-container').innerHTML, drawMs: gd.kgmDrawMs, again: again}];
}))"""
SIZES_JS = """(names) => Object.fromEntries(names.map((name) => {
  const gd = document.querySelector('#' + name + ' .js-plotly-plot');
  return [name, gd && gd._fullLayout ? [gd._fullLayout.width, gd._fullLayout.height] : null];
}))"""

# plotly's width for the graph is its box's (dcc.Graph's div), to the pixel
FOLLOWS_BOX_JS = """(names) => names.map((name) => {
  const gd = document.querySelector('#' + name + ' .js-plotly-plot');
  return Math.abs(gd._fullLayout.width - gd.getBoundingClientRect().width) < 1;
})"""


def test_once_the_frames_are_held_each_chart_is_drawn_again_unchanged_when_idle(page, dash):
    on_their_way = []
    page.route("**/frames?*", lambda route: on_their_way.append(route))
    # the frames are asked for once the page is idle after drawing the view; held on their way
    with page.expect_request(lambda request: "/frames?" in request.url, timeout=60_000):
        dash.open(sources=False)  # the Sources list comes with the frames, held here
    page.wait_for_function("() => true")  # Playwright hands the route to its handler while it waits on the page
    assert on_their_way, "the frames' request reached no route"
    page.evaluate(HOLD_IDLE_JS)
    on_their_way[0].continue_()
    page.wait_for_function("""() => !!window.kgmFrames.at({q: '', lang: 'en'}, '2020')""")
    page.wait_for_function("() => window.__idle.length > 0")  # the rehearsal, waiting for an idle moment
    before = page.evaluate(CHARTS_JS, [list(GRAPHS), True])
    drawn = [name for name, chart in before.items() if chart]
    assert {"map", "stock", "remittances"} <= set(drawn), before
    ran = page.evaluate(RUN_IDLE_JS)
    assert ran >= len(drawn), ran  # one chart per idle moment
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))")
    after = page.evaluate(CHARTS_JS, [list(GRAPHS), False])
    for name in drawn:
        assert after[name]["again"], f"{name} was not drawn again"
        assert after[name]["svg"] == before[name]["svg"], f"{name} changed"
        assert after[name]["drawMs"] == before[name]["drawMs"], f"{name}: a step would plan by the rehearsal"


def test_a_step_from_memory_does_not_measure_the_graphs_and_they_keep_the_servers_size(page, dash):
    step = drawn_by_a_step(page, dash)
    assert {"map", "stock", "remittances"} <= {draw["id"] for draw in step}, step
    assert [draw for draw in step if draw["measured"]] == [], step
    sizes = page.evaluate(SIZES_JS, list(GRAPHS))
    other = page.context.new_page()
    try:
        other.goto("/en/?year=2020")
        other.wait_for_function(DRAWN_JS)
        settle(other)
        assert sizes == other.evaluate(SIZES_JS, list(GRAPHS))
    finally:
        other.close()
    # another window width (one column of panels): each chart takes its graph's new width, as before the step
    page.set_viewport_size({"width": 1000, "height": 768})
    expect(page.locator("#stock .main-svg").first).not_to_have_attribute("width", str(sizes["stock"][0]))
    settle(page)
    assert page.evaluate(FOLLOWS_BOX_JS, ["map", "stock", "remittances"]) == [True] * 3
