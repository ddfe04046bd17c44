"""Hovers of the time-series figures (dashboard.figures.series), read from the built figure dicts: dates as dates,
no internal codes, one readable unit with the exact published value beneath it when the two differ."""

from __future__ import annotations

import math
import re

import pytest

from dashboard.data import remittances as rq
from dashboard.data import stock as sq
from dashboard.figures import series
from dashboard.i18n import LANGUAGES
from dashboard.labels import SERIES_LABEL, source_label

DECIMAL_YEAR = re.compile(r"\b(19|20)\d\d\.\d")
CODE = re.compile(r"\b[A-Za-z]+\d*_[A-Za-z0-9_]+\b")  # Census2009_report, UNSDDYB_B59_CJC, WDI_2025_07_CSV
ARGS = {"title": "t", "subtitle": "s", "source_line": "l"}


def hover_texts(fig: dict) -> list[str]:
    """Every text a hover can show: the template with each point's customdata put in."""
    out = []
    for trace in fig["data"]:
        for row in trace.get("customdata", []):
            text = trace["hovertemplate"]
            cells = row if isinstance(row, list) else [row]
            for i, cell in enumerate(cells):
                text = text.replace(f"%{{customdata[{i}]}}", str(cell))
            out.append(text.replace("%{customdata}", str(cells[0])).replace("\xa0", " ").replace("\u202f", " "))
    return out


def compare(bundle, iso: str, lang: str) -> dict:
    df = sq.sources_for_destination(bundle, iso, "both")
    labels = {k: v for k, v in SERIES_LABEL.items()}
    labels.update({sid: source_label(sid, lang) for sid in df["series"].unique() if sid not in labels})
    return series.compare_figure(df, labels, 2020, unit="persons", lang=lang, **ARGS)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("iso", ["RUS", "KAZ", "TUR"])
def test_compare_hover_has_dates_not_decimals_and_no_codes(bundle, iso, lang):
    texts = hover_texts(compare(bundle, iso, lang))
    assert texts
    for text in texts:
        assert not DECIMAL_YEAR.search(text), text
        assert not CODE.search(text), text
        assert "%{x" not in text


def test_compare_hover_dates_in_words(bundle):
    en = "\n".join(hover_texts(compare(bundle, "RUS", "en")))
    assert "mid-2020: 399,110 persons" in en or "mid-2020:" in en  # UN DESA's mid-year estimates
    assert "first half of 2024: 350,916 persons" in en  # an official statement's own date, not its axis position
    assert "October 2010: 573,251 persons" in en  # the 2010 census, 14 October
    ru = "\n".join(hover_texts(compare(bundle, "RUS", "ru")))
    assert "первое полугодие 2024 г.: 350 916 человек" in ru
    assert "середина 2020 г." in ru


def test_compare_hover_keeps_qualifiers_and_ranges(bundle):
    en = "\n".join(hover_texts(compare(bundle, "KAZ", "en")))
    assert "up to 45,000 persons" in en or "about 30,000 persons" in en
    ru = "\n".join(hover_texts(compare(bundle, "KAZ", "ru")))
    assert "около 30 000 человек" in ru


@pytest.mark.parametrize(("lang", "readable", "exact"), [
    ("en", "3.05 billion US$", "as published: 3,050.880909522644 US$ million"),
    ("ru", "3,05 млрд долл. США", "опубликовано: 3 050,880909522644 млн долл. США"),
    ("ky", "3,05 млрд АКШ доллары", "жарыяланган маани: 3 050,880909522644 млн АКШ доллары"),
])
def test_remittance_hover_readable_then_exact(bundle, lang, readable, exact):
    df = rq.remittance_series(bundle, "received_usd")
    labels = {sid: source_label(sid, lang, bundle.sources) for sid in df["source_id"].unique()}
    texts = hover_texts(series.remittance_figure(df, labels, 2020, pct=False, lang=lang, **ARGS))
    hit = [t for t in texts if readable in t and exact in t]
    assert hit, texts[:3]
    assert all(not CODE.search(t) and not DECIMAL_YEAR.search(t) for t in texts)


def test_remittance_share_hover_in_cldr_order(bundle):
    df = rq.remittance_series(bundle, "received_pct_gdp")
    ky = hover_texts(series.remittance_figure(df, {}, 2020, pct=True, lang="ky", **ARGS))
    assert any("ИДПнын 32,56%" in t for t in ky)
    ru = hover_texts(series.remittance_figure(df, {}, 2020, pct=True, lang="ru", **ARGS))
    assert any("32,56 % ВВП" in t for t in ru)


