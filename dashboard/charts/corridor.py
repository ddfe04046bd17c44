"""The remittance corridor over time (rem=corridor&partner=RUS): every reported figure for one sending country, or
for all countries (the NBKR totals and months), each period type its own series, with the World Bank-KNOMAD model
estimate beside them as a separate, marked point. The remittances chart dispatches its "corridor" variant here.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from babel.dates import format_date, format_skeleton

from ..data import corridor_flows as cf
from ..data.rows import itertuples
from ..figures import corridor as corridor_fig
from ..figures.series import hover_amount
from ..i18n import BABEL_LOCALE, N_, capitalised, translator
from ..i18n.amounts import HALF_YEAR, fmt_amount, fmt_date_label
from ..i18n.corridor_words import DIRECTION_LABEL, MEASURED_LABEL, PERIOD_TYPE_LABEL
from ..labels import KIND_LABEL, STATUS_LABEL, names, source_label
from .base import ChartRequest, Heading
from .filters import in_range, national_note, range_words, sex_note
from .native import NativeChart, NativeSeries, named_rows, number_format, values_at

MODEL_LEGEND = N_("Model estimate (World Bank-KNOMAD)")
# the views the test matrix draws: the partner with most figures, all countries cut to a range, one with an
# undated figure beside the chart
EXAMPLES = ("rem=corridor&partner=RUS", "rem=corridor&partner=WLD&from=2015&to=2024", "rem=corridor&partner=TUR")
ROW_COLUMNS = ["period_start", "period_end", "period", "period_type", "direction", "measured_by", "partner_iso3",
               "partner_name", "flow", "value", "unit", "qualifier", "status", "value_usd", "estimate", "source_id",
               "note"]


def partner_of(req: ChartRequest) -> str:
    return req.view.corridor_partner(req.opts)


def partner_words(req: ChartRequest) -> str:
    """The sending country in the page's language; WLD (the NBKR totals) is 'all countries'."""
    partner = partner_of(req)
    if partner == cf.ALL_COUNTRIES:
        return translator(req.lang)("all countries")
    return names(req.bundle, req.lang).get(partner, partner)


def _month_name(month: int, lang: str) -> str:
    """A month's standalone name, lower case for the middle of a phrase ('November', «ноябрь»)."""
    name = format_date(dt.date(2000, month, 1), "LLLL", locale=BABEL_LOCALE.get(lang, "en"))
    return name if lang == "en" else name.lower()


def period_type_words(ptype: str, lang: str) -> str:
    """A period type for the legend: 'Calendar year', 'January–November', 'Quarter'."""
    t = translator(lang)
    if cf.period_kind(ptype) == "ytd":
        return capitalised(t("January–{month}", month=_month_name(int(ptype.split("-")[1]), lang)))
    return t(PERIOD_TYPE_LABEL.get(ptype, PERIOD_TYPE_LABEL["span"]))


