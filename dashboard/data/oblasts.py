"""Oblast indicators for the origin map: a curated list of what can be mapped, always returned for all 9 units.

A unit without a figure keeps a row with value NaN (shown as "no data"), never 0. Per-1,000 rates are computed here
only where a population denominator exists, and say which one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from shapely import maximum_inscribed_circle
from shapely.affinity import scale

from .boundaries import OBLAST_CODES
from .bundle import Bundle
from .memo import memoized


@dataclass(frozen=True)
class MapIndicator:
    key: str  # the URL value (measure=...)
    indicator: str
    unit: str
    population: bool = False  # the population series itself: its source is presentation.oblast_population_source
    per1000: bool = False  # a denominator exists: offer "per 1,000 residents"


MAP_INDICATORS = (
    MapIndicator("migrants", "labour_migrants_by_origin", "persons", per1000=True),
    MapIndicator("households", "households_with_migrant_share", "percent"),
    MapIndicator("remit_share", "remittances_share_of_household_income", "percent"),
    MapIndicator("population", "resident_population", "thousand persons", population=True),
    MapIndicator("poverty", "poverty_rate", "percent"),
    MapIndicator("extreme_poverty", "extreme_poverty_rate", "percent"),
    MapIndicator("poor_share", "share_of_national_poor", "percent"),
    MapIndicator("wage", "avg_monthly_wage", "KGS"),
)
INDICATORS = {m.key: m for m in MAP_INDICATORS}
DEFAULT_INDICATOR = "migrants"


@memoized
def population_years(b: Bundle) -> list[int]:
    o = b["oblast_indicators"]
    m = (o["indicator"] == "resident_population") & (o["source_id"] == population_source(b))
    return sorted(int(p[:4]) for p in o.loc[m, "period"].unique())


def population_source(b: Bundle) -> str:
    """The population series behind per-1,000 rates and the population map (the package says which)."""
    return b.presentation.oblast_population_source


def fixed_period(b: Bundle, ind: MapIndicator) -> str | None:
    """The published period the package maps this indicator for; None = follows the year filter."""
    return b.presentation.oblast_periods.get(ind.indicator)


def resolve_period(b: Bundle, ind: MapIndicator, year: int | None) -> str:
    """The period shown: fixed for most indicators; for population the 1 January nearest the chosen year."""
    fixed = fixed_period(b, ind)
    if fixed is not None:
        return fixed
    years = population_years(b)
    y = min(years, key=lambda v: (abs(v - (year or years[-1])), -v))
    return f"{y}-01-01"


def oblast_values(b: Bundle, key: str, year: int | None = None, per: str = "abs") -> pd.DataFrame:
    """All 9 units: iso_3166_2, value (NaN = no data), unit, period, qualifier, source_id, definition, note.

    per='per1000' divides by the NSC resident population on the 1 January after the indicator's period and sets
    `denominator` to say so. Rows without a denominator get NaN, not a guess. Kept per data version by the period
    the year shows: most indicators map one period whatever the year.
    """
    return period_values(b, key, resolve_period(b, INDICATORS[key], year), per)


@memoized
def period_values(b: Bundle, key: str, period: str, per: str = "abs") -> pd.DataFrame:
    """oblast_values for the period shown."""
    ind = INDICATORS[key]
    o = b["oblast_indicators"]
    m = (o["indicator"] == ind.indicator) & (o["period"] == period) & (o["unit"] == ind.unit)
    m &= o["iso_3166_2"].isin(OBLAST_CODES)
    if ind.population:
        m &= o["source_id"] == population_source(b)
    rows = o.loc[m, ["iso_3166_2", "value", "unit", "qualifier", "source_id", "definition", "note"]]
    out = pd.DataFrame({"iso_3166_2": list(OBLAST_CODES)}).merge(rows, on="iso_3166_2", how="left")
    out["period"] = period
    out["unit"] = ind.unit
    out["denominator"] = ""
    if per == "per1000" and ind.per1000:
        den_period = f"{int(period[:4]) + 1}-01-01"
        pop = o[(o["indicator"] == "resident_population") & (o["period"] == den_period)
                & (o["source_id"] == population_source(b))].set_index("iso_3166_2")["value"]
        out["value"] = out["value"] / (out["iso_3166_2"].map(pop) * 1000) * 1000
        out["unit"] = "per 1,000 residents"
        out["denominator"] = f"{population_source(b)}:{den_period}"
    return out


@memoized
def label_points(b: Bundle) -> dict[str, tuple[float, float]]:
    """(lat, lon) for each unit's map label: the point of its largest part farthest from any edge (the pole of
    inaccessibility), so a label of two lines sits inside the unit. Shapely's representative_point is inside too,
    but anywhere: Batken's fell by the enclaves at its eastern end, and its label ran over them and into Osh."""
    g = b.oblast_geo
    return {code: label_point(geom) for code, geom in zip(g["iso_3166_2"], g.geometry, strict=True)}


def label_point(geom) -> tuple[float, float]:
    """The pole of inaccessibility of geom's largest polygon, found with a degree of longitude shrunk to its length
    at that latitude (as the map draws it): in plain degrees, a unit looks half again as wide as it is."""
    part = max(getattr(geom, "geoms", [geom]), key=lambda polygon: polygon.area)
    shrink = math.cos(math.radians(part.centroid.y))
    circle = maximum_inscribed_circle(scale(part, xfact=shrink, yfact=1.0, origin=(0, 0)), tolerance=0.005)
    x, y = circle.coords[0]  # the circle's centre, then a point on its edge
    return y, x / shrink
