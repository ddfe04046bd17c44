"""A year step drawn from the frames redraws at once the charts the reader sees, then, after the browser has painted,
each other chart on the page, nearest first (in slices of about 40 ms of work, planned by what each chart's last
drawing took, or for a change of its marks only, its last such drawing), and only then hands the step to Dash
(kgmStep in assets/30-callbacks.js); the page then shows what the server draws for that year. A view Dash takes from
the server meanwhile drops the step, printing draws every chart still to draw, and a chart hidden from the page waits
until it is shown or the browser is idle (kgmLater).

Some tests hold the page's animation frames (or its idle callbacks) in a queue, so that what comes after the paint
waits until the test lets it run."""

from __future__ import annotations

from conftest import settle
from playwright.sync_api import expect
from test_view_change_requests import SHOWN_JS, open_with_frames, server_view

from dashboard.patches import GRAPHS

# Each chart plotly draws from now on, with the animation frame it was drawn in, the view Dash held then, and how
# many times the drawing read the graph's computed style (plotly measuring the graph's box).
LOG_DRAWS_JS = """() => {
  window.__draws = []; window.__frame = 0;
  const tick = () => { window.__frame++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  let drawing = null;
  const style = window.getComputedStyle;
  window.getComputedStyle = function (el) {
    if (drawing && el === drawing.gd) { drawing.draw.measured++; }
    return style.apply(this, arguments);
  };
  const react = window.Plotly.react;
  window.Plotly.react = function (gd) {
    const dashQ = window.dash_component_api.getLayout('view').props.data.q;
    const draw = {id: gd.parentElement.closest('[id]').id, frame: window.__frame, dashQ: dashQ, measured: 0};
    window.__draws.push(draw);
    drawing = {gd: gd, draw: draw};
    try { return react.apply(this, arguments); } finally { drawing = null; }
  };
}"""
HOLD_FRAMES_JS = """() => { window.__held = []; window.__raf = window.requestAnimationFrame;
  window.requestAnimationFrame = (fn) => window.__held.push(fn); }"""
RUN_FRAMES_JS = """() => { window.requestAnimationFrame = window.__raf;
  const held = window.__held; window.__held = []; held.forEach((fn) => window.__raf(fn)); return held.length; }"""
HOLD_IDLE_JS = """() => { window.__idle = []; window.requestIdleCallback = (fn) => window.__idle.push(fn); }"""
RUN_IDLE_JS = """() => { let ran = 0;
  while (window.__idle.length) { window.__idle.shift()({didTimeout: false, timeRemaining: () => 50}); ran++; }
  return ran; }"""
# the year a line chart marks (its shapes' x0 as plotly drew them)
MARKED_JS = """(id) => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  return gd._fullLayout.shapes.map((s) => String(s.x0)); }"""
DISTANCE_JS = "(id) => window.kgmLater.distance(id)"


def step_back_a_year(page, dash) -> None:
    """The default view with its frames, then 2024 -> 2020 by the keyboard: the map, in view, shows it."""
    dash.year_thumb.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#map .gtitle")).to_contain_text("2020")


def drawn_by_a_step(page, dash) -> list[dict]:
    """The default view with its frames, a step back a year, and each drawing (LOG_DRAWS_JS) made before Dash was
    told of the step."""
    open_with_frames(page, dash)
    settle(page)
    page.evaluate(LOG_DRAWS_JS)
    step_back_a_year(page, dash)
    dash.expect_url(r"/en/\?year=2020$")
    settle(page)
    return [draw for draw in page.evaluate("() => window.__draws") if draw["dashQ"] == ""]


def test_charts_out_of_sight_are_drawn_after_the_paint_nearest_first_before_dash_is_told(page, dash):
    draws = drawn_by_a_step(page, dash)
    in_view = [draw["id"] for draw in draws if page.evaluate("(id) => window.kgmLater.inView(id)", draw["id"])]
    assert "map" in in_view, draws
    first_frame = min(draw["frame"] for draw in draws if draw["id"] in in_view)
    later = [draw for draw in draws if draw["id"] not in in_view]
    assert {"stock", "remittances", "official"} <= {draw["id"] for draw in later}, draws
    frames = [draw["frame"] for draw in later]
    assert frames == sorted(frames) and frames[0] > first_frame, draws  # after the frame that showed the map
    distances = [page.evaluate(DISTANCE_JS, draw["id"]) for draw in later]
    assert distances == sorted(distances), (later, distances)  # nearest first
    assert page.evaluate("() => window.kgmStep.pending()") == []
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=2020")


def test_a_chart_whose_last_drawing_would_overrun_the_slice_waits_for_the_next_frame(page, dash):
    """Each chart out of sight said to have last taken 39 ms to draw, whole or its marks only: after the first of a
    slice, none fits in the 40 ms left, so each is drawn in a frame of its own."""
    open_with_frames(page, dash)
    settle(page)
    page.evaluate("""(names) => names.forEach((name) => {
      const gd = document.querySelector('#' + name + ' .js-plotly-plot'); gd.kgmDrawMs = 39; gd.kgmMarksMs = 39; })""",
                  list(GRAPHS))
    page.evaluate(LOG_DRAWS_JS)
    step_back_a_year(page, dash)
    dash.expect_url(r"/en/\?year=2020$")
    settle(page)
    later = [draw for draw in page.evaluate("() => window.__draws")
             if draw["dashQ"] == "" and not page.evaluate("(id) => window.kgmLater.inView(id)", draw["id"])]
    assert {"stock", "remittances", "official"} <= {draw["id"] for draw in later}, later
    frames = [draw["frame"] for draw in later]
    assert frames == sorted(set(frames)), later  # rising, no two in one frame


