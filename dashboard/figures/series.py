"""Time-series figures: migrant stock by destination, sources side by side, remittances by vintage and by country.

Pure functions of already-queried frames, returning plotly figure dicts.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from ..i18n import N_, fmt_number, translator
from ..i18n.amounts import fmt_amount, fmt_date_label, fmt_percent, is_missing, shows_exact
from ..labels import STATUS_LABEL, published_value
from .theme import HOME, INK, OTHER, PALETTE, legend_name, series_layout, text_px, wrap_px

SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross", "pentagon", "hexagon")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "solid", "dash", "dot")


def hover_amount(value, unit: str, lang: str, qualifier: str = "", upper=None, scale: float | None = None) -> str:
    """A value as a reader takes it in, and beneath it the value exactly as published when the two differ:
    '3.05 billion US$<br>as published: 3,050.88 US$ million'. Memoised (by value and type): a figure's hovers are
    most of its formatting, and the same values come back in every year and view of a series."""
    try:
        return _hover_amount_memo(one_nan(value), unit, lang, qualifier, one_nan(upper), scale)
    except TypeError:  # an unhashable argument: worked out without the memo
        return _hover_amount(value, unit, lang, qualifier, upper, scale)


_NAN = float("nan")


def one_nan(value):
    """A float NaN as one NaN object: NaN equals nothing, not even another NaN, so a memo keyed by a fresh one (a
    missing range's top, read from a frame) never answers; every float NaN reads the same (missing)."""
    return _NAN if type(value) is float and value != value else value


def _hover_amount(value, unit: str, lang: str, qualifier: str, upper, scale: float | None) -> str:
    text = fmt_amount(value, unit, lang, qualifier, upper=upper, scale=scale)
    if shows_exact(value, unit, scale) and (is_missing(upper) or shows_exact(upper, unit, scale)):
        return text
    exact = published_value(value, unit, lang, qualifier, upper)
    return text + "<br>" + translator(lang)("as published: {value}", value=exact)


_hover_amount_memo = lru_cache(maxsize=32768, typed=True)(_hover_amount)


def _closing_bracket(text: str) -> tuple[str, str]:
    """'Kyrgyz citizens present in Russia (FMS) (2015 (late))' -> ('Kyrgyz citizens present in Russia (FMS)',
    '2015 (late)'): the date an official statement gives, split from what it counts."""
    if not text.endswith(")"):
        return text, ""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            return text[:i].rstrip(), text[i + 1:-1]
    return text, ""


def point_when(x: float, kind: str, detail: str, lang: str) -> tuple[str, str]:
    """(date label, what it counts) for a point of the sources chart: an official statement's own published date
    ('2024-H1' -> 'first half of 2024'), not its position on the axis; otherwise the decimal year as a date. Codes
    of the census/register rows (Census2009_report, UNSDDYB_B59_CJC) are not shown: the series label names them."""
    if kind == "official statement" and isinstance(detail, str):
        what, when = _closing_bracket(detail)
        if when:
            return fmt_date_label(when, lang), what
        return fmt_date_label(x, lang), what
    return fmt_date_label(x, lang), ""


def cited_words(labels: dict[str, str], series: str, source_ids: tuple, lang: str) -> str:
    """'<br>Source: EADaily (2016) · IOM' for a point whose series label does not name its source (every official
    statement of a destination is one series), and both sources of a fact two of them published."""
    ids = [sid for sid in source_ids if isinstance(sid, str) and sid in labels and sid != series]  # never a code
    if not ids:
        return ""
    return "<br>" + translator(lang)("Source: {sources}", sources=" · ".join(labels.get(sid, sid) for sid in ids))


FEW_YEARS = 8  # up to this many years on an axis, each gets its own tick (a one-year source: one tick, not 2,020.5)


def year_axis(years) -> dict:
    """An x axis of whole years: never a fractional or grouped tick ("2,020.5"); a tick on each year when there
    are few of them."""
    axis = {"title": None, "tickformat": "d"}
    distinct = sorted({int(y) for y in years})
    if 0 < len(distinct) <= FEW_YEARS:
        axis.update(tickmode="array", tickvals=distinct, ticktext=[str(y) for y in distinct])
    return axis


def log_axis(values, lang: str) -> dict:
    """A log axis with a labelled tick at each power of ten the values span (1, 10, 100, 1,000), written with the
    language's separators, instead of plotly's crowded 2-5 minor labels ("5100" on a phone)."""
    present = [v for v in values if v > 0]
    if not present:
        return {"title": None, "type": "log", "showgrid": True}
    low, high = math.floor(math.log10(min(present))), math.ceil(math.log10(max(present)))
    ticks = [10.0 ** k for k in range(low, high + 1)]
    return {"title": None, "type": "log", "showgrid": True, "tickmode": "array", "tickvals": ticks,
            "ticktext": [fmt_number(v, lang) for v in ticks]}


def percent_suffix(lang: str) -> str:
    """The percent sign as CLDR writes it after a number in the language: '%' in English and Kyrgyz, a no-break
    space and '%' in Russian (32,5 %), so the axis reads like the hover."""
    text = fmt_percent(5, lang)
    return text[text.index("5") + 1:]


class DeferredYear:
    """The year marker of a figure whose other parts do not depend on the year: kept as a placeholder in the
    figure that every year shares, drawn by with_year_marker once the year is known."""


DEFERRED_YEAR = DeferredYear()
PLACEHOLDER = "deferred-year-marker"


def year_marker(year: int | DeferredYear | None) -> tuple[list[dict], list[dict]]:
    """The selected year as a labelled vertical line: (shapes, annotations). Named so a patch can find them."""
    if year is None:
        return [], []
    if isinstance(year, DeferredYear):
        return [{PLACEHOLDER: True}], [{PLACEHOLDER: True}]
    shape = {"type": "line", "xref": "x", "yref": "paper", "x0": year, "x1": year, "y0": 0, "y1": 1,
             "line": {"color": HOME, "width": 1.5, "dash": "dot"}, "name": "year"}
    note = {"x": year, "y": 1, "xref": "x", "yref": "paper", "text": str(year), "showarrow": False,
            "yanchor": "bottom", "font": {"color": HOME, "size": 11}, "name": "year"}
    return [shape], [note]


def with_year_marker(figure: dict, year: int | None) -> dict:
    """`figure` with its deferred year marker drawn at `year` (none for None); the figure itself is left as it
    is (it is shared). A figure without a placeholder comes back unchanged."""
    layout = figure.get("layout") if isinstance(figure, dict) else None
    if not isinstance(layout, dict) or not any(PLACEHOLDER in item for item in layout.get("shapes", ())):
        return figure
    shapes, notes = year_marker(year)
    drawn = {"shapes": shapes, "annotations": notes}
    layout = {key: [new for item in value for new in (drawn[key] if PLACEHOLDER in item else [item])]
              if key in drawn else value for key, value in layout.items()}
    return {**figure, "layout": layout}


def _finish(layout: dict, year: int | DeferredYear | None) -> None:
    shapes, notes = year_marker(year)
    layout["shapes"] += shapes
    layout["annotations"] += notes


def stock_figure(df: pd.DataFrame, names: dict[str, str], year: int | None, *, title: str, subtitle: str,
                 source_line: str, unit: str, lang: str, data: list[dict] | None = None) -> dict:
    """One line per destination (+ 'other destinations'); markers on published years only. The hover writes each
    count with its unit (human plurals); `unit` is the axis' unit, named in the subtitle. A source that publishes
    one year (World Bank-KNOMAD 2021) has no trend to draw: its destinations are points on a dot chart
    (single_year_figure), not lines on a time axis with one tick. `data`: stock_traces(df, names, lang) when the
    caller holds them already."""
    if df["year"].nunique() == 1:
        return single_year_figure(df, names, title=title, subtitle=subtitle, source_line=source_line, lang=lang)
    data = stock_traces(df, names, lang) if data is None else data
    layout = series_layout(title, subtitle, source_line, lang, plot_height=260, legend=[d["name"] for d in data],
                           label_px=amount_label_px(df["value"]))
    layout.update(yaxis={"title": None, "tickformat": ",.0f"}, xaxis=year_axis(df["year"]), hovermode="closest")
    _finish(layout, year)
    return {"data": data, "layout": layout}


def stock_traces(df: pd.DataFrame, names: dict[str, str], lang: str) -> list[dict]:
    """stock_figure's lines: they depend on the rows, the countries' names and the language, not on the words around
    the chart (a filter's note in the subtitle)."""
    data = []
    for i, (iso, g) in enumerate(df.groupby("destination_iso3", sort=False)):
        colour = OTHER if iso == "OTHER" else PALETTE[i % len(PALETTE)]
        name = names.get(iso, iso)
        data.append({
            "type": "scatter", "x": [int(v) for v in g["year"]], "y": [float(v) for v in g["value"]],
            "mode": "lines+markers", "name": legend_name(name),
            "line": {"color": colour, "width": 2.5, "dash": "dot" if iso == "OTHER" else "solid"},
            "marker": {"size": 7, "symbol": SYMBOLS[i % len(SYMBOLS)]},
            "customdata": [[name, fmt_date_label(int(y), lang), hover_amount(v, "persons", lang)]
                           for y, v in zip(g["year"], g["value"], strict=True)],
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}<extra></extra>"})
    return data


def single_year_figure(df: pd.DataFrame, names: dict[str, str], *, title: str, subtitle: str, source_line: str,
                       lang: str) -> dict:
    """One year of one source: each destination a labelled point, largest on top, on a linear axis from zero (the
    year is in the subtitle and the hover). Markers only: a line or a year axis would suggest a trend the source
    does not publish; rows, not columns, so long names stay whole on a phone."""
    d = df.iloc[::-1]
    countries = [wrap_px(names.get(iso, iso), 150, 13) for iso in d["destination_iso3"]]
    values = [float(v) for v in d["value"]]
    order = list(df["destination_iso3"])
    colours = [OTHER if iso == "OTHER" else PALETTE[order.index(iso) % len(PALETTE)] for iso in d["destination_iso3"]]
    year = int(df["year"].iloc[0])
    high = max(values)
    data = [{
        "type": "scatter", "mode": "markers+text", "x": values, "y": countries, "name": str(year),
        "marker": {"size": 12, "color": colours}, "text": [fmt_number(v, lang, 0) for v in values],
        "textposition": ["middle left" if v > 0.6 * high else "middle right" for v in values], "cliponaxis": False,
        "customdata": [[names.get(iso, iso), fmt_date_label(year, lang), hover_amount(v, "persons", lang)]
                       for iso, v in zip(d["destination_iso3"], values, strict=True)],
        "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}<extra></extra>"}]
    layout = series_layout(title, subtitle, source_line, lang, plot_height=row_height(countries) * len(values),
                           legend=[], label_px=label_width(countries), axis_px=34)
    layout.update(xaxis={"title": None, "tickformat": ",.0f", "range": [0, high * 1.08], "nticks": 4},
                  yaxis={"title": None, "type": "category", "rangemode": None, "showgrid": True},
                  showlegend=False, hovermode="closest")
    return {"data": data, "layout": layout}


def amount_label_px(values, size: float = 12) -> float:
    """The widest tick label a y axis of these amounts can need, in px: as many digits as the largest value, grouped
    ('9 999 999'), so '1 200 000' is never cut at the left edge."""
    finite = [abs(float(v)) for v in values if v == v]
    digits = len(str(int(max(finite)))) if finite else 1
    return text_px(f"{10 ** digits - 1:,}", size)


def label_width(labels: list[str], size: float = 13) -> float:
    """The longest line of the axis' labels in the page's language, in px: the left margin holds it whole."""
    return max((text_px(line, size) for label in labels for line in label.split("<br>")), default=40)


def row_height(labels: list[str]) -> int:
    """Pixels per category row: two-line labels ('United States<br>of America') need room not to touch."""
    return 34 if any("<br>" in label for label in labels) else 26


def compare_figure(df: pd.DataFrame, labels: dict[str, str], year: int | None, *, title: str, subtitle: str,
                   source_line: str, unit: str, lang: str, data: list[dict] | None = None) -> dict:
    """Every source for one destination on one axis. Each series keeps its own symbol and dash so sources are
    told apart without colour; ranges are error bars; qualifiers ("about") are in the hover, with the date as a date
    (never the decimal position on the axis) and no source codes. `data`: compare_traces(df, labels, lang) when the
    caller holds them already."""
    data = compare_traces(df, labels, lang) if data is None else data
    layout = series_layout(title, subtitle, source_line, lang, plot_height=300, legend=[d["name"] for d in data],
                           label_px=amount_label_px([*df["value_persons"], *df["value_max_persons"]]))
    layout.update(yaxis={"title": None, "tickformat": ",.0f"}, xaxis={"title": None})
    _finish(layout, year)
    return {"data": data, "layout": layout}


def compare_traces(df: pd.DataFrame, labels: dict[str, str], lang: str) -> list[dict]:
    """compare_figure's series: they depend on the rows, the series' names and the language, not on the words
    around the chart."""
    data = []
    for i, (series, g) in enumerate(df.groupby("series", sort=False)):
        g = g.sort_values("x")
        kind = g["kind"].iloc[0]  # the series' kind, read once for its points
        colour = PALETTE[i % len(PALETTE)]
        rng = (g["value_max_persons"] - g["value_persons"]).fillna(0)
        custom = []
        blank = pd.Series([""] * len(g), index=g.index)
        for x, v, vmax, q, detail, src, also in zip(g["x"], g["value_persons"], g["value_max_persons"],
                                                    g["qualifier"], g["detail"], g.get("source_id", blank),
                                                    g.get("also_source_id", blank), strict=True):
            when, what = point_when(x, kind, detail, lang)
            q = q if isinstance(q, str) and q != "range" else ""
            custom.append([labels.get(series, series), when, hover_amount(v, "persons", lang, q, upper=vmax),
                           (f"<br>{what}" if what else "") + cited_words(labels, series, (src, also), lang)])
        data.append({
            "type": "scatter", "x": [float(x) for x in g["x"]], "y": [float(v) for v in g["value_persons"]],
            "name": legend_name(labels.get(series, series)),
            "mode": "lines+markers" if kind == "estimate" else "markers",
            "line": {"color": colour, "width": 2, "dash": DASHES[i % len(DASHES)]},
            "marker": {"size": 8, "symbol": SYMBOLS[i % len(SYMBOLS)], "color": colour},
            "error_y": {"type": "data", "symmetric": False, "array": [float(r) for r in rng],
                        "arrayminus": [0] * len(g), "visible": bool((rng > 0).any()), "color": colour},
            "customdata": custom,
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}%{customdata[3]}"
                             "<extra></extra>"})
    return data


REPORTED_NAME = N_("As reported elsewhere (hollow; source in the hover)")


def reported_sources(df: pd.DataFrame) -> set[str]:
    """Sources none of whose rows is a plain release figure (every row 'as reported' or an 'estimate': the press,
    the IOM page): drawn as one set of hollow points, not a line each."""
    plain = df["status"].fillna("").astype(str) == ""
    return set(df["source_id"]) - set(df.loc[plain, "source_id"])


def reported_trace(df: pd.DataFrame, labels: dict[str, str], name: str, pct: bool, lang: str) -> dict:
    """The reported figures of several sources as one legend entry (a phone's legend stays short): hollow
    diamonds, each point's source, status and value as published in its hover."""
    t = translator(lang)
    g = df.sort_values("year")
    y = g["value_scaled"] if pct else g["value_scaled"] / 1e9
    custom = [[labels.get(src, src), fmt_date_label(int(yr), lang), hover_amount(v, u, lang, q),
               f" ({t(STATUS_LABEL.get(st, st))})" if isinstance(st, str) and st and st != q else ""]
              for src, yr, v, u, q, st in zip(g["source_id"], g["year"], g["value"], g["unit"], g["qualifier"],
                                               g["status"], strict=True)]
    return {"type": "scatter", "x": [int(v) for v in g["year"]], "y": [float(v) for v in y], "name": legend_name(name),
            "mode": "markers", "marker": {"size": 10, "color": OTHER, "symbol": "diamond-open",
                                           "line": {"width": 2, "color": INK}},
            "customdata": custom,
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}%{customdata[3]}"
                             "<extra></extra>"}


