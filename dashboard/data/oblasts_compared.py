"""Oblasts compared: the 9 units ranked for one indicator, their series where the data has several periods, and a
migration indicator against poverty or wages, paired only on comparable periods.

Every query returns all 9 units: a unit without a figure keeps its row with value NaN ("no figure"), never 0.
Figures are as published; the only numbers computed here are per-1,000 rates (oblasts.oblast_values says which
denominator) and the position of a period on a time axis (its middle), which is never shown as a value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from .boundaries import OBLAST_CODES
from .bundle import Bundle
from .memo import memoized
from .oblasts import INDICATORS, fixed_period, oblast_values, population_source

NATIONAL = "KG"
MIGRATION_KEYS = ("migrants", "households")  # the scatter's y: what migration the data gives by oblast
VERSUS_KEYS = {"poverty": "poverty", "wage": "wage"}  # vs= -> the indicator on the scatter's x axis
MATCH_YEARS = 1  # two periods are comparable when their years are at most this far apart
MIN_POINTS = 3  # fewer paired units than this: the scatter says so in words
PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:/(\d{4})(?:-(\d{2}))?)?$")
COLUMNS = ["iso_3166_2", "period", "value", "unit", "qualifier", "source_id", "note"]


def period_span(period: str) -> tuple[float, float] | None:
    """(start, end) of a published period in decimal years: '2018' -> (2018, 2019), '2018-11' -> November,
    '2012-01-01' -> that day, '2011-01/2011-11' -> January to the end of November. None when the period gives no
    exact year ('c.2017', 'undated'): such a figure cannot be placed on an axis or matched to another."""
    match = PERIOD.match(period) if isinstance(period, str) else None
    if not match:
        return None
    year, month, day, end_year, end_month = match.groups()
    start = _decimal(int(year), int(month or 1), int(day or 1))
    if end_year:
        last = int(end_month or 12)
        end = _decimal(int(end_year), last, calendar.monthrange(int(end_year), last)[1]) + 1 / 365
    elif day:
        end = start
    elif month:
        end = _decimal(int(year), int(month), calendar.monthrange(int(year), int(month))[1]) + 1 / 365
    else:
        end = start + 1
    return start, end


def _decimal(year: int, month: int, day: int) -> float:
    days = 366 if calendar.isleap(year) else 365
    return year + (dt.date(year, month, day).timetuple().tm_yday - 1) / days


def period_middle(period: str) -> float | None:
    """Where a period's figure stands on a time axis: the middle of the period it covers."""
    span = period_span(period)
    return None if span is None else (span[0] + span[1]) / 2


def period_year(period: str) -> int | None:
    span = period_span(period)
    return None if span is None else int(span[0])


def _published(b: Bundle, key: str) -> pd.DataFrame:
    """Every published row of a map indicator in its mapped unit (population: the package's one series)."""
    ind = INDICATORS[key]
    o = b["oblast_indicators"]
    keep = (o["indicator"] == ind.indicator) & (o["unit"] == ind.unit)
    if ind.population:
        keep &= o["source_id"] == population_source(b)
    return o.loc[keep, COLUMNS].reset_index(drop=True)


@memoized
def national_reference(b: Bundle, key: str, period: str, per: str = "abs") -> dict | None:
    """The national figure for the same indicator, period and unit, if the data hold one (a reference line). A
    per-1,000 rate is computed like the units' (same denominator year); None when a part is missing."""
    rows = _published(b, key)
    rows = rows[(rows["iso_3166_2"] == NATIONAL) & (rows["period"] == period)]
    if rows.empty:
        return None
    row = rows.iloc[0].to_dict()
    if per == "per1000" and INDICATORS[key].per1000:
        den_period = f"{int(period[:4]) + 1}-01-01"
        pop = _published(b, "population")
        pop = pop[(pop["iso_3166_2"] == NATIONAL) & (pop["period"] == den_period)]
        if pop.empty:
            return None
        row.update(value=row["value"] / (float(pop["value"].iloc[0]) * 1000) * 1000, unit="per 1,000 residents",
                   denominator=f"{population_source(b)}:{den_period}")
    return row


