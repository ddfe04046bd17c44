"""Queries on women and men among Kyrgyz migrants in one destination: every source that splits its count by sex.

Three kinds of source publish a split: the UN DESA revisions and the World Bank database (people born in
Kyrgyzstan, women, men and both), censuses and registers in the destination (born in Kyrgyzstan or Kyrgyz
citizens; some publish women and the total only), and the Interior Ministry's April 2016 count of Kyrgyz citizens in
Russia, whose split IOM published as percentages of the total. Values stay as published: a count the source did
not publish (men = total - women, women = 39 % of 574,194) is never made here. The one number worked out is the
share of women from a source's own counts of women and of all, for the same source, date and universe; it is
marked `computed` and carries both counts.
"""

from __future__ import annotations

import pandas as pd

from .bundle import Bundle
from .memo import memoized
from .rows import itertuples
from .stock import sources_for_destination

SPLIT_SEXES = ("female", "male")
# the order sources are drawn and read in: the package's stock sources in its order (newest UN revision first), then
# the counts made in the destination, the official statements
COUNT_ORDER = ("DEST_born", "DEST_citizens", "OFFICIAL_SPLIT")
COLUMNS = ["series", "kind", "universe", "reference_date_decimal", "year", "sex", "value", "unit", "detail",
           "source_id"]
SHARE_COLUMNS = ["series", "kind", "universe", "reference_date_decimal", "year", "share_women_pct", "share_basis",
                 "share_men_pct", "women", "men", "total", "source_id"]


@memoized
def sex_split(b: Bundle, iso3: str) -> pd.DataFrame:
    """Every published figure by sex for `iso3`, with the total of the same count beside it: columns COLUMNS, one
    row per figure (sex female, male or both; unit 'persons' or 'percent'). A count whose source gives no split is
    left out (see sources_without_split)."""
    parts = [_estimates(b, iso3), _destination_counts(b, iso3), _official_split(b, iso3)]
    found = [part for part in parts if len(part)]
    if not found:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(found, ignore_index=True)[COLUMNS]
    series_order = (*b.presentation.stock_sources, *COUNT_ORDER)
    order = out["series"].map({key: i for i, key in enumerate(series_order)}).fillna(len(series_order))
    return out.assign(order=order).sort_values(["order", "reference_date_decimal"], kind="stable") \
        .drop(columns="order").reset_index(drop=True)