def remittance_figure(df: pd.DataFrame, labels: dict[str, str], year: int | None, *, pct: bool, title: str,
                      subtitle: str, source_line: str, lang: str, data: list[dict] | None = None) -> dict:
    """One line per data release; preliminary and 'as reported' points get hollow markers and say so on hover. The
    sources that only report a figure (the press, the IOM page) are one legend entry, their source in each hover.
    `data`: remittance_traces(df, labels, pct, lang) when the caller holds them already."""
    data = remittance_traces(df, labels, pct, lang) if data is None else data
    layout = series_layout(title, subtitle, source_line, lang, plot_height=250, legend=[d["name"] for d in data])
    layout.update(yaxis={"title": None, "ticksuffix": percent_suffix(lang) if pct else ""}, xaxis=year_axis(df["year"]))
    _finish(layout, year)
    return {"data": data, "layout": layout}


def remittance_traces(df: pd.DataFrame, labels: dict[str, str], pct: bool, lang: str) -> list[dict]:
    """remittance_figure's traces: they depend on the rows, their sources' names and the language, not on the
    words around the chart (a filter's note in the subtitle)."""
    t = translator(lang)
    data = []
    reported = reported_sources(df)
    releases = df[~df["source_id"].isin(reported)]
    for i, (src, g) in enumerate(releases.groupby("source_id", sort=False)):
        colour = PALETTE[i % len(PALETTE)]
        y = g["value_scaled"] if pct else g["value_scaled"] / 1e9
        sym = SYMBOLS[i % len(SYMBOLS)]
        custom = [[labels.get(src, src), fmt_date_label(int(yr), lang), hover_amount(v, u, lang, q),
                   f" ({t(STATUS_LABEL.get(st, st))})" if isinstance(st, str) and st else ""]
                  for yr, v, u, q, st in zip(g["year"], g["value"], g["unit"], g["qualifier"], g["status"],
                                             strict=True)]
        data.append({
            "type": "scatter", "x": [int(v) for v in g["year"]], "y": [float(v) for v in y],
            "name": legend_name(labels.get(src, src)), "mode": "markers" if len(g) <= 3 else "lines+markers",
            "line": {"color": colour, "width": 2, "dash": DASHES[i % len(DASHES)]},
            "marker": {"size": [10 if s else 5 for s in g["status"]], "color": colour,
                       "symbol": [f"{sym}-open" if s else sym for s in g["status"]]},
            "customdata": custom,
            # the value as a reader takes it in, the exact published value and unit beneath when they differ
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}: %{customdata[2]}%{customdata[3]}"
                             "<extra></extra>"})
    if reported:
        data.append(reported_trace(df[df["source_id"].isin(reported)], labels, t(REPORTED_NAME), pct, lang))
    return data


