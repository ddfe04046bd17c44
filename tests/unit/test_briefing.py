"""The IOM briefing figures (issue 12, items 6 and 9): a fact two sources published is one row citing both; the IOM
figures sit where they belong; the facts box pairs each IOM fact with a later figure and its source; one headline
per destination, its lowest and highest figure read from the data, in three languages; 'estimate' reads well."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.charts.headline import extremes, headline
from dashboard.charts.stock import compare_frame
from dashboard.data import DataPackageError, load_bundle
from dashboard.data.facts import country_facts
from dashboard.i18n import fmt_number
from dashboard.i18n.amounts import fmt_amount
from dashboard.labels import published_value, source_label
from dashboard.state import parse

STOCK = REGISTRY["stock"]
FACTS = REGISTRY["facts"]


DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def request(bundle, opts, query: str, lang: str = "en") -> ChartRequest:
    return ChartRequest(bundle, parse(query, opts)[0], opts, lang)


def drawn(bundle, opts, query: str):
    """The compare chart's frame for a view, as the headline reads it."""
    return compare_frame(request(bundle, opts, query))


def test_a_fact_two_sources_published_is_one_row_citing_both(bundle, opts):
    """The 113,000 Kyrgyz citizens in Kazakhstan: EADaily's kit row and IOM's page are the same fact. One point,
    never two added; its hover, its row (table and CSV) and the source line name both."""
    req = request(bundle, opts, "tab=compare&dest=KAZ")
    rows = STOCK.rows(req)
    same = rows[rows["value"] == 113000]
    assert len(same) == 1
    assert (same["source_id"].iloc[0], same["also_source_id"].iloc[0]) == ("N_EADAILY_2016_02_09", "IOM_KG_OVERVIEW")
    assert {"N_EADAILY_2016_02_09", "IOM_KG_OVERVIEW"} <= set(STOCK.heading(req).source_ids)
    hovers = [c[3] for trace in STOCK.figure(req)["data"] for c, y in zip(trace["customdata"], trace["y"],
                                                                          strict=True) if y == 113000]
    assert len(hovers) == 1
    assert source_label("IOM_KG_OVERVIEW", "en") in hovers[0] and "EADaily" in hovers[0]


def test_the_iom_count_for_russia_is_an_official_statement(bundle, opts):
    rows = STOCK.rows(request(bundle, opts, "tab=compare&dest=RUS"))
    iom = rows[rows["source_id"] == "IOM_KG_OVERVIEW"]
    assert list(iom["value"]) == [574194]
    assert list(iom["kind"]) == ["official statement"]
    assert 2016.25 <= iom["reference_date_decimal"].iloc[0] < 2016 + 4 / 12  # April 2016


def test_the_compare_chart_draws_stocks_only_and_names_undated_stocks(bundle, opts):
    """Registers of controlled persons, permits and shares are not stocks: not drawn, not named as undated counts."""
    req = request(bundle, opts, "tab=compare&dest=RUS")
    counts = bundle["national_counts"]
    not_stocks = counts[(counts["destination_iso3"] == "RUS") & (counts["kind"] != "stock")]["source_id"]
    drawn = STOCK.rows(req)
    assert not set(drawn["source_id"]) & (set(not_stocks) - set(counts[counts["kind"] == "stock"]["source_id"]))
    notes = " ".join(STOCK.heading(req).notes)
    assert "571,000 persons" in notes and "124,000" not in notes  # the register of controlled persons is not a stock


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
@pytest.mark.parametrize("query", ["tab=compare&dest=RUS", "tab=compare&dest=KAZ", "tab=compare&dest=TUR&sex=female",
                                   "tab=compare&dest=RUS&from=2015&to=2020"])
def test_the_headline_names_the_lowest_and_highest_latest_figure(bundle, opts, query, lang):
    """Worked out here from the rows the chart draws: each source's latest figure in the view's range, the lowest
    and the highest, each written with its number and source; the same words lead the subtitle and the summary."""
    req = request(bundle, opts, query, lang)
    rows = STOCK.rows(req)
    latest = rows.sort_values("reference_date_decimal", kind="stable").groupby(["series", "source_id"]).tail(1)
    low = latest["value"].min()
    high = latest["value_max"].fillna(latest["value"]).max()
    text = headline(req, rows.rename(columns={"value": "value_persons", "value_max": "value_max_persons",
                                              "reference_date_decimal": "x"}))
    numbers = [float(n.replace("\u00a0", "").replace(",", "").replace(" ", ""))
               for n in re.findall(r"\d[\d,\u00a0 ]*\d{3}|\d+", text)]
    assert low in numbers and high in numbers
    assert fmt_number(low, lang, 0) in text and fmt_number(high, lang, 0) in text
    assert STOCK.heading(req).subtitle.startswith(text)
    assert STOCK.describe(req, rows).startswith(text)


def test_the_headline_for_russia(bundle, opts):
    """The issue's example, on today's data: UN DESA's 2024 estimate is the lowest latest figure; the highest is an
    official statement, each with what it counts and its source."""
    text = headline(request(bundle, opts, "tab=compare&dest=RUS"), drawn(bundle, opts, "tab=compare&dest=RUS"))
    assert text.startswith("Kyrgyz migrants in Russia, each source's latest figure: from 333,664 (born in "
                           "Kyrgyzstan, estimate; UN DESA International Migrant Stock, 2024 revision; mid-2024) to ")
    assert text.endswith(", depending on what is counted")
    ru = headline(request(bundle, opts, "tab=compare&dest=RUS", "ru"), drawn(bundle, opts, "tab=compare"))
    assert "от 333\u00a0664 (уроженцы Кыргызстана, оценка;" in ru and "в зависимости от того, кого считать" in ru
    ky = headline(request(bundle, opts, "tab=compare&dest=RUS", "ky"), drawn(bundle, opts, "tab=compare"))
    assert "эң азы 333\u00a0664 (Кыргызстанда төрөлгөндөр, баалоо;" in ky and "эмнени эсептегенине жараша" in ky


