"""Small multiples of official counts: one panel per kind of figure (and per unit), stacked, each a dot chart over
time. Pure: the chart (charts/official.py) gives every word already translated; this module only lays them out.

Dots, not lines, between different measures: a line joins only the dates of one measure from one source. A figure
that covers several years is a dot with whiskers over them; a range (700,000-800,000) is a vertical whisker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .series import SYMBOLS
from .theme import GRID, INK, MUTED, PALETTE, series_layout, wrap_px

HEAD_PX = 310  # panel headings and definitions wrap to stay whole on a 390 px phone (330 ran 9 px out in ky)
PLOT_PX = 120  # each panel's plot area
TICKS_PX = 26  # the year labels under each panel
MARGIN_L = 72  # room for '1,200,000' on the count axes
NBSP, KEEP = "\u00a0", "\u0001"


@dataclass(frozen=True)
class Group:
    """The dots of one measure from one source in one panel (joined by a line when there are two or more)."""

    x: list[float]
    y: list[float]
    span: list[float]  # half the stretch of time each figure covers, in years (whiskers when over a year)
    upper: list[float]  # the top of a published range minus the value, 0 for a single value
    hover: list[list[str]]  # [what is counted, date in words, amount, source]


@dataclass(frozen=True)
class Panel:
    """One kind of figure in one unit: its heading, a one-line definition, undated statements named beside it."""

    heading: str
    definition: str
    groups: list[Group]
    undated: list[str] = field(default_factory=list)
    percent: bool = False


def _wrap(text: str, size: float, bold: bool = False) -> str:
    """wrap_px, keeping a number's no-break spaces ('45 000') unbroken (wrap_px breaks at any white space)."""
    return wrap_px(text.replace(NBSP, KEEP), HEAD_PX, size, bold=bold).replace(KEEP, NBSP)


def _head_text(panel: Panel) -> tuple[str, int]:
    """The panel's heading block (bold heading, muted definition and undated lines) and its height in px."""
    head = _wrap(panel.heading, 13, bold=True)
    lines = [f"<b>{head}</b>"]
    small = [_wrap(panel.definition, 11)] + [_wrap(text, 11) for text in panel.undated]
    lines += [f"<span style='font-size:11px;color:{MUTED}'>{text}</span>" for text in small]
    height = 18 * (head.count("<br>") + 1) + 15 * sum(text.count("<br>") + 1 for text in small) + 12
    return "<br>".join(lines), height


def _traces(panel: Panel, index: int, colour: str) -> list[dict]:
    axis = "" if index == 1 else str(index)
    traces = []
    for number, group in enumerate(panel.groups):
        wide = [s if s > 0.5 else 0 for s in group.span]
        traces.append({
            "type": "scatter", "x": group.x, "y": group.y, "xaxis": f"x{axis}", "yaxis": f"y{axis}",
            "mode": "lines+markers" if len(group.x) > 1 else "markers", "showlegend": False,
            "line": {"color": colour, "width": 1.5},
            "marker": {"size": 8, "color": colour, "symbol": SYMBOLS[number % len(SYMBOLS)],
                       "line": {"color": "white", "width": 0.5}},
            "error_x": {"type": "data", "array": wide, "visible": any(wide), "color": colour, "thickness": 1,
                        "width": 3},
            "error_y": {"type": "data", "symmetric": False, "array": group.upper, "arrayminus": [0] * len(group.y),
                        "visible": any(group.upper), "color": colour, "thickness": 1.5},
            "customdata": group.hover,
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}<br>%{customdata[3]}"
                             "<extra></extra>"})
    return traces


def _x_range(panels: list[Panel]) -> list[float]:
    starts = [x - s for p in panels for g in p.groups for x, s in zip(g.x, g.span, strict=True)]
    ends = [x + s for p in panels for g in p.groups for x, s in zip(g.x, g.span, strict=True)]
    if not starts:
        return [0, 1]
    return [min(starts) - 0.3, max(ends) + 0.3]


def official_figure(panels: list[Panel], year: int | None, *, title: str, subtitle: str, source_line: str,
                    percent_suffix: str, lang: str) -> dict:
    """The panels stacked top to bottom on one shared year axis, each with its own value axis (units are never
    mixed on one); `year` (the view's year, when set) a dotted line on every panel."""
    heads = [_head_text(panel) for panel in panels]
    plots = [PLOT_PX + TICKS_PX if panel.groups else 0 for panel in panels]  # undated only: the words alone
    total = sum(height for _, height in heads) + sum(plots)
    layout = series_layout(title, subtitle, source_line, lang, plot_height=total, legend=[], margin_l=MARGIN_L,
                           axis_px=8)
    layout.update(showlegend=False, hovermode="closest")
    data, top, x_range = [], total, _x_range(panels)
    for index, (panel, (text, height), plot) in enumerate(zip(panels, heads, plots, strict=True), start=1):
        colour = PALETTE[(index - 1) % len(PALETTE)]
        upper = (top - height) / total
        lower = (top - height - max(plot - TICKS_PX, 0)) / total
        top -= height + plot
        axis = "" if index == 1 else str(index)
        layout[f"xaxis{axis}"] = {"anchor": f"y{axis}", "domain": [0, 1], "range": x_range, "tickformat": "d",
                                  "nticks": 8, "showgrid": False, "title": None, "visible": bool(plot),
                                  **({"matches": "x"} if index > 1 else {})}
        layout[f"yaxis{axis}"] = {"anchor": f"x{axis}", "domain": [max(lower, 0), min(upper, 1)], "nticks": 4,
                                  "title": None, "showgrid": True, "gridcolor": GRID, "visible": bool(plot),
                                  "tickformat": ",.0f" if not panel.percent else "",
                                  "ticksuffix": percent_suffix if panel.percent else ""}
        layout["annotations"].append({
            "text": text, "xref": "paper", "yref": "paper", "x": 0, "y": upper, "xanchor": "left",
            "yanchor": "bottom", "xshift": 8 - MARGIN_L, "yshift": 2, "align": "left", "showarrow": False,
            "font": {"size": 13, "color": INK}, "name": f"panel-{index}"})
        data += _traces(panel, index, colour)
        if year is not None:
            layout["shapes"].append({"type": "line", "xref": f"x{axis}", "yref": f"y{axis} domain", "x0": year + 0.5,
                                     "x1": year + 0.5, "y0": 0, "y1": 1, "name": "year",
                                     "line": {"color": MUTED, "width": 1, "dash": "dot"}})
    return {"data": data, "layout": layout}


def nothing_figure(message: str, *, title: str, subtitle: str, source_line: str, lang: str) -> dict:
    """No official figure for the view (a destination without any, or a year range that leaves none): the frame with
    the words in the plot's place, never an empty axis."""
    layout = series_layout(title, subtitle, source_line, lang, plot_height=120, legend=[], axis_px=10)
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "range": [0, 1], "fixedrange": True}
    layout.update(xaxis=hidden, yaxis=hidden, showlegend=False, hovermode=False)
    layout["annotations"].append({"text": wrap_px(message, 300, 15), "xref": "paper", "yref": "paper", "x": 0.5,
                                  "y": 0.5, "showarrow": False, "font": {"size": 15, "color": MUTED},
                                  "name": "no-figure"})
    return {"data": [], "layout": layout}