def test_stock_hover_counts_with_plurals(bundle):
    df = sq.stock_top_and_other(bundle, "UNDESA_IMS2024_VIA_ANDREEV", "both", 2024)
    ru = hover_texts(series.stock_figure(df, {"RUS": "Россия"}, 2024, unit="человек", lang="ru", **ARGS))
    assert "<b>Россия</b><br>2024: 333 664 человека<extra></extra>" in ru
    en = hover_texts(series.stock_figure(df, {"RUS": "Russia"}, 2024, unit="persons", lang="en", **ARGS))
    assert "<b>Russia</b><br>2024: 333,664 persons<extra></extra>" in en


def test_by_country_hover_in_the_axis_unit_with_the_published_value(bundle):
    df = rq.remittances_by_country(bundle, "model")
    texts = hover_texts(series.by_country_figure(df, {}, top=12, lang="en", **ARGS))
    assert any("2,018 million US$<br>as published: 2,017.5236911022544 US$ million" in t for t in texts)


def test_hover_amount_only_adds_the_exact_value_when_it_differs():
    assert series.hover_amount(333664, "persons", "en") == "333,664 persons"
    assert series.hover_amount(32.56, "% of GDP", "en") == "32.56% of GDP"
    assert series.hover_amount(557.8, "thousand persons", "en") == (
        "557,800 persons<br>as published: 557.8 thousand persons")
    assert series.hover_amount(float("nan"), "persons", "en") == "–"


@pytest.mark.parametrize(("detail", "split"), [
    ("Kyrgyz citizens present in Russia (FMS) (2013-12-02)", ("Kyrgyz citizens present in Russia (FMS)", "2013-12-02")),
    ("Kyrgyz citizens in Russia (SMS KG) (2015 (late))", ("Kyrgyz citizens in Russia (SMS KG)", "2015 (late)")),
    ("no date here", ("no date here", "")),
])
def test_official_statement_date_split(detail, split):
    assert series._closing_bracket(detail) == split


def test_one_year_source_has_one_year_tick_never_a_fraction(bundle):
    df = sq.stock_top_and_other(bundle, "KNOMAD_BMM_2021", "both", 2020)
    fig = series.stock_figure(df, {}, 2020, unit="persons", lang="en", **ARGS)
    axis = fig["layout"]["xaxis"]
    # one year: a dot chart of destinations (series.single_year_figure), no year axis to put fractions on
    assert fig["layout"]["yaxis"]["type"] == "category" and "tickvals" not in axis
    assert all(d["mode"] == "markers+text" for d in fig["data"])
    axis = series.year_axis([2019, 2020, 2021])
    assert axis["tickvals"] == [2019, 2020, 2021] and axis["ticktext"] == ["2019", "2020", "2021"]


def test_many_years_keep_plotly_ticks_as_whole_years(bundle):
    rem = rq.remittance_series(bundle, "received_usd")
    axis = series.remittance_figure(rem, {}, 2020, pct=False, lang="en", **ARGS)["layout"]["xaxis"]
    assert axis["tickformat"] == "d" and "tickvals" not in axis
    df = sq.stock_top_and_other(bundle, "UNDESA_IMS2024_VIA_ANDREEV", "both", 2024)
    axis = series.stock_figure(df, {}, 2024, unit="persons", lang="en", **ARGS)["layout"]["xaxis"]
    assert all(isinstance(v, int) for v in axis.get("tickvals", []))


@pytest.mark.parametrize(("lang", "top"), [("en", ["1,000", "10,000"]), ("ru", ["1 000", "10 000"]),
                                          ("ky", ["1 000", "10 000"])])
def test_by_country_log_axis_labels_each_power_of_ten(bundle, lang, top):
    df = rq.remittances_by_country(bundle, "model")
    axis = series.by_country_figure(df, {}, top=12, lang=lang, **ARGS)["layout"]["xaxis"]
    assert axis["type"] == "log"
    assert all(math.log10(v).is_integer() for v in axis["tickvals"])
    assert [t.replace("\xa0", " ") for t in axis["ticktext"]][-2:] == top
    values = [float(v) / 1e6 for v in df.head(12)["value_usd"]]
    assert axis["tickvals"][0] <= min(values) and axis["tickvals"][-1] >= max(values)


@pytest.mark.parametrize(("lang", "suffix"), [("en", "%"), ("ru", "\xa0%"), ("ky", "%")])
def test_share_axis_percent_sign_as_cldr_writes_it(bundle, lang, suffix):
    df = rq.remittance_series(bundle, "received_pct_gdp")
    fig = series.remittance_figure(df, {}, 2020, pct=True, lang=lang, **ARGS)
    assert fig["layout"]["yaxis"]["ticksuffix"] == suffix
