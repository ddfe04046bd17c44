"""Remittances received: one line per data release in US$ or as a share of GDP (series), or the model estimates by
sending country (country)."""

from __future__ import annotations

import pandas as pd

from ..data import remittances as rq
from ..data.rows import first_and_last, itertuples
from ..figures import series
from ..figures.empty import no_figure
from ..figures.events import add_events
from ..i18n import N_, fmt_number, translator
from ..i18n.amounts import fmt_amount, shared_scale
from ..labels import STATUS_LABEL, names, source_label
from . import corridor
from .base import Chart, ChartRequest, Heading
from .filters import in_range, marker_year, national_note, no_figure_words, range_note, sex_note, with_range
from .kept import kept_traces
from .native import DASHES, MARKERS, NativeChart, groups, named_rows, number_format, series_at, time_series

BY_COUNTRY_TOP = 12  # sending countries drawn; the CSV and the table hold all of them


def measure_of(req: ChartRequest) -> str:
    return "received_pct_gdp" if req.view.rem == "gdp" else "received_usd"


def series_frame(req: ChartRequest) -> pd.DataFrame:
    """The national series of the view's measure, every release, in the view's year range."""
    return in_range(req, rq.remittance_series(req.bundle, measure_of(req))).reset_index(drop=True)


def series_sources(req: ChartRequest) -> tuple[str, ...]:
    """The releases drawn in the range, in the order of remittance_vintages; every release of the measure when the
    range leaves none (the source line still says whose figures are missing)."""
    releases = rq.remittance_vintages(req.bundle, measure_of(req))
    drawn = set(series_frame(req)["source_id"])
    return tuple(sid for sid in releases if sid in drawn) or tuple(releases)


def series_traces(req: ChartRequest, frame: pd.DataFrame, labels: dict[str, str]) -> list[dict]:
    """The series figure's traces (series.remittance_traces of series_frame's rows), kept per data version,
    measure, year range and language: the oblast and the sex change only the chart's notes, not its lines, and a
    view with a new oblast no longer works the lines out again (kept.kept_traces)."""
    key = ("remittances", req.bundle.digest, measure_of(req), req.view.start, req.view.end, req.lang)
    return kept_traces(key, lambda: series.remittance_traces(frame, labels, req.view.rem == "gdp", req.lang))


