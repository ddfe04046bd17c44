"""The lookups a view nobody has asked for is answered from (worked out once per data version and what they depend
on, not per view) give what working it out for that view gives, and never answer one data version with another's
figures."""

from __future__ import annotations

import json
from dataclasses import replace
from types import MappingProxyType

import pandas as pd
import pytest
from plotly.io.json import to_json_plotly as to_json

from dashboard.charts import REGISTRY, ChartRequest, official
from dashboard.charts import base as chart_base
from dashboard.charts import oblasts as oblasts_chart
from dashboard.data import oblasts as oq
from dashboard.data.official import KINDS
from dashboard.i18n import translator
from dashboard.labels import source_label
from dashboard.state import parse

from .test_memo_versions import changed  # noqa: F401 (a fixture: the package with doubled counts)


@pytest.fixture(scope="module")
def oblasts_doubled(bundle):
    """The shipped package with every count of labour migrants by oblast doubled: another data version."""
    frames = dict(bundle.frames)
    indicators = frames["oblast_indicators"]
    migrants = indicators["indicator"] == "labour_migrants_by_origin"  # not the population: rates double too
    frames["oblast_indicators"] = indicators.assign(value=indicators["value"].where(~migrants, indicators["value"] * 2))
    return replace(bundle, digest=bundle.digest + "-oblasts-doubled", frames=MappingProxyType(frames))


def outputs(b, opts, chart: str, query: str, lang: str) -> tuple:
    if chart == "map" and "layer=oblasts" not in query:
        query += "&layer=oblasts"
    s, _ = parse(query, opts)
    req = ChartRequest(b, s, opts, lang)
    rows = REGISTRY[chart].rows(req)
    return json.loads(to_json(REGISTRY[chart].figure(req))), REGISTRY[chart].describe(req, rows), rows.to_csv()


def fresh(b, opts, chart: str, query: str, lang: str) -> tuple:
    """The outputs worked out from nothing: every chart memo emptied first."""
    if chart == "map":
        query += "&layer=oblasts"
    oblasts_chart.BY_PERIOD.clear()
    chart_base.ONE_REQUEST.clear()
    return outputs(b, opts, chart, query, lang)


def test_one_period_is_ranked_once_for_all_its_years(bundle, opts, monkeypatch):
    """Two years that show the same published period share the ranking's rows, bars and words; each year's own
    outputs are what working that year out from nothing gives."""
    shown = oq.resolve_period(bundle, oq.INDICATORS["migrants"], None)
    years = [
        year
        for year in opts.years[opts.sources[0]]
        if oq.resolve_period(bundle, oq.INDICATORS["migrants"], year) == shown
    ]
    assert len(years) > 2 and len({parse(f"year={year}", opts)[0].year for year in years[:3]}) == 3
    expected = {year: fresh(bundle, opts, "oblasts", f"year={year}&oblast=KG-B", "ru") for year in years[:3]}
    oblasts_chart.BY_PERIOD.clear()
    calls = []
    monkeypatch.setattr(
        oblasts_chart, "_rank_rows", lambda req, work=oblasts_chart._rank_rows: calls.append(1) or work(req)
    )
    for year in years[:3]:
        assert outputs(bundle, opts, "oblasts", f"year={year}&oblast=KG-B", "ru") == expected[year]
    assert len(calls) == 1


@pytest.mark.parametrize("chart", ["oblasts", "map"])
def test_a_period_that_follows_the_year_is_its_own(bundle, opts, chart):
    """Population maps the 1 January nearest the year: years showing other periods get other rankings."""
    first, second = opts.years[opts.sources[0]][-1], opts.years[opts.sources[0]][-3]
    ind = oq.INDICATORS["population"]
    assert oq.resolve_period(bundle, ind, first) != oq.resolve_period(bundle, ind, second)
    expected = {year: fresh(bundle, opts, chart, f"measure=population&year={year}", "en") for year in (first, second)}
    assert expected[first] != expected[second]
    for year in (first, second):
        assert outputs(bundle, opts, chart, f"measure=population&year={year}", "en") == expected[year]


