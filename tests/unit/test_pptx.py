"""Editable PowerPoint (issue 13, items 1 and 2), through the download routes and read back with python-pptx.

Every chart's slide for its example views in ky, ru and en: the chart type its native form asks for; each series'
values the chart's CSV rows (missing as a gap), and the same figures in the chart's own workbook ("Edit data"); the
title, subtitle, source line and link in the page's language with Kyrgyz letters intact; the summary and the citation
in the notes. The deck: a title slide, one slide per chart in page order (the country facts among them), and sources
slides naming every source the deck cites. Bad chart names, hostile queries.

Files are fetched once per module (the map's picture is the slow part: one per language, cached by the app).
"""

from __future__ import annotations

import io
import math
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, quote

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.app import create_app
from dashboard.charts import CHART_IDS, REGISTRY, ChartRequest
from dashboard.charts.native import number
from dashboard.i18n import translator
from dashboard.i18n.audit import raw_floats, untranslated
from dashboard.labels import names
from dashboard.state import Options, parse
from dashboard.views import share

LANGS = ("ky", "ru", "en")
# python-pptx names an XY chart by its first series' look (a line or markers only): both are the same XY chart
XY = {XL_CHART_TYPE.XY_SCATTER_LINES, XL_CHART_TYPE.XY_SCATTER}
CHART_TYPE = {"line": {XL_CHART_TYPE.LINE_MARKERS}, "xy": XY, "scatter": {XL_CHART_TYPE.XY_SCATTER},
              "bar": {XL_CHART_TYPE.BAR_CLUSTERED}, "panels": XY}
KYRGYZ_LETTERS = set("ңөүҢӨҮ")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# every chart's first example in each language; every other example in English
CASES = [(chart_id, chart.examples[0], lang) for chart_id, chart in REGISTRY.items() for lang in LANGS]
CASES += [(chart_id, query, "en") for chart_id, chart in REGISTRY.items() for query in chart.examples[1:]
          if chart.has_image and chart_id != "map"]
HOST = "localhost"


@pytest.fixture(scope="module")
def client(bundle):
    return create_app(bundle=bundle).server.test_client()


@pytest.fixture(scope="module")
def fetched(client):
    """url -> response, each fetched once for the module."""
    store: dict[str, object] = {}

    def get(url: str):
        if url not in store:
            store[url] = client.get(url, headers={"Host": HOST})
        return store[url]

    return get


def slide_url(chart_id: str, query: str, lang: str) -> str:
    return f"/download/{chart_id}.pptx?" + (f"{query}&" if query else "") + f"lang={lang}"


def open_pptx(response) -> Presentation:
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    return Presentation(io.BytesIO(response.data))


def quiet_request(bundle, opts, query: str, lang: str) -> ChartRequest:
    """The request a slide is built from: the view with events off (a native chart does not mark them)."""
    view, _ = parse(dict(parse_qsl(query)), opts)
    return ChartRequest(bundle, replace(view, events="off"), opts, lang)


def slide_texts(slide) -> list[str]:
    """Every text on the slide: text boxes, the title, table cells, chart titles, axis titles, series names."""
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
        if shape.has_chart:
            chart = shape.chart
            out += [series.name for plot in chart.plots for series in plot.series]
            if chart.has_title:
                out.append(chart.chart_title.text_frame.text)
            for axis in (chart.value_axis, chart.category_axis):
                if axis.has_title:
                    out.append(axis.axis_title.text_frame.text)
    return out


def workbook_cells(chart) -> tuple[list[float], list[str]]:
    """The numbers and the texts of the chart's embedded workbook (what "Edit data" opens)."""
    blob = chart.part.chart_workbook.xlsx_part.blob
    with zipfile.ZipFile(io.BytesIO(blob)) as book:
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        shared = etree.fromstring(book.read("xl/sharedStrings.xml")) if "xl/sharedStrings.xml" in book.namelist() \
            else None
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    strings = ["".join(si.itertext()) for si in shared.findall("m:si", ns)] if shared is not None else []
    numbers, texts = [], []
    for c in sheet.iterfind(".//m:c", ns):
        value = c.find("m:v", ns)
        if value is None:
            continue
        if c.get("t") == "s":
            texts.append(strings[int(value.text)])
        else:
            numbers.append(float(value.text))
    return numbers, texts


