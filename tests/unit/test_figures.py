"""Figure builders: pure functions returning plotly figure dicts, with their provenance written inside the figure."""

from __future__ import annotations

import copy
import json
import math
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import Point

from dashboard.charts import REGISTRY, ChartRequest, figure_for
from dashboard.data import oblasts as oq
from dashboard.data import remittances as rq
from dashboard.data import stock as sq
from dashboard.data.boundaries import OBLAST_CODES
from dashboard.figures import maps, series
from dashboard.figures.diff import apply, diff
from dashboard.i18n import translator
from dashboard.labels import names, source_label
from dashboard.state import ViewState

UN2024 = "UNDESA_IMS2024_VIA_ANDREEV"
APP_NAME = "Kyrgyz labour migration dashboard"
GEOD = Geod(ellps="WGS84")


def flat(text: str) -> str:
    """Figure text without the line breaks plotly needs (wrap() breaks long lines at spaces)."""
    return re.sub(r"\s+", " ", text.replace("<br>", " "))


def source_note(fig: dict) -> dict:
    notes = [a for a in fig["layout"]["annotations"] if a.get("name") == "source"]
    assert len(notes) == 1, "exactly one source line inside the figure"
    return notes[0]


def trace(fig: dict, name: str) -> dict:
    hits = [d for d in fig["data"] if flat(d.get("name", "")) == name]
    assert len(hits) == 1, f"one trace named {name!r}, found {[d.get('name') for d in fig['data']]}"
    return hits[0]


# (id, view, builder, title, unit, source labels that must be in the source line, written out)
CASES = [
    ("map", ViewState(), "map", "Where Kyrgyz migrants live: 2024", "persons",
     ["UN DESA International Migrant Stock, 2024 revision"]),
    ("flows", ViewState(layer="flows", year=2015), "map", "From Osh to the main destinations: 2015", "persons",
     ["UN DESA International Migrant Stock, 2024 revision"]),
    ("oblasts", ViewState(layer="oblasts"), "map", "Labour migrants abroad by region of origin", "persons",
     ["24.kg (2018)"]),  # State Migration Service figures (Nov 2018) as reported by 24.kg
    ("oblasts-per1000", ViewState(layer="oblasts", per="per1000"), "map",
     "Labour migrants abroad by region of origin", "per 1,000 residents",
     ["24.kg (2018)", "NSC resident population"]),
    ("wage", ViewState(layer="oblasts", measure="wage"), "map", "Average monthly wage", "som",
     ["mts.kg (2026)"]),
    ("stock", ViewState(), "stock", "Migrant stock by destination", "persons",
     ["UN DESA International Migrant Stock, 2024 revision"]),
    ("stock-un2020-female", ViewState(src="UNDESA_IMS2020_VIA_ANDREEV", sex="female"), "stock",
     "Migrant stock by destination", "persons", ["UN DESA International Migrant Stock, 2020 revision"]),
    ("compare", ViewState(tab="compare"), "stock", "How many Kyrgyz migrants in Russia? Sources disagree",
     "people born in Kyrgyzstan", ["UN DESA International Migrant Stock, 2024 revision"]),
    ("remittances", ViewState(), "remittances", "Remittances received", "billion US$",
     ["World Bank WDI, July 2025 release", "World Bank WDI, May 2023 release",
      "World Bank-KNOMAD remittance inflows, June 2023", "World Bank WDI, March 2024 release"]),
    ("remittances-gdp", ViewState(rem="gdp"), "remittances", "Remittances received, share of GDP", "% of GDP",
     []),  # which sources it names: see test_gdp_source_line_names_the_main_release
    ("by-country", ViewState(rem="country"), "remittances", "Remittances by sending country, 2021", "million US$",
     ["World Bank-KNOMAD bilateral remittance matrix 2021 (model estimates)"]),
]
BUILDERS = {name: (lambda b, s, o, lang, _name=name, **kw: figure_for(_name, b, s, o, lang, **kw))
            for name in ("map", "stock", "remittances")}


def build(b, opts, view: ViewState, name: str) -> dict:
    return BUILDERS[name](b, view, opts, "en")


@pytest.fixture(scope="module")
def figs(bundle, opts) -> dict[str, dict]:
    return {cid: build(bundle, opts, view, name) for cid, view, name, *_ in CASES}