@memoized
def ranking(b: Bundle, key: str, year: int | None = None, per: str = "abs") -> pd.DataFrame:
    """The 9 units for one indicator and period, largest first; units without a figure last, rank empty."""
    per = per if INDICATORS[key].per1000 else "abs"
    vals = oblast_values(b, key, year, per)
    vals = vals.sort_values("value", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    have = vals["value"].notna()
    vals["rank"] = pd.array([i + 1 if ok else pd.NA for i, ok in enumerate(have)], dtype="Int64")
    return vals


@memoized
def series_keys(b: Bundle) -> tuple[str, ...]:
    """The indicators with more than one dated period for some unit: the ones a time series can show."""
    out = []
    for key in INDICATORS:
        rows = _published(b, key)
        rows = rows[rows["iso_3166_2"].isin(OBLAST_CODES) & rows["period"].map(period_span).notna()]
        if len(rows) and rows.groupby("iso_3166_2")["period"].nunique().max() > 1:
            out.append(key)
    return tuple(out)


@memoized
def unit_series(b: Bundle, key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(dated, undated): every published figure of the indicator for the 9 units, each with `x`, the middle of its
    period on a time axis, in unit order then time; and the figures whose period gives no exact year."""
    rows = _published(b, key)
    rows = rows[rows["iso_3166_2"].isin(OBLAST_CODES)].copy()
    rows["x"] = rows["period"].map(period_middle)
    order = {code: i for i, code in enumerate(OBLAST_CODES)}
    rows["order"] = rows["iso_3166_2"].map(order)
    dated = rows[rows["x"].notna()].sort_values(["order", "x"]).drop(columns="order").reset_index(drop=True)
    undated = rows[rows["x"].isna()].drop(columns=["order", "x"]).reset_index(drop=True)
    return dated, undated


@dataclass(frozen=True)
class Pairing:
    """The scatter's two indicators, the period each shows, and why there may be too few points."""

    y_key: str
    x_key: str
    y_period: str
    x_period: str | None  # None: no period of x is comparable
    reason: str = ""  # "undated" (y's period gives no year) or "no-period" (no x figure within MATCH_YEARS)


def y_key_for(measure: str) -> str:
    """The migration indicator on the scatter: the chosen oblast indicator when it is one, else labour migrants."""
    return measure if measure in MIGRATION_KEYS else MIGRATION_KEYS[0]


@memoized
def pairing(b: Bundle, y_key: str, x_key: str) -> Pairing:
    """One period for each axis: y's mapped period, and the x period within MATCH_YEARS of it that pairs the most
    units (then the nearest, then the latest). Points from several periods on one axis would compare unlike things."""
    y_period = fixed_period(b, INDICATORS[y_key]) or ""
    y_year = period_year(y_period)
    if y_year is None:
        return Pairing(y_key, x_key, y_period, None, "undated")
    y_units = set(_published(b, y_key).query("period == @y_period")["iso_3166_2"]) & set(OBLAST_CODES)
    best, best_score = None, None
    for period, group in _published(b, x_key).groupby("period"):
        x_year = period_year(period)
        if x_year is None or abs(x_year - y_year) > MATCH_YEARS:
            continue
        score = (len(y_units & set(group["iso_3166_2"])), -abs(x_year - y_year), x_year)
        if best_score is None or score > best_score:
            best, best_score = period, score
    return Pairing(y_key, x_key, y_period, best, "" if best else "no-period")


@memoized
def scatter_points(b: Bundle, y_key: str, x_key: str) -> pd.DataFrame:
    """All 9 units: y (per 1,000 residents where a denominator exists, with the published count beside it) and x
    for the paired periods; `paired` says whether the unit is drawn (both figures present)."""
    pair = pairing(b, y_key, x_key)
    per = "per1000" if INDICATORS[y_key].per1000 else "abs"
    y_vals = oblast_values(b, y_key, None, per)
    counts = oblast_values(b, y_key, None, "abs").set_index("iso_3166_2")["value"]
    out = pd.DataFrame({"iso_3166_2": list(OBLAST_CODES)})
    out["y_indicator"] = INDICATORS[y_key].indicator
    out = out.merge(y_vals[["iso_3166_2", "period", "value", "unit", "qualifier", "source_id", "denominator"]]
                    .rename(columns=lambda c: c if c == "iso_3166_2" else f"y_{c}"), on="iso_3166_2")
    out["y_published"] = out["iso_3166_2"].map(counts) if per == "per1000" else out["y_value"]
    out["y_published_unit"] = INDICATORS[y_key].unit
    out["x_indicator"] = INDICATORS[x_key].indicator
    x_rows = _published(b, x_key)
    x_rows = x_rows[x_rows["period"] == pair.x_period] if pair.x_period else x_rows.iloc[0:0]
    x_rows = x_rows[["iso_3166_2", "period", "value", "unit", "qualifier", "source_id"]]
    out = out.merge(x_rows.rename(columns=lambda c: c if c == "iso_3166_2" else f"x_{c}"), on="iso_3166_2",
                    how="left")
    out["x_period"] = pair.x_period or ""
    out["x_unit"] = INDICATORS[x_key].unit
    out["paired"] = out["y_value"].notna() & out["x_value"].notna()
    return out
