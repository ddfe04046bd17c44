"""Printing a view as an A4 briefing (Chromium's own PDF, as "Print / PDF" gives it): a header with the view's title,
data version, filters in words and link; each chart at the paper's width with a paragraph from its summary, never
split across pages; no page but the last left half empty; the same number of pages in ky and ru, English the same
or one fewer (its text is a sixth shorter), and at most MAX_PAGES; the foot of each page in the page margin, where
nothing goes under it. Each PDF is saved to test-artifacts/print/ to be looked at (pdftoppm -r 50 renders its pages).

The budget: eight charts once printed on 9 A4 pages in English and 11 in Russian and Kyrgyz (half of some pages
empty); planned onto pages (assets/40-print.js), the default view printed on 5 and the filtered view below on 4 in
each language. Since the Sources list names every source the charts draw from (60 for the default view, 10 before;
printed in three columns, without the licences and links the page holds), the default view prints on 6, its last
page a few of the list's lines. The page text comes from poppler's pdftotext (`make sysdeps` installs
poppler-utils)."""

from __future__ import annotations

import html
import re
import subprocess

import pytest
from conftest import DRAWN_JS, settle
from playwright.sync_api import Page

from dashboard.charts import FIGURE_IDS
from dashboard.i18n import translator
from dashboard.labels import SEX_LABEL, names

VIEWS = {"default": "", "filtered": "?year=2020&dest=KAZ&oblast=KG-C&sex=female&from=2010&to=2020"}
MAX_PAGES = 6
PAGES: dict[str, dict[str, int]] = {}  # pages per view and language, as printed by the test below
MM = 72 / 25.4  # PDF points per millimetre
TOP_MM, FOOT_MM = 9, 14  # the page margins of 10-style.css (@page)


def pdf_pages(pdf: bytes) -> int:
    """Page objects in the file (pypdf is not a dependency): '/Type /Page', not '/Type /Pages'."""
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def words(text: str) -> str:
    return " ".join(text.split())


def page_words(path) -> list[list[tuple[float, float, str]]]:
    """Each page's words as (top, bottom, word), in points from the top of the page."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        found = re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)">([^<]*)</word>', page)
        pages.append([(float(top), float(bottom), html.unescape(word)) for top, bottom, word in found])
    return pages


FIGURES_JS = "[...document.querySelectorAll('.grid .panel [role=figure] .js-plotly-plot')]"
WIDTHS_JS = f"() => {FIGURES_JS}.map(gd => [Math.round(gd._fullLayout.width), Math.round(gd._fullLayout.height)])"
# each chart's title and the paragraph printed under it (the map's note too): they must share a page
CHARTS_JS = f"""() => {FIGURES_JS}.map(gd => {{
  const panel = gd.closest('.panel'), meta = gd.layout.meta || {{}};
  const title = meta.kgm_title || (gd.layout.title.text.match(/<b>([\\s\\S]*?)<\\/b>/) || ['', ''])[1];
  const note = panel.id === 'panel-map' ? panel.querySelector('.panel-note').textContent : '';
  return {{id: panel.id, title: title.replace(/<br>/g, ' '),
          ends: [window.kgmPrint.brief(panel.querySelector('.chart-summary').textContent), note].filter(Boolean)}};
}})"""


def print_view(page: Page, lang: str, query: str) -> tuple[bytes, list[dict]]:
    """The PDF of a view and its charts' titles and paragraphs; the charts are back at their screen size after."""
    page.goto(f"/{lang}/{query}")
    page.wait_for_function(DRAWN_JS, timeout=20_000)
    settle(page)
    screen, charts = page.evaluate(WIDTHS_JS), page.evaluate(CHARTS_JS)
    pdf = page.pdf(format="A4", print_background=True)  # fires beforeprint / afterprint like the print dialog
    page.wait_for_function(f"(screen) => JSON.stringify(({WIDTHS_JS})()) === JSON.stringify(screen)", arg=screen,
                           timeout=5_000)
    assert page.locator(".print-brief").count() == 0, "the print's paragraphs stay on the page after printing"
    return pdf, charts