@pytest.mark.parametrize("cid,view,name,title,unit,labels", CASES, ids=[c[0] for c in CASES])
def test_figure_is_a_plain_dict(figs, cid, view, name, title, unit, labels):
    fig = figs[cid]
    assert isinstance(fig, dict) and {"data", "layout"} <= set(fig)
    assert isinstance(fig["data"], list) and fig["data"]
    assert all(isinstance(d, dict) and d.get("type") for d in fig["data"])
    assert isinstance(fig["layout"], dict)


@pytest.mark.parametrize("cid,view,name,title,unit,labels", CASES, ids=[c[0] for c in CASES])
def test_provenance_is_inside_the_figure(figs, published, cid, view, name, title, unit, labels):
    """Title, unit, source, data version and dashboard name are part of the figure: an exported PNG carries them."""
    fig = figs[cid]
    layout = fig["layout"]
    head = flat(layout["title"]["text"])
    assert head.startswith(f"<b>{title}</b>")
    colourbar_titles = [d["colorbar"]["title"]["text"] for d in fig["data"] if "colorbar" in d]
    legend_title = ((layout.get("legend") or {}).get("title") or {}).get("text", "")
    assert unit in head or unit in colourbar_titles or unit in legend_title, \
        f"unit {unit!r} is neither in the subtitle nor a colour key"
    note = source_note(fig)
    text = flat(note["text"])
    for label in labels:
        assert label in text
    assert f"Data {published['version']} ({published['created'][:10]})" in text
    assert APP_NAME in text
    # drawn inside the exported image: below the plot area, within the bottom margin, not cropped
    assert note["xref"] == "paper" and note["yref"] == "paper" and note["yanchor"] == "top"
    lines = note["text"].count("<br>") + 1
    assert layout["margin"]["b"] >= -note["yshift"] + 14 * lines
    assert layout["title"]["yref"] == "container"


def test_source_line_literal_example(figs, published):
    assert flat(source_note(figs["map"])["text"]) == (
        "Source: UN DESA International Migrant Stock, 2024 revision (CC BY 3.0 IGO) · Map: Natural Earth; "
        f"projection centred on Kyrgyzstan · Data {published['version']} ({published['created'][:10]}) · "
        "Kyrgyz labour migration dashboard")


@pytest.mark.parametrize("cid", ["map", "oblasts-per1000", "stock", "compare", "remittances", "by-country"])
def test_builders_are_repeatable(bundle, opts, cid):
    case = next(c for c in CASES if c[0] == cid)
    a = build(bundle, opts, case[1], case[2])
    b = build(bundle, opts, case[1], case[2])
    assert a == b
    assert a is not b and a["data"] is not b["data"] and a["layout"] is not b["layout"]


def test_series_builders_do_not_touch_their_input(bundle):
    df = sq.stock_top_and_other(bundle, UN2024, "both", 2024, count=5)
    before = df.copy()
    fig = series.stock_figure(df, names(bundle, "en"), 2024, title="T", subtitle="S", source_line="L", unit="u",
                              lang="en")
    assert df.equals(before)
    assert fig["layout"]["title"]["text"].startswith("<b>T</b>")
    rem = rq.remittance_series(bundle, "received_usd")
    before = rem.copy()
    series.remittance_figure(rem, {}, 2020, pct=False, title="T", subtitle="S", source_line="L", lang="en")
    assert rem.equals(before)


# --- stock ---------------------------------------------------------------------------------------------------


def test_stock_values_equal_the_query_rows(bundle, opts, figs):
    fig = figs["stock"]
    russia = trace(fig, "Russia")
    assert dict(zip(russia["x"], russia["y"], strict=True))[2024] == 333664
    rows = sq.stock_top_and_other(bundle, UN2024, "both", 2024, count=5)
    nm = names(bundle, "en")
    assert [d["name"] for d in fig["data"]] == [nm[c] for c in dict.fromkeys(rows["destination_iso3"])]
    for iso, g in rows.groupby("destination_iso3", sort=False):
        t = trace(fig, nm[iso])
        assert t["x"] == [int(y) for y in g["year"]]
        assert t["y"] == [float(v) for v in g["value"]]
        assert set(t["x"]) <= set(opts.years[UN2024])  # markers on published years only


