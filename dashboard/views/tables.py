"""The rows behind each chart, for CSV downloads: exactly what the chart draws, with units and source ids.

Each function mirrors the panel in views/panels.py that draws the chart, using the same queries, so the CSV of a
view is the data of that view.
"""

from __future__ import annotations

import pandas as pd

from ..data import Bundle
from ..data import corridors as cq
from ..data import remittances as rq
from ..data import stock as sq
from ..labels import names
from ..state import Options, ViewState
from . import cards as cards_v
from . import panels

CHARTS = ("map", "stock", "remittances", "cards")


def chart_rows(b: Bundle, s: ViewState, opts: Options, chart: str, lang: str) -> pd.DataFrame:
    """A tidy frame with a `source_id` column; columns differ per chart."""
    nm = names(b, lang)
    year = s.effective_year(opts)
    if chart == "map" and s.layer == "oblasts":
        vals, ind, per = panels.oblast_values(b, s, lang)
        out = vals[["iso_3166_2", "period", "value", "unit", "qualifier", "source_id", "denominator", "note"]].copy()
        out.insert(1, "name", out["iso_3166_2"].map(nm))
        out.insert(0, "indicator", ind.indicator)
        return out
    if chart == "map":
        d = panels.map_data(b, s, opts, lang)
        out = d["stock"][["year", "destination_iso3", "value", "source_id"]].copy()
        out.insert(2, "destination", out["destination_iso3"].map(nm))
        out.insert(4, "unit", "persons")
        out.insert(5, "sex", s.sex)
        return out.sort_values("value", ascending=False).reset_index(drop=True)
    if chart == "stock" and s.tab == "compare":
        df = sq.sources_for_destination(b, s.compare_dest, s.sex)
        out = df.rename(columns={"x": "reference_date_decimal", "value_persons": "value",
                                 "value_max_persons": "value_max"}).copy()
        out.insert(0, "destination_iso3", s.compare_dest)
        out["unit"] = "persons"
        return out
    if chart == "stock":
        df = sq.stock_top_and_other(b, s.src, s.sex, year, count=5, destinations=list(s.dest) or None)
        out = df[["year", "destination_iso3", "value", "n_destinations", "source_id"]].copy()
        out.insert(2, "destination", out["destination_iso3"].map(nm))
        out["unit"] = "persons"
        out["sex"] = s.sex
        return out
    if chart == "remittances" and s.rem == "country":
        df = rq.remittances_by_country(b, "model")
        return df[["period_start", "period_end", "partner_iso3", "partner_name", "flow", "value", "unit",
                   "value_usd", "estimate", "source_id", "note"]].copy()
    if chart == "remittances":
        measure = "received_pct_gdp" if s.rem == "gdp" else "received_usd"
        df = rq.remittance_series(b, measure)
        return df.assign(measure=measure)[["year", "measure", "value", "unit", "value_scaled", "qualifier", "status",
                                           "source_id", "indicator", "note"]]
    if chart == "cards":
        rows = []
        for card in cards_v.corridor_cards(b, s, opts, lang):
            if card.distance_km is None:
                continue
            origin = panels.origin_place(b, s)
            dest = cq.city_for(b, card.key)
            c = cq.corridor(b, origin, dest)
            stock = sq.stock_by_destination(b, s.src, s.sex, year, [card.key])
            rows.append({"origin": c.origin_name, "destination_city": c.dest_name, "destination_iso3": c.dest_iso3,
                         "distance_km": round(c.distance_km, 3), "distance_method": "geodesic, WGS84 ellipsoid",
                         "year": year, "migrant_stock": stock["value"].iloc[0] if len(stock) else None,
                         "source_id": s.src, "coordinates_source_id": b.presentation.coordinates_source})
        return pd.DataFrame(rows)
    raise KeyError(chart)
