"""Distance-from-home story cards: one card per corridor from the origin to a main destination, and 'back home?'.

No figure: the cards are HTML (views/cards.py builds them); as a chart they have rows, a heading and a summary, so
their CSV, table, embed and share panel work like every other chart's.
"""

from __future__ import annotations

import pandas as pd

from ..data import corridors as cq
from ..data import stock as sq
from ..i18n import N_, fmt_km, translator
from ..views import cards as cards_v
from .base import Chart, ChartRequest, Heading
from .filters import sex_words
from .map import origin_of, origin_place


class CardsChart(Chart):
    def heading(self, req: ChartRequest) -> Heading:
        t = translator(req.lang)
        sub = t("From {origin}; migrant counts for {year}, {sex}", origin=origin_of(req)[1], year=req.year,
                sex=sex_words(req))
        return Heading(t("How far from home"), sub, (req.view.src, req.bundle.presentation.coordinates_source))

    def rows(self, req: ChartRequest) -> pd.DataFrame:
        b, s = req.bundle, req.view
        origin = origin_place(req)
        rows = []
        for card in cards_v.corridor_cards(b, s, req.opts, req.lang):
            if card.distance_km is None:
                continue
            corridor = cq.corridor(b, origin, cq.city_for(b, card.key))
            stock = sq.stock_by_destination(b, s.src, s.sex, req.year, [card.key])
            rows.append({"origin": corridor.origin_name, "destination_city": corridor.dest_name,
                         "destination_iso3": corridor.dest_iso3, "distance_km": round(corridor.distance_km, 3),
                         "distance_method": "geodesic, WGS84 ellipsoid", "year": req.year,
                         "migrant_stock": stock["value"].iloc[0] if len(stock) else None, "source_id": s.src,
                         "coordinates_source_id": b.presentation.coordinates_source})
        return pd.DataFrame(rows)

    def summary(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        if not len(rows):
            return ""
        return "; ".join(f"{r.origin} → {r.destination_city}: {fmt_km(r.distance_km, req.lang)}"
                         for r in rows.itertuples())


CARDS = CardsChart(id="cards", label=N_("How far from home"), has_image=False,
                   embed_heights={0: 2120, 600: 1470, 900: 930, 1050: 1060, 1200: 950})
