"""Queries for a remittance corridor over time: every reported figure for one sending country (or all countries),
with the kind of period it covers, the direction of the money and who measured it, all read from the rows.

Sources publish calendar years, January-to-month totals, half-years, quarters and months; a January-November total
is not a calendar year, so each figure keeps its period type and the chart never joins two types into one line.
"""

from __future__ import annotations

import pandas as pd

from .bundle import Bundle
from .memo import memoized

ALL_COUNTRIES = "WLD"  # the NBKR totals and months over every sending country
# period types in the order a legend lists them; "ytd-<m>" (January to month m) is one type per end month
PERIOD_ORDER = ("year", "ytd", "half", "quarter", "month", "span", "undated")
DIRECTIONS = ("inflow", "outflow", "net")
# who measured the flow, read from the row's published flow text: the National Bank of the Kyrgyz Republic unless
# the text names another body (the Bank of Russia counts money leaving Russia, i.e. arriving in Kyrgyzstan)
MEASURERS = (("CBR", "cbr"), ("State Migration Service", "sms"), ("Minister", "ministry"))
COLUMNS = ["period_start", "period_end", "period_type", "direction", "measured_by", "partner_iso3", "partner_name",
           "flow", "value", "unit", "qualifier", "status", "value_usd", "estimate", "source_id", "note"]


def period_type(start, end) -> str:
    """'year', 'ytd-<m>' (January to month m of one year), 'half', 'quarter', 'month', 'span' (any other stretch)
    or 'undated', from the published first and last day of the period."""
    if not isinstance(start, str) or not isinstance(end, str) or not start or not end:
        return "undated"
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    whole_months = first.day == 1 and last.is_month_end
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if not whole_months or last < first:
        return "span"
    if months == 1:
        return "month"
    if months == 12 and first.month == 1:
        return "year"
    if months == 3 and first.month in (1, 4, 7, 10):
        return "quarter"
    if months == 6 and first.month in (1, 7):
        return "half"
    if first.month == 1 and first.year == last.year:
        return f"ytd-{last.month}"
    return "span"


def period_kind(ptype: str) -> str:
    """The type without its end month ('ytd-11' -> 'ytd'), for ordering and counting."""
    return ptype.split("-")[0]


def period_order(ptype: str) -> tuple[int, int]:
    """Where a period type stands in a legend or a list: calendar years first, then January-to-month totals by their
    last month, half-years, quarters, months, other spans, undated."""
    kind = period_kind(ptype)
    return PERIOD_ORDER.index(kind), int(ptype.split("-")[1]) if "-" in ptype else 0


def direction(flow: str) -> str:
    """'inflow' (money into Kyrgyzstan, whoever measured it: 'outflow from Russia to KGZ' is an inflow here),
    'outflow' (money leaving Kyrgyzstan) or 'net'."""
    text = str(flow).lower()
    if text.startswith("net"):
        return "net"
    if text.startswith("outflow from kgz"):
        return "outflow"
    return "inflow"


def measured_by(flow: str) -> str:
    """'nbkr', 'cbr' (Bank of Russia), 'sms' (State Migration Service) or 'ministry': who published the measure."""
    return next((code for word, code in MEASURERS if word in str(flow)), "nbkr")


def status_of(flow: str) -> str:
    """What the flow text says about the figure beyond its qualifier: 'preliminary', 'estimate' or ''."""
    text = str(flow).lower()
    return next((word for word in ("preliminary", "estimate") if word in text), "")


def _figures(b: Bundle, estimate: str) -> pd.DataFrame:
    df = b["remittances_by_country"]
    out = df[df["estimate"] == estimate].copy()
    out["value_usd"] = out["value"] * out["multiplier"].astype(float)
    for column in ("period_start", "period_end", "qualifier", "note"):
        out[column] = out[column].fillna("").astype(str)
    return out


@memoized
def corridor_flows(b: Bundle, partner: str) -> pd.DataFrame:
    """Every reported figure for `partner` (ISO3; WLD = all countries), in the published value and unit, with
    value_usd (value x multiplier), period_type, direction, measured_by and status; dated figures by period end,
    undated ones last."""
    out = _figures(b, "reported")
    out = out[out["partner_iso3"] == partner].copy()
    out["period_type"] = [period_type(s, e) for s, e in zip(out["period_start"], out["period_end"], strict=True)]
    out["direction"] = out["flow"].map(direction)
    out["measured_by"] = out["flow"].map(measured_by)
    out["status"] = out["flow"].map(status_of)
    out["undated"] = out["period_type"] == "undated"
    out = out.sort_values(["undated", "period_end", "period_start"], kind="stable")
    return out[COLUMNS].reset_index(drop=True)


@memoized
def corridor_model(b: Bundle, partner: str) -> pd.DataFrame:
    """The World Bank-KNOMAD model estimate for `partner` (for all countries: the matrix's world total), in the
    corridor's columns; empty when the matrix has none."""
    out = _figures(b, "model")
    out = out[out["partner_iso3"] == partner].copy()
    out["period_type"] = [period_type(s, e) for s, e in zip(out["period_start"], out["period_end"], strict=True)]
    out["direction"] = "inflow"
    out["measured_by"] = "model"
    out["status"] = ""  # the estimate column says "model", the chart marks it
    return out[COLUMNS].reset_index(drop=True)


def partners_with_figures(b: Bundle) -> list[str]:
    """Sending countries with reported figures, the one with the most first, then all countries (WLD) last: the
    corridors the chart can draw."""
    rows = _figures(b, "reported")
    counts = rows.groupby("partner_iso3").size()
    countries = sorted((iso3 for iso3 in counts.index if iso3 != ALL_COUNTRIES), key=lambda iso3: (-counts[iso3], iso3))
    return countries + ([ALL_COUNTRIES] if ALL_COUNTRIES in counts.index else [])