class RemittanceChart(Chart):
    note: str = N_("Each World Bank release revises earlier years, so releases are drawn as separate lines. "
                     "Remittances by country are model estimates, not recorded transfers.")
    examples: tuple[str, ...] = ("", "rem=gdp", "rem=country&from=2015", "oblast=KG-B&sex=female&from=2015&to=2024")

    def variant(self, req: ChartRequest) -> str:
        return req.view.rem if req.view.rem in ("country", "corridor") else "series"

    def heading(self, req: ChartRequest) -> Heading:
        b = req.bundle
        t = translator(req.lang)
        not_applied = national_note(req) + sex_note(req)
        if self.variant(req) == "corridor":
            return corridor.heading(req)
        if self.variant(req) == "country":
            not_applied += range_note(req)
            total = len(rq.remittances_by_country(b, "model"))
            return Heading(t("Remittances by sending country, {year}", year=rq.model_year(b)),
                           t("Model estimates (World Bank-KNOMAD), not recorded flows; million US$, log scale; "
                             "the largest {top} of {n} sending countries", top=min(BY_COUNTRY_TOP, total), n=total),
                           tuple(rq.model_sources(b)), notes=not_applied)
        if req.view.rem == "gdp":
            return Heading(with_range(req, t("Remittances received, share of GDP")),
                           t("% of GDP; one line per data release; hollow markers: as reported in the press"),
                           series_sources(req), notes=not_applied)
        return Heading(with_range(req, t("Remittances received")),
                       t("billion US$, current prices; one line per data release; hollow markers: "
                         "preliminary, or reported elsewhere (the press, an IOM estimate)"),
                       series_sources(req), notes=not_applied)

    def figure(self, req: ChartRequest) -> dict:
        return add_events(self.series_figure(req), self.marked_events(req), req.lang,
                          every_source=bool(req.link))  # an image or embed names every source

    def series_figure(self, req: ChartRequest) -> dict:
        """The chart without its dated events (figures/events.py marks them)."""
        if self.variant(req) == "corridor":
            return corridor.figure(req)
        heading = self.heading(req)
        line = heading.source_line(req.bundle, req.lang, req.link)
        if self.variant(req) == "country":
            return series.by_country_figure(rq.remittances_by_country(req.bundle, "model"),
                                            names(req.bundle, req.lang), top=BY_COUNTRY_TOP, title=heading.title,
                                            subtitle=heading.subtitle_with_notes(), source_line=line, lang=req.lang)
        frame = series_frame(req)
        if not len(frame):
            return no_figure(no_figure_words(req), title=heading.title, subtitle=heading.subtitle_with_notes(),
                             source_line=line, lang=req.lang)
        labels = {sid: source_label(sid, req.lang, req.bundle.sources) for sid in frame["source_id"].unique()}
        return series.remittance_figure(frame, labels, marker_year(req), pct=req.view.rem == "gdp",
                                        title=heading.title, subtitle=heading.subtitle_with_notes(), source_line=line,
                                        lang=req.lang, data=series_traces(req, frame, labels))

    def event_years(self, req: ChartRequest) -> list[float]:
        return list(self.rows(req)["year"]) if self.variant(req) == "series" else []

    def rows(self, req: ChartRequest) -> pd.DataFrame:
        if self.variant(req) == "corridor":
            return corridor.corridor_rows(req)
        if self.variant(req) == "country":
            frame = rq.remittances_by_country(req.bundle, "model")
            return frame[["period_start", "period_end", "partner_iso3", "partner_name", "flow", "value", "unit",
                          "value_usd", "estimate", "source_id", "note"]].copy()
        measure = measure_of(req)
        frame = series_frame(req)
        return frame.assign(measure=measure)[["year", "measure", "value", "unit", "value_scaled", "qualifier",
                                              "status", "source_id", "indicator", "note"]]

    def summary(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        if self.variant(req) == "corridor":
            return corridor.summary(req, rows)
        if not len(rows):
            return no_figure_words(req) + "."
        return _by_country_summary(req, rows) if self.variant(req) == "country" else _series_summary(req, rows)

    def native(self, req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
        if self.variant(req) == "corridor":
            return corridor.native(req, rows)
        if self.variant(req) == "country":
            return _by_country_native(req, rows)
        if not len(rows):
            return NativeChart("words", words=no_figure_words(req))
        return _series_native(req, rows)


def _series_native(req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
    """One series per data release (and per source reporting a figure), each point exact in the workbook (US$ or %
    of GDP), hollow where preliminary or reported elsewhere; the axis in billions of US$ or in % of GDP."""
    t = translator(req.lang)
    reported = series.reported_sources(rows)
    drawn = []
    for i, (source, positions) in enumerate(groups(rows, "source_id", "year")):
        statuses = [rows["status"].iloc[pos] for pos in positions]
        drawn.append(series_at(rows, positions, "value_scaled", source_label(source, req.lang, req.bundle.sources),
                               "year", hollow=tuple(isinstance(st, str) and bool(st) for st in statuses),
                               joined=source not in reported and len(positions) > 3,
                               marker=MARKERS[i % len(MARKERS)], dash=DASHES[i % len(DASHES)]))
    if req.view.rem == "gdp":
        return time_series(drawn, y_title=t("% of GDP"), number_format=number_format(rows["value_scaled"]))
    return time_series(drawn, y_title=t("billion US$"), number_format=number_format(rows["value_scaled"]),
                       axis_format="#,##0.0,,,")


def _by_country_native(req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
    """The largest sending countries as bars on a log axis in million US$ (the workbook: US$, exact); the others
    are in the CSV, as on the page."""
    top = list(range(min(BY_COUNTRY_TOP, len(rows))))
    nm = names(req.bundle, req.lang)
    bars = series_at(rows, top, "value_usd", translator(req.lang)("Model estimate (World Bank-KNOMAD)"))
    return NativeChart("bar", (bars,), categories=tuple(nm.get(iso, iso) for iso in rows["partner_iso3"].iloc[top]),
                       y_title=translator(req.lang)("million US$"), number_format=number_format(rows["value_usd"]),
                       axis_format="#,##0,,", log_scale=True, named=named_rows(rows, "value_usd", set(top)))


def _by_country_summary(req: ChartRequest, rows: pd.DataFrame) -> str:
    nm = names(req.bundle, req.lang)
    values = "; ".join(f"{nm.get(r.partner_iso3, r.partner_iso3)} {fmt_number(r.value_usd / 1e6, req.lang, 0)}"
                       for r in itertuples(rows.head(3)))
    t = translator(req.lang)
    return t("Largest sending countries in {year}, model estimates in million US$: {values}.",
                 year=rq.model_year(req.bundle), values=values)


def _series_summary(req: ChartRequest, rows: pd.DataFrame) -> str:
    """The latest year of each release, all in one unit (releases publish US$ million or current US$)."""
    lang = req.lang
    t = translator(lang)
    latest = latest_rows(rows)
    scale = shared_scale((last.value, last.unit) for last in latest)
    parts = []
    for last in latest:
        value = fmt_amount(last.value, last.unit, lang, last.qualifier, scale=scale)
        status = ", " + t(STATUS_LABEL[last.status]) if last.status in STATUS_LABEL else ""
        parts.append(f"{source_label(last.source_id, lang, req.bundle.sources)}: {value} ({int(last.year)}{status})")
    return t("Latest year in each data release: {values}.", values="; ".join(parts))


def latest_rows(rows: pd.DataFrame) -> list:
    """Each release's row of its latest year, releases in the order they first appear."""
    return [last for _, last in first_and_last(rows, "source_id", "year").values()]


REMITTANCES = RemittanceChart(id="remittances", label=N_("Remittances"), embed_heights={0: 1170, 600: 1000, 900: 1020},
                              examples=(*RemittanceChart.model_fields["examples"].default, *corridor.EXAMPLES))
