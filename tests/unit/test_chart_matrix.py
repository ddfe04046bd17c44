"""The matrix, without a browser: every chart of the registry x each of its example views x {en, ru, ky} x the
outputs that are text (heading, figure text, summary, table, CSV): no untranslated string, no raw float, every
active filter named. The browser half (page, embed, images, print at 1366 and 390 px) is tests/browser/test_matrix.py.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from dashboard.app import create_app
from dashboard.charts import REGISTRY, ChartRequest
from dashboard.charts.filters import range_words
from dashboard.components import page as page_c
from dashboard.i18n import LANGUAGES, translator
from dashboard.i18n.audit import raw_floats, untranslated
from dashboard.labels import SEX_LABEL, names
from dashboard.state import parse

CASES = [(chart_id, query, lang) for chart_id, chart in REGISTRY.items() for query in chart.examples
         for lang in LANGUAGES]
IDS = [f"{chart_id}-{query or 'default'}-{lang}" for chart_id, query, lang in CASES]
# the sources' own words, as the data package holds them (English); "flow" as published: 'outflow from Russia to
# KGZ (CBR data)', 'inflow (as stated by the State Migration Service)' (the corridor names the measure in columns)
DATA_TEXT = ("note", "definition", "detail", "partner_name", "flow")
DATA_TEXT += ("measure",)  # official counts: what each figure counts, in its source's wording (charts/official.py)


@pytest.fixture(scope="module")
def client(bundle):
    return create_app(bundle=bundle).server.test_client()


def figure_texts(fig: dict | None) -> list[str]:
    if not fig:
        return []
    layout = fig["layout"]
    texts = [layout["title"]["text"], *(a.get("text", "") for a in layout.get("annotations", []))]
    texts += [trace.get("name") or "" for trace in fig["data"] if trace.get("showlegend", True) is not False]
    return [re.sub(r"<[^>]+>", " ", text) for text in texts if isinstance(text, str)]


def table_texts(rows, caption: str, lang: str) -> list[str]:
    table = page_c.data_table(rows, caption, lang)
    out: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child)
        elif node is not None and not isinstance(node, int | float):
            walk(getattr(node, "children", None))

    walk(table)
    return out


def outputs(bundle, opts, chart_id: str, query: str, lang: str) -> dict[str, list[str]]:
    chart = REGISTRY[chart_id]
    view, _ = parse(query, opts)
    req = ChartRequest(bundle, view, opts, lang)
    heading = chart.heading(req)
    rows = chart.rows(req)
    return {"heading": [heading.title, heading.subtitle_with_notes()],
            "figure": figure_texts(chart.figure(req)),
            "summary": [chart.describe(req, rows)],
            # notes and definitions are the sources' own words (English in the data package), not interface text
            "table": table_texts(rows.drop(columns=[c for c in DATA_TEXT if c in rows]), chart.title(req), lang)}


@pytest.mark.parametrize(("chart_id", "query", "lang"), CASES, ids=IDS)
def test_no_untranslated_string_and_no_raw_float(bundle, opts, chart_id, query, lang):
    found = outputs(bundle, opts, chart_id, query, lang)
    for output, texts in found.items():
        for text in texts:
            assert not raw_floats(text), f"{output}: raw float in {text!r}"
            assert not untranslated(text, lang), f"{output}: untranslated {untranslated(text, lang)} in {text!r}"


@pytest.mark.parametrize(("chart_id", "query", "lang"), CASES, ids=IDS)
def test_every_active_filter_is_named(bundle, opts, chart_id, query, lang):
    """The heading (what the page, the embed and the images show) and the summary name each filter the view sets:
    the sex, the oblast, the year (or say what is shown instead)."""
    view, _ = parse(query, opts)
    found = outputs(bundle, opts, chart_id, query, lang)
    heading = " ".join(found["heading"] + found["figure"])
    summary = found["summary"][0]
    t = translator(lang)
    wanted = []
    if view.sex != "both":
        wanted.append(t(SEX_LABEL[view.sex]))
    if view.oblast:
        wanted.append(names(bundle, lang)[view.oblast])
    for word in wanted:
        assert word in heading, f"{word!r} not in the heading: {heading!r}"
        assert word in summary, f"{word!r} not in the summary: {summary!r}"
    if view.year is not None and REGISTRY[chart_id].has_image:
        assert str(view.year) in heading, f"year {view.year} not named: {heading!r}"
    years = range_words(ChartRequest(bundle, view, opts, lang))  # from=/to=: applied, or said not to apply
    assert years in heading, f"year range {years!r} not named: {heading!r}"


@pytest.mark.parametrize(("chart_id", "query", "lang"), [c for c in CASES if c[2] == "ru"],
                         ids=[i for i, c in zip(IDS, CASES, strict=True) if c[2] == "ru"])
def test_csv_holds_the_rows_with_whole_numbers_as_integers(client, bundle, opts, chart_id, query, lang):
    resp = client.get(f"/download/{chart_id}.csv?{query}&lang={lang}")
    assert resp.status_code == 200
    lines = resp.data.decode("utf-8-sig").splitlines()
    start = next(i for i, line in enumerate(lines) if not line.startswith("#") and "," in line and
                 not line.startswith('"#'))
    body = list(csv.reader(io.StringIO("\n".join(lines[start:]))))
    view, _ = parse(query, opts)
    rows = REGISTRY[chart_id].rows(ChartRequest(bundle, view, opts, lang))
    assert len(body) - 1 == len(rows), "the CSV holds exactly the rows the chart draws"
    for row in body[1:]:
        for cell in row:
            assert not re.fullmatch(r"-?\d+\.0", cell), f"whole number written as a float: {cell!r} in {row}"


def test_undated_statements_are_named_beside_the_compare_chart(bundle, opts):
    """The MFA's undated counts cannot sit on the time axis; they are named in the subtitle and the summary."""
    req = ChartRequest(bundle, parse("tab=compare&dest=KAZ", opts)[0], opts, "ru")
    stock = REGISTRY["stock"]
    assert "до 45\u00a0000 человек (24.kg)" in stock.heading(req).subtitle_with_notes()
    assert "до 45\u00a0000 человек (24.kg)" in stock.describe(req, stock.rows(req))
