"""Oblasts compared: a ranking, one line per unit over time, and a labelled scatter of two indicators.

Pure functions of lists the chart prepares (names, values, display texts and hovers already in the page's language),
returning plotly figure dicts with their title, subtitle and source line inside (theme.series_layout), so a PNG or
SVG of any of them carries its provenance. Missing figures are never drawn as 0: a ranked unit without a figure is
written "no figure" beside an empty row; a scatter draws only units that have both figures.
"""

from __future__ import annotations

from .series import DASHES, SYMBOLS, label_width, year_axis
from .theme import HOME, MUTED, OTHER, PALETTE, legend_name, series_layout, wrap_px

BAR = PALETTE[0]
COLOURS = (*PALETTE, "#882255")  # nine units, nine colours (Okabe & Ito's eight and Tol's wine)
ROW_PX = 30


def rank_figure(items: list[dict], *, national: dict | None, title: str, subtitle: str, source_line: str,
                lang: str) -> dict:
    """Horizontal bars, largest on top. `items`: {name, value (None = no figure), text, hover, selected} in rank
    order, the units without a figure last; `national`: {value, text} for a reference line, or None."""
    rows = items[::-1]  # plotly stacks categories from the bottom
    names = [wrap_px(item["name"], 150, 13) for item in rows]
    names = [f"<b>{name}</b>" if item["selected"] else name for name, item in zip(names, rows, strict=True)]
    drawn = [(name, item) for name, item in zip(names, rows, strict=True) if item["value"] is not None]
    high = max([item["value"] for _, item in drawn] + ([national["value"]] if national else []), default=1.0)
    data = [_bar_trace([(name, item) for name, item in drawn if not item["selected"]], BAR),
            _bar_trace([(name, item) for name, item in drawn if item["selected"]], HOME), {
        "type": "scatter", "mode": "markers+text", "x": [item["value"] for _, item in drawn],
        "y": [name for name, _ in drawn], "text": [item["text"] for _, item in drawn], "name": "values",
        "textposition": "middle right", "cliponaxis": False, "customdata": [item["hover"] for _, item in drawn],
        "marker": {"size": 14, "opacity": 0}, "showlegend": False,
        "hovertemplate": "<b>%{y}</b><br>%{customdata}<extra></extra>"}]
    notes = [{"x": 0, "y": name, "xref": "x", "yref": "y", "text": item["text"], "showarrow": False,
              "xanchor": "left", "font": {"color": MUTED, "size": 12, "style": "italic"}, "name": "no-figure"}
             for name, item in zip(names, rows, strict=True) if item["value"] is None]
    layout = series_layout(title, subtitle, source_line, lang, plot_height=ROW_PX * len(rows) + 30, legend=[],
                           label_px=label_width(names), axis_px=34)
    layout["annotations"] += notes
    if national:
        layout["shapes"].append({"type": "line", "xref": "x", "yref": "paper", "x0": national["value"],
                                 "x1": national["value"], "y0": 0, "y1": 1, "name": "national",
                                 "line": {"color": INK_LINE, "width": 1.5, "dash": "dash"}})
        layout["annotations"].append({"x": national["value"], "y": 1, "xref": "x", "yref": "paper",
                                      "yanchor": "bottom", "showarrow": False, "text": national["text"],
                                      "font": {"size": 11, "color": INK_LINE}, "name": "national"})
    layout.update(xaxis={"title": None, "range": [0, high * 1.45], "nticks": 5, "showgrid": True,
                         "tickformat": ",.0f" if high >= 100 else ""},
                  yaxis={"title": None, "type": "category", "categoryorder": "array", "categoryarray": names,
                         "rangemode": None},
                  showlegend=False, hovermode="closest")
    return {"data": data, "layout": layout}


INK_LINE = "#3b4652"


def _bar_trace(rows: list[tuple[str, dict]], colour: str) -> dict:
    """Bars drawn as thick line segments from 0 to each value: the page's plotly.js is the geo partial bundle, which
    has no bar trace. One segment per unit (None separates them); hover and text sit on the values trace."""
    xs, ys = [], []
    for name, item in rows:
        xs += [0, item["value"], None]
        ys += [name, name, None]
    return {"type": "scatter", "mode": "lines", "x": xs, "y": ys, "line": {"color": colour, "width": 16},
            "hoverinfo": "skip", "showlegend": False, "name": "bars"}


