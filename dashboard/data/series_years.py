"""The years the time series can show: the extent of the year-range control (from=/to=).

Read from every table a time series draws (stock by destination and the counts beside it, official statements,
remittances and their corridors, oblast indicators), so a new release that adds a year widens the control without a
code change. Undated rows ('undated', 'c.2017' keeps its year) add nothing.
"""

from __future__ import annotations

import pandas as pd

from .bundle import Bundle
from .memo import memoized

# table -> the column that dates its rows (a year, or a date or period whose first four characters are the year)
DATED = {"migrant_stock": "year", "migrant_stock_destination_counts": "year", "national_counts": "year",
         "remittances": "year", "remittances_by_country": "period_start", "oblast_indicators": "period"}


@memoized
def series_span(b: Bundle) -> tuple[int, int]:
    """(first year, last year) of any figure a time series holds."""
    years: list[int] = []
    for table, column in DATED.items():
        if table in b.frames and column in b[table].columns:
            text = b[table][column].astype(str).str.extract(r"(\d{4})", expand=False)
            found = pd.to_numeric(text, errors="coerce").dropna()
            years += [int(found.min()), int(found.max())] if len(found) else []
    return (min(years), max(years)) if years else (0, 0)