def test_a_first_step_plans_a_drawing_of_marks_only_by_its_kind_not_by_the_whole_drawing_at_load(page, dash):
    """On the first step the charts' last drawings are the whole ones made at load, said here to have taken 41 ms
    each. From 2024 to 2020 the stock, oblast and remittance charts move only their marks (the year's line and label,
    title, meta), which plotly redraws alone, so they share the first slice; the official sources' chart changes its
    height, is drawn whole, and waits for a frame of its own. The page's clock is held still during the step, so that
    the slices are planned by what is expected alone, whatever this machine's speed."""
    open_with_frames(page, dash)
    settle(page)
    page.evaluate("""(names) => names.forEach((name) => {
      const gd = document.querySelector('#' + name + ' .js-plotly-plot');
      gd.kgmDrawMs = 41;
      delete gd.kgmMarksMs; })""", list(GRAPHS))
    page.evaluate(LOG_DRAWS_JS)
    page.evaluate("""() => { const now = performance.now();
      window.__now = performance.now; performance.now = () => now; }""")
    try:
        step_back_a_year(page, dash)
        dash.expect_url(r"/en/\?year=2020$")
        settle(page)
    finally:
        page.evaluate("() => { performance.now = window.__now; }")
    frame = {draw["id"]: draw["frame"] for draw in page.evaluate("() => window.__draws")
             if draw["dashQ"] == "" and not page.evaluate("(id) => window.kgmLater.inView(id)", draw["id"])}
    assert frame["stock"] == frame["oblasts"] == frame["remittances"], frame
    assert frame["official"] > frame["stock"], frame


def test_a_view_dash_takes_from_the_server_meanwhile_drops_the_step(page, dash):
    open_with_frames(page, dash)
    settle(page)
    page.evaluate(HOLD_FRAMES_JS)
    step_back_a_year(page, dash)
    assert "stock" in page.evaluate("() => window.kgmStep.pending()")  # still to draw: its frame is held
    dash.radio("f-sex", "women")  # the server answers every panel for the new view
    page.wait_for_function("() => window.dash_component_api.getLayout('view').props.data.q.includes('sex=female')")
    assert page.evaluate(RUN_FRAMES_JS) >= 1
    page.wait_for_function("() => window.kgmStep.pending().length === 0")
    settle(page)
    dash.expect_url(r"/en/\?year=2020&sex=female$")
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=2020&sex=female")


def test_printing_draws_every_chart_still_to_draw(page, dash):
    open_with_frames(page, dash)
    settle(page)
    page.evaluate(HOLD_FRAMES_JS)
    step_back_a_year(page, dash)
    summaries = page.evaluate("() => window.kgmFrames.at({q: 'year=2020', lang: 'en'}, '2020').summaries")
    text = {chart: page.locator(f"#summary-{chart}").text_content() for chart in summaries}
    to_draw = [chart for chart in summaries if text[chart] != summaries[chart]]  # their frame is held
    assert to_draw and "map" not in to_draw, to_draw
    for chart in ("stock", "remittances"):  # still the year before (their summaries read the same every year)
        assert "2020" not in page.evaluate(MARKED_JS, chart), chart
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    try:
        for chart in ("stock", "remittances"):
            assert "2020" in page.evaluate(MARKED_JS, chart), chart
        for chart in to_draw:  # the summary printed beside each is the year's too
            assert page.locator(f"#summary-{chart}").text_content() == summaries[chart], chart
        expect(page.locator("#cards")).to_contain_text("(2020, both sexes)")
    finally:
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        page.evaluate(RUN_FRAMES_JS)
    settle(page)
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=2020")


def test_a_hidden_chart_waits_until_it_is_shown_or_the_browser_is_idle(page, dash):
    open_with_frames(page, dash)
    settle(page)
    page.evaluate(HOLD_IDLE_JS)
    page.evaluate("() => { for (const id of ['stock', 'sexes']) document.getElementById(id).style.display = 'none'; }")
    step_back_a_year(page, dash)
    dash.expect_url(r"/en/\?year=2020$")
    page.wait_for_function("() => window.kgmStep.pending().length === 0")
    assert {"stock", "sexes"} <= set(page.evaluate("() => window.kgmLater.pending()"))
    assert "2020" not in page.evaluate(MARKED_JS, "stock")  # still the year before: it waits, hidden
    page.evaluate("() => { document.getElementById('stock').style.display = ''; }")
    page.locator("#stock").scroll_into_view_if_needed()
    page.wait_for_function("(id) => window.kgmLater.pending().indexOf(id) < 0", arg="stock")
    page.wait_for_function(f"() => ({MARKED_JS})('stock').includes('2020')")
    page.evaluate("() => { document.getElementById('sexes').style.display = ''; }")
    assert page.evaluate(RUN_IDLE_JS) >= 1  # the rest, one chart per idle callback
    settle(page)
    assert page.evaluate("() => window.kgmLater.pending()") == []
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=2020")