@pytest.mark.parametrize("query", ["year=2015", "measure=migrants&per=per1000&year=2015"])
@pytest.mark.parametrize("chart", ["oblasts", "map"])
def test_oblast_lookups_follow_the_data_version(bundle, opts, oblasts_doubled, query, chart):
    """A data version that changes the oblast figures ranks its own, however often the first was asked; the first
    version still shows its own."""
    first = outputs(bundle, opts, chart, query, "en")
    other = outputs(oblasts_doubled, opts, chart, query, "en")
    assert other == fresh(oblasts_doubled, opts, chart, query, "en")
    assert other[0] != first[0] and other[2] != first[2]
    assert outputs(bundle, opts, chart, query, "en") == first


@pytest.mark.parametrize("chart", ["oblasts", "map"])
@pytest.mark.parametrize("measure", ["poverty", "migrants", "population"])
def test_each_year_and_rate_gets_its_own_words(bundle, opts, chart, measure):
    """Every year and rate switch of an indicator, asked in turn with the memos kept, says what it says worked out
    from nothing (the map's summary reads the switch whatever the indicator)."""
    queries = [
        f"measure={measure}&year={year}{per}" for year in opts.years[opts.sources[0]] for per in ("", "&per=per1000")
    ]
    expected = {query: fresh(bundle, opts, chart, query, "ky") for query in queries}
    for query in queries:
        assert outputs(bundle, opts, chart, query, "ky") == expected[query], query


def pandas_panels(req: ChartRequest, frame: pd.DataFrame) -> list[tuple]:
    """The official panels as pandas groups them (the chart's first form): (heading, undated notes, each group's
    x, y and hover)."""
    t = translator(req.lang)
    panels = []
    for (_, kind, unit), rows in frame.groupby([frame["kind"].map(KINDS.index), "kind", "unit_base"], sort=True):
        dated, undated = rows[rows["position"].notna()], rows[rows["position"].isna()]
        groups = []
        for _, group in dated.groupby(["measure", "source_id"], sort=False):
            group = group.sort_values("position")
            groups.append(
                (
                    [float(x) for x in group["position"]],
                    [
                        float(v * m) if unit != "%" else float(v)
                        for v, m in zip(group["value"], group["multiplier"], strict=True)
                    ],
                    [official.hover_words(row, req) for row in group.itertuples()],
                )
            )
        notes = [
            t(
                "Not dated, so not on the axis: {amount} ({source})",
                amount=official.amount_words(row, req.lang),
                source=source_label(row.source_id, req.lang, req.bundle.sources),
            )
            for row in undated.itertuples()
        ]
        panels.append((official.panel_heading(kind, unit, req.lang), notes, groups))
    return panels


def test_official_panels_group_as_pandas_groups(bundle, opts):
    """The official chart's panels, grouped in plain Python, are pandas' groups: panels by kind and unit, groups in
    order of appearance, a row with a missing key in none, tied dates in the order DataFrame.sort_values leaves."""
    req = ChartRequest(bundle, parse("dest=RUS", opts)[0], opts, "ru")
    frame = official.frame_for(req)
    ties = pd.concat([frame[frame["position"].notna()].head(1)] * 40, ignore_index=True)
    ties["position"] = [float(2000 + at % 3) for at in range(len(ties))]  # 40 dots on three dates
    ties["value"] = [float(at) for at in range(len(ties))]  # each its own value: the order shows
    loose = frame.head(2).assign(measure=[None, "no source"], source_id=["N_X", None])  # a missing key each
    frame = pd.concat([frame, ties, loose], ignore_index=True)
    ours = [
        (panel.heading, panel.undated, [(group.x, group.y, group.hover) for group in panel.groups])
        for panel in official.build_panels(req, frame)
    ]
    assert ours == pandas_panels(req, frame)
    tied = [y for panel in ours for x, y, _ in panel[2] if len(x) >= 40][0]
    assert tied != sorted(tied)  # quicksort moved tied dots: a stable sort would not match pandas


def test_a_cards_first_row_is_the_filtered_frames_first():
    """The cards read each country's figure at its first row's position: what filtering the frame by the country
    and taking its first row reads, scalar type and all (a repeated country, a missing figure, a nullable column)."""
    from dashboard.views.cards import first_rows

    frame = pd.DataFrame(
        {"iso": ["RUS", "KAZ", "RUS", None, "TUR"], "value": pd.array([5, None, 7, 1, 2], "Int64")},
        index=[10, 3, 7, 1, 0],
    )
    first = first_rows(frame, "iso")
    for iso in ("RUS", "KAZ", "TUR"):
        expected = frame[frame["iso"] == iso]["value"].iloc[0]
        got = frame["value"].iloc[first[iso]]
        assert repr(got) == repr(expected) and type(got) is type(expected)
    assert "KGZ" not in first


