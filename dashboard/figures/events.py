"""Dated events on a time series: a thin line at each event's date and a short numbered label at the top of the
plot, the full text and source in the label's hover.

Pure functions of an events frame (charts/events.py builds it: one row per event with `number`, `x`, `date_label`,
`text` and `source` in the page's language). Labels sit inside the plot's top edge, below the selected-year label
and the title, and the y axis gets the headroom they need, so no label covers a data point. Events closer than a
label's width on a 390 px phone share one number (label_places), so labels never overlap at any width; the
numbers are the same on the page, in the images, the summary, the table and the CSV.
"""

from __future__ import annotations

import math
import pickle

import pandas as pd

from ..data.rows import column_values, itertuples
from ..i18n import N_, translator
from ..lru import BoundedLRU
from .theme import INK, MUTED, PAGE_WIDTH, frame, wrap_px

PHONE_PLOT_PX = 270  # the plot's width on a 390 px phone (panel padding and the axis margins taken off)
LABEL_GAP_PX = 26  # a label ('12' in a box) and the space around it
HEADROOM = 0.24  # share of the y span added above the highest point, for the labels' two rows
ROW_PX = 20  # the second row of labels, under the first
HOVER_PX = 270  # hover lines wrapped to fit a phone
EVENT_LINE = "#8a96a3"
PAGE_EVENT_SOURCES = 4  # event sources named in the source line on the page (as views/common.PAGE_SOURCES)


def label_places(positions: list[float], span: float) -> list[tuple[int, int]]:
    """(label number, label row) of each event, in x order. Labels need LABEL_GAP_PX between them on the narrowest
    plot (span years over PHONE_PLOT_PX); two rows, so a label too close to the one before it in the top row goes
    to the second row, and an event too close to the labels of both rows shares the nearest one's number."""
    gap = span * LABEL_GAP_PX / PHONE_PLOT_PX
    last_in_row: list[float | None] = [None, None]
    places: list[tuple[int, int]] = []
    number = 0
    for x in positions:
        free = [row for row in (0, 1) if last_in_row[row] is None or x - last_in_row[row] >= gap]
        if free and (not places or x - last_in_row[places[-1][1]] >= gap / 2):
            number += 1
            last_in_row[free[0]] = x
            places.append((number, free[0]))
        else:
            places.append(places[-1])
    return places


def hover_text(group: pd.DataFrame, lang: str) -> str:
    """Every event of one label: number, date as published, text and source, wrapped to a phone's width."""
    t = translator(lang)
    parts = []
    for row in itertuples(group):
        line = wrap_px(f"{row.date_label}: {row.text}", HOVER_PX, 13)
        source = wrap_px(t("Source: {source}", source=row.source), HOVER_PX, 12)
        parts.append(f"<b>{row.number}</b> · {line}<br><span style='color:{MUTED}'>{source}</span>")
    return "<br>".join(parts)


def y_headroom(data: list[dict]) -> list[float] | None:
    """The y range from zero (or the lowest value) to the highest point (error bars included) plus HEADROOM."""
    values = []
    for trace in data:
        ys = trace.get("y") or []
        errors = (trace.get("error_y") or {}).get("array") or [0] * len(ys)
        values += [float(y) + float(e or 0) for y, e in zip(ys, errors, strict=False)
                   if isinstance(y, int | float) and math.isfinite(y)]
    if not values:
        return None
    low, high = min(0.0, min(values)), max(values)
    return None if high <= low else [low, high + (high - low) * HEADROOM]


def event_lines(events: pd.DataFrame) -> list[dict]:
    return [{"type": "line", "xref": "x", "yref": "paper", "x0": float(x), "x1": float(x), "y0": 0, "y1": 1,
             "layer": "below", "line": {"color": EVENT_LINE, "width": 1, "dash": "dot"}, "name": "event"}
            for x in events["x"]]


LABELS: BoundedLRU = BoundedLRU(512)


def event_labels(events: pd.DataFrame, lang: str) -> list[dict]:
    """One numbered label per group of events, its hover listing them. Memoised by the events' values and types
    (the same events come back for every year of a series), kept pickled: each caller gets labels of its own."""
    columns = tuple(events.columns)
    key = (lang, columns, cells_key(events, columns))
    try:
        return pickle.loads(LABELS.get_or_compute(key, lambda: pickle.dumps(_event_labels(events, lang))))
    except TypeError:  # an unhashable cell: worked out without the memo
        return _event_labels(events, lang)


def cells_key(events: pd.DataFrame, columns: tuple) -> tuple:
    """The columns' types and values, as a memo's key: each column read from its array, once."""
    types = dict(zip(events.columns, events.dtypes, strict=True))
    return tuple(str(types[c]) for c in columns), tuple(column_values(events, c) for c in columns)