def _with_split(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The rows of the counts (grouped by `keys`) that publish women or men; a total alone is not a split."""
    if not len(frame):
        return frame
    split = frame.groupby(keys, dropna=False)["sex"].transform(lambda sexes: sexes.isin(SPLIT_SEXES).any())
    return frame[split.astype(bool)]


def _estimates(b: Bundle, iso3: str) -> pd.DataFrame:
    stock = b["migrant_stock"]
    stock = _with_split(stock[stock["destination_iso3"] == iso3], ["source_id", "year"])
    return pd.DataFrame({
        "series": stock["source_id"], "kind": "estimate", "universe": "born",
        "reference_date_decimal": stock["year"].astype(float) + 0.5, "year": stock["year"].astype(int),
        "sex": stock["sex"], "value": stock["value"], "unit": "persons", "detail": "",
        "source_id": stock["source_id"]})


def _destination_counts(b: Bundle, iso3: str) -> pd.DataFrame:
    counts = b["migrant_stock_destination_counts"]
    counts = _with_split(counts[counts["destination_iso3"] == iso3], ["universe", "yearref", "original_source_label"])
    return pd.DataFrame({
        "series": "DEST_" + counts["universe"], "kind": "census/register", "universe": counts["universe"],
        "reference_date_decimal": counts["yearref"].astype(float), "year": counts["year"].astype(int),
        "sex": counts["sex"], "value": counts["value"], "unit": "persons",
        "detail": counts["original_source_label"], "source_id": counts["source_id"]})


def _official_split(b: Bundle, iso3: str) -> pd.DataFrame:
    """Official splits, published as shares of a stated total ('61 % men, 39 % women of 574,194'), with that
    total: the stock row of the same date and source."""
    national = b["national_counts"]
    national = national[(national["destination_iso3"] == iso3) & national["year"].notna()]
    shares = national[(national["kind"] == "share") & national["sex"].isin(SPLIT_SEXES)]
    totals = national[(national["kind"] == "stock") & (national["sex"] == "both")]
    totals = totals.merge(shares[["date", "source_id"]].drop_duplicates(), on=["date", "source_id"])
    rows = pd.concat([totals, shares], ignore_index=True)
    if not len(rows):
        return pd.DataFrame(columns=COLUMNS)
    return pd.DataFrame({
        "series": "OFFICIAL_SPLIT", "kind": "official statement", "universe": "citizens",
        "reference_date_decimal": rows["year"].astype(float) + rows["date"].map(_month_fraction),
        "year": rows["year"].astype(int), "sex": rows["sex"], "value": rows["value"] * rows["multiplier"],
        "unit": rows["unit"].map(lambda unit: "percent" if unit == "%" else "persons"),
        "detail": rows["measure"] + " (" + rows["date"] + ")", "source_id": rows["source_id"]})


def _month_fraction(date: str) -> float:
    """'2016-04' -> the first of April as a fraction of the year (0.25); a year alone -> mid-year."""
    text = str(date)
    if len(text) >= 7 and text[4] == "-" and text[5:7].isdigit():
        return (int(text[5:7]) - 1) / 12
    return 0.5


def computed_share(women: float, total: float) -> float:
    """women / total in percent; NaN when the total is 0 or below the women, as two counts that cannot both be a
    whole and its part (never a share over 100 %)."""
    return women / total * 100 if total > 0 and women <= total else float("nan")


@memoized
def share_of_women(b: Bundle, iso3: str) -> pd.DataFrame:
    """The share of women for each count of sex_split: as published (a percentage), or computed from the same
    count's women and total ('computed'). A count without both (men only, women without a total) gives no share;
    nor does one whose total is 0 or smaller than its women (OECD's Norway 2003: 23 women of 11): its counts stand
    as published, the share is missing."""
    split = sex_split(b, iso3)
    # one count: a census row's own label tells alternative measurements apart; an official split's shares and
    # its total are worded differently but are one statement (same date and source)
    split["count"] = split["detail"].where(split["kind"] == "census/register", "")
    out = []
    for key, group in split.groupby(["series", "reference_date_decimal", "source_id", "count"], sort=False):
        by_sex = {row.sex: row for row in itertuples(group)}
        women, men, total = (by_sex.get(sex) for sex in ("female", "male", "both"))
        if women is None or (women.unit != "percent" and total is None):
            continue
        counted = women.unit != "percent"
        missing = float("nan")
        share = women.value if not counted else computed_share(women.value, total.value)
        out.append({
            "series": key[0], "kind": women.kind, "universe": women.universe, "reference_date_decimal": key[1],
            "year": women.year, "share_women_pct": float(share),
            "share_basis": "computed" if counted else "published",
            # a published share of men stands beside the women's; a computed one would be the same sum twice
            "share_men_pct": men.value if men is not None and not counted else missing,
            "women": women.value if counted else missing,
            "men": men.value if men is not None and counted else missing,
            "total": total.value if total is not None else missing, "source_id": women.source_id})
    return pd.DataFrame(out, columns=SHARE_COLUMNS)


@memoized
def sources_without_split(b: Bundle, iso3: str) -> list[tuple[str, tuple[int, ...], bool]]:
    """The counts of Kyrgyz migrants in `iso3` that publish no split by sex, so a chart can name them: (series key
    as stock.sources_for_destination names it, the years without a split, whether the series has no split in any
    year: UN DESA 2019, KNOMAD) -- or only in some (Russia's 2021 census)."""
    every = sources_for_destination(b, iso3, "both")
    split = sex_split(b, iso3)
    out = []
    for series, group in every.groupby("series", sort=False):
        years_split = set(split.loc[split["series"] == series, "year"])
        missing = tuple(sorted({int(year) for year in group["year"]} - years_split))
        if missing:
            out.append((series, missing, not years_split))
    return out
