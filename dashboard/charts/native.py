"""A chart's native form for office documents: what an editable PowerPoint chart needs, built from the chart's rows.

Pure (no pptx here; dashboard/slides writes it). Every value remembers the row of the chart's rows (its CSV) it
comes from, so a test can check that the slide's workbook holds exactly the CSV's figures, unrounded, with a
missing value as a gap, and that each row with a figure is either drawn or named in words (`named`).

Number formats are Excel's codes (`#,##0`): an office suite shows them with the reader's own separators.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

Kind = Literal["line", "xy", "bar", "scatter", "panels", "table", "picture", "words"]
YEAR_FORMAT = "0"  # a year on an axis as four digits, never with a thousands separator


@dataclass(frozen=True)
class NativeSeries:
    """One series: its values, the row each comes from (None: a gap that breaks the line, no row behind it)."""

    name: str
    values: tuple[float | None, ...]
    rows: tuple[int | None, ...]
    column: str = "value"  # the rows' column the values come from
    x: tuple[float | None, ...] = ()  # XY charts: each value's position (a decimal year, a date's Excel serial)
    x_column: str = ""  # the rows' column the x come from, when they are a column as they stand
    x_rows: tuple[int | None, ...] = ()  # the rows the x come from when not the values' own (the scatter's x row)
    hollow: tuple[bool, ...] = ()  # a qualified, preliminary or reported figure: a hollow marker
    joined: bool = True  # a line joins the points (else markers only)
    dash: str = "solid"  # solid | dash | dot
    marker: str = "circle"  # circle | square | diamond | triangle | star
    colour: int = -1  # the palette's colour number (one per source where a source has several series); -1: in turn
    marked: tuple[bool, ...] = ()  # points of the unit the view highlights (oblast=): drawn darker or bolder
    outline_only: bool = False  # a bar drawn as a dashed outline (a reference, not a unit's figure)
    guide: bool = False  # a drawn guide, not data (the 50 % line): its values come from no row
    x_before: tuple[float | None, ...] = ()  # XY: how far back from x a figure's period reaches (a bar over it)
    y_above: tuple[float | None, ...] = ()  # the top of a published range above the value (a whisker)


@dataclass(frozen=True)
class NativeChart:
    """What a slide draws for a chart. kind: line (categories shared by every series), xy (each series its own x),
    bar (horizontal, categories top down), scatter (points, each series labelled with its name), panels (small
    multiples, each a NativeChart), table (`table`: a header row, then rows of text), picture (the server's image:
    the map), words (nothing to draw: `words` says why)."""

    kind: Kind
    series: tuple[NativeSeries, ...] = ()
    categories: tuple[str, ...] = ()
    title: str = ""  # a panel's heading
    x_title: str = ""
    y_title: str = ""
    number_format: str = "#,##0"  # the values in the workbook (exact; a whole number shows without decimals)
    axis_format: str = ""  # the value axis' labels, when they read better scaled (`#,##0.0,,,` billions); else as above
    x_format: str = YEAR_FORMAT  # XY charts: the x axis' labels ('' for a measure: as precise as its steps need)
    x_cell_format: str = "General"  # XY charts: the x values in the workbook
    log_scale: bool = False
    y_range: tuple[float, float] | None = None
    panels: tuple[NativeChart, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    words: str = ""  # the reason nothing is drawn (words), or what is named beside the chart (panels)
    named: tuple[int, ...] = field(default=())  # rows with a figure named in words instead of drawn

    def drawn_rows(self) -> set[int]:
        charts = self.panels or (self,)
        return {row for chart in charts for series in chart.series for row in (*series.rows, *series.x_rows)
                if row is not None}


def number(value) -> float | None:
    """A cell as a chart value: a float, or None for a missing one (never 0)."""
    if value is None or value is pd.NA or isinstance(value, str):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def values_at(rows: pd.DataFrame, positions, column: str) -> tuple[float | None, ...]:
    """The values of `column` at row positions (None where the position is None or the cell is missing)."""
    cells = rows[column].tolist()
    return tuple(None if pos is None else number(cells[pos]) for pos in positions)


def series_at(rows: pd.DataFrame, positions, column: str, name: str, x_column: str = "", **style) -> NativeSeries:
    """A series of the rows at `positions`, its x from `x_column` when given."""
    positions = tuple(positions)
    x = values_at(rows, positions, x_column) if x_column else style.pop("x", ())
    return NativeSeries(name, values_at(rows, positions, column), positions, column, x=x, x_column=x_column,
                        **style)


def time_series(series: list[NativeSeries], **chart) -> NativeChart:
    """A line chart over the years every series shares, one step apart (the workbook reads as a table: years down,
    series across), or an XY chart when the series have different x, x that are not whole years, or uneven steps: a
    category axis would draw a four-year step as long as a five-year one."""
    xs = [tuple(s.x) for s in series]
    shared = bool(xs) and all(x == xs[0] for x in xs) and all(x is not None and float(x).is_integer() for x in xs[0])
    steps = {b - a for a, b in zip(xs[0], xs[0][1:], strict=False)} if shared else set()
    if shared and len(steps) <= 1 and all(s.joined for s in series) and len(set(xs[0])) == len(xs[0]):
        categories = tuple(str(int(x)) for x in xs[0])
        return NativeChart("line", tuple(series), categories=categories, **chart)
    return NativeChart("xy", tuple(series), **chart)


def groups(rows: pd.DataFrame, by, order_by: str | list[str] | None = None) -> list[tuple[object, list[int]]]:
    """(key, row positions) per group of `rows`, groups in order of appearance, each sorted by `order_by`."""
    frame = rows.reset_index(drop=True)
    out = []
    for key, group in frame.groupby(by, sort=False):
        if order_by:
            group = group.sort_values(order_by, kind="stable")
        out.append((key, [int(pos) for pos in group.index]))
    return out


def number_format(values) -> str:
    """Thousands grouped and as many decimals as the figures have (up to 3), so the workbook shows every figure as
    published and a whole number without a decimal point: '#,##0', '#,##0.0'."""
    decimals = 0
    for value in values:
        value = number(value)
        if value is None:
            continue
        text = f"{value:.3f}".rstrip("0")
        decimals = max(decimals, len(text.split(".")[1]) if "." in text else 0)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def named_rows(rows: pd.DataFrame, column: str, drawn: set[int]) -> tuple[int, ...]:
    """The rows with a figure in `column` that are not among `drawn`."""
    cells = rows[column].tolist() if column in rows else []
    return tuple(pos for pos, value in enumerate(cells) if number(value) is not None and pos not in drawn)


MARKERS = ("circle", "square", "diamond", "triangle", "star")
DASHES = ("solid", "dash", "dot")
