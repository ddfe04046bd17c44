"""Each panel of a view: query the bundle for a ViewState, then build the figure with its titles and sources.

Pure: (bundle, view, language) -> figure. Callbacks, embeds and image downloads all call these, so a chart looks
the same wherever it is shown.
"""

from __future__ import annotations

from ..data import Bundle
from ..data import corridors as cq
from ..data import oblasts as oq
from ..data import remittances as rq
from ..data import stock as sq
from ..figures import maps, series
from ..i18n import N_, fmt_number, translator
from ..labels import (
    INDICATOR_LABEL,
    KIND_LABEL,
    SERIES_DEFINITION,
    SERIES_LABEL,
    SEX_LABEL,
    UNIT_LABEL,
    names,
    period_label,
    place_name,
    qualified,
    source_label,
)
from ..state import Options, ViewState
from .common import source_line

OCHA = N_("Boundaries: OCHA COD-AB / Kyrgyz Ministry of Emergency Situations (CC BY-IGO 3.0); borders approximate")


def origin_place(b: Bundle, s: ViewState) -> str:
    """The place id flows and cards start from: the chosen oblast's centre, else the package's default origin."""
    return cq.oblast_centre(b, s.oblast) if s.oblast else b.presentation.default_origin_place


def origin_of(b: Bundle, s: ViewState, lang: str = "en") -> tuple[tuple[float, float], str]:
    """Where flows and cards start: the selected oblast's centre, else Osh, the centre of the south, where most
    labour migrants come from (State Migration Service, Nov 2018: Batken, Jalal-Abad and Osh oblasts)."""
    place = origin_place(b, s)
    row = cq.places(b).loc[place]
    return (float(row["lat"]), float(row["lon"])), place_name(b, place, lang)


def map_data(b: Bundle, s: ViewState, opts: Options, lang: str) -> dict:
    """Everything the destinations map shows for a view (also what a year change patches)."""
    t = translator(lang)
    year = s.effective_year(opts)
    stock = sq.stock_by_destination(b, s.src, s.sex, year)
    stock = stock[stock["destination_iso3"] != "KGZ"]
    chosen = list(s.dest) or list(stock.nlargest(maps.MAX_FLOWS, "value")["destination_iso3"])
    nm = names(b, lang)
    flows = []
    for iso in chosen[: maps.MAX_FLOWS]:
        row = stock[stock["destination_iso3"] == iso]
        anchor = cq.country_anchor(b, iso)
        if len(row) and anchor:
            flows.append({"iso3": iso, "name": nm.get(iso, iso), "value": float(row["value"].iloc[0]),
                          "lat": anchor[0], "lon": anchor[1]})
    origin, origin_name = origin_of(b, s, lang)
    return {"stock": stock, "flows": flows, "origin": origin, "origin_name": origin_name, "year": year,
            "unit": t("persons"), "source": source_label(s.src, lang)}


def map_figure(b: Bundle, s: ViewState, opts: Options, lang: str, world: bool = False, link: str = "",
               inline_geometry: bool = False) -> dict:
    t = translator(lang)
    nm = names(b, lang)
    if s.layer == "oblasts":
        return oblast_map_figure(b, s, lang, inline_geometry, link)
    d = map_data(b, s, opts, lang)
    title = t("Where Kyrgyz migrants live: {year}", year=d["year"])
    sub = t("People born in Kyrgyzstan, {sex}; distance rings from the centre of Kyrgyzstan",
            sex=t(SEX_LABEL[s.sex]))
    if s.layer == "flows":
        title = t("From {origin} to the main destinations: {year}", origin=d["origin_name"], year=d["year"])
        sub = t("Line width by the number of people born in Kyrgyzstan living there ({sex})", sex=t(SEX_LABEL[s.sex]))
    line = source_line(b, [s.src], lang, t("Map: Natural Earth; projection centred on Kyrgyzstan"), link)
    return maps.destinations_figure(d["stock"], d["flows"], d["origin"], d["origin_name"], nm, title=title,
                                    subtitle=sub, source_line=line, unit=d["unit"], source=d["source"], lang=lang,
                                    world=world, show_flows=s.layer == "flows" or bool(s.dest))


def oblast_values(b: Bundle, s: ViewState, lang: str):
    t = translator(lang)
    ind = oq.INDICATORS[s.measure]
    per = s.per if ind.per1000 else "abs"
    vals = oq.oblast_values(b, s.measure, s.year, per)
    decimals = 1 if per == "per1000" else None
    unit_label = t(UNIT_LABEL.get(vals["unit"].iloc[0], vals["unit"].iloc[0]))
    vals["text"] = [qualified(fmt_number(v, lang, decimals), q if isinstance(q, str) else "", lang) + " " + unit_label
                    if v == v else t("no data") for v, q in zip(vals["value"], vals["qualifier"], strict=True)]
    vals["unit_label"] = unit_label
    return vals, ind, per


