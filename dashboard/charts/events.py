"""Which dated events a time series marks, and how every output names them (figure, summary, table, CSV).

A chart with a time axis gives its x positions (`Chart.event_years`); the events shown are those dated in the years
that axis covers and in the view's from/to range, none with `events=off`. They are numbered as the figure labels
them (figures/events.label_places), so '3' means the same event on the page, in an image, in the summary, under
the table and in the CSV.

For a new time series (the remittance corridor): `events = chart_events(req, frame["year"])`, then
`figures.events.add_events(figure, events, req.lang)`; or override `Chart.event_years` and let the base class do
it (`Chart.marked_events`, the summary, the CSV and the table follow).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from ..data.events import events_between
from ..data.rows import itertuples
from ..figures.events import label_places
from ..i18n import N_, translator
from ..i18n.amounts import fmt_date_label
from ..labels import source_label
from ..lru import BoundedLRU

if TYPE_CHECKING:
    from .base import ChartRequest

SHOWN_COLUMNS = ["number", "row", "date", "date_label", "x", "text", "source", "source_id", "kind"]
MARKED = N_("Dated events marked on the chart: {n} (labels 1–{last}); the data table lists each with its "
             "date and source")
MARKED_ONE_LABEL = N_("Dated events marked on the chart: {n} (label 1); the data table lists each with its date and "
                      "source")


_NO_EVENTS = pd.DataFrame(columns=SHOWN_COLUMNS)


def no_events() -> pd.DataFrame:
    """An empty events frame of its own (building one costs half a millisecond; every chart without a time axis
    asks for one per view): a copy-on-write copy of one built once."""
    return _NO_EVENTS.copy(deep=False)


EVENTS: BoundedLRU = BoundedLRU(64)  # ~30 KB a frame; a few axes, ranges and languages


def chart_events(req: ChartRequest, positions: Iterable[float]) -> pd.DataFrame:
    """The events to mark on a time axis whose points sit at `positions` (decimal years): dated in the years it
    covers and in the view's year range, numbered as labelled, text and source in req.lang. Empty with events=off,
    or when the axis covers fewer than two points (a single year is not a time axis). Worked out once per data
    version, axis span (its first and last point: all the events read of the axis), events switch, year range and
    language (every year of a series, and every series over the same years, marks the same events); each caller
    gets a frame of its own."""
    xs = axis_points(positions)
    view = req.view
    ends = (xs[0], xs[-1]) if len(xs) >= 2 else len(xs)  # fewer than two points: none marked, whatever they are
    key = (req.bundle.digest, ends, view.events, view.start, view.end, req.lang)
    return EVENTS.get_or_compute(key, lambda: _chart_events(req, xs)).copy(deep=False)  # copy-on-write


def axis_points(positions: Iterable[float]) -> list[float]:
    """The axis' points as finite floats, in order (what is not a number, or is missing, is no point)."""
    return sorted(x for x in pd.to_numeric(pd.Series(list(positions), dtype=object), errors="coerce").astype(float)
                  if math.isfinite(x))


def _chart_events(req: ChartRequest, xs: list[float]) -> pd.DataFrame:
    if req.view.events == "off" or len(xs) < 2 or xs[0] == xs[-1]:
        return no_events()
    first, last = math.floor(xs[0]), math.floor(xs[-1])
    frame = events_between(req.bundle, first, last)
    frame = frame[[req.view.in_range(int(year)) for year in frame["year"]]].reset_index(drop=True)
    if not len(frame):
        return no_events()
    span = max(float(frame["x"].max()), xs[-1]) - xs[0]
    text_column = f"event_{req.lang}" if f"event_{req.lang}" in frame else "event_en"
    numbers, rows = zip(*label_places([float(x) for x in frame["x"]], span), strict=True)
    return pd.DataFrame({
        "number": numbers,
        "row": rows,
        "date": frame["date"],
        "date_label": [fmt_date_label(date, req.lang) for date in frame["date"]],
        "x": frame["x"].astype(float),
        "text": [own or english for own, english in zip(frame[text_column], frame["event_en"], strict=True)],
        "source": [source_label(sid, req.lang, req.bundle.sources) for sid in frame["source_id"]],
        "source_id": frame["source_id"],
        "kind": frame["kind"],
    })[SHOWN_COLUMNS]


def event_items(events: pd.DataFrame) -> list[str]:
    """'3. 12 August 2015: Kyrgyzstan becomes … (24.kg (archive))': one line per event, as the label numbers them."""
    return [f"{row.number}. {row.date_label}: {row.text} ({row.source})" for row in itertuples(events)]


def events_sentence(events: pd.DataFrame, lang: str) -> str:
    """The summary's sentence on the events marked, '' when there are none: how many and under which labels; the
    list itself (date, text, source) stands under the data table and in the CSV, so the summary under a phone's
    chart stays a few lines."""
    if not len(events):
        return ""
    last = int(events["number"].max())
    return translator(lang)(MARKED if last > 1 else MARKED_ONE_LABEL, n=len(events), last=last) + "."


def events_provenance(events: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """The CSV's provenance lines, one per marked event ('# marked event: 3. 12 August 2015: … (24.kg)')."""
    key = translator(lang)("marked event")
    return [(key, item) for item in event_items(events)]
