"""The map: where people born in Kyrgyzstan live (countries), the lines from home to the main destinations (flows),
or an indicator by oblast of origin (oblasts)."""

from __future__ import annotations

import pandas as pd

from ..data import corridors as cq
from ..data import oblasts as oq
from ..data import stock as sq
from ..data.rows import itertuples
from ..figures import maps
from ..i18n import N_, fmt_number, translator
from ..labels import INDICATOR_LABEL, UNIT_LABEL, names, period_label, place_name, qualified, source_label
from .base import Chart, ChartRequest, Heading
from .filters import NATIONAL, NATIONAL_COUNTS, national_note, oblast_name, range_note, sex_note, sex_words, year_note
from .oblasts import by_period

OCHA = N_("Boundaries: OCHA COD-AB / Kyrgyz Ministry of Emergency Situations (CC BY-IGO 3.0); borders approximate")


def origin_place(req: ChartRequest) -> str:
    """Where flows and cards start: the chosen oblast's centre, else the package's default origin (the package
    explains its choice: most labour migrants come from the south)."""
    b, s = req.bundle, req.view
    return cq.oblast_centre(b, s.oblast) if s.oblast else b.presentation.default_origin_place


def origin_of(req: ChartRequest) -> tuple[tuple[float, float], str]:
    place = origin_place(req)
    row = cq.places(req.bundle).loc[place]
    return (float(row["lat"]), float(row["lon"])), place_name(req.bundle, place, req.lang)


def destination_stock(req: ChartRequest) -> pd.DataFrame:
    """Stock by destination for the view's source, sex and year (Kyrgyzstan itself left out)."""
    stock = sq.stock_by_destination(req.bundle, req.view.src, req.view.sex, req.year)
    return stock[stock["destination_iso3"] != "KGZ"]


def flow_lines(req: ChartRequest, stock: pd.DataFrame) -> list[dict]:
    """The chosen destinations (else the largest), each with its anchor point and value."""
    chosen = list(req.view.dest) or list(stock.nlargest(maps.MAX_FLOWS, "value")["destination_iso3"])
    nm = names(req.bundle, req.lang)
    # each destination's first row, read in one pass (a filtered frame per destination cost most of the map)
    first_value: dict = {}
    for iso, value in zip(stock["destination_iso3"], stock["value"], strict=True):
        first_value.setdefault(iso, value)
    flows = []
    for iso in chosen[: maps.MAX_FLOWS]:
        anchor = cq.country_anchor(req.bundle, iso)
        if iso in first_value and anchor:
            flows.append({"iso3": iso, "name": nm.get(iso, iso), "value": float(first_value[iso]),
                          "lat": anchor[0], "lon": anchor[1]})
    return flows


def oblast_values(req: ChartRequest) -> tuple[pd.DataFrame, oq.MapIndicator, str]:
    """The 9 units' values for the view's indicator, with display text; (values, indicator, per). The same for every
    year that shows one published period: kept by that period (charts/oblasts.by_period)."""
    vals, ind, per = by_period(req, "map values", lambda: _oblast_values(req))
    return vals.copy(deep=False), ind, per  # copy-on-write: a caller's change copies


def _oblast_values(req: ChartRequest) -> tuple[pd.DataFrame, oq.MapIndicator, str]:
    s, lang = req.view, req.lang
    t = translator(lang)
    ind = oq.INDICATORS[s.measure]
    per = s.per if ind.per1000 else "abs"
    vals = oq.oblast_values(req.bundle, s.measure, s.year, per)
    decimals = 1 if per == "per1000" else None
    unit_label = t(UNIT_LABEL.get(vals["unit"].iloc[0], vals["unit"].iloc[0]))
    vals["text"] = [qualified(fmt_number(v, lang, decimals), q if isinstance(q, str) else "", lang) + " " + unit_label
                    if v == v else t("no data") for v, q in zip(vals["value"], vals["qualifier"], strict=True)]
    vals["unit_label"] = unit_label
    return vals, ind, per


def oblast_geojson_url(req: ChartRequest) -> str:
    """Served by the app with a long cache lifetime; the digest changes the URL when the boundaries change."""
    return f"/geo/oblasts.geojson?d={req.bundle.digest}"


