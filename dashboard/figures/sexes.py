"""Women and men among Kyrgyz migrants in one destination: head counts by sex, or the share of women, per source.

Pure functions of the frames dashboard.data.sexes returns. Each source keeps its colour; women and men are told
apart without colour (women: solid lines, filled circles; men: dashed lines, open squares). A share the source did
not publish says in its hover that it was computed, with the published counts it comes from.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.rows import itertuples
from ..i18n import capitalised, fmt_number, translator
from ..i18n.amounts import fmt_amount, fmt_date_label, fmt_percent, is_missing
from ..labels import SEX_LABEL
from .empty import no_figure
from .series import hover_amount, percent_suffix
from .theme import MUTED, PALETTE, legend_name, series_layout

SEX_STYLE = {"female": ("solid", "circle"), "male": ("dash", "square-open")}
OFFICIAL_SYMBOL = "diamond"
HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}%{customdata[3]}<extra></extra>"


def date_axis(xs) -> dict:
    """Whole years on the axis, one tick a year when the span is short (never '2016' twice for 2016.0 and 2016.5)."""
    values = [float(x) for x in xs]
    span = (max(values) - min(values)) if values else 0
    step = 1 if span <= 8 else 2 if span <= 16 else 5 if span <= 40 else 10
    return {"title": None, "tickformat": "d", "dtick": step, "tick0": 0, "showgrid": False}


def _trace(xs: list, values: list, name: str, colour: str, sex: str, lines: bool, custom: list) -> dict:
    dash, symbol = SEX_STYLE.get(sex, ("solid", OFFICIAL_SYMBOL))
    return {"type": "scatter", "x": [float(x) for x in xs],
            "y": [float(v) for v in values], "name": legend_name(name),
            "mode": "lines+markers" if lines else "markers",
            "line": {"color": colour, "width": 2.2, "dash": dash},
            "marker": {"size": 11 if sex == "both" else 8, "symbol": symbol, "color": colour,
                       "line": {"color": colour, "width": 1.5}},
            "customdata": custom, "hovertemplate": HOVER}


def counts_figure(split: pd.DataFrame, labels: dict[str, str], *, title: str, subtitle: str, source_line: str,
                  lang: str, data: list[dict] | None = None) -> dict:
    """Women and men per source: a line pair per estimate series, markers for counts made on one date; an
    official split published as shares is drawn as its total, the shares in its legend entry and hover. The legend
    names every source once, in its colour, and keys the two styles once at its end ('women': solid, filled
    circles; 'men': dashed, open squares), so every source reads the same way and the legend stays a few rows on a
    phone. `data`: counts_traces(split, labels, lang) when the caller holds them already."""
    data = counts_traces(split, labels, lang) if data is None else data
    legend = [d["name"] for d in data if d.get("showlegend", True)]
    layout = series_layout(title, subtitle, source_line, lang, plot_height=280, legend=legend)
    layout.update(yaxis={"title": None, "tickformat": ",.0f", "rangemode": "tozero"},
                  xaxis=date_axis(split["reference_date_decimal"]), hovermode="closest")
    return {"data": data, "layout": layout}


def counts_traces(split: pd.DataFrame, labels: dict[str, str], lang: str) -> list[dict]:
    """counts_figure's traces: the rows, the series' names and the language make them, not the words around the
    chart. The style key comes last, when a source draws both women and men."""
    data: list[dict] = []
    paired = False  # whether a source draws both sexes: then the legend keys their styles
    for i, (series, group) in enumerate(split.groupby("series", sort=False)):
        colour = PALETTE[i % len(PALETTE)]
        if group["kind"].iloc[0] == "official statement":
            data.append(_official_total(group, labels.get(series, series), colour, lang))
            continue
        traces = _sex_traces(group, series, labels.get(series, series), colour, lang)
        paired = paired or len(traces) == 2
        data += traces
    return data + (style_key(lang) if paired else [])


def _sex_traces(group: pd.DataFrame, series: str, label: str, colour: str, lang: str) -> list:
    """One source's women and men, named once in the legend: by the source alone, or with its sex when it
    publishes one sex only ('…: women')."""
    t = translator(lang)
    by_sex = [(sex, points) for sex, points in by_date(group).items() if points[0]]
    out = []
    for sex, (xs, values) in by_sex:
        custom = [[label, fmt_date_label(x, lang), t(SEX_LABEL[sex]) + " " + hover_amount(v, "persons", lang), ""]
                  for x, v in zip(xs, values, strict=True)]
        name = t("{source}: {sex}", source=label, sex=t(SEX_LABEL[sex])) if len(by_sex) == 1 else label
        trace = _trace(xs, values, name, colour, sex, group["kind"].iloc[0] == "estimate", custom)
        trace.update(legendgroup=series, showlegend=not out)
        out.append(trace)
    return out


def style_key(lang: str) -> list[dict]:
    """Two legend entries in grey with no point of their own (plotly still draws their symbol): what a solid line
    with filled circles and a dashed one with open squares stand for, for every source's colour."""
    t = translator(lang)
    out = []
    for sex, (dash, symbol) in SEX_STYLE.items():
        out.append({"type": "scatter", "x": [None], "y": [None], "name": capitalised(t(SEX_LABEL[sex])),
                    "mode": "lines+markers", "hoverinfo": "skip", "showlegend": True, "legendgroup": f"key-{sex}",
                    "line": {"color": MUTED, "width": 2.2, "dash": dash},
                    "marker": {"size": 8, "symbol": symbol, "color": MUTED, "line": {"color": MUTED, "width": 1.5}}})
    return out