def text_in_range(view, frame: pd.DataFrame, column: str = "year") -> pd.DataFrame:
    """The year range read from each value's text (its first four characters): charts/filters.in_range's meaning."""
    years = frame[column].astype(str).str[:4]
    dated = years.str.fullmatch(r"\d{4}")
    return frame[~dated | years.where(dated, "0").astype(int).map(view.in_range)]


@pytest.mark.parametrize(
    "values",
    [
        pd.array([1999, 2005, None, 2020, 2024], dtype="Int64"),
        [1999, 2005, 2010, 2020, 2024],
        pd.array([2001, 12345, None, 999, 2020], dtype="Int64"),
        [2000.0, 2010.5, float("nan"), 2024.0, 1990.0],
        ["2001-06", "2015", "2019-H1", "undated", "2024-01-01"],
        pd.array([], dtype="Int64"),
    ],
)
@pytest.mark.parametrize("query", ["from=2005", "to=2010", "from=2005&to=2020", "from=2020&to=2020"])
def test_a_year_range_keeps_the_rows_their_text_dates_in_it(opts, values, query):
    """Whole years compared as numbers keep the rows their four-digit text would keep, undated rows included."""
    from dashboard.charts.filters import in_range

    view = parse(query, opts)[0]
    frame = pd.DataFrame({"year": values, "n": range(len(values))}, index=[3 * at for at in range(len(values))])
    request = ChartRequest(None, view, opts, "en")
    assert in_range(request, frame).equals(text_in_range(view, frame))


def table_stock(b, source_id: str, sex: str, year=None, destinations=None) -> pd.DataFrame:
    """Stock by destination filtered from the whole table (data/stock.py's first form)."""
    df = b["migrant_stock"]
    m = (df["source_id"] == source_id) & (df["sex"] == sex) & (df["destination_iso3"] != "WLD")
    if year is not None:
        m &= df["year"] == year
    if destinations:
        m &= df["destination_iso3"].isin(destinations)
    out = df.loc[m, ["year", "destination_iso3", "value", "source_id"]].copy()
    return out.sort_values(["year", "value"], ascending=[True, False]).reset_index(drop=True)


@pytest.mark.parametrize("sex", ["both", "female", "no such sex"])
@pytest.mark.parametrize("year,destinations", [(None, None), (2020, None), (2000, ["KAZ", "TUR", "XXX"]), (1800, None)])
def test_stock_split_once_per_version_reads_what_the_table_holds(bundle, opts, changed, sex, year, destinations):  # noqa: F811
    """Stock by destination read from the table split by source and sex is the whole table filtered, in this data
    version and in one that doubles every count (asked after the first, and the first asked again)."""
    from dashboard.data.stock import stock_by_destination

    for b in (bundle, changed, bundle):
        for source in (opts.sources[0], opts.sources[-1], "NO_SUCH_SOURCE"):
            ours = stock_by_destination(b, source, sex, year, destinations)
            theirs = table_stock(b, source, sex, year, destinations)
            assert ours.equals(theirs) and list(ours.dtypes) == list(theirs.dtypes)
    assert not stock_by_destination(bundle, opts.sources[0], "both", 2020).equals(
        stock_by_destination(changed, opts.sources[0], "both", 2020)
    )


def test_the_top_destinations_rows_serve_every_year_with_that_top(bundle, opts):
    """The stock chart's rows are kept by its top destinations, not the year: every year (those sharing one top
    too) gets the rows the year itself picks."""
    from dashboard.charts import stock as stock_chart
    from dashboard.data import stock as sq
    from dashboard.state import ViewState

    for source in opts.sources:
        tops = [tuple(sq.top_destinations(bundle, source, "both", year, 5)) for year in opts.years[source]]
        assert len(set(tops)) < len(tops) or len(tops) < 6  # years that share a top share the rows
        for year in opts.years[source]:
            request = ChartRequest(bundle, ViewState(year=year, src=source), opts, "en")
            expected = sq.stock_top_and_other.__wrapped__(bundle, source, "both", request.year, 5)
            assert stock_chart.top_and_other(request).equals(expected.reset_index(drop=True)), (source, year)


