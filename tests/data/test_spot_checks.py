"""Transcription checks: figures in data/ against the source kit (figures/NOTES.md and the kit CSVs).

The literals below were copied by hand from the kit and checked against its CSVs; the kit itself is not read at run
time (a clone of this repository has no ../shared). A failure here means a figure changed on its way into data/.
"""

from __future__ import annotations

import pytest

from dashboard.data import corridors as C
from dashboard.data import oblasts as O
from dashboard.data import stock as S

UN24, UN20, UN19 = "UNDESA_IMS2024_VIA_ANDREEV", "UNDESA_IMS2020_VIA_ANDREEV", "UNDESA_IMS2019_VIA_ABEL"
KNOMAD = "KNOMAD_BMM_2021"


def stock(bundle, source, year, iso3, sex="both"):
    ms = bundle["migrant_stock"]
    hit = ms[(ms["source_id"] == source) & (ms["year"] == year) & (ms["destination_iso3"] == iso3) & (ms["sex"] == sex)]
    assert len(hit) == 1, f"{source} {year} {iso3} {sex}: {len(hit)} rows"
    return int(hit["value"].iloc[0])


# --- migrant stock (kit: migrant_stock.csv) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso3", "sex", "value"),
    [("RUS", "both", 333664), ("RUS", "male", 162947), ("RUS", "female", 170717), ("KAZ", "both", 100242),
     ("TUR", "both", 44361), ("UKR", "both", 27538), ("TJK", "both", 11382)],
)
def test_un_2024_revision_2024(bundle, iso3, sex, value):
    assert stock(bundle, UN24, 2024, iso3, sex) == value


def test_un_2024_male_plus_female_is_both_for_russia(bundle):
    assert stock(bundle, UN24, 2024, "RUS", "male") + stock(bundle, UN24, 2024, "RUS", "female") == 333664


def test_un_2024_top_five_in_order(bundle):
    df = S.stock_by_destination(bundle, UN24, "both", 2024)
    assert df.head(5)[["destination_iso3", "value"]].values.tolist() == [
        ["RUS", 333664], ["KAZ", 100242], ["TUR", 44361], ["UKR", 27538], ["TJK", 11382]]


@pytest.mark.parametrize(("iso3", "rev2020", "rev2024"), [("KAZ", 7085, 93946), ("RUS", 591025, 399110)])
def test_un_revisions_disagree_for_2020(bundle, iso3, rev2020, rev2024):
    assert stock(bundle, UN20, 2020, iso3) == rev2020
    assert stock(bundle, UN24, 2020, iso3) == rev2024


def test_knomad_2021_world_total(bundle):
    assert stock(bundle, KNOMAD, 2021, "WLD") == 804188


def test_knomad_vs_un_2020_turkiye(bundle):
    assert stock(bundle, KNOMAD, 2021, "TUR") == 32689
    assert stock(bundle, UN20, 2020, "TUR") == 2697


def test_knomad_equals_un_2020_for_russia(bundle):
    assert stock(bundle, KNOMAD, 2021, "RUS") == stock(bundle, UN20, 2020, "RUS") == 591025


# --- census and register counts (kit: migrant_stock_national_sources.csv) -------------------------------------------


@pytest.mark.parametrize(
    ("iso3", "year", "label", "universe", "sex", "value"),
    [
        ("RUS", 2010, "Census2010", "born", "both", 573251),
        ("RUS", 2010, "Census2010", "born", "male", 279930),
        ("RUS", 2010, "Census2010", "born", "female", 293321),
        ("RUS", 2021, "Census2021", "born", "both", 380441),
        ("KAZ", 2021, "NSO_Census2021", "born", "both", 96175),
        ("KAZ", 2021, "NSO_Census2021", "citizens", "both", 82691),
        ("DEU", 2022, "Census2022", "born", "both", 82582),
    ],
)
def test_census_counts(bundle, iso3, year, label, universe, sex, value):
    dc = bundle["migrant_stock_destination_counts"]
    hit = dc[(dc["destination_iso3"] == iso3) & (dc["year"] == year) & (dc["original_source_label"] == label)
             & (dc["universe"] == universe) & (dc["sex"] == sex)]
    assert len(hit) == 1
    row = hit.iloc[0]
    assert row["value"] == value
    assert row["source_id"] == "EMPIRICAL_VIA_ANDREEV"
    assert int(row["yearref"]) == year


