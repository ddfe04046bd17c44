"""Nothing cut (issue 11): every text a chart draws lies inside the chart's own SVG, in en, ru and ky, on a laptop
(1366 px) and a phone (390 px): titles, subtitles, legends (revision years that tell the lines apart), axis labels,
the by-country chart's names and value labels, and source lines (which wrap, or say where the rest of the list is).

Also the embed at 390 px, which the share panel hands to journalists."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import settle
from playwright.sync_api import Page

CHARTS = ("stock", "remittances")
VIEWS = ("", "tab=compare&dest=KAZ", "tab=compare&dest=TUR&sex=female", "src=knomad2021", "dest=TUR&rem=country",
         "year=2015&dest=KAZ&tab=compare&rem=corridor&partner=RUS")
WIDTHS = {1366: 768, 390: 844}

# Every <text> with content in the chart's main SVG (plotly draws the legend, titles and annotations there too):
# its bounding box against the SVG's, with 1 px of tolerance. Returns the ones outside, with their overhang.
OUTSIDE_JS = """(id) => {
  const svgs = document.querySelectorAll('#' + id + ' svg.main-svg');
  if (!svgs.length) return ['no svg for ' + id];
  const frame = svgs[0].getBoundingClientRect(), out = [];
  svgs.forEach(svg => svg.querySelectorAll('text').forEach(t => {
    const b = t.getBoundingClientRect();
    if (!b.width || !t.textContent.trim()) return;
    const over = [frame.left - b.left, b.right - frame.right, frame.top - b.top, b.bottom - frame.bottom];
    if (over.some(o => o > 1)) out.push(t.textContent.slice(0, 70) + ' overhang l/r/t/b ' + over.map(Math.round));
  }));
  return out;
}"""

# Texts that run into each other: the title's last line into the plot's top tick label, the legend into the x axis'
# labels or the source line below it (1 px of tolerance). Returns what overlaps.
OVERLAP_JS = """(id) => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  const box = (el) => el && el.getBoundingClientRect();
  const title = box(gd.querySelector('.gtitle'));
  const legend = box(gd.querySelector('g.legend .bg') || gd.querySelector('g.legend'));
  const ticks = (axis) => [...gd.querySelectorAll('.' + axis + 'tick text')].map(box).filter(b => b.height);
  const source = box([...gd.querySelectorAll('.annotation')].find(a => /Source|Источник|Булак/.test(a.textContent)));
  const out = [], yTop = Math.min(...ticks('y').map(b => b.top)), xBottom = Math.max(...ticks('x').map(b => b.bottom));
  const over = (what, by) => { if (by > 1) out.push(what + ' by ' + Math.round(by)); };
  if (title) over('title over the top tick label', title.bottom - yTop);
  if (legend && legend.height) {
    over('legend over the x labels', xBottom - legend.top);
    if (source) over('legend over the source line', legend.bottom - source.top);
  } else if (source && ticks('x').length) {
    over('x labels over the source line', xBottom - source.top);
  }
  return out;
}"""

# both charts drawn with their summaries (DRAWN_JS also wants two year marks: a one-year source has one)
CHARTS_DRAWN_JS = """() => ['stock', 'remittances'].every(id =>
  document.querySelectorAll('#' + id + ' .scatterlayer .trace').length
  && document.getElementById('summary-' + id).textContent.trim())"""

# the phone refit (20-tools.js) has run: each chart's header and footer sized for the text it now wraps
FITTED_JS = """() => window.innerWidth > 600 || ['stock', 'remittances'].every(id => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  return gd && gd._kgmPlotHeight !== undefined && !gd._kgmFitting;
})"""


@pytest.fixture(scope="module", params=sorted(WIDTHS), ids=lambda w: f"{w}px")
def sized(request, browser, browser_context_args) -> Iterator[Page]:
    width = request.param
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": width, "height": WIDTHS[width]},
                                     "is_mobile": width < 600, "has_touch": width < 600})
    yield context.new_page()
    context.close()


def drawn(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=20_000)
    settle(page)
    page.wait_for_function(FITTED_JS, timeout=6_000)
    settle(page)


@pytest.mark.parametrize("query", VIEWS)
@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_chart_texts_inside_their_svg(sized: Page, lang: str, query: str) -> None:
    drawn(sized, f"/{lang}/?{query}")
    outside = {chart: sized.evaluate(OUTSIDE_JS, chart) for chart in CHARTS}
    assert not any(outside.values()), outside
    overlaps = {chart: sized.evaluate(OVERLAP_JS, chart) for chart in CHARTS}
    assert not any(overlaps.values()), overlaps


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_phone_tilted_oblast_names_clear_the_source_line(browser, browser_context_args, lang: str) -> None:
    """The oblasts' ranking on a phone: its x labels, tilted, run deeper than the 34 px an axis was given, and ran
    into the source line in Russian; the phone refit (20-tools.js) now measures them."""
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": 390, "height": 844},
                                     "is_mobile": True, "has_touch": True})
    page = context.new_page()
    try:
        page.goto(f"/{lang}/")
        page.locator("#oblasts").scroll_into_view_if_needed()
        page.wait_for_function("""() => { const gd = document.querySelector('#oblasts .js-plotly-plot');
          return gd && gd.querySelectorAll('.xtick text').length && gd._fullLayout
            && gd.getAttribute('data-kgm-phone-fit') === String(gd._fullLayout.height); }""", timeout=20_000)
        settle(page)
        assert page.evaluate(OUTSIDE_JS, "oblasts") == [] and page.evaluate(OVERLAP_JS, "oblasts") == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_phone_embed_legend_whole(browser, browser_context_args, lang: str) -> None:
    """/ru/embed/stock?tab=compare&dest=KAZ at 390 px: the revision years in the legend are drawn, not cut."""
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": 390, "height": 844}})
    page = context.new_page()
    try:
        page.goto(f"/{lang}/embed/stock?tab=compare&dest=KAZ")
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .scatterlayer .trace').length",
                               timeout=20_000)
        # the phone refit (20-tools.js) marks the graph when its text is rewrapped: wait for that, not a time
        page.wait_for_function("() => !!document.querySelector('[data-kgm-phone-fit]')", timeout=20_000)
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        outside = page.evaluate(OUTSIDE_JS.replace("'#' + id + ' svg.main-svg'", "id + ' svg.main-svg'"),
                                ".js-plotly-plot")
        assert not outside, outside
        legend = page.evaluate("() => [...document.querySelectorAll('g.legend text')].map(t => t.textContent)")
        assert sum("2024" in text for text in legend) == 1 and sum("2019" in text for text in legend) == 1, legend
    finally:
        context.close()