def test_a_view_store_is_parsed_once_per_data_version(bundle, opts, changed, monkeypatch):  # noqa: F811
    """The panels of one answer read the same view store many times: it is parsed once, and again after new data
    is published (its options may differ)."""
    from dashboard import state
    from dashboard.context import Context, view_from_store

    calls = []
    monkeypatch.setattr(
        state, "parse", lambda query, options, parse=state.parse: calls.append(query) or parse(query, options)
    )
    context = Context(bundle, opts)
    store = {"q": "year=2015&dest=KAZ", "lang": "ru"}
    first = view_from_store(context, store)
    assert view_from_store(context, store) == first == (parse("year=2015&dest=KAZ", opts)[0], "ru")
    assert len(calls) == 1
    context.swap(changed)
    assert view_from_store(context, store) == first and len(calls) == 2
    assert view_from_store(context, {"q": "year=2015&dest=TUR", "lang": "ru"})[0].dest == ("TUR",)


def test_womens_and_mens_points_are_ordered_as_pandas_orders_them():
    """Each sex's points, read from the group's columns once, come in the order filtering the group by sex and
    sorting by date gives (NumPy's quicksort: tied dates as it leaves them, undated last), values as iterated."""
    from dashboard.figures.sexes import by_date

    count = 40
    group = pd.DataFrame(
        {
            "sex": [("female", "male", "both", None)[at % 4] for at in range(count)],
            "reference_date_decimal": [float("nan") if at % 7 == 0 else 2000.5 + at % 3 for at in range(count)],
            "value": pd.array([None if at == 5 else float(at) for at in range(count)], dtype="Float64"),
        },
        index=[100 - at for at in range(count)],
    )
    for sex, (xs, values) in by_date(group).items():
        rows = group[group["sex"] == sex].sort_values("reference_date_decimal")
        assert repr(xs) == repr(list(rows["reference_date_decimal"])) and repr(values) == repr(list(rows["value"]))
        assert values != sorted(values, key=str)  # tied dates out of their first order: a stable sort would differ


@pytest.mark.parametrize("dtype", ["Int64", "int64", "Float64"])
def test_a_sum_by_year_is_pandas_grouped_sum(dtype):
    """'Other destinations' added up by year in one pass is pandas' grouped sum and count: years in order, a missing
    year in none, a missing value counted but not added, the same dtypes."""
    from dashboard.data.stock import sum_by_year

    missing = dtype != "int64"
    rows = pd.DataFrame(
        {
            "year": pd.array(
                [2020, 1990, None, 2020, 1990, 2005] if missing else [2020, 1990, 2001, 2020, 1990, 2005], dtype="Int64"
            ),
            "value": pd.array([5, 7, 11, None, 2, None] if missing else [5, 7, 11, 3, 2, 4], dtype=dtype),
        },
        index=[9, 4, 7, 1, 0, 3],
    )
    expected = rows.groupby("year", as_index=False).agg(value=("value", "sum"), n_destinations=("value", "size"))
    ours = sum_by_year(rows)
    assert ours.equals(expected) and list(ours.dtypes) == list(expected.dtypes)


def test_the_distance_rings_are_worked_out_once_and_each_map_has_its_own():
    """The rings are the same on every map (kept once); each figure gets lists of its own, so changing one map's
    rings changes no other."""
    from dashboard.figures.maps import ring_traces

    first = ring_traces("en", (4000.0, 3000.0))
    lats, lons = list(first[0]["lat"]), list(first[0]["lon"])
    first[0]["lat"].append(1.0)
    first[0]["lon"][0] = None
    again = ring_traces("ru")
    assert type(again[0]["lat"]) is list and again[0]["lat"] == lats and again[0]["lon"] == lons
    assert len(lats) == 5 * 74 and lats.count(None) == 5


def test_a_number_is_written_as_formatting_it_afresh_writes_it():
    """fmt_number's memo answers each value as formatting it from nothing does, whatever was asked before: equal
    numbers of other types, a negative zero after a zero, a Decimal's trailing zeros."""
    from decimal import Decimal

    import numpy as np

    from dashboard.i18n import _format_number, fmt_number

    values = [
        0.0,
        -0.0,
        0,
        1,
        1.0,
        np.int64(1),
        np.float64(1.0),
        1234567.891,
        np.float64(-0.0),
        Decimal("1.50"),
        Decimal("1.5"),
        2.5,
        float("nan"),
        None,
        10**20,
    ]
    for lang in ("en", "ru", "ky"):
        for decimals in (None, 0, 1):
            for value in values * 2:
                expected = "–" if value is None or value != value else _format_number(value, lang, decimals)
                assert fmt_number(value, lang, decimals) == expected, (value, lang, decimals)
    assert fmt_number(-0.0, "en", 0) == "\u22120" and fmt_number(0.0, "en", 0) == "0"


