"""Embeds as another site shows them: in an iframe on a page of another origin, at the height the share panel's
code gives (nothing cut, no scrollbar, at phone to desktop widths, in ky, ru and en), resized by our host script to
the height the embed posts (and by nothing else), with a visible heading and no serious axe violation."""

from __future__ import annotations

import html as html_lib
import json
import time

import pytest
from conftest import DASH_IDLE_JS, DRAW_TIMEOUT_MS, settle
from playwright.sync_api import Frame, Page, expect
from test_accessibility import AXE, run_axe, serious

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.i18n import translator
from dashboard.state import Options, ViewState, parse
from dashboard.views import cards as cards_v
from dashboard.views import share

LANGS = ("ky", "ru", "en")
WIDTHS = (390, 600, 900, 1200)
# the main views of each chart: each layer, tab and remittance view draws a different figure
VIEWS = {
    "map": ("", "layer=flows", "layer=oblasts"),
    "oblasts": ("", "oview=series&measure=population", "oview=scatter"),
    "facts": ("",),
    "stock": ("", "tab=compare"),
    "official": ("", "dest=KOR"),  # the default, Russia, has the most panels
    "sexes": ("dest=TUR", "dest=RUS&wm=share", "dest=FRO"),
    "remittances": ("", "rem=gdp", "rem=country", "rem=corridor",
                    "rem=corridor&partner=WLD"),  # WLD: the longest legend
    "cards": ("", "oblast=KG-T&city=saint-petersburg~astana"),
}
DRAWN = {
    "map": "() => document.querySelectorAll('#embed-graph path.choroplethlocation').length >= 9",
    "oblasts": "() => document.querySelectorAll('#embed-graph .scatterlayer .trace').length >= 1",
    "facts": "() => document.querySelectorAll('#embed-graph .annotation').length >= 7",
    "stock": "() => document.querySelectorAll('#embed-graph .scatterlayer .trace').length >= 1",
    "official": "() => document.querySelectorAll('#embed-graph .scatterlayer .trace').length >= 1",
    # a destination with no split by sex draws no trace, only its sentence
    "sexes": "() => document.querySelectorAll('#embed-graph .main-svg').length >= 1",
    "remittances": "() => document.querySelectorAll('#embed-graph .scatterlayer .trace').length >= 1",
    "cards": "() => document.querySelectorAll('#embed .card').length >= 1",
}
# phones: 20-tools.js refits a chart after it is drawn (wrapped title, taller legend); it marks the graph when done
PHONE_FIT_JS = "() => !document.querySelector('.js-plotly-plot') || !!document.querySelector('[data-kgm-phone-fit]')"
# the document inside the frame: how tall it is and whether it must scroll (it must not, in either direction)
OVERFLOW_JS = """() => { const e = document.documentElement;
  return {scroll: e.scrollHeight, client: e.clientHeight, scrollW: e.scrollWidth, clientW: e.clientWidth,
          body: Math.ceil(document.body.getBoundingClientRect().height)}; }"""


def frame_of(page: Page, selector: str) -> Frame:
    frame = page.locator(selector).element_handle().content_frame()
    assert frame is not None, selector
    return frame


def settled(frame: Frame, chart: str, width: int) -> dict:
    """Wait until the embed in `frame` is drawn, Dash is idle, a phone's refit is done and the height has held
    still for half a second; return its overflow numbers. Polls on a timer: a frame out of view gets no frames."""
    frame.wait_for_function(DRAWN[chart], timeout=DRAW_TIMEOUT_MS, polling=100)
    frame.wait_for_function(DASH_IDLE_JS, timeout=DRAW_TIMEOUT_MS, polling=100)
    if width <= 600:
        frame.wait_for_function(PHONE_FIT_JS, timeout=DRAW_TIMEOUT_MS, polling=100)
    last, since = None, time.monotonic()
    deadline = since + DRAW_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        now = frame.evaluate(OVERFLOW_JS)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= 0.5:
            break
        time.sleep(0.1)
    return last


def embed_src(live_server: str, lang: str, chart: str, query: str) -> str:
    return f"{live_server}/{lang}/embed/{chart}" + (f"?{query}" if query else "")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chart", list(VIEWS))