def oblast_geojson_url(b: Bundle) -> str:
    """Served by the app with a long cache lifetime; the digest changes the URL when the boundaries change."""
    return f"/geo/oblasts.geojson?d={b.digest}"


def oblast_map_figure(b: Bundle, s: ViewState, lang: str, inline_geometry: bool = False, link: str = "") -> dict:
    t = translator(lang)
    vals, ind, per = oblast_values(b, s, lang)
    srcs = [x for x in vals["source_id"].dropna().unique()]
    extra = t(OCHA)
    if per == "per1000":
        extra = t("Rate computed here with NSC resident population, 1 January {y}",
                  y=vals["denominator"].iloc[0][-10:-6]) + " · " + t(OCHA)
    period = period_label(vals["period"].iloc[0], lang)
    n_missing = int(vals["value"].isna().sum())
    sub = t("Period: {period}; {unit}", period=period, unit=vals["unit_label"].iloc[0])
    if n_missing:
        sub += " · " + t.n("{n} unit without data (white)", "{n} units without data (white)", n_missing)
    geo = b.oblast_geojson if inline_geometry else oblast_geojson_url(b)
    fig = maps.oblast_figure(vals, geo, oq.label_points(b), names(b, lang),
                             title=t(INDICATOR_LABEL[s.measure]), subtitle=sub,
                             source_line=source_line(b, srcs or [oq.population_source(b)], lang, extra, link),
                             lang=lang, selected=s.oblast)
    return fig


def stock_figure(b: Bundle, s: ViewState, opts: Options, lang: str, link: str = "") -> dict:
    t = translator(lang)
    year = s.effective_year(opts)
    nm = names(b, lang)
    if s.tab == "compare":
        return compare_figure(b, s, opts, lang, link)
    df = sq.stock_top_and_other(b, s.src, s.sex, year, count=5, destinations=list(s.dest) or None)
    title = t("Migrant stock by destination")
    sub = t("People born in Kyrgyzstan living abroad, {sex}; persons; top destinations in {year} and the rest",
            sex=t(SEX_LABEL[s.sex]), year=year) if not s.dest else t(
            "People born in Kyrgyzstan living abroad, {sex}; persons", sex=t(SEX_LABEL[s.sex]))
    line = source_line(b, [s.src], lang, t("'Other' sums the other destinations this source shows"), link)
    return series.stock_figure(df, nm, year, title=title, subtitle=sub, source_line=line, unit=t("persons"),
                               lang=lang)


def compare_figure(b: Bundle, s: ViewState, opts: Options, lang: str, link: str = "") -> dict:
    t = translator(lang)
    iso = s.compare_dest
    df = sq.sources_for_destination(b, iso, s.sex)
    labels = {k: t(v) for k, v in SERIES_LABEL.items()}
    labels.update({sid: source_label(sid, lang) for sid in df["series"].unique() if sid not in labels})
    nm = names(b, lang)
    title = t("How many Kyrgyz migrants in {country}? Sources disagree", country=nm.get(iso, iso))
    kinds = " · ".join(t(KIND_LABEL[k]) + ": " + t(v) for k, v in SERIES_DEFINITION.items() if k in set(df["kind"]))
    # the chosen source first, then the others by how many points they give: the main series are named
    ranked = [s.src, *df["source_id"].value_counts().index]
    line = source_line(b, list(dict.fromkeys(x for x in ranked if x in set(df["source_id"]))), lang, link=link)
    return series.compare_figure(df, labels, s.effective_year(opts), title=title, subtitle=kinds,
                                 source_line=line, unit=t("persons"), lang=lang)


def remittance_figure(b: Bundle, s: ViewState, opts: Options, lang: str, link: str = "") -> dict:
    t = translator(lang)
    year = s.effective_year(opts)
    if s.rem == "country":
        df = rq.remittances_by_country(b, "model")
        title = t("Remittances by sending country, {year}", year=rq.model_year(b))
        sub = t("Model estimates (World Bank-KNOMAD), not recorded flows; million US$, log scale; top 12")
        return series.by_country_figure(df, names(b, lang), top=12, title=title, subtitle=sub,
                                        source_line=source_line(b, rq.model_sources(b), lang, link=link), lang=lang)
    pct = s.rem == "gdp"
    measure = "received_pct_gdp" if pct else "received_usd"
    df = rq.remittance_series(b, measure)
    labels = {sid: source_label(sid, lang, b.sources) for sid in df["source_id"].unique()}
    title = t("Remittances received, share of GDP") if pct else t("Remittances received")
    sub = (t("% of GDP; one line per data release; hollow markers: as reported in the press")
           if pct else t("billion US$, current prices; one line per data release; hollow markers: preliminary"))
    return series.remittance_figure(df, labels, year, pct=pct, title=title, subtitle=sub,
                                    source_line=source_line(b, rq.remittance_vintages(b, measure), lang, link=link),
                                    lang=lang)


# every chart that is a figure, by the name used in URLs, embeds and downloads
FIGURES = {"map": map_figure, "stock": stock_figure, "remittances": remittance_figure}
