"""The country facts box: each fact of the IOM country pages beside the latest figure the data hold for the same
thing. Which rows pair up is a data fact (presentation.json "facts"), read here; nothing is computed but a share of
two rows of one source and period when the pairing asks for it (`per`), and the row says so.

Rows (tidy, one per figure): fact (the pairing's key), role ('fact' | 'latest'), detail (the row's indicator or
measure as the data name it), period, value, unit, qualifier, status, source_id, also_source_id, computed (how a
share was computed, else ''), note. A pairing whose
comparison the data do not hold gives a 'latest' row with no value: missing, never 0.
"""

from __future__ import annotations

import pandas as pd

from .bundle import Bundle
from .memo import memoized
from .stock import _date_fraction

COLUMNS = ["fact", "role", "detail", "period", "value", "unit", "qualifier", "status", "source_id",
           "also_source_id", "computed", "note"]
TEXT_KEYS = ("indicator", "measure", "source_id", "destination_iso3", "kind", "sex")


def select(b: Bundle, selector: dict) -> pd.DataFrame:
    """The rows of selector['table'] whose columns equal the selector's other text keys, in one common shape."""
    table = b[selector["table"]]
    keep = pd.Series(True, index=table.index)
    for key in TEXT_KEYS:
        if key in selector:
            keep &= table[key] == selector[key]
    return normalised(table[keep], selector["table"])


def normalised(rows: pd.DataFrame, table: str) -> pd.DataFrame:
    """context, remittances and national_counts rows as indicator, period, value, unit, qualifier, status,
    source_id, also_source_id, note, and `order` (a decimal year to find the latest; NaN when undated)."""
    out = pd.DataFrame(index=rows.index)
    if table == "national_counts":
        out["indicator"], out["period"] = rows["measure"], rows["date"]
        out["order"] = rows["year"].astype(float) + _date_fraction(rows["date"])
        out["also_source_id"] = rows["also_source_id"].fillna("")
    else:
        out["indicator"] = rows["indicator"]
        out["period"] = rows["period" if table == "context" else "year"].astype(str)
        out["order"] = out["period"].str[:4].where(out["period"].str[:4].str.isdigit()).astype(float) + \
            _date_fraction(out["period"])
        out["also_source_id"] = ""
    out["value"], out["unit"], out["source_id"] = rows["value"], rows["unit"], rows["source_id"]
    out["qualifier"] = rows["qualifier"].fillna("") if "qualifier" in rows else ""
    out["status"] = rows["status"].fillna("") if "status" in rows else ""
    out["note"] = rows["note"].fillna("") if "note" in rows else ""
    out["computed"] = ""
    return out.reset_index(drop=True)


def latest(b: Bundle, selector: dict) -> pd.DataFrame:
    """The selector's dated row with the latest date (one row), or none. With `per`, the share of the row in the
    row of `per` for the same source and period, in %, computed here and said so."""
    rows = select(b, selector).dropna(subset=["order"])
    if not len(rows):
        return rows
    row = rows.loc[[rows["order"].idxmax()]].copy()
    if "per" in selector:
        whole = select(b, {**selector, **selector["per"]})
        whole = whole[(whole["period"] == row["period"].iloc[0]) & (whole["source_id"] == row["source_id"].iloc[0])]
        if not len(whole):
            return whole
        row["computed"] = f"{row['indicator'].iloc[0]} / {whole['indicator'].iloc[0]} x 100"
        row["value"] = row["value"].iloc[0] / whole["value"].iloc[0] * 100
        row["unit"] = "%"
    return row


@memoized
def country_facts(b: Bundle) -> pd.DataFrame:
    """Every pairing of presentation.facts: the fact's row, then the latest row of each comparison (a row with no
    value when the data hold none)."""
    parts = []
    for pairing in b.presentation.facts:
        fact = select(b, pairing["fact"]).assign(fact=pairing["key"], role="fact")
        parts.append(fact)
        for selector in pairing["latest"]:
            found = latest(b, selector).assign(fact=pairing["key"], role="latest")
            parts.append(found)
        if not pairing["latest"]:
            parts.append(pd.DataFrame([{"fact": pairing["key"], "role": "latest", "indicator": "", "period": "",
                                        "value": float("nan"), "unit": "", "qualifier": "", "status": "",
                                        "source_id": "", "also_source_id": "", "computed": "", "note": ""}]))
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(parts, ignore_index=True).rename(columns={"indicator": "detail"})[COLUMNS]
