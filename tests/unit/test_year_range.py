"""The year range of every time series (from=/to=): rows, figure, title and summary limited to it in every language,
a sentence instead of an empty axis when it leaves no figure, a note on the charts it does not shape, the CSV, and
the two-handle control's round trip between the URL and the page (callbacks as plain functions)."""

from __future__ import annotations

import csv
import io

import pytest
from dash import no_update

from dashboard import callbacks as cb
from dashboard import state as st
from dashboard.app import create_app
from dashboard.charts import REGISTRY, ChartRequest
from dashboard.charts.filters import no_figure_words, range_words
from dashboard.components.controls import range_marks, range_text
from dashboard.data.series_years import series_span
from dashboard.i18n import LANGUAGES, translator
from dashboard.state import ViewState, parse

SERIES_VIEWS = {  # chart, view -> the column that dates its rows
    ("stock", ""): "year", ("stock", "tab=compare"): "year", ("stock", "tab=compare&dest=KAZ"): "year",
    ("remittances", "rem=usd"): "year", ("remittances", "rem=gdp"): "year",
}
RANGE = "from=2015&to=2024"


def request(bundle, opts, query: str, lang: str = "en") -> ChartRequest:
    return ChartRequest(bundle, parse(query, opts)[0], opts, lang)


def drawn_years(fig: dict) -> set[int]:
    return {int(x) for trace in fig["data"] for x in trace["x"]}


@pytest.fixture(scope="module")
def client(bundle):
    return create_app(bundle=bundle).server.test_client()


# --- the charts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("chart_id", "query"), list(SERIES_VIEWS))
def test_rows_and_figure_are_limited_to_the_range(bundle, opts, chart_id, query):
    chart = REGISTRY[chart_id]
    whole = chart.rows(request(bundle, opts, query))
    req = request(bundle, opts, f"{query}&{RANGE}")
    rows = chart.rows(req)
    years = rows[SERIES_VIEWS[chart_id, query]].astype(int)
    assert len(rows) and years.between(2015, 2024).all()
    assert len(rows) == int(whole[SERIES_VIEWS[chart_id, query]].astype(int).between(2015, 2024).sum()), \
        "every row of the range is kept, none added"
    assert drawn_years(chart.figure(req)) <= set(range(2015, 2025))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("chart_id", "query"), list(SERIES_VIEWS))
def test_the_title_names_the_range_in_every_language(bundle, opts, chart_id, query, lang):
    chart = REGISTRY[chart_id]
    plain = chart.heading(request(bundle, opts, query, lang)).title
    for years in (RANGE, "from=2015", "to=2010"):
        req = request(bundle, opts, f"{query}&{years}", lang)
        words = range_words(req)
        assert words and words in chart.heading(req).title and words not in plain
        assert words in chart.figure(req)["layout"]["title"]["text"].replace("<br>", " "), "the image's title too"
    assert range_words(request(bundle, opts, f"{query}&{RANGE}", lang)) == "2015–2024"
    if lang != "en":
        assert "from" not in range_words(request(bundle, opts, f"{query}&from=2015", lang))


def test_the_summary_speaks_of_the_range_only(bundle, opts):
    stock = REGISTRY["stock"]
    req = request(bundle, opts, RANGE)
    text = stock.summary(req, stock.rows(req))
    assert "in 2015 to" in text and "in 2024" in text and "1990" not in text
    rem = REGISTRY["remittances"]
    req = request(bundle, opts, "rem=usd&to=2015")
    text = rem.summary(req, rem.rows(req))
    assert "(2015" in text and "2024" not in text and "2022" not in text


def test_the_selected_year_is_marked_only_inside_the_range(bundle, opts):
    def marked(query: str) -> list:
        shapes = REGISTRY["stock"].figure(request(bundle, opts, query))["layout"]["shapes"]
        return [shape["x0"] for shape in shapes if shape.get("name") == "year"]

    assert marked("year=2010&from=2005&to=2015") == [2010]
    assert marked("year=2020&from=2005&to=2015") == [], "a marker outside the range would stretch the axis"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("chart_id", "query"), [("stock", ""), ("stock", "tab=compare"), ("remittances", "rem=gdp")])
def test_a_range_without_figures_says_so(bundle, opts, chart_id, query, lang):
    chart = REGISTRY[chart_id]
    for years, start, end in (("from=1960&to=1961", 1960, 1961), ("from=2060", 2060, None), ("to=1900", None, 1900)):
        req = request(bundle, opts, f"{query}&{years}", lang)
        message = no_figure_words(req)
        assert all(str(year) in message for year in (start, end) if year)
        rows = chart.rows(req)
        fig = chart.figure(req)
        assert len(rows) == 0 and fig["data"] == []
        notes = [a["text"].replace("<br>", " ") for a in fig["layout"]["annotations"] if a.get("name") == "no-figure"]
        assert notes == [message], "the plot's place holds the sentence"
        assert not fig["layout"]["xaxis"]["visible"], "no empty axis"
        assert chart.describe(req, rows).startswith(message)
    if lang != "en":
        assert "No figure" not in no_figure_words(request(bundle, opts, "from=1960&to=1961", lang))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("chart_id", "query"), [("map", ""), ("map", "layer=oblasts"), ("map", "layer=flows"),
                                                 ("remittances", "rem=country"), ("cards", "")])
