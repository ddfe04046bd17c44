"""A year step from the frames draws the charts in view straight into their graphs, as the slider moves, and hands
Dash every prop once the browser has painted, or once a held thumb is let go (kgmStep in assets/30-callbacks.js): the
reader sees the year before Dash has done its own work on the step. Steps faster than that build on what the graphs
show, so any run of steps ends where the server would."""

from __future__ import annotations

from conftest import settle
from playwright.sync_api import expect
from test_view_change_requests import SHOWN_JS, click_slider_at, open_with_frames, server_view

from dashboard.patches import GRAPHS

# At every animation frame (the moment before the browser paints) from now on: the first frame whose map title
# names `year`, with the view Dash held at that moment.
WATCH_FIRST_FRAME_JS = """(year) => {
  window.__firstFrame = null;
  const viewInDash = () => window.dash_component_api.getLayout('view').props.data;
  const check = () => {
    const title = document.querySelector('#map .gtitle');
    if (title && title.textContent.includes(year)) { window.__firstFrame = {dashView: viewInDash()}; return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}"""
DASH_VIEW_JS = "() => window.dash_component_api.getLayout('view').props.data"


def test_the_year_is_painted_before_dash_handles_the_step(page, dash):
    open_with_frames(page, dash)
    settle(page)
    page.evaluate(WATCH_FIRST_FRAME_JS, "2020")
    dash.year_thumb.focus()
    page.keyboard.press("ArrowLeft")  # 2024 -> 2020
    first = page.wait_for_function("() => window.__firstFrame").json_value()
    assert first["dashView"]["q"] == "", first  # painted while Dash still held the view before the step
    dash.expect_url(r"/en/\?year=2020$")
    settle(page)
    assert page.evaluate(DASH_VIEW_JS) == {"q": "year=2020", "lang": "en"}  # then Dash was told
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=2020")


def test_steps_faster_than_dash_end_where_the_server_would(page, dash):
    """Four steps by the keyboard, each before Dash has been told of the one before, back to the year Dash holds:
    every panel, as Dash holds it and as plotly drew it, is what the server draws for that year."""
    open_with_frames(page, dash)
    settle(page)
    dash.year_thumb.focus()
    held = page.evaluate("""async () => {
      const thumb = document.querySelector("#f-year [role='slider']"), held = [];
      for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowRight', 'ArrowRight']) {
        thumb.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true}));
        for (let tick = 0; tick < 5; tick++) { await Promise.resolve(); }  // React's commit, then the step's draw
        held.push(window.kgmStep.pending().length);
      }
      return held; }""")  # 2024 -> 2020 -> 2015 -> 2020 -> 2024, with no frame painted in between
    assert all(held), held  # each step came before Dash was told of the one before
    settle(page)
    dash.expect_url(r"/en/$")
    expect(page.locator("#map .gtitle")).to_contain_text("2024")
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "")


def test_a_drag_draws_each_year_it_crosses_and_writes_the_address_when_let_go(page, dash):
    open_with_frames(page, dash, year="2015")
    settle(page)
    thumb = dash.year_thumb.bounding_box()
    page.mouse.move(thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2)
    page.mouse.down()
    for year in ("2020", "2015"):
        mark = page.locator("#f-year .dash-slider-mark", has_text=year).bounding_box()
        page.mouse.move(mark["x"] + mark["width"] / 2, thumb["y"] + thumb["height"] / 2, steps=4)
        expect(page.locator("#map .gtitle")).to_contain_text(year)  # drawn while the thumb is held
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 50)))")
    assert dash.url().endswith("/en/"), dash.url()  # the address waits for the thumb to be let go
    assert page.evaluate(DASH_VIEW_JS) == {"q": "", "lang": "en"}
    page.mouse.up()
    dash.expect_url(r"/en/\?year=2015$")
    settle(page)
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=2015")
    click_slider_at(page, "2024")  # and back by a click on the track
    dash.expect_url(r"/en/$")
    expect(page.locator("#map .gtitle")).to_contain_text("2024")
    settle(page)
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "")


def test_a_print_right_after_a_step_prints_the_cards_at_that_year(page, dash):
    """The cards wait for Dash with the rest of the step: printing within that frame hands Dash the step first."""
    open_with_frames(page, dash)
    settle(page)
    expect(page.locator("#cards")).to_contain_text("(2024, both sexes)")
    cards = page.evaluate("""async () => {
      const thumb = document.querySelector("#f-year [role='slider']");
      thumb.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowLeft', bubbles: true}));
      for (let tick = 0; tick < 5; tick++) { await Promise.resolve(); }  // React's commit, then the step's draw
      if (!window.kgmStep.pending().length) { return 'the step was handed to Dash before the print'; }
      window.dispatchEvent(new Event('beforeprint'));
      for (let tick = 0; tick < 5; tick++) { await Promise.resolve(); }  // React renders the store's change
      return document.getElementById('cards').textContent; }""")
    assert "(2020, both sexes)" in cards, cards
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")  # the page back from paper
    settle(page)
    assert page.evaluate(SHOWN_JS, list(GRAPHS)) == server_view(page, "?year=2020")
