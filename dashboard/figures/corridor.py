"""The remittance corridor over time: one trace per series (period type, direction, who measured it), markers at
the end of each period, lines only between consecutive periods of one series, and the model estimate as a star.

A pure function of the points the chart prepared (charts/corridor.py), returning a plotly figure dict.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .theme import MUTED, PALETTE, legend_name, series_layout, wrap_px

SYMBOL = {"nbkr": "circle", "cbr": "square", "sms": "diamond", "ministry": "triangle-up", "model": "star"}
DASH = {"inflow": "solid", "outflow": "dash", "net": "dot"}
PLOT_HEIGHT = 300


def joins(previous: pd.Series, current: pd.Series) -> bool:
    """Whether a line may join two figures of one series: consecutive periods only (January-November of one year
    and of the next; a month and the month after), so a gap in the data stays a gap, never a line across it."""
    if str(current["period_type"]).startswith("ytd"):
        return int(current["period_end"][:4]) == int(previous["period_end"][:4]) + 1
    return dt.date.fromisoformat(current["period_start"]) == \
        dt.date.fromisoformat(previous["period_end"]) + dt.timedelta(days=1)


def _with_gaps(group: pd.DataFrame) -> tuple[dict[str, list], bool]:
    """x, y, hover and hollow lists of one series with a gap (None) between figures that may not be joined; and
    whether any two are joined (else markers only)."""
    out: dict[str, list] = {"x": [], "y": [], "hover": [], "hollow": []}
    joined = False
    previous = None
    for _, row in group.sort_values(["period_end", "period_start"]).iterrows():
        if previous is not None:
            if joins(previous, row):
                joined = True
            else:
                for column, gap in (("x", None), ("y", None), ("hover", ""), ("hollow", False)):
                    out[column].append(gap)
        out["x"].append(row["period_end"])
        out["y"].append(float(row["y"]))
        out["hover"].append(row["hover"])
        out["hollow"].append(bool(row["hollow"]))
        previous = row
    return out, joined


def series_order(points: pd.DataFrame) -> list[str]:
    """Series in the order the chart sorted the points (its legend order)."""
    return list(dict.fromkeys(points["series"]))


def _trace(group: pd.DataFrame, name: str, colour: str) -> dict:
    first = group.iloc[0]
    points, joined = _with_gaps(group)
    model = first["measured_by"] == "model"
    symbol = SYMBOL.get(first["measured_by"], "circle")
    return {
        "type": "scatter", "x": points["x"], "y": points["y"], "name": legend_name(name), "connectgaps": False,
        "mode": "lines+markers" if joined else "markers",
        "line": {"color": colour, "width": 2, "dash": DASH.get(first["direction"], "solid")},
        "marker": {"color": colour, "size": 14 if model else 9, "line": {"color": colour, "width": 1.5},
                   "symbol": [f"{symbol}-open" if hollow and not model else symbol for hollow in points["hollow"]]},
        "customdata": points["hover"], "meta": {"period_type": first["period_type"], "kgm_series": name},
        "hovertemplate": f"<b>{name}</b><br>%{{customdata}}<extra></extra>"}


def period_spans(group: pd.DataFrame, colour: str) -> list[dict]:
    """Each figure's period as a light bar from its first to its last day at its value: a calendar-year total reads
    as the year it covers, not as a point on the 31 December it is drawn at."""
    return [{"type": "line", "xref": "x", "yref": "y", "x0": row["period_start"], "x1": row["period_end"],
             "y0": float(row["y"]), "y1": float(row["y"]), "line": {"color": colour, "width": 4}, "opacity": 0.4,
             "layer": "below", "name": "period"} for _, row in group.iterrows()]


def corridor_figure(points: pd.DataFrame, *, title: str, subtitle: str, source_line: str, lang: str) -> dict:
    """Columns of `points`: series, period_type, direction, measured_by, period_start, period_end (ISO dates), y
    (million US$), hollow (a qualified or preliminary figure), hover (its text)."""
    data: list[dict] = []
    spans: list[dict] = []
    for i, name in enumerate(series_order(points)):
        group = points[points["series"] == name]
        colour = MUTED if group.iloc[0]["measured_by"] == "model" else PALETTE[i % len(PALETTE)]
        data.append(_trace(group, name, colour))
        spans += period_spans(group, colour)
    layout = series_layout(title, subtitle, source_line, lang, plot_height=PLOT_HEIGHT,
                           legend=[trace["name"] for trace in data])
    layout.update(xaxis={"title": None, "type": "date"}, yaxis={"title": None, "tickformat": ",~g"})
    layout["shapes"] = [*layout["shapes"], *spans]
    # event markers (dashboard/figures/events.py, another feature): add_events(layout, ...) here once it exists
    return {"data": data, "layout": layout}


def no_points_figure(message: str, *, title: str, subtitle: str, source_line: str, lang: str) -> dict:
    """A corridor with no dated figure in view: its title, subtitle (naming any undated figure) and source line, and
    `message` where the points would be, never an empty axis without words."""
    layout = series_layout(title, subtitle, source_line, lang, plot_height=160, legend=[], axis_px=10)
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "range": [0, 1], "fixedrange": True}
    layout.update(xaxis=hidden, yaxis=hidden, showlegend=False, hovermode=False)
    layout["annotations"] = [*layout["annotations"], {
        "text": wrap_px(message, 300, 15), "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "xanchor": "center",
        "yanchor": "middle", "showarrow": False, "font": {"size": 15, "color": MUTED}, "name": "no-figure"}]
    return {"data": [], "layout": layout}
