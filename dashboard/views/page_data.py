"""Options for the controls and the list of sources behind a view: data the page layout needs, computed here so
components stay free of queries."""

from __future__ import annotations

import pandas as pd

from ..charts import REGISTRY, ChartRequest
from ..data import Bundle
from ..data import corridors as cq
from ..data import remittances as rq
from ..data import stock as sq
from ..data.memo import memoized
from ..i18n import DEFAULT_LANGUAGE, translator
from ..labels import names, place_name, source_label
from ..state import Options, ViewState


def filter_options(b: Bundle, s: ViewState, opts: Options, lang: str) -> dict:
    nm = names(b, lang)
    year = s.effective_year(opts)
    shown = sq.stock_by_destination(b, s.src, s.sex)
    dests = sorted(set(shown["destination_iso3"]) | set(s.dest), key=lambda c: nm.get(c, c))
    return {
        "years": list(opts.years[s.src]), "year": year,
        "sources": [(sid, source_label(sid, lang)) for sid in opts.sources],
        "countries": [(c, nm.get(c, c)) for c in dests if c not in ("KGZ", "WLD")],
        "oblasts": [(c, nm.get(c, c)) for c in b["oblasts"]["iso_3166_2"]],
        "sexes": sq.sexes_for(b, s.src),
        "span": opts.span,  # the year-range control's extent: every year a time series holds
    }


def panel_options(b: Bundle, lang: str) -> dict:
    """What the panels' own controls offer: the cards' destination cities, country by country (the package's card
    destinations first, in their order, then the other countries by name), each city as 'Yekaterinburg, Russia'."""
    nm = names(b, lang)
    cities = cq.destination_cities(b)
    first = list(b.presentation.card_destinations)
    order = {iso3: (first.index(iso3) if iso3 in first else len(first), nm.get(iso3, iso3)) for iso3 in cities.values()}
    listed = sorted(cities, key=lambda place: order[cities[place]])  # stable: places.csv's order within a country
    return {"cards": {"cities": [(place, f"{place_name(b, place, lang)}, {nm.get(cities[place], cities[place])}")
                                 for place in listed]},
            "remittances": {"partners": partner_choices(b, lang)}}


def partner_choices(b: Bundle, lang: str) -> list[tuple[str, str]]:
    """The remittance corridor's sending countries (ISO3, name), most reported figures first, all countries last."""
    nm = names(b, lang)
    t = translator(lang)
    return [(iso3, t("All countries") if iso3 == "WLD" else nm.get(iso3, iso3)) for iso3 in rq.corridor_partners(b)]


def table_rows(rows: pd.DataFrame, b: Bundle, lang: str) -> pd.DataFrame:
    """A chart's rows as its table shows them: a country the data names as published (in English, beside its ISO
    code) is named in the page's language. The CSV keeps the published name."""
    if not {"partner_iso3", "partner_name"} <= set(rows.columns):
        return rows
    nm = names(b, lang)
    return rows.assign(partner_name=[nm.get(code, published) for code, published in
                                     zip(rows["partner_iso3"], rows["partner_name"], strict=True)])


def sources_used(b: Bundle, s: ViewState, opts: Options, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Every source the page's charts draw from for this view, in page order, each once: each chart's own
    (Chart.source_ids: its heading's, its rows' and the dated events it marks), which a chart's source line names
    or, when they are many, sends the reader here for; then the sources of the cards' distances and coordinates."""
    req, ids = ChartRequest(b, s, opts, lang), []
    for chart in REGISTRY.values():
        ids += chart.source_ids(req, chart.rows(req))
    ids += [b.presentation.back_home.source_id, b.presentation.coordinates_source]
    listed = source_rows(b)
    return [{"source_id": sid, **listed[sid]} for sid in dict.fromkeys(ids) if sid in listed]


@memoized
def source_rows(b: Bundle) -> dict[str, dict]:
    """source id -> its row in the sources list (title, publisher, year, url, licence), read once per data
    version: every view's list names a few of them."""
    src = b.sources.set_index("source_id")
    rows = {}
    for sid in dict.fromkeys(src.index):
        r = src.loc[sid]
        rows[sid] = {"title": r["title"], "publisher": r["publisher"],
                     "year": "" if pd.isna(r["year"]) else int(r["year"]), "url": r["url"], "licence": r["licence"]}
    return rows