def test_stock_other_destinations_is_the_sum_of_the_rest(bundle, figs):
    fig = figs["stock"]
    other = trace(fig, "Other destinations")
    assert other["line"]["dash"] == "dot"
    shown = [d["name"] for d in fig["data"] if d["name"] != "Other destinations"]
    assert len(shown) == 5
    nm = names(bundle, "en")
    rows = sq.stock_by_destination(bundle, UN2024, "both")
    rest = rows[~rows["destination_iso3"].map(nm).isin(shown)]
    expected = rest.groupby("year")["value"].sum()
    assert dict(zip(other["x"], other["y"], strict=True)) == {int(y): float(v) for y, v in expected.items()}


def test_stock_follows_the_chosen_destinations(bundle, opts):
    fig = figure_for("stock", bundle, ViewState(dest=("KAZ", "TUR", "UKR")), opts, "en")
    assert [d["name"] for d in fig["data"]] == ["Kazakhstan", "Turkey", "Ukraine", "Other destinations"]
    assert "top destinations" not in fig["layout"]["title"]["text"]


def test_one_chosen_destination_is_not_flattened_by_other(bundle, opts):
    """dest=TUR: Turkey alone on its own axis range, 'other destinations' (Russia and the rest) left out and the
    subtitle says so; the CSV rows are the rows drawn."""
    req = ChartRequest(bundle, ViewState(dest=("TUR",)), opts, "en")
    fig = REGISTRY["stock"].figure(req)
    assert [d["name"] for d in fig["data"]] == ["Turkey"]
    assert "other destinations are not drawn" in flat(fig["layout"]["title"]["text"])
    assert set(REGISTRY["stock"].rows(req)["destination_iso3"]) == {"TUR"}


def test_one_year_source_is_points_not_a_line(bundle, opts):
    """src=knomad2021 publishes 2021 only: markers on a category axis of destinations, no line, no year ticks."""
    fig = figure_for("stock", bundle, ViewState(src="KNOMAD_BMM_2021"), opts, "en")
    assert all(d["mode"] == "markers+text" for d in fig["data"])
    assert fig["layout"]["yaxis"]["type"] == "category"
    assert all(isinstance(y, str) for d in fig["data"] for y in d["y"]) and "tickvals" not in fig["layout"]["xaxis"]


def test_stock_year_marker(figs, bundle, opts):
    fig = figure_for("stock", bundle, ViewState(year=2010), opts, "en")
    shapes = [s for s in fig["layout"]["shapes"] if s.get("name") == "year"]
    assert len(shapes) == 1 and shapes[0]["x0"] == shapes[0]["x1"] == 2010


# --- compare -------------------------------------------------------------------------------------------------


def test_compare_one_trace_per_series_with_distinct_symbols(bundle, figs):
    fig = figs["compare"]
    df = sq.sources_for_destination(bundle, "RUS", "both")
    assert len(fig["data"]) == df["series"].nunique() >= 5
    names_ = [flat(d["name"]) for d in fig["data"]]
    assert len(set(names_)) == len(names_)
    symbols = [d["marker"]["symbol"] for d in fig["data"]]
    assert len(set(symbols)) == len(symbols)
    assert "Official statements: Kyrgyz citizens present" in names_
    assert "UN DESA International Migrant Stock, 2024 revision" in names_


def test_compare_has_no_flow_numbers(figs):
    """Entries and arrivals (flows) are not stocks: they must not sit on the same axis."""
    fig = figs["compare"]
    for d in fig["data"]:
        ys = d["y"]
        tops = [y + e for y, e in zip(ys, d["error_y"]["array"], strict=True)]
        for flow in (738300, 429143, 265149):
            assert flow not in ys and flow not in tops, d["name"]


def test_compare_values_are_the_sources_values(bundle, figs):
    fig = figs["compare"]
    un = trace(fig, "UN DESA International Migrant Stock, 2024 revision")
    assert dict(zip(un["x"], un["y"], strict=True))[2024.5] == 333664  # mid-year estimate


# --- remittances ---------------------------------------------------------------------------------------------


def _symbol_at(t: dict, year: int) -> str:
    return dict(zip(t["x"], t["marker"]["symbol"], strict=True))[year]