def test_embed_heights_hold_every_main_view(page, live_server, other_site, chart, lang, shot):
    """The iframe at the height REGISTRY[chart].embed_height(width) holds the whole embed (heading, chart, legend,
    source line, link back; every card): no scrollbar, at 390, 600, 900 and 1200 px. The four widths sit side by
    side on one host page, so every frame is in view while it draws."""
    page.set_viewport_size({"width": sum(WIDTHS) + 60, "height": 2100})
    for query in VIEWS[chart]:
        src = html_lib.escape(embed_src(live_server, lang, chart, query))
        frames = "".join(f'<iframe id="w{w}" src="{src}" title="chart" width="{w}" '
                         f'height="{REGISTRY[chart].embed_height(w)}" style="border:1px solid #ccc"></iframe>'
                         for w in WIDTHS)
        page.goto(other_site(f'<!doctype html><title>Story</title><body style="margin:0">'
                            f'<div style="display:flex;gap:8px;align-items:flex-start">{frames}</div>'))
        problems = []
        for w in WIDTHS:
            got = settled(frame_of(page, f"#w{w}"), chart, w)
            height = REGISTRY[chart].embed_height(w)
            print(f"{chart} {query or '-'} {lang} {w}px: document {got['scroll']} px (body {got['body']}) "
                  f"in an iframe of {height} px")
            if got["scroll"] > got["client"] or got["scrollW"] > got["clientW"]:
                problems.append(f"{w}px: {got}, iframe height {height}")
        shot(f"embed-heights-{chart}-{query.replace('=', '-') or 'default'}-{lang}")
        assert problems == [], f"{chart} {query!r} {lang} is cut: {problems}"


def story_with_embed_code(live_server: str, bundle, chart: str, lang: str) -> str:
    """A host page holding exactly the share panel's embed code, and a foreign frame that tries to resize it."""
    s = ViewState()
    title = share.chart_title(bundle, s, Options.from_bundle(bundle), chart, lang)
    code = share.embed_code(live_server, lang, chart, s, bundle, title)
    # a frame of another origin (data:) posting a message of our shape: the host script must ignore it
    impostor = ("data:text/html,<script>setInterval(() => parent.postMessage("
                "{'kgm-embed': {height: 3333, chart: '" + chart + "'}}, '*'), 200)</script>")
    return (f'<!doctype html><title>Story</title><body style="margin:0"><h1>A story</h1>'
            f'<div id="box" style="width:100%">{code}</div>'
            f'<iframe id="impostor" src="{html_lib.escape(impostor)}" title="other" width="50" height="50"></iframe>'
            f'<p>After the chart</p>')


def iframe_height(page: Page) -> float:
    return page.evaluate("() => document.querySelector('#box iframe').getBoundingClientRect().height")


def wait_fitted(page: Page, frame: Frame, chart: str, width: int) -> tuple[float, dict]:
    """Until the host's iframe is exactly as tall as the embed's content (the script has applied the posted
    height): -> (iframe height, the frame's overflow numbers)."""
    got = settled(frame, chart, width)
    deadline = time.monotonic() + DRAW_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        got = frame.evaluate(OVERFLOW_JS)
        if abs(iframe_height(page) - got["body"]) <= 1 and got["scroll"] <= got["client"]:
            break
        time.sleep(0.1)
    return iframe_height(page), got


