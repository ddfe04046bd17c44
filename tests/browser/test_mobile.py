"""The dashboard on a phone (390x844 CSS px, touch, double density): one column, nothing wider than the screen,
controls big enough for a finger, the year stepped by a tap, the page scrolled by a swipe over the map, a legible
map, and screenshots of the three languages to look at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import DRAWN_JS, settle
from playwright.sync_api import Page, expect

WIDTH, HEIGHT = 390, 844
PHONE = {"viewport": {"width": WIDTH, "height": HEIGHT}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
pytestmark = pytest.mark.browser_context_args(**PHONE)  # for the `page` (and so `shot`) of every test here

HOME_FILL = "rgb(178, 24, 43)"  # #b2182b, Kyrgyzstan's own trace on the destinations map

# 20-tools.js refits each chart for small screens after it is drawn: the destinations map zoomed in (projection scale
# 4.5) without its colour bar, texts rewrapped. Wait for that before measuring or taking pictures.
# A graph drawn and refitted for the phone at its current height (20-tools.js fitPhone marks it so)
FITTED_JS = "(g) => !!g && !!g._fullLayout && g.getAttribute('data-kgm-phone-fit') === String(g._fullLayout.height)"
ALL_DRAWN_AND_FITTED_JS = f"""() => !window.kgmFarCharts.pending().length
  && [...document.querySelectorAll('.js-plotly-plot')].every({FITTED_JS})"""
PHONE_FIT_JS = f"""() => {{
  const gd = document.querySelector('#map .js-plotly-plot');
  if (!gd || !gd.layout || !gd.data || !gd.data.length) return false;
  const proj = (gd.layout.geo || {{}}).projection || {{}};
  // the map's frame is set by its lon/lat ranges and no scale (maps.destinations_geo): nothing for the phone to zoom
  const zoomed = proj.type !== 'azimuthal equidistant' || proj.scale >= 4.5 || proj.scale === undefined;
  // on a phone the colour bar is dropped (values stay in the hover, the summary and the table)
  if (!(zoomed && gd.data[0].showscale === false)) return false;
  // and every chart's texts are rewrapped for the phone, its header and footer resized (20-tools.js fitPhone)
  const fitted = {FITTED_JS};
  return ['map', 'stock', 'remittances'].every(id => fitted(document.querySelector('#' + id + ' .js-plotly-plot')));
}}"""

PANELS_JS = """() => Object.fromEntries(['#panel-map', '.panel-cards', '#panel-stock', '#panel-remittances'].map(s => {
  const r = document.querySelector(s).getBoundingClientRect();
  return [s, {x: r.x, top: r.top + scrollY, bottom: r.bottom + scrollY, width: r.width}];
}))"""

# Controls a finger has to hit, as drawn (hidden ones, e.g. the oblast-layer fields on the destinations layer, skipped).
SMALL_CONTROLS_JS = """() => [...document.querySelectorAll(
    '.tool-btn, .copy-btn, .share-toggle, .lang, .play, .step, .radio label, .check label')]
  .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
  .map(e => { const r = e.getBoundingClientRect();
              return [e.id || e.className, e.textContent.trim().slice(0, 30), Math.round(r.width), r.height]; })
  .filter(([, , w, h]) => h < 44)"""

SCREENS = [("/en/", "phone-390x844-en"), ("/ru/?layer=oblasts", "phone-390x844-ru-oblasts"),
           ("/ky/", "phone-390x844-ky")]


def open_phone(page, dash, path: str) -> None:
    page.goto(path)
    dash.wait_drawn()
    page.wait_for_function(PHONE_FIT_JS, timeout=6_000)
    page.wait_for_timeout(400)  # plotly's relayout after the refit


@pytest.mark.parametrize(("path", "name"), SCREENS, ids=[n for _, n in SCREENS])
def test_phone_layout(page, dash, shot, path, name):
    open_phone(page, dash, path)
    assert page.evaluate("innerWidth") == WIDTH

    # One column: the panels share their left edge and follow one another down the page.
    p = page.evaluate(PANELS_JS)
    lefts = {round(v["x"]) for v in p.values()}
    assert len(lefts) == 1, p
    assert p["#panel-stock"]["top"] >= p["#panel-map"]["bottom"], p
    assert all(v["width"] <= WIDTH for v in p.values()), p
    order = sorted(p, key=lambda s: p[s]["top"])
    assert order == ["#panel-map", ".panel-cards", "#panel-stock", "#panel-remittances"], p

    # Nothing sideways.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= WIDTH + 1, f"the page scrolls sideways: {scroll_width}px wide"

    # Touch targets.
    small = page.evaluate(SMALL_CONTROLS_JS)
    assert small == [], f"controls under 44px tall: {small}"
    for sel in ("#play", "#year-prev", "#year-next"):
        box = page.locator(sel).bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44, (sel, box)

    path_png = shot(name)
    assert path_png.stat().st_size > 50_000


@pytest.fixture(scope="module")
def phone(browser, browser_context_args) -> Iterator[Page]:
    """/en/ drawn and fitted on a phone, shared by the tests below in file order: read, swipe, then tap."""
    context = browser.new_context(**{**browser_context_args, **PHONE})
    page = context.new_page()
    page.goto("/en/")
    page.wait_for_function(DRAWN_JS, timeout=20_000)
    page.wait_for_function(PHONE_FIT_JS, timeout=6_000)
    # the charts far down the page are drawn when the browser is idle (assets/15-plotly-react.js), then fitted:
    # all of them first, so that no drawing runs under the swipes below
    page.wait_for_function(ALL_DRAWN_AND_FITTED_JS, timeout=20_000)
    page.wait_for_timeout(400)
    yield page
    context.close()


def test_kyrgyzstan_is_legible_on_the_phone_map(phone):
    boxes = phone.evaluate("""(fill) => [...document.querySelectorAll('#map path.choroplethlocation')]
        .filter(p => p.__data__ && p.__data__.loc === 'KGZ' && getComputedStyle(p).fill === fill)
        .map(p => { const r = p.getBoundingClientRect(); return {width: r.width, height: r.height}; })""", HOME_FILL)
    assert len(boxes) == 1, boxes
    print(f"\nKyrgyzstan on the 390px map: {boxes[0]['width']:.0f} x {boxes[0]['height']:.0f} px")
    assert boxes[0]["width"] >= 15, boxes


# Chart texts (titles, subtitles, legend entries, annotations such as the source line) that run past the right or
# left edge of their chart's SVG, which clips them: [graph, text, px past the edge].
CUT_TEXT_JS = """() => ['map', 'stock', 'remittances'].flatMap(id => {
  const svg = document.querySelector('#' + id + ' .main-svg').getBoundingClientRect();
  return [...document.querySelectorAll(`#${id} .gtitle, #${id} .annotation-text, #${id} .legendtext`)]
    .map(t => { const r = t.getBoundingClientRect();
                const past = Math.max(r.right - svg.right, svg.left - r.left);
                return [id, t.textContent.slice(0, 50), Math.round(past)]; })
    .filter(x => x[2] > 2);
})"""

# Pairs of chart parts drawn over one another: the legend, the x-axis labels, the source line, the title.
OVERLAPS_JS = """() => {
  const box = e => e.getBoundingClientRect();
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const out = [];
  for (const id of ['map', 'stock', 'remittances']) {
    const parts = [];
    const legend = document.querySelector(`#${id} g.legend`);
    if (legend) parts.push(['legend', box(legend)]);
    document.querySelectorAll(`#${id} g.xtick text`).forEach(t => parts.push([`x label ${t.textContent}`, box(t)]));
    document.querySelectorAll(`#${id} .annotation-text`).forEach(t => {
      if (/CC BY/.test(t.textContent)) parts.push(['source line', box(t)]); });
    const title = document.querySelector(`#${id} .gtitle`);
    if (title) parts.push(['title', box(title)]);
    for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
      if (parts[i][0].startsWith('x label') && parts[j][0].startsWith('x label')) continue;
      if (meet(parts[i][1], parts[j][1])) out.push(`${id}: ${parts[i][0]} / ${parts[j][0]}`);
    }
  }
  return out;
}"""

# The map's colour bar: its tick labels and title (each should appear once), and whether its bar lies on the map.
COLOUR_BAR_JS = """() => {
  const cb = document.querySelector('#map g.colorbar');
  if (!cb) return {duplicated: [], onMap: false, bar: null, map: null};  // dropped on phones: nothing to overlap
  const texts = [...cb.querySelectorAll('text')].map(t => t.textContent);
  const bar = cb.querySelector('.cbfill').getBoundingClientRect();
  const geo = document.querySelector('#map .geolayer .bg').getBoundingClientRect();
  const onMap = bar.left < geo.right && geo.left < bar.right && bar.top < geo.bottom && geo.top < bar.bottom;
  return {duplicated: [...new Set(texts.filter((t, i) => texts.indexOf(t) !== i))], onMap,
          bar: [bar.left, bar.top, bar.width, bar.height].map(Math.round),
          map: [geo.left, geo.top, geo.width, geo.height].map(Math.round)};
}"""


def test_phone_map_colour_bar_is_drawn_once_and_off_the_map(phone):
    bar = phone.evaluate(COLOUR_BAR_JS)
    assert bar["duplicated"] == [] and not bar["onMap"], bar


def test_phone_chart_texts_are_not_cut_off(phone):
    """The server wraps titles and source lines for a desktop panel; on a phone 20-tools.js rewraps them to fit."""
    cut = phone.evaluate(CUT_TEXT_JS)
    assert cut == [], cut


def test_phone_chart_parts_do_not_overlap(phone):
    """The legend wraps into more rows on a phone: the footer grows to hold it, under the axis and above the source."""
    overlaps = phone.evaluate(OVERLAPS_JS)
    assert overlaps == [], overlaps


def map_point(page) -> tuple[float, float]:
    """Scroll the map's top to 100px below the top of the screen; -> a point on the map, mid-screen."""
    page.evaluate("""() => { const r = document.querySelector('#map .main-svg').getBoundingClientRect();
                             window.scrollTo(0, scrollY + r.top - 100); }""")
    box = page.locator("#map .main-svg").first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 350)
    assert page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('#map')", [x, y]), \
        f"({x}, {y}) is not on the map"
    return x, y