def period_words(start: str, end: str, ptype: str, lang: str) -> str:
    """The period a figure covers, in words: '2017', 'January–November 2022', 'Q1 2017', 'January 2023'."""
    t = translator(lang)
    if ptype == "undated":
        return t("period not stated")
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if ptype == "year":
        return str(first.year)
    if ptype == "month":
        return format_skeleton("yMMMM", first, locale=BABEL_LOCALE.get(lang, "en"))
    if ptype == "quarter":
        return t("Q{quarter} {year}", quarter=(first.month - 1) // 3 + 1, year=first.year)
    if ptype == "half":
        return t(HALF_YEAR["1" if first.month == 1 else "2"], year=first.year)
    if cf.period_kind(ptype) == "ytd":
        return t("January–{month} {year}", month=_month_name(last.month, lang), year=last.year)
    return f"{fmt_date_label(start, lang)} – {fmt_date_label(end, lang)}"


def status_words(status: str, lang: str) -> str:
    """'preliminary', 'estimate' or (for the model's figure, status 'model') 'model estimate' in the page's
    language."""
    t = translator(lang)
    words = {**STATUS_LABEL, **KIND_LABEL, "model": MEASURED_LABEL["model"]}
    return t(words[status]) if status in words else status


def series_name(row, lang: str) -> str:
    """One legend entry per (period type, direction, who measured): 'Calendar year, inflow (NBKR)'."""
    t = translator(lang)
    if row["measured_by"] == "model":
        return t(MODEL_LEGEND)
    return t("{period}, {direction} ({measured})", period=period_type_words(row["period_type"], lang),
             direction=t(DIRECTION_LABEL[row["direction"]]), measured=t(MEASURED_LABEL[row["measured_by"]]))


def legend_order(row) -> tuple:
    """Inflows, outflows, net; within each, calendar years first and months last; the model estimate at the end."""
    if row["measured_by"] == "model":
        return (len(cf.DIRECTIONS), 0, 0, "")
    return (cf.DIRECTIONS.index(row["direction"]), *cf.period_order(row["period_type"]), row["measured_by"])


def all_figures(req: ChartRequest) -> pd.DataFrame:
    """The partner's reported figures and its model estimate, in the view's year range (undated ones kept)."""
    partner = partner_of(req)
    frame = pd.concat([cf.corridor_flows(req.bundle, partner), cf.corridor_model(req.bundle, partner)],
                      ignore_index=True)
    return in_range(req, frame, "period_end").reset_index(drop=True)


def corridor_rows(req: ChartRequest) -> pd.DataFrame:
    """Every figure the chart shows or names (dated, undated, model), with the period in words."""
    frame = all_figures(req)
    frame["period"] = [period_words(s, e, p, req.lang) for s, e, p in
                       zip(frame["period_start"], frame["period_end"], frame["period_type"], strict=True)]
    return frame[ROW_COLUMNS]


def undated_words(req: ChartRequest, rows: pd.DataFrame) -> tuple[str, ...]:
    """The figures with no stated period, named beside the chart (never placed on its time axis)."""
    undated = rows[rows["period_type"] == "undated"]
    if not len(undated):
        return ()
    t = translator(req.lang)
    figures = "; ".join(
        f"{fmt_amount(r.value, r.unit, req.lang, r.qualifier)} ({t(DIRECTION_LABEL[r.direction])}, "
        f"{source_label(r.source_id, req.lang, req.bundle.sources)})" for r in itertuples(undated))
    return (t("Without a stated period, not on the time axis: {figures}", figures=figures),)


def titled_years(req: ChartRequest, title: str) -> str:
    """The title with the view's year range (from=/to=), 'Remittance corridor: Russia – Kyrgyzstan, 2015–2024', as
    every time series names it."""
    years = range_words(req)
    return translator(req.lang)("{title}, {years}", title=title, years=years) if years else title


def heading(req: ChartRequest) -> Heading:
    t = translator(req.lang)
    rows = corridor_rows(req)
    title = t("Remittance corridor: {partner} – Kyrgyzstan", partner=partner_words(req))
    if partner_of(req) == cf.ALL_COUNTRIES:
        title = t("Remittances to and from Kyrgyzstan, all countries")
    subtitle = t("Reported figures, million US$; each figure a bar over its period with a marker at its end; one line "
                 "per period type, joining consecutive periods only; hollow markers: qualified or preliminary; star: "
                 "model estimate")
    ids = tuple(dict.fromkeys(rows["source_id"]))
    return Heading(titled_years(req, title), subtitle, ids,
                   notes=national_note(req) + sex_note(req) + undated_words(req, rows))


def drawn_points(req: ChartRequest, rows: pd.DataFrame) -> pd.DataFrame:
    """The dated figures as the figure draws them: x (period end), y (million US$), the series they belong to and
    their hover text (period, the value with its qualifier and the value as published, status, source)."""
    lang = req.lang
    dated = rows[rows["period_type"] != "undated"].copy()
    dated["series"] = [series_name(r, lang) for _, r in dated.iterrows()]
    dated["legend_order"] = [legend_order(r) for _, r in dated.iterrows()]
    dated = dated.sort_values(["legend_order", "period_end"], kind="stable")
    dated["y"] = dated["value_usd"] / 1e6
    dated["hollow"] = [bool(q) or bool(s) for q, s in zip(dated["qualifier"], dated["status"], strict=True)]
    dated["hover"] = [
        f"{r.period}: {hover_amount(r.value, r.unit, lang, r.qualifier)}"
        + (f" ({status_words(r.status or r.measured_by, lang)})" if r.status or r.measured_by == "model" else "")
        + f"<br>{source_label(r.source_id, lang, req.bundle.sources)}" for r in itertuples(dated)]
    return dated


def figure(req: ChartRequest) -> dict:
    head = heading(req)
    line = head.source_line(req.bundle, req.lang, req.link)
    points = drawn_points(req, corridor_rows(req))
    if not len(points):
        return corridor_fig.no_points_figure(translator(req.lang)("No dated figure for this sending country"),
                                             title=head.title, subtitle=head.subtitle_with_notes(),
                                             source_line=line, lang=req.lang)
    return corridor_fig.corridor_figure(points, title=head.title, subtitle=head.subtitle_with_notes(),
                                        source_line=line, lang=req.lang)


def summary(req: ChartRequest, rows: pd.DataFrame) -> str:
    """The latest calendar-year figure, how many figures of each period type, the undated ones and the model
    estimate, in the page's language."""
    t = translator(req.lang)
    reported = rows[rows["measured_by"] != "model"]
    if not len(rows):
        return t("No dated figure for this sending country") + "."
    parts = [_latest_year_words(req, reported)]
    counts = reported.groupby("period_type", sort=False).size()
    order = sorted(counts.index, key=cf.period_order)
    parts.append(t("Figures by period type: {counts}.",
                   counts="; ".join(f"{period_type_words(p, req.lang)}: {counts[p]}" for p in order)))
    model = rows[rows["measured_by"] == "model"]
    if len(model):
        first = model.iloc[0]
        parts.append(t("Model estimate for {year} (World Bank-KNOMAD): {value}.", year=first["period_end"][:4],
                       value=fmt_amount(first["value"], first["unit"], req.lang, first["qualifier"])))
    return " ".join(part for part in parts if part)


def _latest_year_words(req: ChartRequest, reported: pd.DataFrame) -> str:
    t = translator(req.lang)
    years = reported[(reported["period_type"] == "year") & (reported["direction"] == "inflow")]
    if not len(years):
        return t("No calendar-year figure for inflows in this view.")
    year = years["period_end"].str[:4].max()
    latest = years[years["period_end"].str[:4] == year]  # sources that disagree on that year are all named
    values = "; ".join(f"{fmt_amount(r.value, r.unit, req.lang, r.qualifier)} ({t(MEASURED_LABEL[r.measured_by])})"
                       for r in itertuples(latest))
    return t("Latest calendar-year inflow, {year}: {values}.", year=year, values=values)


NATIVE_MARKER = {"nbkr": "circle", "cbr": "square", "sms": "diamond", "ministry": "triangle", "model": "star"}
NATIVE_DASH = {"inflow": "solid", "outflow": "dash", "net": "dot"}
EXCEL_EPOCH = dt.date(1899, 12, 30)


def excel_serial(day: str) -> float:
    """An ISO date as the day number a workbook stores dates as (shown as a date: 'yyyy-mm-dd')."""
    return float((dt.date.fromisoformat(day) - EXCEL_EPOCH).days)


def native(req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
    """Each series (period type, direction, who measured) at its periods' ends on a date axis, a bar back over each
    figure's period, a gap between
    periods that are not consecutive, qualified or preliminary figures hollow, the model estimate a star; in the
    workbook each figure's US$ exactly, the axis in millions. Undated figures are named in the subtitle."""
    t = translator(req.lang)
    frame = rows.reset_index(drop=True)
    points = drawn_points(req, frame)
    if not len(points):
        return NativeChart("words", words=t("No dated figure for this sending country"))
    out = []
    for name in corridor_fig.series_order(points):
        group = points[points["series"] == name].sort_values(["period_end", "period_start"], kind="stable")
        positions: list[int | None] = []
        previous = None
        for index, row in group.iterrows():
            if previous is not None and not corridor_fig.joins(previous, row):
                positions.append(None)  # a gap: the line stops between periods that do not follow each other
            positions.append(int(index))
            previous = row
        first = group.iloc[0]
        x = tuple(None if pos is None else excel_serial(frame["period_end"].iloc[pos]) for pos in positions)
        before = tuple(None if pos is None else x[i] - excel_serial(frame["period_start"].iloc[pos])
                       for i, pos in enumerate(positions))
        hollow = tuple(pos is not None and bool(points.loc[pos, "hollow"]) and first["measured_by"] != "model"
                       for pos in positions)
        out.append(NativeSeries(name, values_at(frame, positions, "value_usd"), tuple(positions), "value_usd", x=x,
                                hollow=hollow, x_before=before, joined=any(a is not None and b is not None
                                                          for a, b in zip(positions, positions[1:], strict=False)),
                                marker=NATIVE_MARKER.get(first["measured_by"], "circle"),
                                dash=NATIVE_DASH.get(first["direction"], "solid")))
    drawn = {pos for series in out for pos in series.rows if pos is not None}
    return NativeChart("xy", tuple(out), y_title=t("million US$"), number_format=number_format(frame["value_usd"]),
                       axis_format="#,##0,,", x_format="yyyy", x_cell_format="yyyy-mm-dd",
                       named=named_rows(frame, "value_usd", drawn))