@pytest.mark.parametrize(("chart", "lang"), [("stock", "en"), ("cards", "ru"), ("map", "ky")])
def test_host_script_fits_the_iframe_to_the_posted_height(page, live_server, other_site, bundle, chart, lang, shot):
    page.set_viewport_size({"width": 1200, "height": 900})
    story = other_site(story_with_embed_code(live_server, bundle, chart, lang))
    assert not story.startswith(live_server)
    page.goto(story)
    page.evaluate("""() => window.addEventListener('message', e => {
      if (e.data && e.data['kgm-embed'] && e.data['kgm-embed'].height === 3333) { window.impostorHeard = true; } })""")
    expect(page.locator("#box script")).to_have_attribute("src", f"{live_server}/{lang}/embed/assets/embed-host.js")
    code_height = REGISTRY[chart].code_height()
    assert page.locator("#box iframe").get_attribute("height") == str(code_height)
    frame = frame_of(page, "#box iframe")
    wide, got = wait_fitted(page, frame, chart, 1200)
    print(f"{chart} {lang}: 1200 px wide, content {got['body']} px, iframe {wide} px (attribute {code_height})")
    assert abs(wide - got["body"]) <= 1 and got["scroll"] <= got["client"], (wide, got)
    assert wide < code_height or chart == "map"  # shrunk: no empty band (the map is tallest when wide)
    shot(f"embed-autoresize-{chart}-{lang}-1200")
    page.set_viewport_size({"width": 390, "height": 900})  # the reader turns to a phone: the frame follows
    narrow, got = wait_fitted(page, frame, chart, 390)
    print(f"{chart} {lang}: 390 px wide, content {got['body']} px, iframe {narrow} px")
    assert abs(narrow - got["body"]) <= 1 and got["scroll"] <= got["client"], (narrow, got)
    assert narrow != wide  # a line chart grows (its legend wraps), the map shrinks (its height follows its width)
    shot(f"embed-autoresize-{chart}-{lang}-390")
    # the impostor frame (another origin) and the host page itself post our message shape: no effect
    page.evaluate("() => window.postMessage({'kgm-embed': {height: 4444, chart: '" + chart + "'}}, '*')")
    page.wait_for_function("() => window.impostorHeard === true", timeout=DRAW_TIMEOUT_MS)
    # every listener of that message event has run (the host script's too); two frames for any style it set
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert abs(iframe_height(page) - narrow) <= 1
    assert page.locator("#impostor").evaluate("e => e.style.height") == ""


def test_embed_posts_its_height_and_never_listens(page, live_server, other_site):
    """The message's shape, for hosts that write their own listener; and the embed's sender registers no message
    listener (it reads nothing from its parent). Which script added each listener is told by its stack."""
    page.add_init_script("""(() => { const add = EventTarget.prototype.addEventListener;
      window.kgmHeard = [];
      EventTarget.prototype.addEventListener = function (type, fn, opts) {
        if (type === 'message' && this === window && window.parent !== window) {
          (window.kgmListeners = window.kgmListeners || []).push(String(new Error().stack)); }
        return add.call(this, type, fn, opts); };
      if (window.parent === window) {
        add.call(window, 'message', e => { if (e.data && e.data['kgm-embed']) window.kgmHeard.push(e.data); });
      } })()""")
    page.set_viewport_size({"width": 900, "height": 900})
    src = html_lib.escape(embed_src(live_server, "en", "remittances", "rem=gdp"))
    page.goto(other_site(f'<!doctype html><title>Story</title><iframe id="e" src="{src}" title="chart" '
                        f'width="800" height="300"></iframe>'))
    frame = frame_of(page, "#e")
    got = settled(frame, "remittances", 800)
    page.wait_for_function(f"() => window.kgmHeard.some(m => m['kgm-embed'].height === {got['body']})",
                           timeout=DRAW_TIMEOUT_MS)
    heard = page.evaluate("() => window.kgmHeard")
    assert {json.dumps(m, sort_keys=True) for m in heard} >= {
        json.dumps({"kgm-embed": {"chart": "remittances", "height": got["body"]}}, sort_keys=True)}
    listeners = frame.evaluate("() => window.kgmListeners || []")
    assert not [stack for stack in listeners if "50-embed.js" in stack], listeners


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chart", list(VIEWS))
def test_embed_has_its_heading_every_card_and_passes_axe(page, bundle, chart, lang, shot):
    page.add_init_script(path=str(AXE))
    page.set_viewport_size({"width": 900, "height": 900})
    page.goto(f"/{lang}/embed/{chart}")
    page.wait_for_function(DRAWN[chart], timeout=DRAW_TIMEOUT_MS)
    settle(page)
    opts = Options.from_bundle(bundle)
    s, _ = parse("", opts)
    title = REGISTRY[chart].title(ChartRequest(bundle, s, opts, lang))
    heading = page.locator("h1")
    expect(heading).to_have_count(1)
    expect(heading).to_be_visible()
    expect(heading).to_have_text(title)
    if chart == "cards":  # every card, as boxes: there is no map in an embed for a card button to act on
        expect(page.locator("#embed .card")).to_have_count(len(cards_v.corridor_cards(bundle, s, opts, lang)))
        expect(page.locator("#embed button.card")).to_have_count(0)
    else:  # said once, in the heading; the figure keeps its subtitle
        assert title not in " ".join(page.locator("#embed-graph .gtitle").all_text_contents())
    shot(f"embed-heading-{chart}-{lang}")
    violations = run_axe(page, f"/{lang}/embed/{chart}")
    assert serious(violations) == [], json.dumps(serious(violations), ensure_ascii=False, indent=1)