def test_remittance_preliminary_points_are_hollow(bundle, figs):
    fig = figs["remittances"]
    wdi25 = trace(fig, "World Bank WDI, July 2025 release")
    wdi23 = trace(fig, "World Bank WDI, May 2023 release")
    assert _symbol_at(wdi25, 2023).endswith("-open")
    assert not _symbol_at(wdi25, 2022).endswith("-open")
    assert _symbol_at(wdi23, 2022).endswith("-open")
    assert not _symbol_at(wdi23, 2021).endswith("-open")
    # every hollow marker is a point with a status, and only those
    rows = rq.remittance_series(bundle, "received_usd")
    labels = {source_label(s, "en", bundle.sources): s for s in rows["source_id"].unique()}
    reported = series.reported_sources(rows)  # the press and the IOM page: one legend entry, every point hollow
    for t in fig["data"]:
        if flat(t["name"]) not in labels:
            assert flat(t["name"]) == translator("en")(series.REPORTED_NAME) and len(reported) >= 2
            assert sorted(t["x"]) == sorted(int(y) for y in rows[rows["source_id"].isin(reported)]["year"])
            assert t["marker"]["symbol"].endswith("-open")
            continue
        g = rows[rows["source_id"] == labels[flat(t["name"])]]
        flagged = {int(y) for y, s in zip(g["year"], g["status"], strict=True) if s}
        assert {x for x, sym in zip(t["x"], t["marker"]["symbol"], strict=True) if sym.endswith("-open")} == flagged


GDP_SOURCES_BUG = (
    "bug: panels.remittance_figure passes df['source_id'].unique() (alphabetical) to source_line, which names only 4 "
    "sources: for rem=gdp the four press reports are named and both World Bank WDI releases (the main lines, "
    "CC BY 4.0) are folded into 'and 2 more sources'")
COMPARE_SOURCES_BUG = (
    "bug: panels.compare_figure passes df['source_id'].unique() (ordered by series key) to source_line, which names 4 "
    "sources: the censuses, KNOMAD and two news sites are named, the UN DESA revisions (incl. the selected source) "
    "are folded into 'and 11 more sources'")


def test_gdp_source_line_names_the_main_release(bundle, opts):
    fig = figure_for("remittances", bundle, ViewState(rem="gdp"), opts, "en")
    main = rq.remittance_vintages(bundle, "received_pct_gdp")[0]  # the source with the most years
    assert main == "WDI_2023_05_XLS"
    assert "World Bank WDI, May 2023 release" in flat(source_note(fig)["text"])


def test_compare_source_line_names_the_selected_source(bundle, figs):
    assert "UN DESA International Migrant Stock, 2024 revision" in flat(source_note(figs["compare"])["text"])


def test_remittance_values_in_billions(bundle, figs):
    wdi25 = trace(figs["remittances"], "World Bank WDI, July 2025 release")
    assert dict(zip(wdi25["x"], wdi25["y"], strict=True))[2023] == pytest.approx(2.85)


@pytest.mark.parametrize("view,expected", [(ViewState(), 2024), (ViewState(year=2015), 2015),
                                           (ViewState(rem="gdp", year=2000), 2000)])
def test_remittance_selected_year_line(bundle, opts, view, expected):
    fig = figure_for("remittances", bundle, view, opts, "en")
    shapes = [s for s in fig["layout"]["shapes"] if s.get("name") == "year"]
    assert len(shapes) == 1
    assert shapes[0]["type"] == "line" and shapes[0]["x0"] == shapes[0]["x1"] == expected
    assert [a["text"] for a in fig["layout"]["annotations"] if a.get("name") == "year"] == [str(expected)]


def test_by_country_is_a_model_estimate_without_the_world_total(bundle, figs):
    fig = figs["by-country"]
    bar = fig["data"][0]
    # a dot plot (scatter): the geo partial bundle of plotly.js has no bar trace, and bars mislead on a log axis
    assert bar["type"] == "scatter" and bar["mode"].startswith("markers")
    assert fig["layout"]["xaxis"]["type"] == "log"
    assert "model estimate" in bar["hovertemplate"]
    assert "Model estimates" in fig["layout"]["title"]["text"]
    assert all("World" not in y for y in bar["y"]) and "WLD" not in bar["y"]
    assert len(bar["y"]) == 12
    assert bar["y"][-1] == "Russia"  # largest on top
    assert bar["x"] == sorted(bar["x"])
    assert not [s for s in fig["layout"]["shapes"] if s.get("name") == "year"]  # one year only: no year line


# --- destinations map ----------------------------------------------------------------------------------------