def by_country_figure(df: pd.DataFrame, names: dict[str, str], *, top: int, title: str, subtitle: str,
                      source_line: str, lang: str) -> dict:
    """A dot plot, largest on top, on a log axis (bars would start from an arbitrary floor there); the rest are in
    the CSV, not summed into an invented 'other'. Country names longer than a phone can spare are stacked on two
    lines and the left margin is the longest line's width in the page's language ('United States of America',
    'Соединённые Штаты Америки' whole); a value label sits right of its dot, or left of it in the right third of
    the axis, so the largest (Russia) stays inside the plot instead of running off its edge."""
    t = translator(lang)
    d = df.head(top).iloc[::-1]
    values = [float(v) / 1e6 for v in d["value_usd"]]
    labels = [fmt_number(v, lang, 1) for v in values]
    countries = [wrap_px(names.get(i, i), 150, 13) for i in d["partner_iso3"]]
    axis = log_axis(values, lang)
    low, high = math.log10(min(values)), math.log10(max(values))
    span = max(high - low, 1e-9)
    # hovers in the axis' unit (million US$), the published value beneath
    hovers = [hover_amount(v, u, lang, scale=1e6) for v, u in zip(d["value"], d["unit"], strict=True)]
    data = [{
        "type": "scatter", "mode": "markers+text", "x": values, "y": countries,
        "marker": {"color": PALETTE[0], "size": 11}, "customdata": hovers, "text": labels,
        "textposition": ["middle left" if (math.log10(v) - low) / span > 0.66 else "middle right" for v in values],
        "cliponaxis": False,
        "hovertemplate": "<b>%{y}</b>: %{customdata} (" + t("model estimate") + ")<extra></extra>"}]
    layout = series_layout(title, subtitle, source_line, lang, plot_height=row_height(countries) * len(values),
                           legend=[], label_px=label_width(countries), axis_px=34)
    pad = 0.08 * span  # room for the smallest and largest dots and their labels
    layout.update(xaxis={**axis, "range": [low - pad - 0.25, high + pad]},
                  yaxis={"title": None, "rangemode": None, "showgrid": True}, showlegend=False)
    layout["margin"]["r"] = 24
    return {"data": data, "layout": layout}
