"""Dated events the sources tie to migration (data/events.csv): the rouble's fall, EAEU accession, border closures.

Each event keeps its published date and its source; its position on a time axis is computed here from that date,
never typed in. A package without the resource (an archived version) simply has no events.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from .bundle import Bundle
from .memo import memoized

EVENT_COLUMNS = ["date", "year", "x", "kind", "event_en", "event_ru", "event_ky", "source_id"]
DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_position(date: str) -> float | None:
    """A published date as a decimal year at the start of the period it names: '2015-08-12' -> 2015.61,
    '2014-10' -> 2014.75, '2014' -> 2014.0 (a year's annual figure sits at the same x). None for anything else."""
    m = DATE.fullmatch(str(date).strip())
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return year + (dt.date(year, month, day) - start).days / days


@memoized
def all_events(b: Bundle) -> pd.DataFrame:
    """Every dated event with its year and axis position, in date order (an undated one cannot be placed: left out)."""
    if "events" not in b.frames:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    frame = b["events"].copy()
    frame["x"] = [date_position(date) for date in frame["date"]]
    frame = frame[frame["x"].notna()].copy()
    frame["year"] = frame["x"].astype(float).astype(int)
    return frame.sort_values(["x", "date"], kind="stable")[EVENT_COLUMNS].reset_index(drop=True)


def events_between(b: Bundle, first_year: int, last_year: int) -> pd.DataFrame:
    """The events dated within first_year..last_year (whole years, both included), with their source ids."""
    frame = all_events(b)
    return frame[(frame["year"] >= first_year) & (frame["year"] <= last_year)].reset_index(drop=True)
