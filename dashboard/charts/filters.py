"""Filters in words: what each chart says about the view's filters, so a title or an image never hides one.

A filter that shapes a chart is named in its subtitle; a filter the reader set that does not apply to a chart is
said not to apply; a value the data could not give as asked (a year without a figure) says what is shown instead.
"""

from __future__ import annotations

from ..figures.series import DEFERRED_YEAR, DeferredYear
from ..i18n import N_, translator
from ..labels import SEX_LABEL, names
from .base import ChartRequest
from .reads import year_deferred

NATIONAL = N_("National figures: the oblast filter ({oblast}) does not apply to this chart")
NATIONAL_COUNTS = N_("Counts are for all of Kyrgyzstan; the lines start from {oblast}")


def oblast_name(req: ChartRequest) -> str:
    return names(req.bundle, req.lang).get(req.view.oblast or "", req.view.oblast or "")


def national_note(req: ChartRequest, msgid: str = NATIONAL) -> tuple[str, ...]:
    """For charts the oblast does not shape: say so when the reader chose one."""
    t = translator(req.lang)
    return (t(msgid, oblast=oblast_name(req)),) if req.view.oblast else ()


def sex_note(req: ChartRequest) -> tuple[str, ...]:
    """For charts with no split by sex: say so when the reader chose women or men."""
    if req.view.sex == "both":
        return ()
    t = translator(req.lang)
    return (t("Totals for all migrants: this chart has no figures for {sex}", sex=sex_words(req)),)


def sex_words(req: ChartRequest) -> str:
    """'women', 'men' or 'both sexes', in the page's language."""
    t = translator(req.lang)
    return t(SEX_LABEL[req.view.sex])


def year_note(req: ChartRequest, period: str, shown: str) -> tuple[str, ...]:
    """When the reader asked for a year this chart has no figure for and it shows another period (`period` as
    published, `shown` in words)."""
    asked = req.view.year
    if asked is None or period.startswith(str(asked)):
        return ()
    t = translator(req.lang)
    return (t("No figure for {asked}; showing {shown}", asked=asked, shown=shown),)


def missing_for_sex(req: ChartRequest, labels: list[str]) -> tuple[str, ...]:
    """Sources that publish the total but no figure for the chosen sex: listed, never silently dropped."""
    if req.view.sex == "both" or not labels:
        return ()
    t = translator(req.lang)
    return (t("No figure for {sex} from {sources}", sex=sex_words(req), sources=", ".join(labels)),)


def range_words(req: ChartRequest) -> str:
    """The view's year range (from=/to=) in words for a time series' title: '2015–2024', 'from 2015', 'to 2024',
    or '' when the reader set none. Every time series names it, so a slide cut to 2015-2024 says so."""
    start, end = req.view.start, req.view.end
    if start is None and end is None:
        return ""
    t = translator(req.lang)
    if start is not None and end is not None:
        return t("{start}–{end}", start=start, end=end) if start != end else str(start)
    return t("from {year}", year=start) if start is not None else t("to {year}", year=end)


def in_range(req: ChartRequest, frame, column: str = "year"):
    """The rows of `frame` whose `column` (a year, or a date whose first four characters are the year) lies in the
    view's range. Rows without a year are kept: an undated figure is not outside any range."""
    start, end = req.view.start, req.view.end
    if start is None and end is None:
        return frame
    values = frame[column]
    if len(values) and values.dtype.kind in "iu":  # whole years, some perhaps missing: compared as arrays
        missing = values.isna().to_numpy()
        years = values.to_numpy(dtype="int64", na_value=0)
        if ((years >= 1000) & (years <= 9999) | missing).all():  # four digits, as the text of each would show
            keep = ~missing
            if start is not None:
                keep &= years >= start
            if end is not None:
                keep &= years <= end
            return frame[keep | missing]
    years = values.astype(str).str[:4]
    dated = years.str.fullmatch(r"\d{4}")
    keep = ~dated | years.where(dated, "0").astype(int).map(req.view.in_range)
    return frame[keep]


def with_range(req: ChartRequest, title: str) -> str:
    """A time series' title with the view's year range: 'Remittances received, 2015–2024' (the title alone when the
    reader set none), so the page, the embed, the images and the CSV name the years the chart was cut to."""
    years = range_words(req)
    return translator(req.lang)("{title}, {years}", title=title, years=years) if years else title


def range_note(req: ChartRequest) -> tuple[str, ...]:
    """For charts the year range does not shape (the map, one year's estimates, the cards): say so when the reader
    set one."""
    years = range_words(req)
    return (translator(req.lang)("The year range ({years}) does not apply to this chart", years=years),) \
        if years else ()


def no_figure_words(req: ChartRequest) -> str:
    """What a time series says when the view's year range (or, with none, its other filters) leaves it no figure:
    never an empty axis without words."""
    t = translator(req.lang)
    start, end = req.view.start, req.view.end
    if start is None and end is None:  # no range: the other filters leave nothing (never "up to None")
        return t("No figure for the filters chosen")
    if start is not None and end is not None:
        return (t("No figure between {start} and {end}", start=start, end=end) if start != end else
                t("No figure in {year}", year=start))
    return t("No figure from {year} on", year=start) if start is not None else t("No figure up to {year}", year=end)


def marker_year(req: ChartRequest) -> int | DeferredYear | None:
    """The selected year's marker on a time series, unless the year range leaves that year out (a marker outside
    the range would stretch the axis back over the years the reader cut). A figure kept for every year of its view
    gets a placeholder (charts/reads.py deferring_year), drawn by figures/series.py with_year_marker."""
    if year_deferred():
        return DEFERRED_YEAR
    return req.year if req.view.in_range(req.year) else None
