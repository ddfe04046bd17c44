"""Distance-from-home story cards: one card per corridor from the origin to a main destination, and 'back home?'.

No figure: the cards are HTML (views/cards.py builds them); as a chart they have rows, a heading and a summary, so
their CSV, table, embed and share panel work like every other chart's.
"""

from __future__ import annotations

import pandas as pd

from ..data import corridors as cq
from ..data import stock as sq
from ..data.rows import itertuples
from ..i18n import N_, fmt_km, fmt_number, translator
from ..labels import COLUMN_LABEL, names, place_name
from ..views import cards as cards_v
from .base import Chart, ChartRequest, Heading
from .filters import oblast_name, range_note, sex_words
from .map import origin_of, origin_place
from .native import NativeChart


def city_notes(req: ChartRequest) -> tuple[str, ...]:
    """The reader's city choices (city=) that a card follows, named as filters are: 'Chosen destination city:
    Yekaterinburg (Russia)'. Cities of countries without a card are not named: they change nothing."""
    t = translator(req.lang)
    countries = names(req.bundle, req.lang)
    return tuple(t("Chosen destination city: {city} ({country})", city=place_name(req.bundle, place, req.lang),
                   country=countries.get(req.opts.cities[place], req.opts.cities[place]))
                 for place in cards_v.chosen_cities(req.bundle, req.view))


class CardsChart(Chart):
    examples: tuple[str, ...] = ("", "oblast=KG-B&dest=KAZ,TUR&sex=female", "oblast=KG-N&city=yekaterinburg~astana")

    def heading(self, req: ChartRequest) -> Heading:
        t = translator(req.lang)
        origin = origin_of(req)[1]
        if req.view.oblast and origin != oblast_name(req):  # English calls both Batken: said once
            origin = t("{place} ({oblast})", place=origin, oblast=oblast_name(req))
        sub = t("From {origin}; migrant counts for {year}, {sex}", origin=origin, year=req.year, sex=sex_words(req))
        sub = " · ".join([sub, *range_note(req)])  # one year's cards: a year range does not shape them
        return Heading(t("How far from home"), sub, (req.view.src, req.bundle.presentation.coordinates_source),
                       notes=city_notes(req))

    def rows(self, req: ChartRequest) -> pd.DataFrame:
        b, s = req.bundle, req.view
        origin = origin_place(req)
        # the year's counts read once, each card's first (largest) row looked up: a filtered frame per card cost
        # most of a new view's sources list, which reads these rows
        stock = sq.stock_by_destination(b, s.src, s.sex, req.year)
        people = cards_v.first_rows(stock, "destination_iso3")
        rows = []
        for card in cards_v.corridor_cards(b, s, req.opts, req.lang):
            if card.distance_km is None:
                continue
            corridor = cq.corridor(b, origin, cq.card_city(b, card.key, s.city))
            rows.append({"origin": place_name(b, corridor.origin_place, req.lang),
                         "destination_city": place_name(b, corridor.dest_place, req.lang),
                         "destination_iso3": corridor.dest_iso3, "distance_km": round(corridor.distance_km, 3),
                         "distance_method": "geodesic, WGS84 ellipsoid", "year": req.year,
                         "migrant_stock": stock["value"].iloc[people[card.key]] if card.key in people else None,
                         "source_id": s.src,
                         "coordinates_source_id": b.presentation.coordinates_source})
        return pd.DataFrame(rows)

    def summary(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        if not len(rows):
            return ""
        routes = "; ".join(f"{r.origin} → {r.destination_city}: {fmt_km(r.distance_km, req.lang)}"
                           for r in itertuples(rows))
        return f"{self.heading(req).subtitle}. {routes}."

    def native(self, req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
        """The cards as a table: route, distance, migrants in the country and the year of that count."""
        if not len(rows):
            return NativeChart("words", words=self.heading(req).subtitle)
        t = translator(req.lang)
        columns = ["origin", "destination_city", "distance_km", "migrant_stock", "year"]
        header = tuple(t(COLUMN_LABEL[column]) for column in columns)
        body = tuple((str(row.origin), str(row.destination_city), fmt_km(row.distance_km, req.lang),
                      t("no figure") if row.migrant_stock is None or row.migrant_stock != row.migrant_stock
                      else fmt_number(row.migrant_stock, req.lang, 0), str(row.year)) for row in itertuples(rows))
        return NativeChart("table", table=(header, *body))


CARDS = CardsChart(id="cards", label=N_("How far from home"), has_image=False,
                   embed_heights={0: 2210, 600: 1530, 900: 990, 1050: 1060, 1200: 1010})