def test_a_range_counts_at_its_ends_and_a_qualifier_travels(bundle, opts):
    """A range is the lowest at its lower end and the highest at its upper end, written whole; 'more than' stays."""
    frame = drawn(bundle, opts, "tab=compare&dest=RUS").head(0)
    rows = pd.DataFrame([
        {"series": "OFFICIAL", "kind": "official statement", "universe": "citizens", "x": 2017.9, "year": 2017,
         "value_persons": 617000.0, "value_max_persons": 630000.0, "qualifier": "range", "source_id": "A",
         "also_source_id": "", "detail": "citizens (2017-12)"},
        {"series": "OFFICIAL", "kind": "official statement", "universe": "citizens", "x": 2021.5, "year": 2021,
         "value_persons": 625000.0, "value_max_persons": float("nan"), "qualifier": "more than", "source_id": "B",
         "also_source_id": "", "detail": "citizens (2021)"}])
    rows = pd.concat([frame, rows], ignore_index=True)
    low, high = extremes(rows)
    assert (low["source_id"], high["source_id"]) == ("A", "A")  # 617,000 is the lowest, 630,000 the highest
    text = headline(request(bundle, opts, "tab=compare&dest=RUS"), rows.iloc[[1]])
    assert "more than 625,000" in text


def test_the_facts_box_pairs_each_fact_with_a_later_figure_and_its_source(bundle):
    rows = country_facts(bundle)
    shown = bundle.presentation.facts
    assert [item["key"] for item in shown] == list(dict.fromkeys(rows["fact"]))
    for key, group in rows.groupby("fact", sort=False):
        fact = group[group["role"] == "fact"]
        assert len(fact) == 1 and fact["source_id"].iloc[0].startswith("IOM_KG_")
        latest = group[group["role"] == "latest"]
        assert len(latest) >= 1
        for row in latest.itertuples():
            if row.value != row.value:  # no comparable series: missing, never 0
                assert not row.source_id
                continue
            assert row.source_id and not row.source_id.startswith("IOM_KG_")
            fact_year = str(fact["period"].iloc[0])[:4]
            assert not fact_year.isdigit() or int(str(row.period)[:4]) > int(fact_year), (key, row.period)
    population = rows[(rows["fact"] == "population") & (rows["role"] == "latest")]
    assert set(population["source_id"]) == {"DATAHUB_POP_WDI", "N_24KG_2026_02_03"}
    assert rows[(rows["fact"] == "gdp_per_capita_ppp") & (rows["role"] == "latest")]["value"].isna().all()


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Population", "IOM page (2015): 5.9 million persons", "7.22 million persons", "no comparable series",
            "2.25 billion US$ (estimate)", "1 million persons (estimate)",
            "(computed here from the published counts)"]),
    ("ru", ["Население", "Страница МОМ (2015): 5,9 млн человек", "2,25 млрд долл. США (оценка)",
            "1 млн человек (оценка)"]),
    ("ky", ["Калк", "ЭМУнун барагы (2015): 5,9 млн адам", "2,25 млрд АКШ доллары (баалоо)", "1 млн адам (баалоо)"]),
])
def test_the_facts_box_words_each_figure_with_its_period_and_qualifier(bundle, opts, lang, words):
    req = request(bundle, opts, "", lang)
    summary = FACTS.describe(req, FACTS.rows(req))
    figure = " ".join(note["text"].replace("<br>", " ") for note in FACTS.figure(req)["layout"]["annotations"])
    for word in words:
        assert word in summary, word
        assert word in re.sub(r"</?b>", "", figure) or word in figure.replace(" ", " "), word


def test_a_facts_pairing_that_does_not_resolve_is_refused(tmp_path):
    broken_copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, broken_copy)
    path = broken_copy / "presentation.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["facts"][0]["latest"].append({"table": "context", "indicator": "no such indicator"})
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DataPackageError) as info:
        load_bundle(broken_copy)
    assert any("facts.population.latest" in str(p) for p in info.value.problems)


@pytest.mark.parametrize(("lang", "persons", "usd"), [
    ("en", "1,000,000 persons (estimate)", "2.25 billion US$ (estimate)"),
    ("ru", "1\u00a0000\u00a0000 человек (оценка)", "2,25 млрд долл. США (оценка)"),
    ("ky", "1\u00a0000\u00a0000 адам (баалоо)", "2,25 млрд АКШ доллары (баалоо)"),
])
def test_the_estimate_qualifier_in_each_language(lang, persons, usd):
    assert fmt_amount(999999 + 1, "persons", lang, "estimate", scale=1) == persons
    assert fmt_amount(2246, "US$ million (estimate)", lang, "estimate") == usd
    assert published_value(2246, "US$ million (estimate)", lang, "estimate").endswith(usd[-9:])


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_the_facts_box_says_the_year_filters_do_not_apply(bundle, opts, lang):
    """The latest figures whatever the view's year or range: the heading, the figure and the summary say so."""
    req = request(bundle, opts, "year=2020&from=2015&to=2024", lang)
    heading = FACTS.heading(req).subtitle_with_notes()
    summary = FACTS.describe(req, FACTS.rows(req))
    for text in ("2020", "2015"):
        assert text in heading and text in summary