# The first paint: the server's picture of the chart, before (and without) any of Dash's or plotly's scripts.
BUSY_BROWSER_JS = "window.requestIdleCallback = () => 0;"  # never idle: only the reader's input makes it live
LIVE_SCRIPTS_GLOB = "**/_dash-component-suites/**"


def picture_title(bundle, chart: str, lang: str) -> str:
    opts = Options.from_bundle(bundle)
    s, _ = parse("", opts)
    return REGISTRY[chart].title(ChartRequest(bundle, s, opts, lang))


@pytest.mark.parametrize("lang", ["ru", "ky"])
@pytest.mark.parametrize(("width", "band"), [(390, 0), (1024, 1000)])
def test_the_picture_is_readable_before_any_plotly_or_dash_script(page, bundle, lang, width, band, shot):
    """Dash's scripts and plotly.js blocked: the chart is there anyway, named for screen readers, as wide as the
    frame, its title, source line and link in the embed's language."""
    blocked: list[str] = []
    page.route(LIVE_SCRIPTS_GLOB, lambda route: (blocked.append(route.request.url), route.abort()))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/{lang}/embed/stock")
    title = picture_title(bundle, "stock", lang)
    picture = page.get_by_role("img", name=title, exact=False)
    expect(picture).to_have_count(1)  # the other bands' pictures are hidden, from the eye and the reader
    expect(picture).to_be_visible()
    assert picture.evaluate("e => e.classList.contains('embed-svg-" + str(band) + "')")
    box = picture.bounding_box()
    assert box and abs(box["width"] - (width - 16)) <= 1 and box["height"] > 300, box  # the frame's width
    text = picture.text_content()
    assert title.split()[0] in text and {"ru": "Источник", "ky": "Булак"}[lang] in text and f"/{lang}/?" in text
    expect(page.get_by_role("link", name=translator(lang)("Open this view in the dashboard"))).to_be_visible()
    assert page.evaluate("() => typeof window.Plotly") == "undefined"
    shot(f"embed-picture-stock-{lang}-{width}")
    assert not [url for url in blocked if "plotly.min.js" in url]  # no geo bundle asked for, even when going live


# The visible picture's text as the reader sees it: the smallest font on screen (the picture is scaled by its viewBox to
# the frame), and how far any text runs past the picture's right edge.
PICTURE_TEXT_JS = """() => {
  const svg = [...document.querySelectorAll('#embed-static svg.embed-svg')].find(e => e.getBoundingClientRect().width);
  const box = svg.getBoundingClientRect(), zoom = box.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
  return {smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * zoom)),
          past: Math.max(...texts.map(t => t.getBoundingClientRect().right - box.right))};
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_a_phone_sees_the_map_picture_laid_out_for_its_width(page, lang, shot):
    """The map's picture on a phone is drawn at the phone's width (title, subtitle, legend and source line wrapped
    there, as the page lays the map out on a phone), not a desktop picture scaled down to text of 7 px."""
    page.route(LIVE_SCRIPTS_GLOB, lambda route: route.abort())
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"/{lang}/embed/map")
    expect(page.locator("#embed-static svg.embed-svg-0")).to_be_visible()
    text = page.evaluate(PICTURE_TEXT_JS)
    assert text["smallest"] >= 10 and text["past"] <= 0, text
    shot(f"embed-picture-map-{lang}-390")


@pytest.mark.parametrize("chart", ["map", "stock"])
def test_a_live_phone_embed_starts_its_subtitle_under_the_modebar(page, chart):
    """The embed's title is its heading above the chart; the figure keeps the subtitle with an empty title line,
    which the phone refit (20-tools.js) drew as a blank line under the modebar's 52 px: a gap of about 60 px between
    heading and subtitle. The subtitle now starts just below the modebar's icons."""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"/ru/embed/{chart}")
    page.mouse.move(195, 300)
    page.wait_for_function("""() => { const gd = document.querySelector('#embed-graph .js-plotly-plot');
      return gd && gd._fullLayout && gd.getAttribute('data-kgm-phone-fit') === String(gd._fullLayout.height); }""",
                           timeout=DRAW_TIMEOUT_MS)
    settle(page)
    gap = page.evaluate("""() => { const gd = document.querySelector('#embed-graph .js-plotly-plot');
      return gd.querySelector('.gtitle').getBoundingClientRect().top - gd.getBoundingClientRect().top; }""")
    assert 26 <= gap <= 40, gap  # below the icons (26 px), not a line lower


