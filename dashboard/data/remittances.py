"""Queries on remittances received: national series by vintage, and by sending country."""

from __future__ import annotations

import pandas as pd

from .bundle import Bundle
from .corridor_flows import partners_with_figures
from .memo import memoized


@memoized
def remittance_series(b: Bundle, measure: str = "received_usd") -> pd.DataFrame:
    """One row per year and source (= data vintage). `value_scaled` is in US$ (value x multiplier) for US$ series and
    in % for shares; the published `value` and `unit` are kept beside it."""
    df = b["remittances"]
    out = df[df["measure"] == measure].copy()
    out["value_scaled"] = out["value"] * out["multiplier"].astype(float)
    cols = ["year", "source_id", "value", "unit", "value_scaled", "qualifier", "status", "indicator", "note"]
    return out[cols].sort_values(["source_id", "year"]).reset_index(drop=True)


@memoized  # a lookup per data version: every heading, source list and card reads it
def remittance_vintages(b: Bundle, measure: str = "received_usd") -> list[str]:
    """Sources for a measure: the data releases first, the one with the most years first (the main line of the
    chart), then the figures reported in the press or by other bodies (status 'as reported' or 'estimate')."""
    series = remittance_series(b, measure)
    years = series.groupby("source_id").size()
    reported = set(series.loc[series["status"].isin(["as reported", "estimate"]), "source_id"])
    return sorted(years.index, key=lambda sid: (sid in reported, -years[sid], sid))


@memoized
def remittances_by_country(b: Bundle, estimate: str = "model") -> pd.DataFrame:
    """By sending country. `model` = KNOMAD 2021 bilateral model estimates (not recorded flows); `reported` = National
    Bank / CBR figures with the periods they state. World totals (WLD) are excluded; use `remittance_world_total`."""
    df = b["remittances_by_country"]
    out = df[(df["estimate"] == estimate) & (df["partner_iso3"] != "WLD")].copy()
    out["value_usd"] = out["value"] * out["multiplier"].astype(float)
    return out.sort_values("value_usd", ascending=False).reset_index(drop=True)


def corridor_partners(b: Bundle) -> list[str]:
    """Sending countries with reported (not modelled) figures, the one with the most figures first, then WLD (all
    countries: the NBKR totals and months): the corridors over time the remittances chart can draw."""
    return partners_with_figures(b)


@memoized
def model_sources(b: Bundle) -> list[str]:
    """The sources of the by-country model estimates, as the rows say (for source lines)."""
    return list(dict.fromkeys(remittances_by_country(b, "model")["source_id"]))


@memoized
def model_year(b: Bundle) -> int:
    """The year the by-country model estimates describe, read from their rows, so a new release's year is shown."""
    return max(int(str(start)[:4]) for start in remittances_by_country(b, "model")["period_start"])


def remittance_world_total(b: Bundle, estimate: str = "model") -> pd.DataFrame:
    df = b["remittances_by_country"]
    out = df[(df["estimate"] == estimate) & (df["partner_iso3"] == "WLD")].copy()
    out["value_usd"] = out["value"] * out["multiplier"].astype(float)
    return out.reset_index(drop=True)