def check_layout(pages: list[list[tuple[float, float, str]]], charts: list[dict], foot: str, where: str) -> None:
    """No chart split from its paragraph; every page but the last at least 60 % full; the page margin at the foot
    holds the foot (dashboard, data version, the view's link) and 'page / pages', nothing else (Chromium clips
    content to the page area: nothing of the page goes under the foot)."""
    texts = [words(" ".join(w for _, _, w in page)) for page in pages]
    for chart in charts:
        title, tails = words(chart["title"])[:40], [words(end)[-40:] for end in chart["ends"]]
        assert any(title in text for text in texts), f"{where}: the title of {chart['id']} ({title!r}) is on no page"
        assert any(title in text and all(tail in text for tail in tails) for text in texts), \
            f"{where}: {chart['id']} ({title!r}) and its paragraph ({tails!r}) are on different pages"
    height = 297 * MM
    for number, page in enumerate(pages, start=1):
        body = [bottom for top, bottom, _ in page if bottom < height - FOOT_MM * MM]
        margin = {word for top, _, word in page if top >= height - FOOT_MM * MM}
        strays = {word for word in margin if word not in foot and word not in ("/", str(number), str(len(pages)))}
        assert not strays, f"{where}: page {number} has {strays} in its foot margin"
        assert {str(number), "/"} <= margin and any(len(word) > 3 and word in foot for word in margin), \
            f"{where}: page {number} has no foot (the link and 'page / pages') in its margin: {margin}"
        if number < len(pages):
            full = (max(body) - TOP_MM * MM) / (height - (TOP_MM + FOOT_MM) * MM)
            assert full >= 0.6, f"{where}: page {number} of {len(pages)} is {full:.0%} full"


@pytest.mark.parametrize("view,lang", [(view, lang) for view in VIEWS for lang in ("ky", "ru", "en")])
def test_print_is_an_a4_briefing(page, view, lang, bundle, pytestconfig):
    query = VIEWS[view]
    pdf, charts = print_view(page, lang, query)
    out = pytestconfig.rootpath / "test-artifacts" / "print"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{view}-{lang}.pdf"
    path.write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    pages = pdf_pages(pdf)
    assert 1 <= pages <= MAX_PAGES, f"/{lang}/{query} prints on {pages} A4 pages"
    PAGES.setdefault(view, {})[lang] = pages
    if lang == "en":  # parametrised ky, ru, en: the others are known by now
        # Russian and Kyrgyz run a sixth longer than English (the Sources list most): they may take one page more,
        # never fewer, and Russian and Kyrgyz the same
        counts = PAGES[view]
        assert counts["ru"] == counts["ky"] and counts["en"] <= counts["ru"] <= counts["en"] + 1, \
            f"{view}: pages per language: {counts}"

    assert len(charts) == len(FIGURE_IDS), charts
    foot = page.locator("#print-footer").text_content()
    assert bundle.version in foot and "/?" in foot, foot
    check_layout(page_words(path), charts, foot, f"/{lang}/{query}")

    header = words(page.locator("#print-view").text_content())
    t, name = translator(lang), names(bundle, lang)
    wanted = [t("Kyrgyz labour migration"), bundle.version, t("Year")]
    if view == "filtered":  # every filter of the link, in the page's language, and the link itself
        wanted += ["2020", t(SEX_LABEL["female"]), name["KAZ"], name["KG-C"], t("{start}–{end}", start=2010, end=2020),
                   "from=2010", "dest=KAZ", "oblast=KG-C", "sex=female"]
    for word in wanted:
        assert word.lower() in header.lower(), f"{word!r} not in the printed header {header!r}"


def test_print_header_follows_a_change_of_view(page, bundle):
    """The header is written when printing, from the filter bar: a year changed after loading is the year printed;
    the page is laid out for paper only while it prints."""
    print_view(page, "ru", "?year=2020")
    page.locator("#year-next").click()
    page.wait_for_function("() => location.search.includes('year=2024') || !location.search.includes('year=')")
    settle(page)
    page.pdf(format="A4")
    line = page.locator("#print-view .print-filters").text_content()
    assert "2024" in line and "2020" not in line, line
    page.wait_for_function("() => !document.documentElement.classList.contains('kgm-print')", timeout=5_000)
    assert page.evaluate("getComputedStyle(document.getElementById('print-view')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.filters')).display") != "none"


BRIEFS = [  # (summary, the paragraph printed under its chart; None: the whole summary)
    ("Short.", None),
    # the most whole sentences, then clauses, within the budget; '…' says the page has more
    ("One two. Three four; five six. " + "Seven " * 60 + "end.", "One two. Three four; five six. …"),
    ("Russia: 333,664 in 2024; Kazakhstan: 100,242 in 2024; " + "eight " * 60,
     "Russia: 333,664 in 2024; Kazakhstan: 100,242 in 2024 …"),
    # no sentence ends after what may be an abbreviation ('г.', 'долл.') or a rank ('1.'), and no clause inside
    # brackets: with nowhere to cut, the summary stays whole
    ("В 1990 г. Россия и 3 млрд долл. США " + "ещё " * 60, None),
    ("Ranked: 1. Batken " + "y " * 120, None),
    ("People: 532,000 (January 30, 2026; " + "w " * 120 + ")", None),
]


def test_print_paragraph_is_whole_sentences_or_clauses(page):
    page.goto("/en/")
    page.wait_for_function("() => window.kgmPrint && window.kgmPrint.brief")
    for summary, brief in BRIEFS:
        assert page.evaluate("(text) => window.kgmPrint.brief(text)", summary) == (brief or words(summary))