def test_destination_choropleth(bundle, figs):
    fig = figs["map"]
    # the fixed traces, then legend entries only (no points: they draw the colour key under the map)
    assert all(d["showlegend"] and d["lat"] == [None] for d in fig["data"][maps.ORIGIN_TRACE + 1:])
    ch = fig["data"][maps.CHORO_TRACE]
    assert ch["type"] == "choropleth" and ch["locationmode"] == "ISO-3"
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in ch["locations"])
    assert "KGZ" not in ch["locations"] and "WLD" not in ch["locations"]
    rows = sq.stock_by_destination(bundle, UN2024, "both", 2024)
    rows = rows[rows["destination_iso3"] != "KGZ"]
    assert ch["locations"] == list(rows["destination_iso3"])
    for z, v in zip(ch["z"], rows["value"], strict=True):
        assert z == pytest.approx(math.log10(float(v) + 1), abs=1e-4)
    z_of = dict(zip(ch["locations"], ch["z"], strict=True))
    assert z_of["RUS"] == pytest.approx(math.log10(333664 + 1), abs=1e-4)
    assert ch["zmin"] == 0 and ch["zmax"] >= max(ch["z"])


def test_home_trace(figs):
    home = figs["map"]["data"][maps.HOME_TRACE]
    assert home["type"] == "choropleth" and home["locations"] == ["KGZ"] and home["showscale"] is False


def test_distance_rings_are_at_their_distance(figs):
    fig = figs["map"]
    rings = fig["data"][maps.RING_TRACE]
    assert rings["mode"] == "lines"
    lat, lon = rings["lat"], rings["lon"]
    assert lat.count(None) == len(maps.RINGS_KM)
    ring, k = [], 0
    for la, lo in zip(lat, lon, strict=True):
        if la is None:
            for pla, plo in ring:
                _, _, m = GEOD.inv(maps.HOME_LATLON[1], maps.HOME_LATLON[0], plo, pla)
                assert m / 1000 == pytest.approx(maps.RINGS_KM[k], abs=1.0)
            ring, k = [], k + 1
        else:
            ring.append((la, lo))
    labels = fig["data"][maps.RING_LABEL_TRACE]
    # the regional frame shows the labels of the rings it holds; the outer ones would stand outside the map
    assert labels["text"] == ["1,000 km", "2,000 km", "3,000 km"]


def flow_slots(fig: dict) -> list[dict]:
    slots = fig["data"][maps.FLOW0_TRACE:maps.FLOW0_TRACE + maps.MAX_FLOWS]
    assert len(slots) == maps.MAX_FLOWS
    assert all(s["type"] == "scattergeo" and s["mode"] == "lines" for s in slots)
    return slots


def test_flow_slots_hidden_when_unused(figs):
    assert [s["visible"] for s in flow_slots(figs["map"])] == [False] * maps.MAX_FLOWS
    visible = [s for s in flow_slots(figs["flows"]) if s["visible"]]
    assert len(visible) == maps.MAX_FLOWS
    assert visible[0]["name"].startswith("Russia: ")  # name and figure, also under the pointer
    assert all(v["customdata"][0] == v["customdata"][-1] and len(v["customdata"][0]) == 3 for v in visible)
    assert all(v["hovertemplate"].startswith("<b>") for v in visible)


def test_one_destination_one_flow_from_osh_to_moscow(bundle, opts):
    fig = figure_for("map", bundle, ViewState(dest=("RUS",)), opts, "en")
    slots = flow_slots(fig)
    assert [s["visible"] for s in slots] == [True] + [False] * (maps.MAX_FLOWS - 1)
    assert all(s["lat"] == [] and s["lon"] == [] for s in slots[1:])
    f = slots[0]
    assert (f["lat"][0], f["lon"][0]) == (40.52828, 72.7985)  # Osh
    assert (f["lat"][-1], f["lon"][-1]) == (55.75204, 37.61781)  # Moscow
    origin = fig["data"][maps.ORIGIN_TRACE]
    assert origin["lat"] == [40.52828] and origin["lon"] == [72.7985]


def test_flows_start_at_the_selected_oblast(bundle, opts):
    fig = figure_for("map", bundle, ViewState(layer="flows", oblast="KG-B"), opts, "en")
    assert "From Batken" in fig["layout"]["title"]["text"]
    first = flow_slots(fig)[0]
    assert (first["lat"][0], first["lon"][0]) == (40.0604, 70.81929)


