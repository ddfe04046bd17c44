"""Each chart's native form (charts/native.py, what an editable PowerPoint chart is made of) against its own rows, the
CSV's: every drawn value is the row's figure, unrounded, a missing figure a gap (None), never 0; every row with a
figure is drawn or named in words; the form is the one the chart draws (line, XY, bar, scatter, table, picture).

Pure: no PowerPoint file here (tests/unit/test_pptx.py opens those).
"""

from __future__ import annotations

import math
from urllib.parse import parse_qsl

import pandas as pd
import pytest

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.charts.native import NativeChart, number, number_format, time_series
from dashboard.state import parse

CASES = [(chart_id, query) for chart_id, chart in REGISTRY.items() for query in chart.examples]
LANGS = ("ky", "ru", "en")
# the native form each chart takes, by its variant (Chart.variant); "words" where the view leaves nothing to draw
KINDS = {("map", "countries"): {"picture"}, ("map", "oblasts"): {"picture"},
         ("oblasts", "rank"): {"bar"}, ("oblasts", "series"): {"xy", "words"}, ("oblasts", "scatter"): {"scatter"},
         ("facts", ""): {"table"}, ("stock", "top"): {"line", "xy", "words"}, ("stock", "compare"): {"xy"},
         ("sexes", "counts"): {"xy"}, ("sexes", "share"): {"xy"}, ("official", ""): {"panels"},
         ("remittances", "series"): {"line", "xy", "words"}, ("remittances", "country"): {"bar"},
         ("remittances", "corridor"): {"xy"}, ("cards", ""): {"table"}}


def request(bundle, opts, query: str, lang: str) -> ChartRequest:
    view, _ = parse(dict(parse_qsl(query)), opts)
    return ChartRequest(bundle, view, opts, lang)


def cell(rows: pd.DataFrame, position, column: str):
    return None if position is None else number(rows[column].tolist()[position])


def every_series(spec: NativeChart):
    for chart in spec.panels or (spec,):
        yield from ((chart, series) for series in chart.series)


@pytest.mark.parametrize(("chart_id", "query"), CASES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_native_form_holds_the_rows_figures(bundle, opts, chart_id, query, lang):
    chart = REGISTRY[chart_id]
    req = request(bundle, opts, query, lang)
    rows = chart.rows(req).reset_index(drop=True)
    spec = chart.native(req, rows)
    assert spec.kind in KINDS[(chart_id, chart.variant(req))], (chart_id, query, spec.kind)
    for _, series in every_series(spec):
        assert len(series.values) == len(series.rows), series.name
        if series.guide:
            assert all(row is None for row in series.rows)
            continue
        assert series.name.strip(), (chart_id, query)
        for value, row in zip(series.values, series.rows, strict=True):
            assert value == cell(rows, row, series.column), (chart_id, query, series.name, row)
        if series.x_column:
            sources = series.x_rows or series.rows
            assert list(series.x) == [cell(rows, row, series.x_column) for row in sources], (chart_id, series.name)
        assert all(x is None or math.isfinite(x) for x in series.x)


@pytest.mark.parametrize(("chart_id", "query"), CASES)
def test_every_row_with_a_figure_is_drawn_or_named(bundle, opts, chart_id, query):
    """A figure of the CSV is on the slide, or named in words beside it (undated, a total, beyond the top 12): never
    dropped without a word."""
    chart = REGISTRY[chart_id]
    req = request(bundle, opts, query, "en")
    rows = chart.rows(req).reset_index(drop=True)
    spec = chart.native(req, rows)
    if spec.kind in ("table", "picture"):
        return
    columns = {series.column for _, series in every_series(spec) if not series.guide}
    columns |= {series.x_column for _, series in every_series(spec) if series.x_rows}
    with_figure = {pos for pos in range(len(rows)) if any(cell(rows, pos, column) is not None for column in columns)}
    drawn, named = spec.drawn_rows(), set(spec.named)
    assert not drawn & named, (chart_id, query, sorted(drawn & named))
    assert with_figure <= drawn | named, (chart_id, query, sorted(with_figure - drawn - named))


@pytest.mark.parametrize(("chart_id", "query"), CASES)
def test_a_missing_figure_is_a_gap_never_zero(bundle, opts, chart_id, query):
    chart = REGISTRY[chart_id]
    req = request(bundle, opts, query, "en")
    rows = chart.rows(req).reset_index(drop=True)
    for _, series in every_series(chart.native(req, rows)):
        if series.guide:
            continue
        for value, row in zip(series.values, series.rows, strict=True):
            if row is None or cell(rows, row, series.column) is None:
                assert value is None, (chart_id, query, series.name)


def test_tables_and_words_speak_the_page_language(bundle, opts):
    for chart_id in ("facts", "cards"):
        spec = REGISTRY[chart_id].native(request(bundle, opts, "", "ru"), REGISTRY[chart_id].rows(
            request(bundle, opts, "", "ru")))
        header, *body = spec.table
        assert body and all(len(row) == len(header) for row in body)
        assert all(any("а" <= ch <= "я" for ch in text.lower()) for text in header), header


def test_a_line_chart_only_where_every_series_shares_whole_years_one_step_apart():
    from dashboard.charts.native import NativeSeries

    same = [NativeSeries("a", (1.0, None), (0, 1), x=(2000.0, 2005.0)),
            NativeSeries("b", (2.0, 3.0), (2, 3), x=(2000.0, 2005.0))]
    assert time_series(same).kind == "line" and time_series(same).categories == ("2000", "2005")
    apart = [same[0], NativeSeries("b", (2.0,), (2,), x=(2001.0,))]
    assert time_series(apart).kind == "xy"
    halves = [NativeSeries("a", (1.0, 2.0), (0, 1), x=(2000.5, 2001.5))]
    assert time_series(halves).kind == "xy"
    # 2015 -> 2020 -> 2024 on a category axis would draw four years as long as five
    uneven = [NativeSeries("a", (1.0, 2.0, 3.0), (0, 1, 2), x=(2015.0, 2020.0, 2024.0))]
    assert time_series(uneven).kind == "xy"


@pytest.mark.parametrize(("values", "code"), [((1.0, 2.0, None), "#,##0"), ((1.5, 20.25), "#,##0.00"),
                                              ((333664.0, float("nan")), "#,##0"), ((0.1234567,), "#,##0.000")])
def test_the_workbook_shows_the_figures_decimals(values, code):
    assert number_format(values) == code


def test_missing_cells_are_none():
    assert [number(v) for v in (None, float("nan"), pd.NA, "", "x", 3, 2.5)] == [None, None, None, None, None,
                                                                                   3.0, 2.5]


@pytest.mark.parametrize("oview", ["rank", "series", "scatter"])
def test_the_chosen_oblast_is_marked_as_on_the_page(bundle, opts, oview):
    query = f"oblast=KG-C&oview={oview}&measure={'population' if oview == 'series' else 'migrants'}"
    req = request(bundle, opts, query, "en")
    rows = REGISTRY["oblasts"].rows(req).reset_index(drop=True)
    spec = REGISTRY["oblasts"].native(req, rows)
    marked = {rows["iso_3166_2"].iloc[row] for _, series in every_series(spec)
              for row, mark in zip(series.rows, series.marked, strict=False) if mark and row is not None}
    assert marked == {"KG-C"}, (oview, marked)