def test_census_reference_dates(bundle):
    dc = bundle["migrant_stock_destination_counts"]
    ru2010 = dc[(dc["original_source_label"] == "Census2010") & (dc["destination_iso3"] == "RUS")]
    assert len(ru2010) >= 3
    assert ru2010["yearref"].tolist() == pytest.approx([2010.7986301369863] * len(ru2010))
    de2022 = dc[(dc["original_source_label"] == "Census2022") & (dc["destination_iso3"] == "DEU")]
    assert de2022["yearref"].iloc[0] == pytest.approx(2022.3671232876711)


def test_census_universes_are_not_mixed(bundle):
    dc = bundle["migrant_stock_destination_counts"]
    assert (dc["universe"] == "born").sum() == 2460
    assert (dc["universe"] == "citizens").sum() == 1040
    assert set(dc["source_id"]) == {"EMPIRICAL_VIA_ANDREEV"}


# --- official statements (kit: national_counts.csv) -----------------------------------------------------------------


@pytest.mark.parametrize(("year", "value"), [(2020, 596253), (2021, 680599), (2022, 587089), (2023, 408448)])
def test_mfa_russia_annual(bundle, year, value):
    nc = bundle["national_counts"]
    hit = nc[(nc["source_id"] == "N_24KG_312641") & (nc["date"] == str(year))]
    assert len(hit) == 1
    row = hit.iloc[0]
    assert (row["destination_iso3"], row["year"], row["value"], row["multiplier"]) == ("RUS", year, value, 1)
    assert row["kind"] == "stock"


def test_mfa_russia_h1_2024(bundle):
    nc = bundle["national_counts"]
    hit = nc[(nc["source_id"] == "N_24KG_312641") & (nc["date"] == "2024-H1")]
    assert hit["value"].tolist() == [350916]


def test_fms_thousands(bundle):
    nc = bundle["national_counts"]
    fms = nc[nc["source_id"] == "N_365INFO_2015_04"].sort_values("date")
    assert fms["value"].tolist() == [557.8, 507.4]
    assert (fms["unit"] == "thousand persons").all() and (fms["multiplier"] == 1000).all()


@pytest.mark.parametrize(("value", "source", "date"), [(738300, "N_24KG_83707", "2017"),
                                                      (429143, "N_AKIPRESS_2019_08_17", "2019-H1"),
                                                      (265149, "N_AKIPRESS_2019_08_17", "2019-H1")])
def test_flows_are_marked_as_flows(bundle, value, source, date):
    nc = bundle["national_counts"]
    hit = nc[(nc["value"] == value) & (nc["source_id"] == source) & (nc["date"] == date)]
    assert hit["kind"].tolist() == ["flow"]


def test_sms_total_abroad_nov_2018(bundle):
    nc = bundle["national_counts"]
    hit = nc[(nc["date"] == "2018-11") & (nc["destination_iso3"] == "WLD")]
    assert hit["value"].tolist() == [750000]
    assert hit["source_id"].tolist() == ["N_24KG_102753"]


# --- remittances (kit: remittances.csv) ------------------------------------------------------------------------------


def remit(bundle, source, year, indicator):
    r = bundle["remittances"]
    hit = r[(r["source_id"] == source) & (r["year"] == year) & (r["indicator"] == indicator)]
    assert len(hit) == 1, f"{source} {year} {indicator}"
    return float(hit["value"].iloc[0])


def test_wdi_2021_usd_vintages(bundle):
    new = remit(bundle, "WDI_2025_07_CSV", 2021, "BX.TRF.PWKR.CD.DT")
    old = remit(bundle, "WDI_2023_05_XLS", 2021, "BX.TRF.PWKR.CD.DT")
    assert new == pytest.approx(3011845025.87625, rel=1e-12)
    assert old == pytest.approx(2792498249.11793, rel=1e-12)
    assert int(new) == 3011845025 and int(old) == 2792498249
    assert remit(bundle, "WDI_2024_03_DATABANK", 2021, "BX.TRF.PWKR.CD.DT") == pytest.approx(new, rel=1e-12)