def test_a_patch_is_too_large_exactly_when_its_json_is(bundle, opts):
    """The patch-or-whole decision, which skips writing out the figure when the patch is small beside its layout,
    is the one comparing the patch's JSON with the whole figure's, for patches of every size around the line (a
    map, and a figure that is nearly all layout)."""
    from dashboard.patches import too_large

    request = ChartRequest(bundle, parse("year=2020", opts)[0], opts, "en")
    for figure in (json.loads(to_json(REGISTRY["map"].figure(request))), {"data": [], "layout": {"title": "y" * 5000}}):
        whole = len(json.dumps(figure, default=str))
        layout = len(json.dumps(figure["layout"], default=str))
        for size in sorted(
            {
                10,
                layout // 2,
                int(layout * 0.7),
                layout - 40,
                layout,
                whole // 2,
                int(whole * 0.7) - 1,
                int(whole * 0.7),
                int(whole * 0.7) + 12,
                whole,
            }
        ):
            ops = [(("layout", "title", "text"), "x" * size)]
            assert too_large(ops, figure, 0.7) == (len(json.dumps(ops, default=str)) > whole * 0.7), size
    assert too_large([((), "x")], [1, 2, 3], 0.7) and not too_large([((), 1)], {"layout": [], "data": "x" * 99}, 0.7)


def test_a_small_patch_is_weighed_without_writing_out_the_layout(bundle, opts, monkeypatch):
    """A year step's patch of a few hundred bytes is known to be small once the layout's first values are written
    out: the layout (several KB) is not written whole for it."""
    from dashboard import patches

    request = ChartRequest(bundle, parse("year=2020", opts)[0], opts, "en")
    figure = json.loads(to_json(REGISTRY["map"].figure(request)))
    written = []
    dumps = json.dumps
    monkeypatch.setattr(patches.json, "dumps", lambda value, **kw: written.append(dumps(value, **kw)) or written[-1])
    assert not patches.too_large([(("layout", "title", "text"), "x" * 200)], figure, 0.7)
    assert sum(map(len, written)) < len(dumps(figure["layout"], default=str)) / 2


def test_remittance_lookups_follow_the_data_version(bundle):
    """The remittance releases and the model's year and sources, kept per data version: a version without the main
    release and with the model a year later says so, and the first version still says its own."""
    from dashboard.data import remittances as rq

    first = (rq.remittance_vintages(bundle), rq.model_year(bundle), rq.model_sources(bundle))
    frames = dict(bundle.frames)
    frames["remittances"] = frames["remittances"][frames["remittances"]["source_id"] != first[0][0]]
    model = frames["remittances_by_country"]
    later = [
        f"{int(str(start)[:4]) + 1}{str(start)[4:]}" if str(start)[:4].isdigit() else start
        for start in model["period_start"]
    ]
    frames["remittances_by_country"] = model.assign(period_start=later)
    other = replace(bundle, digest=bundle.digest + "-remittances", frames=MappingProxyType(frames))
    assert rq.remittance_vintages(other) == [sid for sid in first[0] if sid != first[0][0]]
    assert rq.model_year(other) == first[1] + 1
    assert (rq.remittance_vintages(bundle), rq.model_year(bundle), rq.model_sources(bundle)) == first
    changed_list = rq.remittance_vintages(bundle)
    changed_list.append("mine")
    assert rq.remittance_vintages(bundle) == first[0]  # each caller's list is its own


def test_place_lookups_follow_the_data_version(bundle):
    """Places and oblast centres, indexed once per data version: a version that moves a place and gives an oblast
    another centre says so, the first still its own, and a caller's change to the places reaches no one else."""
    from dashboard.data import corridors as cq

    oblast = bundle["oblasts"]["iso_3166_2"].iloc[0]
    first_centre, other_centre = cq.oblast_centre(bundle, oblast), bundle["places"]["place_id"].iloc[-1]
    first_places = cq.places(bundle)
    frames = dict(bundle.frames)
    frames["oblasts"] = frames["oblasts"].assign(centre_place_id=other_centre)
    frames["places"] = frames["places"].assign(lat=frames["places"]["lat"] + 1)
    other = replace(bundle, digest=bundle.digest + "-places", frames=MappingProxyType(frames))
    assert cq.oblast_centre(other, oblast) == other_centre != first_centre
    assert (cq.places(other)["lat"] == first_places["lat"] + 1).all()
    first_places["lat"] = 0.0
    assert cq.oblast_centre(bundle, oblast) == first_centre and (cq.places(bundle)["lat"] != 0.0).any()


