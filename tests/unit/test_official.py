"""What official sources count (charts/official.py): kinds never joined, conflicting statements both shown, undated
statements named beside their panel, never on the axis; titles in ky, ru and en."""

from __future__ import annotations

import re

import pytest

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.data.official import official_counts, unit_base
from dashboard.i18n.dates import date_words
from dashboard.state import parse

CHART = REGISTRY["official"]


def request(bundle, opts, query: str, lang: str = "en") -> ChartRequest:
    return ChartRequest(bundle, parse(query, opts)[0], opts, lang)


def plain(text: str) -> str:
    """An annotation's text as read: line breaks and tags as one space (a no-break space stays)."""
    return re.sub(r" +", " ", re.sub(r"<[^>]+>", " ", text)).strip()


def panel_texts(fig: dict) -> dict[str, str]:
    """Each panel's heading block by its name (panel-1, panel-2...)."""
    return {a["name"]: plain(a["text"]) for a in fig["layout"]["annotations"] if a.get("name", "").startswith("panel-")}


def test_a_line_joins_only_one_measure_of_one_source(bundle, opts):
    """Kinds, measures and sources are never joined by a line: every trace is one measure from one source, on its
    own panel's axes; a panel holds one kind in one unit."""
    fig = CHART.figure(request(bundle, opts, "dest=RUS"))
    for trace in fig["data"]:
        measures = {point[0] for point in trace["customdata"]}
        sources = {point[3] for point in trace["customdata"]}
        assert len(measures) == 1 and len(sources) == 1, (measures, sources)
        assert trace["xaxis"][1:] == trace["yaxis"][1:], "a trace on another panel's axes"
    frame = official_counts(bundle, "RUS")
    for _, rows in frame.groupby("kind"):
        axes = {t["yaxis"] for t in fig["data"] if t["customdata"][0][0] in set(rows["measure"])}
        units = set(rows["unit_base"])
        assert len(axes) == len(units), "one panel per kind and unit"
    assert unit_base("thousand contracts") == "contracts" and unit_base('persons ("about")') == "persons"


def test_russia_2023_both_conflicting_counts_are_dots_with_their_sources(bundle, opts):
    """650,000 registered (Russian MVD, via the Foreign Ministry) and 408,448 staying (RF authorities via the MFA):
    two dots on the same panel, each with its own source."""
    frame = official_counts(bundle, "RUS")
    in_2023 = frame[(frame["year"] == 2023) & (frame["kind"] == "stock")]
    assert {650000.0, 408448.0} <= set(in_2023["persons"])
    fig = CHART.figure(request(bundle, opts, "dest=RUS"))
    points = {(y, point[3]) for trace in fig["data"] if trace["yaxis"] == "y"
              for y, point in zip(trace["y"], trace["customdata"], strict=True)}
    sources = {source for y, source in points if y in (650000.0, 408448.0)}
    assert len(sources) == 2, points


def test_undated_statements_are_listed_beside_their_panel_not_on_the_axis(bundle, opts):
    fig = CHART.figure(request(bundle, opts, "dest=KAZ", "ru"))
    on_axis = {y for trace in fig["data"] for y in trace["y"]}
    assert 45000.0 not in on_axis
    heads = " ".join(panel_texts(fig).values())
    assert "Без даты, поэтому не на оси: до 45\u00a0000 человек" in heads
    rus = CHART.figure(request(bundle, opts, "dest=RUS"))
    assert 124000.0 not in {y for trace in rus["data"] for y in trace["y"]}
    assert "Not dated, so not on the axis: 124,000 persons" in " ".join(panel_texts(rus).values())
    summary = CHART.describe(request(bundle, opts, "dest=RUS"), CHART.rows(request(bundle, opts, "dest=RUS")))
    assert "Statements without a date, listed beside their panel: 3." in summary


@pytest.mark.parametrize(("lang", "title"), [
    ("en", "What official sources count: Kyrgyz citizens in United Kingdom, from 2020"),
    ("ru", "Великобритания: граждане Кыргызстана — что считают официальные источники, с 2020 г."),
    ("ky", "Расмий булактар эмнени эсептейт: Улуу Британия өлкөсүндөгү Кыргызстандын жарандары, 2020-жылдан бери"),
])
def test_title_names_the_destination_and_the_year_range(bundle, opts, lang, title):
    req = request(bundle, opts, "dest=GBR&from=2020", lang)
    assert CHART.heading(req).title == title
    rows = CHART.rows(req)
    dated = rows[rows["year"].notna()]
    assert len(dated) and (dated["year"] >= 2020).all(), "rows before the range are left out"


def test_rows_hold_every_figure_with_its_source_and_persons(bundle, opts):
    rows = CHART.rows(request(bundle, opts, "dest=KOR"))
    assert len(rows) == len(official_counts(bundle, "KOR")) == 19
    assert list(rows.columns) == ["destination_iso3", "kind", "measure", "date", "year", "value", "value_max",
                                  "unit", "multiplier", "qualifier", "persons", "source_id", "also_source_id", "note"]
    assert rows["source_id"].notna().all()
    contracts = CHART.rows(request(bundle, opts, "dest=RUS"))
    contracts = contracts[contracts["unit"] == "thousand contracts"]
    assert contracts["persons"].isna().all(), "contracts are not persons"


def test_permanent_emigration_comes_from_the_statistical_committee(bundle, opts):
    frame = official_counts(bundle, "KAZ")
    permanent = frame[frame["kind"] == "permanent"]
    assert set(permanent["source_id"]) == {"NSC_ZPRESS_MIGR_2018"}
    assert 1209.0 in set(permanent["persons"])  # emigrants from Kyrgyzstan to Kazakhstan, 2017
    assert official_counts(bundle, "GBR").query("kind == 'permanent'").empty


@pytest.mark.parametrize(("text", "lang", "words"), [
    ("2025-Q1 (end)", "en", "end of quarter 1 of 2025"),
    ("2022 (census)", "ru", "перепись 2022 г."),
    ("2008/2018", "en", "2008 – 2018"),
    ("(earlier; date not stated)", "ky", "мурда, күнү көрсөтүлгөн эмес"),
    ("2022 (to 29 Sep)", "en", "2022, up to September 29"),
    ("2024-H1", "en", "first half of 2024"),
])
def test_published_dates_in_words(text, lang, words):
    assert date_words(text, lang) == words


def test_a_year_range_without_figures_says_so(bundle, opts):
    req = request(bundle, opts, "dest=GBR&to=2010")
    fig = CHART.figure(req)
    assert not fig["data"]
    assert any("No official figure in the data for these years (to 2010)" in plain(a["text"])
               for a in fig["layout"]["annotations"])


@pytest.mark.parametrize("lang,expected", [
    ("en", "Permits, visas and contracts (number of contracts)"),
    ("ru", "Разрешения, визы и договоры (число договоров)"),
    ("ky", "Уруксаттар, визалар жана келишимдер (келишимдердин саны)"),
])
def test_a_panel_of_documents_is_headed_by_their_number(lang, expected):
    """'(contracts)' after 'Permits, visas and contracts' read as a slip: the unit of a documents' panel is their
    number."""
    from dashboard.charts.official import panel_heading
    assert panel_heading("permit", "contracts", lang) == expected