class MapChart(Chart):
    note: str = N_("Borders in the Fergana valley are approximate in every public source. Grey countries and white "
                     "oblasts have no figure: not zero. Click a country or an oblast to filter the page.")
    examples: tuple[str, ...] = ("", "layer=flows&oblast=KG-B&from=2015", "sex=female&dest=TUR,RUS",
                                 "layer=oblasts&measure=population&year=2010", "layer=oblasts&per=per1000&oblast=KG-O")

    def variant(self, req: ChartRequest) -> str:
        return "oblasts" if req.view.layer == "oblasts" else "countries"

    def heading(self, req: ChartRequest) -> Heading:
        return self._oblasts_heading(req) if self.variant(req) == "oblasts" else self._countries_heading(req)

    def _countries_heading(self, req: ChartRequest) -> Heading:
        s = req.view
        t = translator(req.lang)
        extra = t("Map: Natural Earth; projection centred on Kyrgyzstan")
        if s.layer == "flows":
            origin = origin_of(req)[1]
            return Heading(t("From {origin} to the main destinations: {year}", origin=origin, year=req.year),
                           t("Line width by the number of people born in Kyrgyzstan living there ({sex})",
                             sex=sex_words(req)), (s.src,), extra,
                           national_note(req, NATIONAL_COUNTS) + range_note(req))
        return Heading(t("Where Kyrgyz migrants live: {year}", year=req.year),
                       t("People born in Kyrgyzstan, {sex}; distance rings from the centre of Kyrgyzstan",
                         sex=sex_words(req)), (s.src,), extra,
                       national_note(req, NATIONAL_COUNTS if s.dest else NATIONAL) + range_note(req))

    def _oblasts_heading(self, req: ChartRequest) -> Heading:
        t = translator(req.lang)
        vals, ind, per = oblast_values(req)
        extra = t(OCHA)
        if per == "per1000":
            extra = t("Rate computed here with NSC resident population, 1 January {y}",
                      y=vals["denominator"].iloc[0][-10:-6]) + " · " + extra
        period = period_label(vals["period"].iloc[0], req.lang)
        sub = t("Period: {period}; {unit}", period=period, unit=vals["unit_label"].iloc[0])
        missing = int(vals["value"].isna().sum())
        if missing:
            sub += " · " + t.n("{n} unit without data (white)", "{n} units without data (white)", missing)
        srcs = tuple(vals["source_id"].dropna().unique()) or (oq.population_source(req.bundle),)
        notes = year_note(req, vals["period"].iloc[0], period) + sex_note(req) + range_note(req)
        if req.view.oblast:
            notes += (t("Outlined: {oblast}", oblast=oblast_name(req)),)
        return Heading(t(INDICATOR_LABEL[req.view.measure]), sub, srcs, extra, notes)

    def figure(self, req: ChartRequest) -> dict:
        heading = self.heading(req)
        line = heading.source_line(req.bundle, req.lang, req.link)
        nm = names(req.bundle, req.lang)
        if self.variant(req) == "oblasts":
            vals, _, _ = oblast_values(req)
            geo = req.bundle.oblast_geojson if req.inline_geometry else oblast_geojson_url(req)
            return maps.oblast_figure(vals, geo, oq.label_points(req.bundle), nm, title=heading.title,
                                      subtitle=heading.subtitle_with_notes(), source_line=line, lang=req.lang,
                                      selected=req.view.oblast)
        stock = destination_stock(req)
        origin, origin_name = origin_of(req)
        t = translator(req.lang)
        return maps.destinations_figure(stock, flow_lines(req, stock), origin, origin_name, nm, title=heading.title,
                                        subtitle=heading.subtitle_with_notes(), source_line=line,
                                        unit=t("persons"), source=source_label(req.view.src, req.lang),
                                        lang=req.lang, frame=req.view.frame,
                                        show_flows=req.view.layer == "flows" or bool(req.view.dest))

    def rows(self, req: ChartRequest) -> pd.DataFrame:
        nm = names(req.bundle, req.lang)
        if self.variant(req) == "oblasts":
            return by_period(req, "map rows", lambda: _oblast_rows(req)).copy(deep=False)
        out = destination_stock(req)[["year", "destination_iso3", "value", "source_id"]].copy()
        out.insert(2, "destination", out["destination_iso3"].map(nm))
        out.insert(4, "unit", "persons")
        out.insert(5, "sex", req.view.sex)
        return out.sort_values("value", ascending=False).reset_index(drop=True)

    def summary(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        if self.variant(req) == "oblasts":
            return _oblasts_summary(req, rows)
        return _countries_summary(req, rows)


def _oblast_rows(req: ChartRequest) -> pd.DataFrame:
    vals, ind, _ = oblast_values(req)
    out = vals[["iso_3166_2", "period", "value", "unit", "qualifier", "source_id", "denominator", "note"]].copy()
    out.insert(1, "name", out["iso_3166_2"].map(names(req.bundle, req.lang)))
    out.insert(0, "indicator", ind.indicator)
    return out


def _oblasts_summary(req: ChartRequest, rows: pd.DataFrame) -> str:
    # rows: the variant's rows, of the same period; the number of decimals reads the rate switch whatever the
    # indicator, so the key reads it too
    return by_period(req, ("map summary", req.view.per), lambda: _oblasts_words(req, rows))


def _oblasts_words(req: ChartRequest, rows: pd.DataFrame) -> str:
    lang = req.lang
    t = translator(lang)
    nm = names(req.bundle, lang)
    have = rows[rows["value"].notna()].sort_values("value", ascending=False)
    missing = rows[rows["value"].isna()]
    unit = t(UNIT_LABEL.get(have["unit"].iloc[0], have["unit"].iloc[0])) if len(have) else ""
    decimals = 1 if req.view.per == "per1000" else None
    parts = [nm.get(r.iso_3166_2) + " " + qualified(fmt_number(r.value, lang, decimals), text_or_empty(r.qualifier),
                                                    lang) for r in itertuples(have)]
    text = t("{indicator}, {period} ({unit}): {values}.", indicator=t(INDICATOR_LABEL[req.view.measure]),
             period=period_label(rows["period"].iloc[0], lang), unit=unit, values="; ".join(parts))
    if len(missing):
        text += " " + t("No figure for {units}.", units=", ".join(nm.get(c, c) for c in missing["iso_3166_2"]))
    return text


def text_or_empty(value) -> str:
    """A text cell that may be missing (NaN) as text."""
    return value if isinstance(value, str) else ""


def _countries_summary(req: ChartRequest, rows: pd.DataFrame) -> str:
    lang = req.lang
    t = translator(lang)
    nm = names(req.bundle, lang)
    values = "; ".join(f"{nm.get(r.destination_iso3)} {fmt_number(r.value, lang, 0)}"
                       for r in itertuples(rows.head(3)))
    return t("In {year}, {source} shows people born in Kyrgyzstan in {n} countries ({sex}). Largest: {values}.",
             year=req.year, source=source_label(req.view.src, lang), n=len(rows), sex=sex_words(req),
             values=values)


MAP = MapChart(id="map", label=N_("Map"), embed_heights={0: 760, 600: 710, 900: 880})