def test_a_swipe_over_the_map_scrolls_the_page(phone):
    """Charts must not capture touch: a reader scrolling down the page with a finger on the map keeps scrolling."""
    page = phone
    first_geo = page.evaluate("document.querySelector('#map .js-plotly-plot')._fullLayout.geo.lonaxis.range")

    # A real touch swipe through Chromium's input pipeline (Playwright's touchscreen only taps): finger down on
    # the map, 250px up in ten moves, finger up. touch-action or a preventDefault on touchmove would stop it.
    x, y = map_point(page)
    cdp = page.context.new_cdp_session(page)
    before = page.evaluate("scrollY")
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 25 * i}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_function("(y0) => scrollY > y0 + 100", arg=before, timeout=3_000)

    # The wheel too (a phone with a mouse, or a trackpad): the map has scrollZoom off, so the page scrolls.
    page.wait_for_timeout(300)  # let the swipe's fling settle: a wheel during it is folded into the fling
    x, y = map_point(page)
    before = page.evaluate("scrollY")
    page.mouse.move(x, y)
    page.mouse.wheel(0, 300)
    page.wait_for_function("(y0) => scrollY > y0 + 100", arg=before, timeout=3_000)

    # and the map kept its frame (its ranges, no zoom): the scroll went to the page, not to the chart
    geo = page.evaluate("(({lonaxis, lataxis, projection}) => ({lonaxis, lataxis, scale: projection.scale}))"
                        "(document.querySelector('#map .js-plotly-plot')._fullLayout.geo)")
    assert geo["scale"] == 1 and geo["lonaxis"]["range"] == first_geo, geo


def test_year_steps_back_with_a_tap(phone):
    phone.evaluate("window.scrollTo(0, 0)")
    phone.locator("#year-prev").tap()
    phone.wait_for_function("() => /\\/en\\/\\?year=2020$/.test(location.href)", timeout=10_000)
    expect(phone.locator("#f-year [role=slider]")).to_have_attribute("aria-valuenow", "6")
    expect(phone.locator("#map .gtitle")).to_contain_text("Where Kyrgyz migrants live: 2020")
    # the new year's patched charts are fitted to the phone again (the server's patch brings desktop wrapping)
    expect(phone.locator("#stock .gtitle")).to_contain_text("in 2020")
    settle(phone)  # the charts out of sight are drawn too (after the paint), each then fitted again
    phone.wait_for_function(PHONE_FIT_JS, timeout=6_000)
    assert phone.evaluate(CUT_TEXT_JS) == [] and phone.evaluate(OVERLAPS_JS) == []
