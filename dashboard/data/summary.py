"""A human summary of a valid package: what a ministry analyst reads before publishing new figures."""

from __future__ import annotations

import pandas as pd

from .bundle import Bundle

YEAR_COLUMNS = ("year", "period", "date", "period_start")


def summarize(b: Bundle) -> list[str]:
    lines = [f"Data package '{b.descriptor.get('name', '')}' version {b.version} (created {b.created[:10]}, "
             f"content {b.digest})", ""]
    width = max(len(name) for name in b.frames)
    for name, df in b.frames.items():
        lines.append(f"  {name:<{width}}  {len(df):>5} rows  {_years(df)}")
    used = set()
    for name, df in b.frames.items():
        if "source_id" in df.columns and name != "sources":
            used |= set(df["source_id"])
    lines += ["", f"  sources: {len(b.sources)} described, {len(used)} used by figures, all resolve",
              f"  boundaries: {len(b.oblast_geo)} oblast units, {len(b.country_geo)} countries"]
    return lines


def _years(df: pd.DataFrame) -> str:
    for col in YEAR_COLUMNS:
        if col in df.columns:
            years = pd.to_numeric(df[col].astype(str).str[:4], errors="coerce").dropna()
            if len(years):
                return f"years {int(years.min())}-{int(years.max())}"
    return ""