def charts_of(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


@pytest.mark.parametrize(("chart_id", "query", "lang"), CASES)
def test_each_slide_holds_the_charts_rows_in_a_native_chart(fetched, bundle, opts, chart_id, query, lang):
    prs = open_pptx(fetched(slide_url(chart_id, query, lang)))
    assert len(prs.slides) == 1
    assert (round(prs.slide_width.inches, 2), round(prs.slide_height.inches, 2)) == (13.33, 7.5)
    slide = prs.slides[0]
    req = quiet_request(bundle, opts, query, lang)
    rows = REGISTRY[chart_id].rows(req).reset_index(drop=True)
    spec = REGISTRY[chart_id].native(req, rows)
    charts = charts_of(slide)
    if spec.kind in CHART_TYPE:
        wanted = spec.panels or (spec,)
        assert len(charts) == len(wanted), (chart_id, query)
        for chart, form in zip(charts, wanted, strict=True):
            assert chart.chart_type in CHART_TYPE[spec.kind], (chart_id, query, chart.chart_type)
            assert_series_are_the_rows(chart, form, rows, chart_id)
    else:
        assert not charts, (chart_id, spec.kind)
    if spec.kind == "table":
        tables = [shape.table for shape in slide.shapes if shape.has_table]
        assert len(tables) == 1
        cells = [[cell.text for cell in row.cells] for row in tables[0].rows]
        assert cells == [list(row) for row in spec.table]
    if spec.kind == "picture":
        pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
        assert pictures[0].image.size[0] >= 1500, "a picture sharp enough for a projector"


def assert_series_are_the_rows(chart, form, rows, chart_id: str) -> None:
    """Each series of the PowerPoint chart: its name, and its values the rows' figures at the positions the native
    form gives (padding a series to the longest one adds empty points only); the same numbers in the workbook."""
    plotted = list(chart.plots[0].series)
    assert [series.name for series in plotted] == [series.name for series in form.series]
    numbers, texts = workbook_cells(chart)
    for series, wanted in zip(plotted, form.series, strict=True):
        values = list(series.values)
        assert values[: len(wanted.values)] == list(wanted.values), (chart_id, wanted.name)
        assert all(v is None for v in values[len(wanted.values):]), (chart_id, wanted.name)
        if wanted.guide:
            continue
        expected = [None if row is None else number(rows[wanted.column].tolist()[row]) for row in wanted.rows]
        assert values[: len(expected)] == expected, (chart_id, wanted.name)
        # the workbook writes 16 significant digits: a figure as published, a computed share to 1e-15
        assert all(any(math.isclose(v, n, rel_tol=1e-14) for n in numbers) for v in expected if v is not None), \
            "every figure in the chart's own workbook"
    assert not [text for text in texts if text[:1] in "=+-@"], "no workbook text a spreadsheet would run"


@pytest.mark.parametrize(("chart_id", "query", "lang"), [case for case in CASES if case[2] != "en" or
                                                         case[1] == REGISTRY[case[0]].examples[0]])
def test_each_slide_says_what_the_page_says_in_its_language(fetched, bundle, opts, chart_id, query, lang):
    slide = open_pptx(fetched(slide_url(chart_id, query, lang))).slides[0]
    req = quiet_request(bundle, opts, query, lang)
    chart = REGISTRY[chart_id]
    heading = chart.heading(req)
    texts = slide_texts(slide)
    # what official figures count stays in the source's English wording, marked as such (as in the page's hover)
    marked = translator(lang)("In the source's wording (English): {measure}", measure="")
    joined = "\n".join(text for text in texts if lang == "en" or not text.startswith(marked))
    assert slide.shapes.title.text_frame.text == chart.title(req)
    assert heading.subtitle_with_notes() in texts
    view, _ = parse(dict(parse_qsl(query)), opts)
    link = share.page_url(f"http://{HOST}", lang, view, bundle)
    assert link in texts, "the view's link, on its own line"
    links = [run.hyperlink.address for shape in slide.shapes if shape.has_text_frame
             for paragraph in shape.text_frame.paragraphs for run in paragraph.runs if run.hyperlink.address]
    assert link in links
    assert any(text.startswith(heading.source_line(bundle, lang, link).split(" · ")[0]) for text in texts)
    assert bundle.version in joined, "the data version"
    notes = slide.notes_slide.notes_text_frame.text
    rows = chart.rows(req)
    assert chart.describe(req, rows) in notes
    assert translator(lang)("Cite this") + ": " in notes and chart.title(req) in notes
    for text in (joined, notes):
        assert not untranslated(text, lang), untranslated(text, lang)
        assert not raw_floats(text), raw_floats(text)
    if lang == "ky":
        assert KYRGYZ_LETTERS & set(joined), "Kyrgyz letters (ң ө ү) intact"


def test_the_deck_has_a_title_slide_one_per_chart_and_the_sources(fetched, bundle, opts):
    for lang in LANGS:
        t = translator(lang)
        prs = open_pptx(fetched(f"/download/briefing.pptx?dest=RUS~KAZ&lang={lang}"))
        titles = [slide.shapes.title.text_frame.text for slide in prs.slides]
        view, _ = parse({"dest": "RUS~KAZ"}, opts)
        req = ChartRequest(bundle, replace(view, events="off"), opts, lang)
        assert titles[0] == t("Kyrgyz labour migration: a briefing")
        assert titles[1: 1 + len(CHART_IDS)] == [REGISTRY[c].title(req) for c in CHART_IDS]
        assert CHART_IDS.index("facts") >= 0, "the country facts slide is the facts chart's, in page order"
        sources = titles[1 + len(CHART_IDS):]
        assert sources and all(title.startswith(t("Sources")) for title in sources)
        first = "\n".join(slide_texts(prs.slides[0]))
        countries = names(bundle, lang)
        assert f"{t('Destinations')}: {countries['RUS']}, {countries['KAZ']}" in first, "the view in words"
        assert bundle.version in first and share.page_url(f"http://{HOST}", lang, view, bundle) in first
        cited = {sid for c in CHART_IDS for sid in REGISTRY[c].source_ids(req, REGISTRY[c].rows(req))}
        table = bundle.sources.set_index("source_id")
        listed = "\n".join(text for slide in list(prs.slides)[1 + len(CHART_IDS):] for text in slide_texts(slide))
        for sid in cited:
            assert str(table.loc[sid, "title"]) in listed, sid
        if lang != "en":  # publications' titles stay in their own language (README); the words around them do not
            header = [cell.text for shape in list(prs.slides)[-1].shapes if shape.has_table
                      for cell in shape.table.rows[0].cells]
            assert not untranslated(first + "\n".join(header), lang)


def test_the_deck_response_is_an_attachment_named_by_version(fetched, bundle):
    response = fetched("/download/briefing.pptx?dest=RUS~KAZ&lang=ru")
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="kg-migration-briefing-{bundle.version}.pptx"'
    one = fetched(slide_url("stock", "", "ru"))
    assert one.headers["Content-Disposition"] == f'attachment; filename="kg-migration-stock-{bundle.version}.pptx"'


@pytest.mark.parametrize("path", ["/download/nope.pptx", "/download/briefings.pptx", "/download/..%2Fmap.pptx",
                                  "/download/MAP.pptx"])
def test_a_bad_chart_name_is_a_404_sentence(client, path):
    response = client.get(path, headers={"Host": HOST})
    assert response.status_code == 404 and response.mimetype == "text/plain"
    if "%2F" not in path:  # a path with a slash in the name is no download route at all: the app's own 404
        assert "Charts: map" in response.get_data(as_text=True)


HOSTILE = {"year": "\x00=cmd|' /C calc'!A0\x0b", "dest": "<script>alert(1)</script>",
           "=HYPERLINK(\"http://evil\")": "@SUM(1+1)\r\n", "sex": "-2+3" + "x" * 300}


def test_hostile_values_fall_back_and_reach_the_slide_only_neutralised(client, bundle):
    query = "&".join(f"{quote(key)}={quote(value)}" for key, value in HOSTILE.items())
    for chart_id in ("stock", "cards"):
        response = client.get(f"/download/{chart_id}.pptx?{query}&lang=ru", headers={"Host": HOST})
        slide = open_pptx(response).slides[0]
        texts = "\n".join(slide_texts(slide))
        notes = slide.notes_slide.notes_text_frame.text
        for text in (texts, notes):
            assert not CONTROL.search(text), "control characters never reach a slide (nor break its XML)"
            assert "x" * 100 not in text, "a long value is cut short"
        assert translator("ru")("Some parts of this link could not be used.") in notes
        assert translator("ru")("Some parts of this link could not be used.") in texts
        for chart in charts_of(slide):
            _, cells = workbook_cells(chart)
            assert not [cell for cell in cells if "script" in cell or cell[:1] in "=+-@"]
        assert response.headers["Content-Disposition"] == \
            f'attachment; filename="kg-migration-{chart_id}-{bundle.version}.pptx"'


def test_a_bad_language_falls_back_to_english(fetched, bundle, opts):
    slide = open_pptx(fetched("/download/stock.pptx?lang=xx%3Cb%3E")).slides[0]
    assert slide.shapes.title.text_frame.text == REGISTRY["stock"].title(quiet_request(bundle, opts, "", "en"))


def test_the_slides_text_is_arial_in_the_pages_language(fetched):
    slide = open_pptx(fetched(slide_url("stock", "", "ky"))).slides[0]
    runs = [run for shape in slide.shapes if shape.has_text_frame for paragraph in shape.text_frame.paragraphs
            for run in paragraph.runs]
    assert runs and all(run.font.name == "Arial" for run in runs)
    assert all(run._r.get_or_add_rPr().get("lang") == "ky-KG" for run in runs)
    sizes = [run.font.size.pt for run in runs]
    assert min(sizes) >= 8, "nothing smaller than 8 pt"


# --- the Download menus and the page tools -------------------------------------------------------------------------


def test_every_charts_download_menu_offers_the_editable_slide(client, fetched, bundle):
    """Opening every share panel at once (one request, as the renderer sends it): each chart's menu gets its
    PowerPoint address, the cards (no image) too, and each address serves that chart's slide of the view."""
    from tests.unit.test_app import component_props, dependency, payload

    deps = client.get("/ru/_dash-dependencies", headers={"Host": HOST}).get_json()
    dep = dependency(deps, "share-map.children")
    clicks = {f"share-{chart_id}-toggle.n_clicks": 1 for chart_id in CHART_IDS}
    body = payload(dep, {**clicks, "view.data": {"q": "dest=TUR", "lang": "ru"}}, list(clicks))
    response = client.post("/ru/_dash-update-component", json=body, headers={"Host": HOST})
    assert response.status_code == 200, response.data[:300]
    out = response.get_json()["response"]
    for chart_id in CHART_IDS:
        href = component_props(out[f"share-{chart_id}"]["children"], f"dl-{chart_id}-pptx")["href"]
        assert href == f"/download/{chart_id}.pptx?dest=TUR&v={bundle.version}&lang=ru"
        prs = open_pptx(fetched(href))
        assert prs.slides[0].shapes.title.text_frame.text == REGISTRY[chart_id].title(
            quiet_request(bundle, Options.from_bundle(bundle), "dest=TUR", "ru"))


def test_the_menus_and_page_tools_name_the_powerpoint_downloads():
    from dashboard.components.share import page_tools, share_body
    from dashboard.views.share import ShareTexts

    texts = ShareTexts("link", "embed", "cite", "csv", "pptx", None, None)
    for lang in LANGS:
        t = translator(lang)
        for chart_id in CHART_IDS:
            links = {getattr(a, "id", ""): a for a in anchors(share_body(chart_id, lang, texts))}
            assert links[f"dl-{chart_id}-pptx"].children == t("PowerPoint (editable)")
        tools = {getattr(a, "id", ""): a for a in anchors(page_tools(lang))}
        deck = tools["briefing-pptx"]
        assert deck.children == t("Briefing (PowerPoint)") and deck.href == f"/download/briefing.pptx?lang={lang}"
        assert deck.download == "", "a download, beside 'All data (zip)'"


def anchors(component):
    from dash import html

    if isinstance(component, list | tuple):
        for child in component:
            yield from anchors(child)
        return
    if isinstance(component, html.A):
        yield component
    children = getattr(component, "children", None)
    if children is not None and not isinstance(children, str):
        yield from anchors(children)


def test_a_picture_the_server_cannot_render_leaves_a_sentence_not_an_error(client, monkeypatch):
    from dashboard import exports

    def broken(*args, **kwargs):
        raise RuntimeError("no browser")

    monkeypatch.setattr(exports, "render_image", broken)
    response = client.get("/download/map.pptx?year=2005&lang=ru", headers={"Host": HOST})
    slide = open_pptx(response).slides[0]
    texts = slide_texts(slide)
    assert translator("ru")("The picture could not be drawn on the server just now; the view's link below shows "
                            "it.") in texts
    assert not [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_the_server_starts_without_the_powerpoint_libraries():
    """python-pptx and XlsxWriter are a third of a second of imports no page needs: they load with the first
    PowerPoint file asked for (the tests above fetch them through the same routes), not at each start-up."""
    script = ("import sys; from dashboard.app import create_app; create_app(); "
              "print(sorted(m for m in ('pptx', 'xlsxwriter', 'dashboard.slides.deck', 'dashboard.briefing_pack') "
              "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2], timeout=120).stdout.strip().splitlines()[-1]
    assert loaded == "[]"