def _event_labels(events: pd.DataFrame, lang: str) -> list[dict]:
    out = []
    for number, group in events.groupby("number", sort=True):
        out.append({"x": float(group["x"].iloc[0]), "y": 1, "xref": "x", "yref": "paper", "text": str(number),
                    "yshift": -ROW_PX * int(group["row"].iloc[0]),
                    "showarrow": False, "yanchor": "top", "xanchor": "center", "font": {"size": 11, "color": INK},
                    "bgcolor": "rgba(255,255,255,0.92)", "bordercolor": EVENT_LINE, "borderwidth": 1, "borderpad": 2,
                    "hovertext": hover_text(group, lang), "captureevents": True, "name": "event",
                    "hoverlabel": {"bgcolor": "white", "bordercolor": EVENT_LINE, "align": "left",
                                   "font": {"size": 13, "color": INK}}})
    return out


# what kind of event a label marks, in a few words: the key under an image says what '1' to '4' stand for (the full
# texts are in the hover, the data table and the CSV)
KIND_WORDS = {
    "currency_shock": N_("currency shock"), "accession": N_("EAEU accession"),
    "policy_destination": N_("rules in destination countries"), "policy_origin": N_("Kyrgyz policy"),
    "border_closure": N_("border closure"), "security": N_("security"), "return_migration": N_("return home"),
}


def event_key(events: pd.DataFrame, lang: str) -> str:
    """'Marked events: 1 currency shock, EAEU accession (2014–2015); 2 border closure (2020)': each label's number,
    the kinds of its events and their years, so a slide's numbers are read without the hover. Memoised by the
    values and types it reads, as the labels are."""
    key = ("key", lang, cells_key(events, ("number", "kind", "date")))
    try:
        return LABELS.get_or_compute(key, lambda: _event_key(events, lang))
    except TypeError:  # an unhashable cell: worked out without the memo
        return _event_key(events, lang)


def _event_key(events: pd.DataFrame, lang: str) -> str:
    t = translator(lang)
    parts = []
    for number, group in events.groupby("number", sort=True):
        kinds = ", ".join(t(KIND_WORDS.get(kind, kind)) for kind in dict.fromkeys(group["kind"]))
        years = sorted({str(date)[:4] for date in group["date"]})
        span = years[0] if len(years) == 1 else t("{start}–{end}", start=years[0], end=years[-1])
        parts.append(f"{number} {kinds} ({span})")
    return t("Marked events: {key}", key="; ".join(parts))


def with_event_sources(source_line: str, events: pd.DataFrame, lang: str, every_source: bool = True) -> str:
    """The source line with the events' sources after the data's: 'Sources: ... · Events: 24.kg (2020); ... · Data'.
    On the page (every_source False) the first PAGE_EVENT_SOURCES are named and the rest counted, as the data's
    sources are: the page's Sources list names them all; an image or an embed names every one."""
    t = translator(lang)
    labels = list(dict.fromkeys(events["source"]))
    shown = labels if every_source else labels[:PAGE_EVENT_SOURCES]
    more = [t("and {n} more: see “Sources on this page” below", n=len(labels) - len(shown))] \
        if len(shown) < len(labels) else []
    words = event_key(events, lang) + " · " + t("Events: {sources}", sources="; ".join([*shown, *more]))
    head, _, rest = source_line.partition(" · ")
    return f"{head} · {words}" + (f" · {rest}" if rest else "")


def add_events(figure: dict, events: pd.DataFrame, lang: str, *, every_source: bool = True) -> dict:
    """`figure` (a time series built on theme.series_layout, x in years) with `events` marked: a dotted line at each
    event's date, one numbered label per group at the plot's top, the events' sources in the source line (all of
    them, or on the page the first few: every_source=False). No events (events=off, none in range): the figure as it
    was. Returns a new figure; `figure` is not changed."""
    if events is None or not len(events):
        return figure
    layout = dict(figure["layout"])
    layout["shapes"] = [*event_lines(events), *layout.get("shapes", [])]
    layout["annotations"] = [*layout.get("annotations", []), *event_labels(events, lang)]
    headroom = y_headroom(figure.get("data", []))
    yaxis = layout.get("yaxis") or {}
    if headroom and yaxis.get("type") not in ("log", "category") and "range" not in yaxis:
        layout["yaxis"] = {**yaxis, "range": headroom, "autorange": False}
    meta = layout.get("meta") or {}
    if "kgm_src" in meta:
        layout["meta"] = {**meta, "kgm_src": with_event_sources(meta["kgm_src"], events, lang, every_source)}
        layout = frame(layout, PAGE_WIDTH)
    return {**figure, "layout": layout}
