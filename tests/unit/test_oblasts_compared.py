"""Oblasts compared: every unit listed, a missing figure never drawn or written as 0, n stated on the scatter, only
comparable periods paired, and the rows (CSV, table) holding each figure as published with its period and source."""

from __future__ import annotations

import math

import pytest

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.data import oblasts as oq
from dashboard.data import oblasts_compared as oc
from dashboard.data.boundaries import OBLAST_CODES
from dashboard.state import parse

CHART = REGISTRY["oblasts"]


def request(bundle, opts, query: str, lang: str = "en") -> ChartRequest:
    return ChartRequest(bundle, parse(query, opts)[0], opts, lang)


def test_registered_beside_the_map_before_the_other_charts():
    ids = list(REGISTRY)
    assert ids.index("oblasts") > ids.index("map") and ids.index("oblasts") < ids.index("stock")


@pytest.mark.parametrize("measure", ["migrants", "households", "poverty", "wage", "population"])
def test_ranking_lists_all_nine_units_and_never_draws_a_missing_figure_as_zero(bundle, opts, measure):
    req = request(bundle, opts, f"measure={measure}")
    rows = CHART.rows(req)
    units = rows[rows["iso_3166_2"] != oc.NATIONAL]
    assert sorted(units["iso_3166_2"]) == sorted(OBLAST_CODES)
    missing = units[units["value"].isna()]
    published = oq.oblast_values(bundle, measure)["value"].notna().sum()
    assert len(missing) == len(OBLAST_CODES) - published, "a unit without a published figure stays without one"
    assert missing["rank"].isna().all(), "a unit without a figure has no rank"
    assert list(units["iso_3166_2"])[-len(missing):] == list(missing["iso_3166_2"]) or missing.empty, \
        "units without a figure come last"
    fig = CHART.figure(req)
    values = next(trace for trace in fig["data"] if trace["name"] == "values")
    assert len(values["x"]) == len(units) - len(missing), "no bar and no value for a unit without a figure"
    ends = [x for trace in fig["data"] if trace["name"] == "bars" for x in trace["x"][1::3]]
    assert sorted(ends) == sorted(values["x"]), "one bar per unit with a figure, from 0 to its value"
    words = [note["text"] for note in CHART.figure(req)["layout"]["annotations"] if note.get("name") == "no-figure"]
    assert len(words) == len(missing) and all(word == "no figure" for word in words)


def test_ranking_of_labour_migrants_names_the_four_units_and_the_rest_as_no_figure(bundle, opts):
    req = request(bundle, opts, "")
    text = CHART.describe(req, CHART.rows(req))
    assert text.startswith("Labour migrants abroad by region of origin, November 2018, ranked: 1. Batken 265,000")
    assert "No figure for Issyk-Kul, Naryn, Talas, Bishkek City, Osh City." in text
    assert " 0 persons" not in text


def test_per_1000_rate_keeps_the_published_count_and_names_its_denominator(bundle, opts):
    req = request(bundle, opts, "per=per1000")
    rows = CHART.rows(req).set_index("iso_3166_2")
    assert rows.loc["KG-B", "value"] == 265000 and rows.loc["KG-B", "unit"] == "persons"
    assert math.isclose(rows.loc["KG-B", "rate_per_1000"], 265000 / 525.1, rel_tol=1e-3)  # NSC, 1 January 2019
    assert rows.loc["KG-B", "denominator"] == "NSC_POP_THESIS:2019-01-01"
    assert "1 January 2019" in CHART.heading(req).source_extra
    national = [shape for shape in CHART.figure(req)["layout"]["shapes"] if shape.get("name") == "national"]
    assert len(national) == 1, "the national rate is a reference line"


def test_a_national_total_is_not_drawn_as_a_reference_for_units_counts(bundle, opts):
    req = request(bundle, opts, "")
    assert not [s for s in CHART.figure(req)["layout"]["shapes"] if s.get("name") == "national"]
    assert "Kyrgyzstan in total: 750,000 persons (not drawn" in CHART.heading(req).subtitle