def by_date(group: pd.DataFrame) -> dict[str, tuple[list, list]]:
    """Women's and men's (dates, values), each sex's points ordered by date as
    group[group["sex"] == sex].sort_values("reference_date_decimal") orders them (NumPy's quicksort of the dates,
    undated last), the values as iterating that frame gives them: the group's columns are read once."""
    sexes, xs, values = list(group["sex"]), list(group["reference_date_decimal"]), list(group["value"])
    out = {}
    for sex in ("female", "male"):
        mine = [at for at, one in enumerate(sexes) if one == sex]
        dates = np.asarray([xs[at] for at in mine], dtype=float)
        dated = np.flatnonzero(~np.isnan(dates))
        order = [*dated[dates[dated].argsort(kind="quicksort")], *np.flatnonzero(np.isnan(dates))]
        out[sex] = ([xs[mine[at]] for at in order], [values[mine[at]] for at in order])
    return out


def _official_total(group: pd.DataFrame, label: str, colour: str, lang: str) -> dict:
    """The published total of an official split, its shares of women and men in the legend and the hover."""
    t = translator(lang)
    total = group[group["sex"] == "both"]
    shares = {row.sex: fmt_percent(row.value, lang) for row in itertuples(group) if row.sex != "both"}
    words = t("women {women}, men {men} (as published)", women=shares.get("female", "–"),
              men=shares.get("male", "–"))
    name = t("{source}: all, {split}", source=label, split=words)
    custom = [[label, fmt_date_label(x, lang), t(SEX_LABEL["both"]) + " " + hover_amount(v, "persons", lang),
               "<br>" + words] for x, v in zip(total["reference_date_decimal"], total["value"], strict=True)]
    return _trace(list(total["reference_date_decimal"]), list(total["value"]), name, colour, "both", False, custom)


def share_figure(shares: pd.DataFrame, labels: dict[str, str], *, title: str, subtitle: str, source_line: str,
                 lang: str, data: list[dict] | None = None) -> dict:
    """The share of women per source on a 0-100 % axis with a 50 % line (as many women as men). `data`:
    share_traces(shares, labels, lang) when the caller holds them already."""
    data = share_traces(shares, labels, lang) if data is None else data
    layout = series_layout(title, subtitle, source_line, lang, plot_height=280, legend=[d["name"] for d in data])
    layout.update(yaxis={"title": None, "range": [0, 100], "dtick": 25, "ticksuffix": percent_suffix(lang),
                         "fixedrange": True},
                  xaxis=date_axis(shares["reference_date_decimal"]), hovermode="closest")
    layout["shapes"] = [*layout["shapes"], {
        "type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": 50, "y1": 50, "name": "half",
        "line": {"color": MUTED, "width": 1, "dash": "dot"}}]
    return {"data": data, "layout": layout}


def share_traces(shares: pd.DataFrame, labels: dict[str, str], lang: str) -> list[dict]:
    """share_figure's traces: the rows, the series' names and the language make them."""
    t = translator(lang)
    data = []
    for i, (series, group) in enumerate(shares.groupby("series", sort=False)):
        group = group.sort_values("reference_date_decimal").rename(columns={"share_women_pct": "value"})
        colour = PALETTE[i % len(PALETTE)]
        kind = group["kind"].iloc[0]
        custom = [[labels.get(series, series), fmt_date_label(row.reference_date_decimal, lang),
                   t("{share} women", share=share_text(row.value, row.share_basis, lang)), _basis(row, lang)]
                  for row in itertuples(group)]
        trace = _trace(list(group["reference_date_decimal"]), list(group["value"]), labels.get(series, series),
                       colour, "female" if kind != "official statement" else "both", kind == "estimate", custom)
        data.append(trace)
    return data


def share_text(value: float, basis: str, lang: str) -> str:
    """A share for reading: a published one with its digits, a computed one to one decimal (the counts it comes
    from stand beside it)."""
    return fmt_percent(value, lang) if basis == "published" else fmt_percent(value, lang, 1)


def _basis(row, lang: str) -> str:
    """Where a share comes from: published (with the published total), or computed from the published counts."""
    t = translator(lang)
    if row.share_basis == "published":
        men = "" if is_missing(row.share_men_pct) else fmt_percent(row.share_men_pct, lang)
        total = fmt_amount(row.total, "persons", lang) if not is_missing(row.total) else "–"
        return "<br>" + t("as published; men {men}; all: {total}", men=men, total=total)
    men = "–" if is_missing(row.men) else fmt_number(row.men, lang)
    return "<br>" + t("computed from the source's own counts: women {women}, men {men}, all {total}",
                      women=fmt_number(row.women, lang), men=men, total=fmt_number(row.total, lang))


def no_split_figure(message: str, *, title: str, subtitle: str, source_line: str, lang: str) -> dict:
    """No source splits its count by sex here (or in the years chosen): the chart's frame with a sentence saying
    so in the plot's place, never empty axes (figures/empty.py, as for an empty year range)."""
    return no_figure(message, title=title, subtitle=subtitle, source_line=source_line, lang=lang)