def test_wdi_2021_pct_gdp_vintages(bundle):
    v2023 = remit(bundle, "WDI_2023_05_XLS", 2021, "BX.TRF.PWKR.DT.GD.ZS")
    v2024 = remit(bundle, "WDI_2024_03_DATABANK", 2021, "BX.TRF.PWKR.DT.GD.ZS")
    assert round(v2023, 2) == 32.69
    assert round(v2024, 2) == 32.56
    assert v2023 == pytest.approx(32.685939638409785, rel=1e-12)
    assert v2024 == pytest.approx(32.563535606405566, rel=1e-12)


def test_remittances_paid_is_an_outflow(bundle):
    r = bundle["remittances"]
    paid = r[r["indicator"] == "BM.TRF.PWKR.CD.DT"]
    assert paid["measure"].tolist() == ["paid_usd"]
    assert paid["value"].iloc[0] == pytest.approx(584525311.886809, rel=1e-12)


def test_knomad_inflows_2021_in_millions(bundle):
    v = remit(bundle, "KNOMAD_INFLOWS_2023_06", 2021, "KNOMAD remittance inflows")
    assert v == pytest.approx(2792.4982491179344, rel=1e-12)


# --- places and distances (kit: places.csv) -------------------------------------------------------------------------


def test_osh_and_moscow_coordinates(bundle):
    p = C.places(bundle)
    assert (p.loc["osh", "lat"], p.loc["osh", "lon"]) == (40.52828, 72.7985)
    assert (p.loc["moscow", "lat"], p.loc["moscow", "lon"]) == (55.75204, 37.61781)


def test_osh_moscow_geodesic_distance(bundle):
    assert round(C.distance_km(40.52828, 72.7985, 55.75204, 37.61781)) == 3067
    assert round(C.corridor(bundle, "osh", "moscow").distance_km) == 3067


# --- oblasts (kit: oblast_migration.csv, oblast_series.csv) ---------------------------------------------------------


def test_sms_labour_migrants_by_origin_nov_2018(bundle):
    o = bundle["oblast_indicators"]
    rows = o[(o["indicator"] == "labour_migrants_by_origin") & (o["period"] == "2018-11")]
    assert dict(zip(rows["iso_3166_2"], rows["value"], strict=True)) == {
        "KG-B": 265000, "KG-J": 227000, "KG-O": 155000, "KG-C": 11000, "KG": 750000}
    assert set(rows["source_id"]) == {"N_24KG_102753"}
    assert (rows["unit"] == "persons").all()


def test_sms_figures_kept_as_published(bundle):
    """227,000 of 750,000 is stated as 27%: internally inconsistent, kept as published (NOTES.md section 6)."""
    o = bundle["oblast_indicators"]
    shares = o[(o["indicator"] == "share_of_labour_migrants_by_origin") & (o["period"] == "2018-11")]
    assert dict(zip(shares["iso_3166_2"], shares["value"], strict=True)) == {"KG-B": 35, "KG-J": 27}


def test_sms_figures_on_the_map(bundle):
    df = O.oblast_values(bundle, "migrants").set_index("iso_3166_2")["value"]
    assert (df["KG-B"], df["KG-J"], df["KG-O"], df["KG-C"]) == (265000, 227000, 155000, 11000)
    sms = bundle["oblast_indicators"]
    national = sms[(sms["iso_3166_2"] == "KG") & (sms["indicator"] == O.INDICATORS["migrants"].indicator)]
    assert national[["period", "value"]].values.tolist() == [["2018-11", 750000]]


def test_nsc_population_national_and_level_break(bundle):
    o = bundle["oblast_indicators"]
    pop = o[(o["indicator"] == "resident_population") & (o["source_id"] == "NSC_POP_THESIS")]
    kg = dict(zip(pop.loc[pop["iso_3166_2"] == "KG", "period"], pop.loc[pop["iso_3166_2"] == "KG", "value"],
                  strict=True))
    assert kg["2022-01-01"] == pytest.approx(6912.9)
    chuy = dict(zip(pop.loc[pop["iso_3166_2"] == "KG-C", "period"], pop.loc[pop["iso_3166_2"] == "KG-C", "value"],
                    strict=True))
    assert (chuy["2021-01-01"], chuy["2022-01-01"]) == (pytest.approx(975), pytest.approx(1054.5))