def test_scatter_states_n_pairs_one_period_per_axis_and_fits_no_line(bundle, opts):
    req = request(bundle, opts, "oview=scatter")
    heading = CHART.heading(req)
    assert "Vertical axis: November 2018; horizontal axis: 2018" in heading.subtitle
    assert "n = 3" in heading.subtitle and "no line is fitted" in heading.subtitle
    fig = CHART.figure(req)
    assert len(fig["data"]) == 1 and fig["data"][0]["mode"] == "markers+text", "points only: no regression line"
    assert sorted(fig["data"][0]["text"]) == ["Batken", "Chuy", "Jalal-Abad"], "every point labelled"
    assert "n = 3" in CHART.describe(req, CHART.rows(req))


def test_scatter_with_fewer_than_three_points_says_so(bundle, opts):
    req = request(bundle, opts, "oview=scatter&vs=wage")
    assert "n = 1" in CHART.heading(req).subtitle
    assert "Fewer than 3 units" in CHART.describe(req, CHART.rows(req))


def test_scatter_never_pairs_a_figure_without_a_stated_year(bundle, opts):
    req = request(bundle, opts, "oview=scatter&measure=households")
    assert oc.pairing(bundle, "households", "poverty").x_period is None
    fig = CHART.figure(req)
    assert fig["data"][0]["x"] == []
    assert any("not stated" in note["text"] for note in fig["layout"]["annotations"])


def test_periods_pair_only_within_a_year(bundle, opts):
    assert oc.period_year("2019-01/2019-03") == 2019 and oc.period_year("c.2017") is None
    assert oc.pairing(bundle, "migrants", "wage").x_period == "2019-01/2019-03"  # not 2025, not 2011
    assert oc.period_middle("2018") == 2018.5


def test_scatter_rows_hold_both_figures_of_every_unit_with_period_and_source(bundle, opts):
    rows = CHART.rows(request(bundle, opts, "oview=scatter"))
    assert len(rows) == 2 * len(OBLAST_CODES)
    batken = rows[rows["iso_3166_2"] == "KG-B"].set_index("axis")
    assert batken.loc["y", "value"] == 265000 and batken.loc["y", "period"] == "2018-11"
    assert batken.loc["x", "value"] == 33.8 and batken.loc["x", "source_id"] == "NEWS_REGNUM_POV_2018"
    osh = rows[rows["iso_3166_2"] == "KG-O"].set_index("axis")
    assert math.isnan(osh.loc["x", "value"]), "Osh oblast's missing poverty figure stays missing"


def test_series_says_which_indicators_have_series_and_draws_one_line_per_unit(bundle, opts):
    assert oc.series_keys(bundle) == ("population", "poverty", "wage")
    fig = CHART.figure(request(bundle, opts, "oview=series&measure=population"))
    assert len(fig["data"]) == 9 and all(len(trace["x"]) == 13 for trace in fig["data"])  # 2012-2024
    none = request(bundle, opts, "oview=series")
    # said once in the picture, in the empty plot, not again in the subtitle above it
    notes = " ".join(note.get("text", "") for note in CHART.figure(none)["layout"]["annotations"])
    assert "no series to draw" in notes.replace("<br>", " ") and "no series" not in CHART.heading(none).subtitle
    assert "Resident population, Poverty rate, Average monthly wage" in CHART.describe(none, CHART.rows(none))


def test_series_applies_the_year_range_and_names_it(bundle, opts):
    req = request(bundle, opts, "oview=series&measure=population&from=2020&to=2023")
    assert CHART.title(req).endswith("2020–2023")
    assert set(CHART.rows(req)["period"].str[:4]) == {"2020", "2021", "2022", "2023"}


def test_series_leaves_out_and_names_a_figure_without_an_exact_year(bundle, opts):
    req = request(bundle, opts, "oview=series&measure=poverty")
    assert "Not drawn, no exact year: Batken about 40% (about 2017)" in CHART.heading(req).subtitle
    assert "c.2017" not in set(CHART.rows(req)["period"])
