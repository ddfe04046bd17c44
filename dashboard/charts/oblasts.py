"""Oblasts compared, beside the map: the 9 units ranked for the map's indicator (rank), their series where the data
has several periods (series), or a migration indicator against poverty or wages across units (scatter).

Oblast figures come from a handful of publications, each for its own period and often for a few units only. So
every unit is listed (without a figure: "no figure", never 0), every figure keeps its period and source, series
join only what was published, and the scatter pairs one period per axis, names its n and fits nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd

from ..data import oblasts as oq
from ..data import oblasts_compared as oc
from ..data.boundaries import OBLAST_CODES
from ..figures import compared
from ..figures.series import hover_amount
from ..i18n import N_, after_colon, fmt_number, translator
from ..i18n.amounts import fmt_amount
from ..labels import INDICATOR_LABEL, INDICATORS_NAMING_REGIONS, names, period_label, qualified, source_label, unit_word
from ..lru import BoundedLRU
from .base import Chart, ChartRequest, Heading
from .filters import in_range, oblast_name, range_words, sex_note, year_note
from .native import NativeChart, NativeSeries, groups, named_rows, number_format, series_at, values_at

SCATTER_TITLE = {"poverty": N_("Migration and poverty by oblast"), "wage": N_("Migration and wages by oblast")}
COUNT_UNITS = ("persons", "thousand persons")  # totals: a national total is no reference line for units' counts
RATE = "per 1,000 residents"
T = TypeVar("T")
# The ranking's rows, bars and summary are the same for every year that shows one published period (most indicators
# map one fixed period whatever the year): worked out once per data version, indicator, period, rate and language
BY_PERIOD: BoundedLRU = BoundedLRU(512)


def indicator_words(req: ChartRequest, key: str) -> str:
    return translator(req.lang)(INDICATOR_LABEL[key])


def per_of(req: ChartRequest) -> str:
    return req.view.per if oq.INDICATORS[req.view.measure].per1000 else "abs"


def value_text(req: ChartRequest, value, unit: str, qualifier) -> str:
    """A figure in words with its unit and qualifier ('about 40%'), or "no figure"."""
    t = translator(req.lang)
    if value is None or value != value:
        return t("no figure")
    return fmt_amount(float(value), unit, req.lang, qualifier if isinstance(qualifier, str) else "")


def bar_text(req: ChartRequest, value, unit: str, qualifier) -> str:
    """The number at a bar's end, its unit in the subtitle: short enough to stay inside a phone's narrow plot."""
    if value is None or value != value:
        return value_text(req, value, unit, qualifier)
    if unit == "percent":
        return value_text(req, value, unit, qualifier)
    text = fmt_number(float(value), req.lang, 1 if unit == RATE else None)
    return qualified(text, qualifier if isinstance(qualifier, str) else "", req.lang)


def figure_hover(req: ChartRequest, row, published=None) -> str:
    """What a point or bar says under the pointer: the figure (and the count it was computed from), its period and
    its source."""
    t = translator(req.lang)
    qualifier = row["qualifier"] if isinstance(row["qualifier"], str) else ""
    text = hover_amount(float(row["value"]), row["unit"], req.lang, qualifier)
    if published is not None and published == published:
        text += "<br>" + t("as published: {value}", value=fmt_amount(float(published), "persons", req.lang))
    return (f"{text}<br>{period_label(row['period'], req.lang)}<br>"
            f"{source_label(row['source_id'], req.lang, req.bundle.sources)}")


def rate_source_extra(req: ChartRequest, denominator: str) -> str:
    """The denominator of a per-1,000 rate, in the source line (the map's words)."""
    if not denominator:
        return ""
    t = translator(req.lang)
    return t("Rate computed here with NSC resident population, 1 January {y}", y=denominator[-10:-6])


def highlight_note(req: ChartRequest) -> tuple[str, ...]:
    t = translator(req.lang)
    return (t("Highlighted: {oblast}", oblast=oblast_name(req)),) if req.view.oblast else ()


class OblastsChart(Chart):
    note: str = N_("Oblast figures come from a few publications, each for its own period and often for some units "
                     "only: every figure keeps its period and source, and a unit without one is listed as such, not "
                     "as zero. The indicator is the one chosen for the map's origin oblasts.")
    examples: tuple[str, ...] = ("", "oview=series&measure=population", "oview=scatter&vs=wage",
                                 "oblast=KG-B&measure=poverty")

    def variant(self, req: ChartRequest) -> str:
        return req.view.oview

    def heading(self, req: ChartRequest) -> Heading:
        if req.view.oview == "series":
            return _series_heading(req)
        if req.view.oview == "scatter":
            return _scatter_heading(req)
        return _rank_heading(req)

    def rows(self, req: ChartRequest) -> pd.DataFrame:
        if req.view.oview == "series" and req.view.measure in oc.series_keys(req.bundle):
            return series_rows(req)
        if req.view.oview == "scatter":
            return scatter_rows(req)
        return rank_rows(req)

    def figure(self, req: ChartRequest) -> dict:
        heading = self.heading(req)
        frame = {"title": heading.title, "subtitle": heading.subtitle_with_notes(),
                 "source_line": heading.source_line(req.bundle, req.lang, req.link), "lang": req.lang}
        if req.view.oview == "series":
            return _series_figure(req, frame)
        if req.view.oview == "scatter":
            return _scatter_figure(req, frame)
        return _rank_figure(req, frame)

    def summary(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        if req.view.oview == "series":
            return _series_summary(req, rows)
        if req.view.oview == "scatter":
            return _scatter_summary(req)
        return _rank_summary(req, rows)

    def native(self, req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
        if req.view.oview == "series":
            return _series_native(req, rows)
        if req.view.oview == "scatter":
            return _scatter_native(req, rows)
        return _rank_native(req, rows)


# ranking ------------------------------------------------------------------------------------------------------------


def ranked(req: ChartRequest) -> pd.DataFrame:
    return oc.ranking(req.bundle, req.view.measure, req.view.year, per_of(req))


def national(req: ChartRequest, period: str) -> dict | None:
    return oc.national_reference(req.bundle, req.view.measure, period, per_of(req))


def by_period(req: ChartRequest, part: str, compute: Callable[[], T]) -> T:
    """compute(), kept under the period the view's year shows (oq.resolve_period) rather than the year. The key
    reads the view fields the ranking reads (indicator, year, rate), so a memo keeping the answer by the fields
    read (charts/reads.py) notes them on a hit too. Values are shared: callers copy before changing one."""
    measure = req.view.measure
    period = oq.resolve_period(req.bundle, oq.INDICATORS[measure], req.view.year)
    return BY_PERIOD.get_or_compute((part, req.bundle.digest, measure, period, per_of(req), req.lang), compute)


def rank_rows(req: ChartRequest) -> pd.DataFrame:
    """Every unit in rank order (no figure: rank and value empty), then the national figure when the data hold one.
    `value` is as published; a per-1,000 rate is its own column beside the count it comes from."""
    return by_period(req, "rows", lambda: _rank_rows(req)).copy(deep=False)  # copy-on-write: a change copies


def _rank_rows(req: ChartRequest) -> pd.DataFrame:
    vals = ranked(req)
    per1000 = per_of(req) == "per1000"
    published = oq.oblast_values(req.bundle, req.view.measure, req.view.year, "abs").set_index("iso_3166_2")
    out = vals[["rank", "iso_3166_2", "period", "value", "unit", "qualifier", "source_id", "denominator",
                "note"]].copy()
    ref = national(req, out["period"].iloc[0])
    if ref is not None:
        out = pd.concat([out, pd.DataFrame([{**ref, "rank": pd.NA}])], ignore_index=True)
        out["rank"] = out["rank"].astype("Int64")
    if per1000:
        out.insert(4, "rate_per_1000", out["value"])
        whole = oc.national_reference(req.bundle, req.view.measure, out["period"].iloc[0], "abs")
        counts = {**published["value"].to_dict(), **({oc.NATIONAL: whole["value"]} if whole else {})}
        out["value"] = out["iso_3166_2"].map(counts)
        out["unit"] = oq.INDICATORS[req.view.measure].unit
    out.insert(2, "name", out["iso_3166_2"].map(names(req.bundle, req.lang)).fillna(place_label(req)))
    return out


def place_label(req: ChartRequest) -> str:
    return names(req.bundle, req.lang).get("KGZ", "Kyrgyzstan")


def _rank_heading(req: ChartRequest) -> Heading:
    title, sub, ids, extra, period, words = by_period(req, "heading", lambda: _rank_heading_parts(req))
    notes = year_note(req, period, words) + sex_note(req) + highlight_note(req)
    return Heading(title, sub, ids, extra, notes)


def _rank_heading_parts(req: ChartRequest) -> tuple[str, str, tuple[str, ...], str, str, str]:
    """(title, subtitle, source ids, source line's extra, period, period in words): the heading but its notes."""
    t = translator(req.lang)
    vals = ranked(req)
    period = vals["period"].iloc[0]
    words = period_label(period, req.lang)
    unit = vals["unit"].iloc[0]
    sub = t("Period: {period}; {unit}", period=words, unit=unit_word(unit, req.lang))
    sub += " · " + t("Units with a figure: {n} of {total}; the others are listed as “no figure”",
                     n=int(vals["value"].notna().sum()), total=len(OBLAST_CODES))
    ref = national(req, period)
    if ref is not None:
        amount = value_text(req, ref["value"], ref["unit"], ref["qualifier"])
        sub += " · " + (t("{place} in total: {value} (not drawn: a total, not a unit's figure)",
                          place=place_label(req), value=amount) if ref["unit"] in COUNT_UNITS else
                        t("Dashed line: {place}, {value}", place=place_label(req), value=amount))
    ids = tuple(vals["source_id"].dropna().unique()) or (oq.population_source(req.bundle),)
    if ref is not None:
        ids = tuple(dict.fromkeys([*ids, ref["source_id"]]))
    indicator = after_colon(indicator_words(req, req.view.measure), req.lang)
    return (t("Oblasts ranked: {indicator}", indicator=indicator), sub, ids,
            rate_source_extra(req, vals["denominator"].iloc[0]), period, words)


def _rank_figure(req: ChartRequest, frame: dict) -> dict:
    bars, line = by_period(req, "bars", lambda: _rank_bars(req))
    items = [{**item, "selected": iso == req.view.oblast} for iso, item in bars]
    return compared.rank_figure(items, national=None if line is None else dict(line), **frame)


def _rank_bars(req: ChartRequest) -> tuple[list[tuple[str, dict]], dict | None]:
    """(unit, bar without its highlight) in rank order, and the national reference line (None when not drawn)."""
    vals = ranked(req)
    counts = oq.oblast_values(req.bundle, req.view.measure, req.view.year, "abs").set_index("iso_3166_2")["value"]
    per1000 = per_of(req) == "per1000"
    nm = names(req.bundle, req.lang)
    bars = [(row["iso_3166_2"], {
        "name": nm.get(row["iso_3166_2"], row["iso_3166_2"]),
        "value": None if row["value"] != row["value"] else float(row["value"]),
        "text": bar_text(req, row["value"], row["unit"], row["qualifier"]),
        "hover": "" if row["value"] != row["value"] else
        figure_hover(req, row, counts.get(row["iso_3166_2"]) if per1000 else None)}) for _, row in vals.iterrows()]
    ref = national(req, vals["period"].iloc[0])
    line = None
    if ref is not None and ref["unit"] not in COUNT_UNITS:
        line = {"value": float(ref["value"]), "text": f"{place_label(req)}: "
                + value_text(req, ref["value"], ref["unit"], ref["qualifier"])}
    return bars, line


def _rank_summary(req: ChartRequest, rows: pd.DataFrame) -> str:
    return by_period(req, "summary", lambda: _rank_words(req, rows))  # rows: rank_rows, of the same period


def _rank_words(req: ChartRequest, rows: pd.DataFrame) -> str:
    t = translator(req.lang)
    vals = ranked(req)
    nm = names(req.bundle, req.lang)
    have = vals[vals["value"].notna()]
    parts = [f"{int(row['rank'])}. {nm.get(row['iso_3166_2'])} "
             f"{value_text(req, row['value'], row['unit'], row['qualifier'])}" for _, row in have.iterrows()]
    text = t("{indicator}, {period}, ranked: {values}.", indicator=indicator_words(req, req.view.measure),
             period=period_label(vals["period"].iloc[0], req.lang), values="; ".join(parts))
    missing = vals[vals["value"].isna()]
    if len(missing):
        text += " " + t("No figure for {units}.", units=", ".join(nm.get(c, c) for c in missing["iso_3166_2"]))
    ref = rows[rows["iso_3166_2"] == oc.NATIONAL]
    if len(ref):
        row = ref.iloc[0]
        value = row["rate_per_1000"] if "rate_per_1000" in rows else row["value"]
        unit = RATE if "rate_per_1000" in rows else row["unit"]
        text += f" {place_label(req)}: {value_text(req, value, unit, row['qualifier'])}."
    return text


def _rank_native(req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
    """The units as bars in rank order ("no figure" beside a unit without one: an empty bar, never 0), the national
    figure as a dashed outline at the bottom where the page draws its dashed line; a national total of counts is
    in the subtitle, not drawn."""
    t = translator(req.lang)
    column = "rate_per_1000" if "rate_per_1000" in rows else "value"
    frame = rows.reset_index(drop=True)
    units = [pos for pos in range(len(frame)) if frame["iso_3166_2"].iloc[pos] != oc.NATIONAL]
    ref = national(req, frame["period"].iloc[0])
    drawn = ref is not None and ref["unit"] not in COUNT_UNITS  # as the page: a total of counts is not a line
    national_rows = [pos for pos in range(len(frame)) if frame["iso_3166_2"].iloc[pos] == oc.NATIONAL and drawn]
    values = values_at(frame, units, column)
    names_ = [str(frame["name"].iloc[pos]) + ("" if value is not None else f" ({t('no figure')})")
              for pos, value in zip(units, values, strict=True)]
    gaps = tuple(None for _ in national_rows)
    chosen = tuple(frame["iso_3166_2"].iloc[pos] == req.view.oblast for pos in units) + tuple(False for _ in gaps)
    bars = [NativeSeries(indicator_words(req, req.view.measure), (*values, *gaps), (*units, *gaps), column,
                         marked=chosen)]
    if national_rows:
        bars.append(NativeSeries(str(frame["name"].iloc[national_rows[0]]), (*(None for _ in units),
                                 *values_at(frame, national_rows, column)), (*(None for _ in units), *national_rows),
                                 column, outline_only=True))
    unit = frame["unit"].iloc[0] if column == "value" else RATE
    return NativeChart("bar", tuple(bars), categories=(*names_, *(str(frame["name"].iloc[p]) for p in national_rows)),
                       y_title=unit_word(unit, req.lang), number_format=number_format(frame[column]),
                       axis_format="#,##0.0" if column == "rate_per_1000" else "",  # a rate computed here: 1 decimal
                       named=named_rows(frame, column, set(units) | set(national_rows)))


# series -------------------------------------------------------------------------------------------------------------


def series_frame(req: ChartRequest) -> tuple[pd.DataFrame, pd.DataFrame]:
    dated, undated = oc.unit_series(req.bundle, req.view.measure)
    return in_range(req, dated, "period"), undated


def series_rows(req: ChartRequest) -> pd.DataFrame:
    """Every figure drawn, unit by unit in time order; a unit with none in the range keeps one empty row."""
    dated, _ = series_frame(req)
    out = dated.drop(columns="x")
    shown = set(out["iso_3166_2"])  # read once, not once per unit
    gone = [code for code in OBLAST_CODES if code not in shown]
    if gone:
        out = pd.concat([out, pd.DataFrame({"iso_3166_2": gone, "unit": oq.INDICATORS[req.view.measure].unit})],
                        ignore_index=True)
    out.insert(1, "name", out["iso_3166_2"].map(names(req.bundle, req.lang)))
    return out.reset_index(drop=True)


def breaks(req: ChartRequest, dated: pd.DataFrame) -> list[dict]:
    """Where the data's notes say the series changes basis (NSC re-based population on the 2022 census)."""
    marked = dated[dated["note"].fillna("").str.contains("Level break")]
    if marked.empty:
        return []
    t = translator(req.lang)
    first = marked.sort_values("x").iloc[0]
    return [{"x": float(first["x"]), "text": t("Break in the series: {period}", period=first["period"][:4])}]


def _series_heading(req: ChartRequest) -> Heading:
    t = translator(req.lang)
    key = req.view.measure
    indicator = indicator_words(req, key)
    years = range_words(req)
    if key in INDICATORS_NAMING_REGIONS:  # "… by region of origin by oblast over time" said it twice
        title = (t("{indicator}, over time, {years}", indicator=indicator, years=years) if years else
                 t("{indicator}, over time", indicator=indicator))
    else:
        title = (t("{indicator} by oblast over time, {years}", indicator=indicator, years=years) if years else
                 t("{indicator} by oblast over time", indicator=indicator))
    if key not in oc.series_keys(req.bundle):  # the plot says why there is no line (no_series_words), once
        return Heading(title, unit_word(oq.INDICATORS[key].unit, req.lang),
                       tuple(ranked(req)["source_id"].dropna().unique()), notes=sex_note(req) + highlight_note(req))
    dated, undated = series_frame(req)
    unit = oq.INDICATORS[key].unit
    parts = [unit_word(unit, req.lang), t("One line per unit; each point stands at the middle of its period")]
    if dated["source_id"].nunique() > 1:
        parts.append(t("Points only: figures from different publications and periods, not one continuous series"))
    parts += [mark["text"] for mark in breaks(req, dated)]
    if len(undated):
        parts.append(t("Not drawn, no exact year: {figures}", figures=undated_words(req, undated)))
    if dated.empty:
        parts.append(t("No figure in the years chosen"))
    notes = sex_note(req) + highlight_note(req) + marked_year_note(req)
    return Heading(title, " · ".join(parts), tuple(dated["source_id"].unique()) or tuple(undated["source_id"]),
                   notes=notes)


def marked_year_note(req: ChartRequest) -> tuple[str, ...]:
    t = translator(req.lang)
    return () if req.view.year is None else (t("Year chosen: {year}, marked on the time axis", year=req.view.year),)


def undated_words(req: ChartRequest, undated: pd.DataFrame) -> str:
    nm = names(req.bundle, req.lang)
    return "; ".join(f"{nm.get(row['iso_3166_2'])} {value_text(req, row['value'], row['unit'], row['qualifier'])} "
                     f"({period_label(row['period'], req.lang)})" for _, row in undated.iterrows())


def no_series_words(req: ChartRequest) -> str:
    """Why there is no line to draw, and which indicators have one."""
    t = translator(req.lang)
    vals = ranked(req)
    return t("Only one period is published for this indicator ({period}): no series to draw. Series exist for: "
             "{indicators}", period=period_label(vals["period"].iloc[0], req.lang),
             indicators=", ".join(indicator_words(req, key) for key in oc.series_keys(req.bundle)))


def _series_figure(req: ChartRequest, frame: dict) -> dict:
    if req.view.measure not in oc.series_keys(req.bundle):
        return compared.series_figure([], marks=[], empty=no_series_words(req), **frame)
    dated, _ = series_frame(req)
    nm = names(req.bundle, req.lang)
    joined = dated["source_id"].nunique() <= 1
    lines = [{"name": nm.get(code, code), "x": [float(x) for x in group["x"]],
              "y": [float(v) for v in group["value"]], "selected": code == req.view.oblast, "joined": joined,
              "hover": [figure_hover(req, row) for _, row in group.iterrows()]}
             for code, group in dated.groupby("iso_3166_2", sort=False)]
    marks = breaks(req, dated)
    if req.view.year is not None:
        marks.append({"x": req.view.year, "text": str(req.view.year)})
    t = translator(req.lang)
    empty = t("No figure in the years chosen") if dated.empty else ""
    return compared.series_figure(lines, marks=marks, empty=empty, **frame)


def _series_summary(req: ChartRequest, rows: pd.DataFrame) -> str:
    t = translator(req.lang)
    if req.view.measure not in oc.series_keys(req.bundle):
        return no_series_words(req) + "."
    parts = []
    for code, group in rows[rows["value"].notna()].groupby("iso_3166_2", sort=False):
        first, last = group.iloc[0], group.iloc[-1]
        name = names(req.bundle, req.lang).get(code)
        if len(group) == 1:
            parts.append(t("{name}: {value} ({period})", name=name, period=period_label(first["period"], req.lang),
                           value=value_text(req, first["value"], first["unit"], first["qualifier"])))
            continue
        parts.append(t("{name}: {first} ({start}) to {last} ({end})", name=name,
                       first=value_text(req, first["value"], first["unit"], first["qualifier"]),
                       start=period_label(first["period"], req.lang), end=period_label(last["period"], req.lang),
                       last=value_text(req, last["value"], last["unit"], last["qualifier"])))
    if not parts:
        return t("No figure in the years chosen") + "."
    return t("{indicator} by oblast: {values}.", indicator=indicator_words(req, req.view.measure),
             values="; ".join(parts))


def _series_native(req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
    """One series per unit at the middle of each figure's period (lines only where one publication gives them all);
    with one period published, the page's words instead of a chart."""
    if req.view.measure not in oc.series_keys(req.bundle):
        return NativeChart("words", words=no_series_words(req), named=named_rows(rows, "value", set()))
    dated, _ = series_frame(req)
    if dated.empty:
        return NativeChart("words", words=translator(req.lang)("No figure in the years chosen"),
                           named=named_rows(rows, "value", set()))
    x = [float(v) for v in dated["x"]]  # the rows' first len(dated) rows are the dated figures, in this order
    joined = dated["source_id"].nunique() <= 1
    series = [series_at(rows, positions, "value", str(rows["name"].iloc[positions[0]]), x=tuple(x[p] for p in
                                                                                              positions),
                        joined=joined, marked=(code == req.view.oblast,) * len(positions))
              for code, positions in groups(rows.iloc[: len(dated)], "iso_3166_2")]
    unit = oq.INDICATORS[req.view.measure].unit
    return NativeChart("xy", tuple(series), y_title=unit_word(unit, req.lang),
                       number_format=number_format(rows["value"]),
                       named=named_rows(rows, "value", {p for one in series for p in one.rows}))


# scatter ------------------------------------------------------------------------------------------------------------


def keys_of(req: ChartRequest) -> tuple[str, str]:
    return oc.y_key_for(req.view.measure), oc.VERSUS_KEYS[req.view.vs]


def points(req: ChartRequest) -> pd.DataFrame:
    return oc.scatter_points(req.bundle, *keys_of(req))


def axis_words(req: ChartRequest, key: str, unit: str) -> str:
    t = translator(req.lang)
    return t("{indicator}, {unit}", indicator=indicator_words(req, key), unit=unit_word(unit, req.lang))


def scatter_words(req: ChartRequest) -> str:
    """n, and what so few points allow: the sentence in the plot, the subtitle and the summary."""
    t = translator(req.lang)
    y_key, x_key = keys_of(req)
    pair = oc.pairing(req.bundle, y_key, x_key)
    if pair.reason == "undated":
        return t("The period of “{indicator}” is not stated, so no figure can be paired with it",
                 indicator=indicator_words(req, y_key))
    if pair.reason == "no-period":
        return t("No figure for “{indicator}” within a year of {period}: nothing to pair",
                 indicator=indicator_words(req, x_key), period=period_label(pair.y_period, req.lang))
    paired = int(points(req)["paired"].sum())
    text = t("Units with both figures: n = {n}", n=paired)
    if paired < oc.MIN_POINTS:
        return text + ". " + t("Fewer than 3 units: nothing can be read from so few points")
    return text + ". " + t("So few units show no trend: no line is fitted and no correlation is claimed")


def _scatter_heading(req: ChartRequest) -> Heading:
    t = translator(req.lang)
    y_key, x_key = keys_of(req)
    pair = oc.pairing(req.bundle, y_key, x_key)
    frame = points(req)
    title = t(SCATTER_TITLE[req.view.vs])
    periods = t("Vertical axis: {y_period}; horizontal axis: {x_period}",
                y_period=period_label(pair.y_period, req.lang),
                x_period=period_label(pair.x_period, req.lang) if pair.x_period else t("no figure"))
    ids = tuple(dict.fromkeys([*frame["y_source_id"].dropna(), *frame["x_source_id"].dropna()]))
    notes = sex_note(req) + highlight_note(req)
    if req.view.year is not None:
        notes += (t("The year filter ({year}) does not apply: each axis shows its source's own period",
                    year=req.view.year),)
    return Heading(title, periods + " · " + scatter_words(req), ids,
                   rate_source_extra(req, frame["y_denominator"].iloc[0]), notes)


def scatter_rows(req: ChartRequest) -> pd.DataFrame:
    """Two rows per unit, one for each axis (value as published; a per-1,000 rate beside the count), so a unit
    missing on one axis shows which figure it lacks."""
    frame = points(req)
    y_rows = pd.DataFrame({"iso_3166_2": frame["iso_3166_2"], "axis": "y", "indicator": frame["y_indicator"],
                           "period": frame["y_period"], "value": frame["y_published"],
                           "unit": frame["y_published_unit"], "rate_per_1000": frame["y_value"].where(
                               frame["y_unit"] == RATE), "qualifier": frame["y_qualifier"],
                           "source_id": frame["y_source_id"], "denominator": frame["y_denominator"]})
    x_rows = pd.DataFrame({"iso_3166_2": frame["iso_3166_2"], "axis": "x", "indicator": frame["x_indicator"],
                           "period": frame["x_period"], "value": frame["x_value"], "unit": frame["x_unit"],
                           "qualifier": frame["x_qualifier"], "source_id": frame["x_source_id"]})
    out = pd.concat([y_rows, x_rows]).sort_index(kind="stable").reset_index(drop=True)
    if out["rate_per_1000"].isna().all():
        out = out.drop(columns=["rate_per_1000", "denominator"])
    out.insert(1, "name", out["iso_3166_2"].map(names(req.bundle, req.lang)))
    return out


def _scatter_figure(req: ChartRequest, frame: dict) -> dict:
    y_key, x_key = keys_of(req)
    data = points(req)
    nm = names(req.bundle, req.lang)
    drawn = []
    for _, row in data[data["paired"]].iterrows():
        y_row = {"value": row["y_value"], "unit": row["y_unit"], "qualifier": row["y_qualifier"],
                 "period": row["y_period"], "source_id": row["y_source_id"]}
        x_row = {"value": row["x_value"], "unit": row["x_unit"], "qualifier": row["x_qualifier"],
                 "period": row["x_period"], "source_id": row["x_source_id"]}
        published = row["y_published"] if row["y_unit"] == RATE else None
        drawn.append({"name": nm.get(row["iso_3166_2"]), "x": float(row["x_value"]), "y": float(row["y_value"]),
                      "selected": row["iso_3166_2"] == req.view.oblast,
                      "hover": figure_hover(req, y_row, published) + "<br><br>" + figure_hover(req, x_row)})
    y_unit = data["y_unit"].iloc[0]
    return compared.scatter_figure(drawn, x_title=axis_words(req, x_key, oq.INDICATORS[x_key].unit),
                                   y_title=axis_words(req, y_key, y_unit), note=scatter_words(req), **frame)


def _scatter_summary(req: ChartRequest) -> str:
    t = translator(req.lang)
    y_key, x_key = keys_of(req)
    data = points(req)
    nm = names(req.bundle, req.lang)
    parts = [f"{nm.get(row['iso_3166_2'])}: {value_text(req, row['y_value'], row['y_unit'], row['y_qualifier'])}, "
             f"{value_text(req, row['x_value'], row['x_unit'], row['x_qualifier'])}"
             for _, row in data[data["paired"]].iterrows()]
    text = t(SCATTER_TITLE[req.view.vs]) + ". " + t("Vertical: {y}; horizontal: {x}.", y=indicator_words(req, y_key),
                                                     x=indicator_words(req, x_key))
    if parts:
        text += " " + "; ".join(parts) + "."
    return text + " " + scatter_words(req) + "."


def _scatter_native(req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
    """Each unit with both figures a point (its own series, named beside it): y its row's figure (the rate where one
    is computed), x its other row's; units missing one figure are in the rows, not drawn. No fitted line."""
    y_key, x_key = keys_of(req)
    data = points(req)
    frame = rows.reset_index(drop=True)
    y_column = "rate_per_1000" if "rate_per_1000" in frame and frame["rate_per_1000"].notna().any() else "value"
    series = []
    for index, paired in enumerate(data["paired"]):
        if not paired:
            continue
        y_pos, x_pos = 2 * index, 2 * index + 1  # scatter_rows: each unit's y row, then its x row
        series.append(NativeSeries(str(frame["name"].iloc[y_pos]), values_at(frame, [y_pos], y_column), (y_pos,),
                                   y_column, x=values_at(frame, [x_pos], "value"), x_column="value", x_rows=(x_pos,),
                                   joined=False, colour=0,
                                   marked=(frame["iso_3166_2"].iloc[y_pos] == req.view.oblast,)))
    drawn = {p for one in series for p in (*one.rows, *one.x_rows)}
    if not series:
        return NativeChart("words", words=scatter_words(req), named=named_rows(frame, "value", set()))
    return NativeChart("scatter", tuple(series), y_title=axis_words(req, y_key, data["y_unit"].iloc[0]),
                       x_title=axis_words(req, x_key, oq.INDICATORS[x_key].unit), x_format="",
                       x_cell_format=number_format(frame["value"].iloc[1::2]),
                       number_format=number_format(frame[y_column]),
                       named=named_rows(frame, "value", drawn))


OBLASTS = OblastsChart(id="oblasts", label=N_("Oblasts compared"), embed_heights={0: 860, 600: 720, 900: 700})