def test_projection_centred_on_kyrgyzstan(bundle, figs, opts):
    geo = figs["map"]["layout"]["geo"]
    proj = geo["projection"]
    assert proj["type"] == "azimuthal equidistant"
    lat, lon = proj["rotation"]["lat"], proj["rotation"]["lon"]
    assert (lat, lon) == maps.HOME_LATLON
    assert (geo["center"]["lat"], geo["center"]["lon"]) == (lat, lon)
    kgz = bundle.country_geo[bundle.country_geo["iso3"] == "KGZ"].geometry.iloc[0]
    assert kgz.contains(Point(lon, lat))
    world = figure_for("map", bundle, ViewState(frame="world"), opts, "en")["layout"]["geo"]
    span = geo["lonaxis"]["range"][1] - geo["lonaxis"]["range"][0]
    assert world["lonaxis"]["range"][1] - world["lonaxis"]["range"][0] > span


# --- oblast map ----------------------------------------------------------------------------------------------

OBLAST_VIEWS = [ViewState(layer="oblasts", measure=m, per=p, oblast=o)
                for m in oq.INDICATORS for p in ("abs", "per1000") for o in (None, "KG-O")]


@pytest.mark.parametrize("view", OBLAST_VIEWS, ids=lambda s: f"{s.measure}-{s.per}-{s.oblast}")
def test_oblast_map_covers_all_nine_units(bundle, opts, view):
    fig = figure_for("map", bundle, view, opts, "en")
    have, missing, pale, dark = fig["data"][:4]
    assert have["type"] == missing["type"] == "choropleth" and pale["type"] == dark["type"] == "scattergeo"
    assert missing["name"] == "no data"
    assert set(have["locations"]).isdisjoint(missing["locations"])
    assert sorted(have["locations"] + missing["locations"]) == sorted(OBLAST_CODES)
    per = view.per if oq.INDICATORS[view.measure].per1000 else "abs"
    vals = oq.oblast_values(bundle, view.measure, view.year, per)
    no_figure = set(vals.loc[vals["value"].isna(), "iso_3166_2"])
    assert set(missing["locations"]) == no_figure  # a unit without a figure is "no data", never 0
    value_of = dict(zip(vals["iso_3166_2"], vals["value"], strict=True))
    assert len(have["z"]) == len(have["locations"])
    for code, z in zip(have["locations"], have["z"], strict=True):
        assert not math.isnan(z)
        assert z == pytest.approx(float(value_of[code]))
    labelled = {}
    for trace in (pale, dark):  # labels that fit: a unit without a figure says so, never a number
        for lat, text in zip(trace["lat"], trace["text"], strict=True):
            labelled[lat] = text
    assert labelled and all(("no data" in text) == (not any(ch.isdigit() for ch in text)) for text in labelled.values())
    if no_figure:
        assert f"{len(no_figure)} unit" in fig["layout"]["title"]["text"]


def test_oblast_map_selected_unit_is_outlined(bundle, opts):
    fig = figure_for("map", bundle, ViewState(layer="oblasts", oblast="KG-O"), opts, "en")
    have = fig["data"][0]
    widths = dict(zip(have["locations"], have["marker"]["line"]["width"], strict=True))
    assert widths["KG-O"] > max(w for c, w in widths.items() if c != "KG-O")


def test_oblast_geometry_is_a_url_unless_inlined(bundle, opts):
    fig = figure_for("map", bundle, ViewState(layer="oblasts"), opts, "en")
    url = f"/geo/oblasts.geojson?d={bundle.digest}"
    assert [d["geojson"] for d in fig["data"][:2]] == [url, url]
    assert all(d["featureidkey"] == "properties.iso_3166_2" for d in fig["data"][:2])
    inline = figure_for("map", bundle, ViewState(layer="oblasts"), opts, "en", inline_geometry=True)
    geo = inline["data"][0]["geojson"]
    assert isinstance(geo, dict) and geo["type"] == "FeatureCollection"
    assert sorted(f["properties"]["iso_3166_2"] for f in geo["features"]) == sorted(OBLAST_CODES)
    assert inline["data"][1]["geojson"] is geo or inline["data"][1]["geojson"] == geo


# --- JSON ----------------------------------------------------------------------------------------------------

