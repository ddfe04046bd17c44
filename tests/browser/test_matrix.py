"""The matrix, in real Chromium: every chart of the registry x each of its example views x {ky, ru, en} x
{1366, 390} px, as the embed draws it, on the page, and as the server's SVG and PNG draw it.

Each picture goes to test-artifacts/gallery/ (look at them); each is checked for what a reader would notice: a text
box outside its frame (a cut title, legend or source line), an English interface string on a ru/ky page, a number
printed as Python prints floats, an active filter (sex, oblast, year) the chart does not name. The text-only outputs
(summary, table, CSV) are checked the same way without a browser in tests/unit/test_chart_matrix.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DRAW_TIMEOUT_MS, DRAWN_JS, TEXT_WITHOUT_JS, WITHOUT_TITLES, settle

from dashboard.charts import REGISTRY
from dashboard.data import load_bundle
from dashboard.i18n import LANGUAGES, translator
from dashboard.i18n.audit import raw_floats, untranslated
from dashboard.labels import SEX_LABEL, names
from dashboard.settings import DEFAULT_DATA_DIR
from dashboard.state import Options, parse

WIDTHS = (1366, 390)
GALLERY = Path(__file__).resolve().parents[2] / "test-artifacts" / "gallery"
EXAMPLES = [(chart_id, query) for chart_id, chart in REGISTRY.items() for query in chart.examples]
IMAGE_EXAMPLES = [(chart_id, query) for chart_id, query in EXAMPLES if REGISTRY[chart_id].has_image]
# every <text> of the chart's SVG layers whose box leaves its SVG (1 px tolerance): a cut title, legend or source
OUTSIDE_JS = """(root) => {
  const out = [];
  for (const svg of document.querySelectorAll(root)) {
    const frame = svg.getBoundingClientRect();
    if (!frame.width || !frame.height) continue;
    for (const text of svg.querySelectorAll('text')) {
      const content = text.textContent.trim();
      const style = getComputedStyle(text);
      if (!content || style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') continue;
      const box = text.getBoundingClientRect();
      if (!box.width && !box.height) continue;
      if (box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1
          || box.bottom > frame.bottom + 1)
        out.push(content.slice(0, 70));
    }
  }
  return out;
}"""
PHONE_FIT_JS = "() => !document.querySelector('.js-plotly-plot') || !!document.querySelector('[data-kgm-phone-fit]')"
# every chart drawn on the page refitted for the phone at its latest drawing (20-tools.js marks each fit with the
# height it left): a chart far below is first drawn when the page is idle and refitted after that, so a check made
# as soon as Dash is idle could find it still laid out for a desktop
ALL_PHONE_FITS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].every((gd) => !gd._fullLayout
  || gd.getAttribute('data-kgm-phone-fit') === String(gd._fullLayout.height))"""
# a line chart's traces that plotly drew but the page hides (a map's CSS rule once hid a line chart's first lines)
# a trace with points that draws nothing; a legend key (no point of its own: the women-and-men styles) is not one
HIDDEN_LINES_JS = """() => {
  if (document.querySelector('#embed-graph g.geo')) return [];
  const trace = g => (g.__data__ && g.__data__[0] && g.__data__[0].trace) || {};
  return [...document.querySelectorAll('#embed-graph .scatterlayer .trace')]
    .filter(g => (trace(g).x || []).some(x => x !== null))
    .filter(g => getComputedStyle(g).display === 'none' || !g.getBoundingClientRect().width)
    .map(g => trace(g).name || '?');
}"""
EMBED_DRAWN_JS = """() => !!document.querySelector('#embed .card')
  || document.querySelectorAll('#embed-graph .main-svg text').length > 3"""


@pytest.fixture(scope="module")
def data():
    bundle = load_bundle(DEFAULT_DATA_DIR)
    return bundle, Options.from_bundle(bundle)


def slug(query: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", query).strip("-") or "default"


def wanted_words(data, query: str, lang: str, has_image: bool) -> list[str]:
    """What the chart must name for this view: the sex, the oblast and (on a figure) the year the reader chose."""
    bundle, opts = data
    view, _ = parse(query, opts)
    words = []
    if view.sex != "both":
        words.append(translator(lang)(SEX_LABEL[view.sex]))
    if view.oblast:
        words.append(names(bundle, lang)[view.oblast])
    if view.year is not None and has_image:
        words.append(str(view.year))
    return words


def named(word: str, text: str) -> bool:
    """`word` is in `text`, also where plotly broke it over two lines (the lines' texts join without a space)."""
    return re.sub(r"\s+", "", word) in re.sub(r"\s+", "", text)


def check_text(text: str, lang: str, where: str) -> None:
    assert not raw_floats(text), f"{where}: raw float {raw_floats(text)}"
    assert not untranslated(text, lang), f"{where}: untranslated {untranslated(text, lang)}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_embed_of_every_example(page, live_server, data, lang, width):
    """Each chart's embed for each example view: drawn, nothing outside its frame, in the page's language, the
    filters named; a screenshot each."""
    page.set_viewport_size({"width": width, "height": 900})
    GALLERY.mkdir(parents=True, exist_ok=True)
    problems = []
    for chart_id, query in EXAMPLES:
        page.goto(f"{live_server}/{lang}/embed/{chart_id}?{query}")
        page.wait_for_function(EMBED_DRAWN_JS, timeout=DRAW_TIMEOUT_MS)
        settle(page)
        if width < 600:  # phones: 20-tools.js refits the chart once drawn (rewrapped text, taller legend)
            page.wait_for_function(PHONE_FIT_JS, timeout=DRAW_TIMEOUT_MS)
            settle(page)
        where = f"/{lang}/embed/{chart_id}?{query} at {width}px"
        page.screenshot(path=str(GALLERY / f"embed-{chart_id}-{slug(query)}-{lang}-{width}.png"), full_page=True)
        outside = page.evaluate(OUTSIDE_JS, "#embed-graph .main-svg")
        if outside:
            problems.append(f"{where}: outside the frame: {outside}")
        hidden = page.evaluate(HIDDEN_LINES_JS)
        if hidden:
            problems.append(f"{where}: lines not drawn: {hidden}")
        text = page.evaluate("() => document.body.innerText + ' ' + [...document.querySelectorAll("
                             "'#embed-graph .main-svg text')].map(t => t.textContent).join(' ')")
        check_text(text, lang, where)
        missing = [w for w in wanted_words(data, query, lang, REGISTRY[chart_id].has_image) if not named(w, text)]
        if missing:
            problems.append(f"{where}: filters not named: {missing}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_with_filters_set(page, live_server, lang, width):
    """The whole page on a view with every filter set: each chart's text inside its frame; a screenshot."""
    page.set_viewport_size({"width": width, "height": 900})
    query = "year=2015&dest=TUR,RUS&oblast=KG-B&sex=female&layer=flows&tab=compare&rem=gdp"
    page.goto(f"{live_server}/{lang}/?{query}")
    page.wait_for_function(DRAWN_JS, timeout=DRAW_TIMEOUT_MS)
    settle(page)
    if width < 600:
        page.wait_for_function(ALL_PHONE_FITS_JS, timeout=DRAW_TIMEOUT_MS)
        settle(page)
    GALLERY.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(GALLERY / f"page-filters-{lang}-{width}.png"), full_page=True)
    assert page.evaluate(OUTSIDE_JS, ".js-plotly-plot .main-svg") == []
    check_text(page.evaluate(TEXT_WITHOUT_JS, WITHOUT_TITLES), lang, f"/{lang}/?{query} at {width}px")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_server_images_of_every_example(page, live_server, data, lang):
    """The server's SVG (the PNG is the same drawing) of each example at the slide size: every text inside the
    image, translated, the filters named. The PNG of each goes to the gallery."""
    page.set_viewport_size({"width": 1600, "height": 900})
    GALLERY.mkdir(parents=True, exist_ok=True)
    problems = []
    for chart_id, query in IMAGE_EXAMPLES:
        url = f"{live_server}/download/{chart_id}.svg?{query}&lang={lang}"
        svg = page.request.get(url)
        assert svg.ok, f"{url}: {svg.status}"
        page.set_content(f"<html><body style='margin:0'>{svg.text()}</body></html>")
        outside = page.evaluate(OUTSIDE_JS, "body > svg")
        if outside:
            problems.append(f"{url}: outside the image: {outside}")
        text = page.evaluate("() => [...document.querySelectorAll('text')].map(t => t.textContent).join(' ')")
        check_text(text, lang, url)
        missing = [w for w in wanted_words(data, query, lang, True) if not named(w, text)]
        if missing:
            problems.append(f"{url}: filters not named: {missing}")
        png = page.request.get(url.replace(".svg?", ".png?"))
        assert png.ok and png.body()[:8] == b"\x89PNG\r\n\x1a\n"
        (GALLERY / f"png-{chart_id}-{slug(query)}-{lang}.png").write_bytes(png.body())
    assert not problems, "\n".join(problems)