def test_charts_the_range_does_not_shape_say_so_only_when_one_is_set(bundle, opts, chart_id, query, lang):
    chart = REGISTRY[chart_id]
    words = translator(lang)("The year range ({years}) does not apply to this chart", years="2015–2024")
    plain = request(bundle, opts, query, lang)
    assert "2015–2024" not in chart.heading(plain).subtitle_with_notes()
    req = request(bundle, opts, f"{query}&{RANGE}", lang)
    assert words in chart.heading(req).subtitle_with_notes()
    assert words in chart.describe(req, chart.rows(req))
    assert len(chart.rows(req)) == len(chart.rows(plain)), "the rows do not change"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_csv_holds_the_range_and_names_it(client, bundle, opts, lang):
    resp = client.get(f"/download/remittances.csv?rem=usd&{RANGE}&lang={lang}")
    assert resp.status_code == 200
    lines = resp.data.decode("utf-8-sig").splitlines()
    title = REGISTRY["remittances"].title(request(bundle, opts, f"rem=usd&{RANGE}", lang))
    assert "2015–2024" in title and any(title in line for line in lines if line.lstrip('"').startswith("#"))
    body = list(csv.DictReader(io.StringIO("\n".join(line for line in lines if not line.lstrip('"').startswith("#")))))
    assert body and all(2015 <= int(row["year"]) <= 2024 for row in body)
    assert len(body) == len(REGISTRY["remittances"].rows(request(bundle, opts, f"rem=usd&{RANGE}", lang)))


def test_an_empty_range_downloads_an_empty_csv_not_an_error(client):
    resp = client.get("/download/stock.csv?from=1900&to=1901&lang=ru")
    assert resp.status_code == 200
    body = [line for line in resp.data.decode("utf-8-sig").splitlines() if not line.lstrip('"').startswith("#")]
    assert len(body) == 1, "the header alone"


# --- the control -----------------------------------------------------------------------------------------------


def test_the_control_spans_every_year_the_series_hold(bundle, opts):
    low, high = opts.span == series_span(bundle) and opts.span
    for table in ("migrant_stock", "remittances"):
        years = bundle[table]["year"].astype(int)
        assert low <= years.min() and years.max() <= high
    assert low == bundle["migrant_stock"]["year"].astype(int).min()
    marks = range_marks(opts.span)
    assert min(marks) == low and max(marks) == high and len(marks) <= 6


def test_from_controls_turns_the_handles_into_from_and_to(opts):
    low, high = opts.span
    assert st.from_controls(opts, range=[2015, 2024]) == ViewState(start=2015, end=2024)
    assert st.from_controls(opts, range=[2024, 2015]) == ViewState(start=2015, end=2024)
    assert st.from_controls(opts, range=[low, 2010]) == ViewState(end=2010)
    assert st.from_controls(opts, range=[2000, high]) == ViewState(start=2000)
    assert st.from_controls(opts, range=[low, high]) == ViewState(), "the whole extent is no range"
    assert st.from_controls(opts, start=2015, end=2024) == ViewState(start=2015, end=2024)
    for garbage in (None, [], [2015], ["2015", 2024], [True, 2020], 2015, {"a": 1}, [2015.5, 2020]):
        assert st.from_controls(opts, range=garbage) == ViewState(), garbage
    assert st.from_controls(opts, range=[1e300, 2000.0]) == ViewState(start=2000), "a year no one types is dropped"


@pytest.mark.parametrize("query", ["", RANGE, "from=2015", "to=2010", "from=2010&to=2010", "rem=gdp&to=2000"])
def test_url_and_control_round_trip(ctx, opts, query):
    view, _ = parse(query, opts)
    value = cb.control_values(view, opts)[[k for k, _ in cb.CONTROLS].index("range")]
    assert value == [view.start or opts.span[0], view.end or opts.span[1]]
    values = dict(zip([k for k, _ in cb.CONTROLS], cb.control_values(view, opts), strict=True))
    back = st.from_controls(opts, **values)
    assert (back.start, back.end) == (view.start, view.end)


def test_a_year_outside_the_extent_puts_the_handle_at_its_end(opts):
    low, high = opts.span
    assert st.range_value(ViewState(start=low - 50, end=high + 50), opts.span) == [low, high]
    assert st.range_value(ViewState(start=high + 50), opts.span) == [high, high]


def test_page_load_sets_the_handles_and_moving_one_writes_the_url(ctx, opts):
    keys = [k for k, _ in cb.CONTROLS]
    idle = cb.control_values(ViewState(), opts)
    _, view, ctrl, notices = cb.sync_view(ctx, None, f"?{RANGE}", "en", idle)
    assert notices == [] and view["q"] == RANGE
    assert ctrl[keys.index("range")] == [2015, 2024]
    assert all(value is no_update for i, value in enumerate(ctrl) if i != keys.index("range"))
    moved = list(idle)
    moved[keys.index("range")] = [2016, 2024]
    search, view, ctrl, _ = cb.sync_view(ctx, "controls", f"?{RANGE}", "en", moved)
    assert search == "?from=2016&to=2024" and view["q"] == "from=2016&to=2024"
    moved[keys.index("range")] = list(opts.span)
    search, _, _, _ = cb.sync_view(ctx, "controls", "?from=2016&to=2024", "en", moved)
    assert search == "", "back at the whole extent: from and to leave the URL"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_control_says_the_years_in_words(opts, lang):
    t = translator(lang)
    assert range_text([2015, 2024], opts.span, lang) == "2015–2024"
    everything = range_text(list(opts.span), opts.span, lang)
    assert everything == t("All years: {start}–{end}", start=opts.span[0], end=opts.span[1])
    assert lang == "en" or everything != f"All years: {opts.span[0]}–{opts.span[1]}"