@pytest.mark.parametrize("lang", ["ru", "ky"])
@pytest.mark.parametrize("width", [390, 1024])
def test_a_pointer_move_makes_the_embed_live(page, lang, width, shot):
    page.add_init_script(BUSY_BROWSER_JS)
    page.set_viewport_size({"width": width, "height": 900})
    plotly_urls: list[str] = []
    page.on("request", lambda req: plotly_urls.append(req.url) if "/plotly/" in req.url else None)
    page.goto(f"/{lang}/embed/stock")
    expect(page.locator("#embed-static svg.embed-svg:visible")).to_have_count(1)
    assert page.evaluate("() => document.documentElement.dataset.embed") == "static"
    assert plotly_urls == []
    shot(f"embed-live-before-stock-{lang}-{width}")
    page.mouse.move(width / 2, 300)
    page.wait_for_function(DRAWN["stock"], timeout=DRAW_TIMEOUT_MS, polling=100)
    page.wait_for_function("() => document.documentElement.dataset.embed === 'live'", timeout=DRAW_TIMEOUT_MS)
    expect(page.locator("#embed-static")).to_have_count(0)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#embed-graph .main-svg").first).to_be_visible()
    assert [url.rsplit("/", 1)[-1] for url in plotly_urls] == ["plotly-basic.min.js"]  # no geo bundle
    shot(f"embed-live-after-stock-{lang}-{width}")


def test_a_map_embed_goes_live_with_the_geo_bundle_on_focus(page):
    page.add_init_script(BUSY_BROWSER_JS)
    plotly_urls: list[str] = []
    page.on("request", lambda req: plotly_urls.append(req.url) if "/plotly/" in req.url else None)
    page.goto("/en/embed/map")
    expect(page.locator("#embed-static svg.embed-svg:visible")).to_have_count(1)
    page.keyboard.press("Tab")
    page.wait_for_function(DRAWN["map"], timeout=DRAW_TIMEOUT_MS, polling=100)
    assert [url.rsplit("/", 1)[-1] for url in plotly_urls] == ["plotly.min.js"]


def test_a_line_chart_embed_costs_under_100_kb_before_interaction(page, live_server, other_site):
    """Framed on another site as the embed code frames it, a reader who has not touched it yet: every request the
    frame makes, counted (document, stylesheets, two small scripts, the fonts its text uses), and their bytes on
    the wire (headers and compressed bodies)."""
    page.add_init_script(BUSY_BROWSER_JS)
    page.set_viewport_size({"width": 900, "height": 900})
    src = html_lib.escape(embed_src(live_server, "ru", "stock", "tab=compare"))
    story = other_site(f'<!doctype html><title>Story</title><iframe id="e" src="{src}" title="chart" '
                       f'width="800" height="1300"></iframe>')
    finished: list = []
    page.on("requestfinished", lambda req: finished.append(req) if req.url.startswith(live_server) else None)
    page.goto(story, wait_until="load")
    frame = frame_of(page, "#e")
    frame.wait_for_function("() => document.fonts.status === 'loaded' && document.readyState === 'complete'")
    page.wait_for_load_state("networkidle")
    rows = [(req.url.split("?")[0].rsplit("/", 1)[-1], req.sizes()["responseHeadersSize"]
             + req.sizes()["responseBodySize"]) for req in finished]
    total = sum(size for _, size in rows)
    print(f"embed before interaction: {len(rows)} requests, {total} bytes: {rows}")
    kinds = sorted(name.rsplit(".", 1)[-1] if "." in name else "document" for name, _ in rows)
    assert kinds == ["css", "css", "css", "document", "js", "js", "woff2", "woff2", "woff2", "woff2"], rows
    assert total < 100_000, rows
    assert frame.evaluate("() => document.documentElement.dataset.embed") == "static"
