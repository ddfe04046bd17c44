"""Women and men (chart `sexes`, wm=counts|share): every figure as published, no share or count the source did not
publish unless marked computed from that source's own counts, titles in each language, missing said in words."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

from dashboard import callbacks
from dashboard.charts import REGISTRY, ChartRequest
from dashboard.data import sexes as sq
from dashboard.state import parse

CHART = REGISTRY["sexes"]
UN2024 = "UNDESA_IMS2024_VIA_ANDREEV"


def request(bundle, opts, query: str, lang: str = "en") -> ChartRequest:
    return ChartRequest(bundle, parse(query, opts)[0], opts, lang)


def test_turkey_has_women_and_men_from_un_desa(bundle, opts):
    rows = CHART.rows(request(bundle, opts, "dest=TUR"))
    un = rows[(rows["source_id"] == UN2024) & (rows["year"] == 2024)].set_index("sex")["value"]
    stock = bundle["migrant_stock"]
    published = stock[(stock["source_id"] == UN2024) & (stock["destination_iso3"] == "TUR") & (stock["year"] == 2024)]
    assert un.to_dict() == published.set_index("sex")["value"].to_dict()
    assert {"female", "male"} <= set(un.index)
    fig = CHART.figure(request(bundle, opts, "dest=TUR"))
    drawn = [trace for trace in fig["data"] if trace.get("legendgroup") == UN2024]
    assert len(drawn) == 2, "UN DESA 2024: a line for women and one for men"
    assert max(drawn[0]["y"]) == un["female"] and max(drawn[1]["y"]) == un["male"]


def test_russia_2016_split_is_the_published_39_percent_from_iom(bundle, opts):
    shares = CHART.rows(request(bundle, opts, "dest=RUS&wm=share"))
    iom = shares[shares["source_id"] == "IOM_KG_OVERVIEW"]
    assert len(iom) == 1
    row = iom.iloc[0]
    assert (row["share_women_pct"], row["share_men_pct"], row["total"]) == (39, 61, 574194)
    assert row["share_basis"] == "published"
    assert math.isnan(row["women"]) and math.isnan(row["men"]), "no head count made from a published share"
    counts = CHART.rows(request(bundle, opts, "dest=RUS"))
    iom_counts = counts[counts["source_id"] == "IOM_KG_OVERVIEW"]
    assert sorted(zip(iom_counts["sex"], iom_counts["unit"], iom_counts["value"], strict=True)) == [
        ("both", "persons", 574194), ("female", "percent", 39), ("male", "percent", 61)]
    summary = CHART.describe(request(bundle, opts, "dest=RUS&wm=share", "ru"), shares)
    assert "39\u00a0%" in summary and "574\u00a0194" in summary


@pytest.mark.parametrize("iso3", ["TUR", "RUS", "KAZ", "DEU", "USA"])
def test_no_share_is_invented(bundle, iso3):
    """A computed share is women / all of one published count (same source, date and measurement); a published
    one is a national_counts share row as it stands."""
    split = sq.sex_split(bundle, iso3)
    for row in sq.share_of_women(bundle, iso3).itertuples():
        if row.share_basis == "published":
            national = bundle["national_counts"]
            match = national[(national["kind"] == "share") & (national["source_id"] == row.source_id)
                             & (national["sex"] == "female") & (national["destination_iso3"] == iso3)]
            assert list(match["value"]) == [row.share_women_pct]
            continue
        same = split[(split["series"] == row.series) & (split["reference_date_decimal"] == row.reference_date_decimal)
                     & (split["unit"] == "persons")]
        assert row.women in set(same.loc[same["sex"] == "female", "value"])
        assert row.total in set(same.loc[same["sex"] == "both", "value"])
        assert row.share_women_pct == pytest.approx(row.women / row.total * 100)
    published = pd.concat([bundle["migrant_stock"], bundle["migrant_stock_destination_counts"]])
    persons = split[(split["unit"] == "persons") & (split["kind"] != "official statement")]
    assert set(persons["value"]) <= set(published["value"]), "every count drawn is a published one"


def test_a_computed_share_is_a_part_of_its_whole_or_missing(bundle):
    """Counts whose total is 0 (UN DESA's Norway, 1990) or smaller than the women (OECD's Norway 2003: 23 of 11)
    give no share, with no division warning; every other computed share lies between 0 and 100."""
    stock = bundle["migrant_stock"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for iso3 in sorted(set(stock["destination_iso3"])):
            shares = sq.share_of_women(bundle, iso3)
            computed = shares[shares["share_basis"] == "computed"]
            drawn = computed["share_women_pct"].dropna()
            assert drawn.between(0, 100).all(), (iso3, list(drawn[~drawn.between(0, 100)]))
            odd = computed[(computed["total"] == 0) | (computed["women"] > computed["total"])]
            assert odd["share_women_pct"].isna().all(), iso3
    norway = sq.share_of_women(bundle, "NOR")
    assert norway[(norway["women"] == 23) & (norway["total"] == 11)]["share_women_pct"].isna().all()


def test_computed_shares_say_so_in_the_hover(bundle, opts):
    fig = CHART.figure(request(bundle, opts, "dest=TUR&wm=share"))
    hovers = [" ".join(map(str, point)) for trace in fig["data"] for point in trace["customdata"]]
    assert all("computed from the source's own counts" in text or "as published" in text for text in hovers)
    assert any("29,765" in text and "44,361" in text for text in hovers), "both published counts beside the share"
    assert fig["layout"]["yaxis"]["range"] == [0, 100]
    assert any(shape.get("name") == "half" and shape["y0"] == 50 for shape in fig["layout"]["shapes"])


@pytest.mark.parametrize(("lang", "query", "title"), [
    ("en", "dest=TUR", "Kyrgyz migrants in Turkey: women and men"),
    ("ru", "dest=TUR", "Турция: женщины и мужчины среди мигрантов из Кыргызстана"),
    ("ky", "dest=TUR", "Түркия: кыргызстандык мигранттар, аялдар жана эркектер"),
    ("en", "dest=RUS&wm=share", "Kyrgyz migrants in Russia: share of women"),
    ("ru", "dest=KAZ&from=2000&to=2024", "Казахстан: женщины и мужчины среди мигрантов из Кыргызстана, 2000–2024"),
    ("ky", "dest=RUS&wm=share", "Россия: кыргызстандык мигранттар, аялдардын үлүшү"),
])
def test_titles_name_the_destination_and_range_in_each_language(bundle, opts, lang, query, title):
    assert CHART.heading(request(bundle, opts, query, lang)).title == title


def test_a_destination_without_a_split_says_so_in_words(bundle, opts):
    req = request(bundle, opts, "dest=FRO", "ru")
    fig = CHART.figure(req)
    assert fig["data"] == []
    message = [note["text"] for note in fig["layout"]["annotations"] if note.get("name") == "no-figure"]
    assert message and "разбивки мигрантов из Кыргызстана по полу" in message[0].replace("<br>", " ")
    assert "разбивки по полу" in CHART.describe(req, CHART.rows(req))
    assert CHART.heading(req).source_ids == ("KNOMAD_BMM_2021",), "the source line names what is counted there"


def test_sources_without_a_split_are_named(bundle, opts):
    notes = CHART.heading(request(bundle, opts, "dest=RUS")).notes
    assert any("No split by sex" in note and "2019 revision" in note and "(2021)" in note for note in notes)


def test_year_range_cuts_every_series(bundle, opts):
    rows = CHART.rows(request(bundle, opts, "dest=KAZ&from=2000&to=2024"))
    assert len(rows) and rows["year"].between(2000, 2024).all()


def test_wm_is_a_control_synced_with_the_url(opts):
    assert ("wm", "f-wm") in callbacks.CONTROLS
    values = dict(zip([key for key, _ in callbacks.CONTROLS],
                      callbacks.control_values(parse("dest=TUR&wm=share", opts)[0], opts), strict=True))
    assert values["wm"] == "share"


@pytest.mark.parametrize("query", ["dest=TUR", "dest=RUS", "dest=KAZ", "dest=DEU"])
def test_the_legend_names_each_source_once_and_keys_the_two_styles_once(bundle, opts, query):
    """Every source one entry in its colour, drawn however many sexes it publishes; 'Women' (solid, filled
    circles) and 'Men' (dashed, open squares) once at the end in grey. The 2024 revision alone had its own women
    and men entries, and the other sources' single entries showed a solid line for their dashed men too."""
    fig = CHART.figure(request(bundle, opts, query))
    entries = [trace for trace in fig["data"] if trace.get("showlegend", True)]
    groups = [trace.get("legendgroup") for trace in entries]
    named = [group for group in groups if group]  # an official total is one trace, in no group
    assert len(named) == len(set(named)), "one entry per source"
    drawn = {trace.get("legendgroup") for trace in fig["data"] if trace["x"] != [None]}
    assert drawn <= set(groups), "every source drawn has an entry"
    paired = any(sum(1 for trace in fig["data"] if trace.get("legendgroup") == group) == 2 for group in drawn)
    key = [(trace["name"], trace["line"]["dash"], trace["marker"]["symbol"]) for trace in entries
           if str(trace.get("legendgroup")).startswith("key-")]
    assert key == ([("Women", "solid", "circle"), ("Men", "dash", "square-open")] if paired else [])
    assert all(trace["x"] == [None] and trace["hoverinfo"] == "skip" for trace in entries
               if str(trace.get("legendgroup")).startswith("key-")), "the key has no point of its own"
