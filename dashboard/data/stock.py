"""Queries on migrant stock abroad: by destination over time, top destinations, and every source side by side.

All return fresh DataFrames; none fills a gap. A destination a source does not show is absent, not zero.
"""

from __future__ import annotations

import pandas as pd

from .bundle import Bundle
from .memo import memoized

# ViewState's default before any package is loaded (state.py needs one without a bundle). The package's own order
# and default are presentation.stock_sources; a test checks the two agree on the shipped package.
DEFAULT_STOCK_SOURCE = "UNDESA_IMS2024_VIA_ANDREEV"


@memoized
def stock_sources(b: Bundle) -> list[str]:
    present = set(b["migrant_stock"]["source_id"])
    offered = b.presentation.stock_sources
    return [s for s in offered if s in present] + sorted(present - set(offered))


@memoized
def stock_years(b: Bundle, source_id: str) -> list[int]:
    df = b["migrant_stock"]
    return sorted(int(y) for y in df.loc[df["source_id"] == source_id, "year"].unique())


@memoized
def sexes_for(b: Bundle, source_id: str) -> list[str]:
    df = b["migrant_stock"]
    return sorted(set(df.loc[df["source_id"] == source_id, "sex"]), key=["both", "male", "female"].index)


@memoized
def stock_by_destination(b: Bundle, source_id: str, sex: str = "both", year: int | None = None,
                         destinations: list[str] | None = None) -> pd.DataFrame:
    """Rows year, destination_iso3, value (persons), source_id; world totals (WLD) excluded."""
    rows = stock_of(b, source_id, sex)
    if year is not None:
        rows = rows[rows["year"] == year]
    if destinations:
        rows = rows[rows["destination_iso3"].isin(destinations)]
    return rows.copy().sort_values(["year", "value"], ascending=[True, False]).reset_index(drop=True)


def stock_of(b: Bundle, source_id: str, sex: str) -> pd.DataFrame:
    """One source's rows for one sex (world totals left out), in the table's order with its row labels: the table
    is split once per data version, so a new year or destination filters a few hundred rows, not all of them."""
    parts = stock_parts(b)
    return parts.get((source_id, sex), parts[None])


@memoized
def stock_parts(b: Bundle) -> dict:
    """(source_id, sex) -> stock_of's rows; None -> no rows (the columns only)."""
    df = b["migrant_stock"]
    rows = df.loc[df["destination_iso3"] != "WLD", ["year", "destination_iso3", "value", "source_id"]]
    keys = list(zip(df.loc[rows.index, "source_id"], df.loc[rows.index, "sex"], strict=True))
    positions: dict = {}
    for at, key in enumerate(keys):
        positions.setdefault(key, []).append(at)
    return {None: rows.iloc[0:0], **{key: rows.iloc[at] for key, at in positions.items()}}


@memoized
def top_destinations(b: Bundle, source_id: str, sex: str, year: int, count: int = 5) -> list[str]:
    df = stock_by_destination(b, source_id, sex, year)
    return list(df.nlargest(count, "value")["destination_iso3"])


@memoized
def stock_top_and_other(b: Bundle, source_id: str, sex: str, year: int | None, count: int = 5,
                        destinations: list[str] | None = None) -> pd.DataFrame:
    """Series for the chosen (or top `count` in `year`: then a year is needed) destinations, plus 'OTHER' = the sum
    of every other destination the same source shows in the same year. Years where the source shows no other
    destination have no OTHER row."""
    chosen = destinations or top_destinations(b, source_id, sex, year, count)
    all_rows = stock_by_destination(b, source_id, sex)
    picked = all_rows["destination_iso3"].isin(chosen)
    other = sum_by_year(all_rows[~picked])
    other["destination_iso3"] = "OTHER"
    other["source_id"] = source_id
    out = pd.concat([all_rows[picked].assign(n_destinations=1), other], ignore_index=True)
    return out.take(top_order(out, [*chosen, "OTHER"])).reset_index(drop=True)


def top_order(rows: pd.DataFrame, order: list[str]) -> list[int]:
    """The positions of `rows` as rows.sort_values(["destination_iso3", "year"]) orders them with the destinations
    ranked as in `order`: by rank, then year, a missing year last, ties as they stand (pandas' sort by two columns
    is stable). Sorted in Python: pandas' sort with a key cost a third of the rows."""
    rank = {iso: at for at, iso in enumerate(order)}
    keys = [(rank[iso], year is pd.NA, 0 if year is pd.NA else year)
            for iso, year in zip(rows["destination_iso3"], rows["year"], strict=True)]
    return sorted(range(len(keys)), key=keys.__getitem__)