def test_oblast_values_are_kept_by_the_period_a_year_shows(bundle, opts, oblasts_doubled):
    """The oblast values for a year are those of the period it shows (one for most indicators, the nearest
    1 January for population), in each data version."""
    for key in ("migrants", "population"):
        for per in ("abs", "per1000"):
            for year in (*opts.years[opts.sources[0]], None):
                period = oq.resolve_period(bundle, oq.INDICATORS[key], year)
                values = oq.oblast_values(bundle, key, year, per)
                assert set(values["period"]) == {period}
                assert values.equals(oq.period_values.__wrapped__(bundle, key, period, per))
    doubled = oq.oblast_values(oblasts_doubled, "migrants", None)["value"]
    assert doubled.equals(oq.oblast_values(bundle, "migrants", None)["value"] * 2)


def test_the_sources_list_reads_each_versions_own_rows(bundle, opts):
    """The sources list reads its rows from a lookup kept per data version: what the sources table holds for each
    source named, in order, and a version that retitles a source lists the new title (the first still its own)."""
    from dashboard.views.page_data import sources_used

    view = parse("tab=compare&dest=RUS&layer=oblasts&per=per1000", opts)[0]
    first = sources_used(bundle, view, opts)
    table = bundle.sources.set_index("source_id")
    assert [row["title"] for row in first] == [table.loc[row["source_id"], "title"] for row in first]
    sources = bundle.sources.copy()
    sources.loc[sources["source_id"] == first[0]["source_id"], "title"] = "Retitled"
    other = replace(
        bundle, digest=bundle.digest + "-titles", frames=MappingProxyType({**bundle.frames, "sources": sources})
    )
    assert sources_used(other, view, opts)[0]["title"] == "Retitled"
    first[0]["title"] = "changed by a caller"
    assert sources_used(bundle, view, opts)[0]["title"] == table.loc[first[0]["source_id"], "title"]


def test_a_hover_with_a_missing_top_is_worked_out_once():
    """A point without a range (its top a NaN read from a frame, a new NaN object each time) is answered from the
    hover memo after the first: every float NaN reads as missing, so one stands for all."""
    from dashboard.figures import series

    series._hover_amount_memo.cache_clear()
    first = series.hover_amount(123456.0, "persons", "ru", "", upper=float("nan"))
    for _ in range(3):
        assert series.hover_amount(123456.0, "persons", "ru", "", upper=float("nan")) == first
    assert series._hover_amount_memo.cache_info().hits == 3
    assert first == series._hover_amount(123456.0, "persons", "ru", "", float("nan"), None)


def test_a_date_label_reads_as_working_it_out_afresh():
    """fmt_date_label's memo answers every date as working it out from nothing does (decimal years, whole years,
    published period texts, NumPy numbers, zero), whatever was asked before."""
    import numpy as np

    from dashboard.i18n.amounts import _date_label, fmt_date_label

    values = [2018.42, 2020.5, 2020, "2018-06", "2024-H1", "2015 (late)", "2019", np.float64(2020.5), 0, 0.0, -0.0]
    for lang in ("en", "ru", "ky"):
        for value in values * 2:
            assert fmt_date_label(value, lang) == _date_label.__wrapped__(value, lang), (value, lang)
    assert fmt_date_label(float("nan"), "en") == fmt_date_label(None, "en") == "–"


def test_the_event_key_reads_as_working_it_out_afresh():
    """The events' key under a figure is memoised by the values and types it reads: equal numbers of another type
    (1.0 is written '1.0') and other kinds or dates get their own words."""
    from dashboard.figures.events import _event_key, event_key

    events = pd.DataFrame(
        {
            "number": [1, 1, 2],
            "kind": ["accession", "security", "border_closure"],
            "date": ["2014-05-29", "2015-08-12", "2020-03-16"],
        }
    )
    variants = [
        events,
        events.assign(number=events["number"].astype(float)),
        events.assign(kind="security"),
        events.assign(date=["2013", "2015", "2021"]),
    ]
    for lang in ("en", "ru"):
        for frame in variants * 2:
            assert event_key(frame, lang) == _event_key(frame, lang)