SWEEP = [
    ViewState(), ViewState(layer="flows"), ViewState(layer="oblasts"), ViewState(tab="compare", dest=("KAZ",)),
    ViewState(src="KNOMAD_BMM_2021", sex="male"), ViewState(src="WB_GBMD_VIA_ANDREEV", year=1960, sex="female"),
    ViewState(src="UNDESA_IMS2019_VIA_ABEL", dest=("KOR", "USA"), layer="flows"), ViewState(rem="gdp"),
    ViewState(rem="country"), ViewState(layer="oblasts", measure="population", per="per1000", year=1990),
    ViewState(layer="oblasts", measure="poverty", oblast="KG-GB"), ViewState(tab="compare", dest=("USA",)),
]


@pytest.mark.parametrize("view", SWEEP, ids=range(len(SWEEP)))
def test_figures_are_json_serialisable(bundle, opts, view):
    for name in BUILDERS:
        fig = build(bundle, opts, view, name)
        text = json.dumps(fig, allow_nan=False)  # plain Python types only, and no NaN
        assert json.loads(text) == fig


def test_inline_oblast_figure_is_json_serialisable(bundle, opts):
    fig = figure_for("map", bundle, ViewState(layer="oblasts", per="per1000"), opts, "en", inline_geometry=True)
    json.dumps(fig, allow_nan=False)


# --- diff / apply --------------------------------------------------------------------------------------------

LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, width=16),
                   st.text(max_size=3))
TREES = st.recursive(LEAVES, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                    st.dictionaries(st.sampled_from("abcde"), kids, max_size=4)),
                     max_leaves=25)


@st.composite
def tree_pairs(draw):
    """(old, new) pairs that often share structure, as a year change does."""
    old = draw(TREES)
    if draw(st.booleans()):
        return old, draw(TREES)
    return old, draw(mutated(old))


@st.composite
def mutated(draw, node):
    if isinstance(node, dict):
        return {k: draw(mutated(v)) if draw(st.booleans()) else v for k, v in node.items()}
    if isinstance(node, list):
        return [draw(mutated(v)) if draw(st.booleans()) else v for v in node]
    return draw(LEAVES) if draw(st.booleans()) else node


@settings(max_examples=200, deadline=None)
@given(pair=tree_pairs())
def test_apply_diff_gives_new(pair):
    old, new = pair
    ops = diff(old, new)
    assert apply(copy.deepcopy(old), ops) == new
    assert diff(new, copy.deepcopy(new)) == []
    if json.dumps(old, sort_keys=True) == json.dumps(new, sort_keys=True):  # equal, and equal types throughout
        assert ops == []


def test_diff_of_equal_figures_is_empty(figs):
    for fig in figs.values():
        assert diff(fig, copy.deepcopy(fig)) == []


@pytest.mark.parametrize("name", ["map", "stock", "remittances"])
def test_diff_between_years_is_small_and_exact(bundle, opts, name):
    old = build(bundle, opts, ViewState(year=2020), name)
    new = build(bundle, opts, ViewState(year=2015), name)
    ops = diff(old, new)
    assert ops and all(path for path, _ in ops)
    assert apply(copy.deepcopy(old), ops) == new
    assert len(json.dumps(ops)) < len(json.dumps(new)) / 2


def test_diff_replaces_on_type_change():
    assert diff({"a": 1}, {"a": 1.0}) == [(("a",), 1.0)]
    assert diff([1, 2], [1, 2, 3]) == [((), [1, 2, 3])]
    assert diff({"a": 1}, {"b": 1}) == [((), {"b": 1})]
    assert diff([{"x": 1}, 2], [{"x": 2}, 2]) == [((0, "x"), 2)]
    assert apply({"a": 1}, [((), 5)]) == 5


def test_map_year_change_patches_only_values(bundle, opts):
    """Trace order is fixed: a year change touches the choropleth and flows, not the rings or the home trace."""
    old = figure_for("map", bundle, replace(ViewState(layer="flows"), year=2020), opts, "en")
    new = figure_for("map", bundle, replace(ViewState(layer="flows"), year=2015), opts, "en")
    touched = {path[1] for path, _ in diff(old, new) if path[0] == "data"}
    assert maps.RING_TRACE not in touched and maps.HOME_TRACE not in touched and maps.RING_LABEL_TRACE not in touched
    assert maps.CHORO_TRACE in touched