def sum_by_year(rows: pd.DataFrame) -> pd.DataFrame:
    """rows.groupby("year", as_index=False).agg(value=("value", "sum"), n_destinations=("value", "size")), added
    up in one pass over the rows (the grouping cost most of a new view's stock rows): years in order, a missing
    year in none, a missing value counted but not added, dtypes as the grouping gives them."""
    totals: dict = {}
    for year, value, no_year, no_value in zip(rows["year"], rows["value"], rows["year"].isna().to_numpy(),
                                              rows["value"].isna().to_numpy(), strict=True):
        if no_year:
            continue
        total, size = totals.get(year, (0, 0))
        totals[year] = (total if no_value else total + value, size + 1)
    years = sorted(totals)
    return pd.DataFrame({"year": pd.array(years, dtype=rows["year"].dtype),
                         "value": pd.array([totals[year][0] for year in years], dtype=rows["value"].dtype),
                         # a count of a nullable column is nullable too (pandas' size of it)
                         "n_destinations": pd.array([totals[year][1] for year in years], dtype="Int64" if isinstance(
                             rows["value"].dtype, pd.api.extensions.ExtensionDtype) else "int64")})


@memoized
def sources_for_destination(b: Bundle, iso3: str, sex: str = "both") -> pd.DataFrame:
    """Every count of Kyrgyz migrants in one destination, from every source, in persons.

    Columns: series (a stable label key), kind ('estimate' | 'census/register' | 'official statement'),
    universe, x (decimal year), year, value_persons, value_max_persons, qualifier, source_id, also_source_id (a
    second source that published the same fact: one row citing both, never two rows added), detail.
    Flows (entries, arrivals) are left out: they are not stocks and would mislead on the same axis.
    """
    parts = []
    st = b["migrant_stock"]
    st = st[(st["destination_iso3"] == iso3) & (st["sex"] == sex)]
    if len(st):
        parts.append(pd.DataFrame({
            "series": st["source_id"], "kind": "estimate", "universe": "born",
            "x": st["year"].astype(float) + 0.5, "year": st["year"], "value_persons": st["value"].astype(float),
            "value_max_persons": float("nan"), "qualifier": "", "source_id": st["source_id"], "also_source_id": "",
            "detail": ""}))
    dc = b["migrant_stock_destination_counts"]
    dc = dc[(dc["destination_iso3"] == iso3) & (dc["sex"] == sex)]
    if len(dc):
        parts.append(pd.DataFrame({
            "series": "DEST_" + dc["universe"], "kind": "census/register", "universe": dc["universe"],
            "x": dc["yearref"], "year": dc["year"], "value_persons": dc["value"], "value_max_persons": float("nan"),
            "qualifier": "", "source_id": dc["source_id"], "also_source_id": "",
            "detail": dc["original_source_label"]}))
    nc = b["national_counts"]
    nc = nc[(nc["destination_iso3"] == iso3) & (nc["sex"] == sex) & (nc["kind"] == "stock") & nc["year"].notna()]
    if len(nc):
        mult = nc["multiplier"].astype(float)
        parts.append(pd.DataFrame({
            "series": "OFFICIAL", "kind": "official statement", "universe": "citizens",
            "x": nc["year"].astype(float) + _date_fraction(nc["date"]), "year": nc["year"],
            "value_persons": nc["value"] * mult, "value_max_persons": nc["value_max"] * mult,
            "qualifier": nc["qualifier"], "source_id": nc["source_id"],
            "also_source_id": nc["also_source_id"].fillna(""),
            "detail": nc["measure"] + " (" + nc["date"] + ")"}))
    if not parts:
        return pd.DataFrame(columns=["series", "kind", "universe", "x", "year", "value_persons", "value_max_persons",
                                     "qualifier", "source_id", "also_source_id", "detail"])
    return pd.concat(parts, ignore_index=True).sort_values(["series", "x"]).reset_index(drop=True)


def undated_official_counts(b: Bundle, iso3: str) -> pd.DataFrame:
    """Statements with no date cannot sit on a time axis; the compare chart names them in its subtitle and summary
    (charts/stock.undated_notes)."""
    nc = b["national_counts"]
    return nc[(nc["destination_iso3"] == iso3) & (nc["kind"] == "stock") & nc["year"].isna()].reset_index(drop=True)


def _date_fraction(dates: pd.Series) -> pd.Series:
    """Position within the year of a published date text: '2018-06-01' -> 0.41, '2024-H1' -> 0.25, '2020' -> 0.5."""
    def frac(text: str) -> float:
        date = str(text)
        if len(date) >= 7 and date[4] == "-" and date[5:7].isdigit():
            month = int(date[5:7])
            day = int(date[8:10]) if len(date) >= 10 and date[8:10].isdigit() else 15
            return (month - 1 + (day - 1) / 30) / 12
        if "H1" in date:
            return 0.25
        if "start of year" in date:
            return 0.0
        if "late" in date:
            return 0.9
        if "May" in date:
            return 0.37
        return 0.5
    return dates.map(frac).astype(float)