def series_figure(lines: list[dict], *, title: str, subtitle: str, source_line: str, lang: str,
                  marks: list[dict], empty: str = "") -> dict:
    """One line per unit over time. `lines`: {name, x, y, hover, selected, joined} (joined=False: points from
    different publications and periods, drawn as points only: a line between them would suggest the years between
    were measured); `marks`: vertical lines {x, text} (a break in the
    series, the selected year); `empty`: the words shown instead when there is no series."""
    chosen = any(line["selected"] for line in lines)
    data = []
    for i, line in enumerate(lines):
        colour = (HOME if line["selected"] else OTHER) if chosen else COLOURS[i % len(COLOURS)]
        data.append({
            "type": "scatter", "mode": "lines+markers" if line["joined"] else "markers", "x": line["x"],
            "y": line["y"],
            "name": legend_name(line["name"]), "customdata": line["hover"],
            "line": {"color": colour, "width": 3 if line["selected"] else 2,
                     "dash": DASHES[i % len(DASHES)]},
            "marker": {"size": 8, "symbol": SYMBOLS[i % len(SYMBOLS)], "color": colour},
            "hovertemplate": "<b>%{fullData.name}</b><br>%{customdata}<extra></extra>"})
    layout = series_layout(title, subtitle, source_line, lang, plot_height=280 if data else 120,
                           legend=[d["name"] for d in data])
    years = [int(x) for line in lines for x in line["x"]]
    high = max((y for line in lines for y in line["y"]), default=0)
    layout.update(xaxis={**year_axis(years), "showgrid": False},
                  yaxis={"title": None, "showgrid": True, "tickformat": ",.0f" if high >= 100 else ""},
                  hovermode="closest")
    for mark in marks:
        layout["shapes"].append({"type": "line", "xref": "x", "yref": "paper", "x0": mark["x"], "x1": mark["x"],
                                 "y0": 0, "y1": 1, "line": {"color": MUTED, "width": 1, "dash": "dot"},
                                 "name": "mark"})
        layout["annotations"].append({"x": mark["x"], "y": 1, "xref": "x", "yref": "paper", "yanchor": "top",
                                      "xanchor": "right", "text": mark["text"], "showarrow": False, "name": "mark",
                                      "font": {"size": 11, "color": MUTED}, "bgcolor": "rgba(255,255,255,0.8)"})
    if empty:
        _say_instead(layout, empty)
    return {"data": data, "layout": layout}


def scatter_figure(points: list[dict], *, x_title: str, y_title: str, note: str, title: str, subtitle: str,
                   source_line: str, lang: str) -> dict:
    """Each unit that has both figures is a labelled point (`points`: {name, x, y, hover, selected}); no fitted
    line: a handful of units shows no trend. `note` (n and what can be read, also in the subtitle) stands alone in
    the middle when no point can be drawn."""
    xs = [p["x"] for p in points]
    data = [{
        "type": "scatter", "mode": "markers+text", "x": [p["x"] for p in points], "y": [p["y"] for p in points],
        "text": [f"<b>{p['name']}</b>" if p["selected"] else p["name"] for p in points],
        "textposition": [label_side(p["x"], xs) for p in points], "cliponaxis": False,
        "customdata": [p["hover"] for p in points],
        "marker": {"size": 12, "color": [HOME if p["selected"] else BAR for p in points],
                   "line": {"color": "white", "width": 1}},
        "hovertemplate": "<b>%{text}</b><br>%{customdata}<extra></extra>", "showlegend": False}]
    layout = series_layout(title, subtitle, source_line, lang, plot_height=300, legend=[])
    ys = [p["y"] for p in points]
    layout.update(xaxis={"title": None, "showgrid": True, "range": [0, max(xs) * 1.2] if xs else [0, 1]},
                  yaxis={"title": None, "showgrid": True, "range": [0, max(ys) * 1.4] if ys else [0, 1]},
                  showlegend=False, hovermode="closest")
    # what each axis shows, across the plot's top: axis titles run off a phone's plot (20-tools.js gives the
    # x axis 34 px and a title turned on its side is longer than the plot is tall)
    layout["annotations"] += [] if not points else [
        {"x": 0, "y": 1, "xref": "paper", "yref": "paper", "xanchor": "left", "yanchor": "top", "align": "left",
         "text": "↑ " + wrap_px(y_title, 250, 12) + "<br>→ " + wrap_px(x_title, 250, 12), "showarrow": False,
         "name": "axis",
         "font": {"size": 12, "color": MUTED}, "bgcolor": "rgba(255,255,255,0.85)"}]
    if not points:
        _say_instead(layout, note)
    return {"data": data, "layout": layout}


def label_side(x: float, xs: list[float]) -> str:
    """A point's name above it, leaning into the plot near either edge, so a long name ('Джалал-Абадская область')
    stays inside a phone's narrow plot."""
    share = x / (max(xs) * 1.2) if max(xs) else 0.5
    return "top left" if share > 0.66 else "top right" if share < 0.2 else "top center"


def _say_instead(layout: dict, text: str) -> None:
    """Words in the middle of an empty plot: why nothing is drawn (no axes that suggest a zero)."""
    layout["annotations"].append({"x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False,
                                  "text": wrap_px(text, 340, 13), "font": {"size": 13, "color": MUTED},
                                  "name": "empty"})
    layout["xaxis"] = {**layout.get("xaxis", {}), "visible": False}
    layout["yaxis"] = {**layout.get("yaxis", {}), "visible": False}
