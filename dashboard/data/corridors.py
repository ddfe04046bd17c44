"""Corridors from an oblast centre to a destination city, with geodesic distance on the WGS84 ellipsoid.

pyproj's Geod (Karney's algorithm) rather than a haversine: the sphere is off by up to ~0.5%, which shows in a
headline such as "3,067 km from home".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pyproj import Geod

from .bundle import Bundle
from .memo import memoized

WGS84 = Geod(ellps="WGS84")

# Destination city that stands for each country on the cards: the largest destination city of that country
# in places.csv is used unless named here.
PREFERRED_CITY = {"RUS": "moscow", "KAZ": "almaty", "TUR": "istanbul", "KOR": "seoul", "USA": "new-york-city"}


@dataclass(frozen=True)
class Corridor:
    origin_place: str
    origin_name: str
    origin_lat: float
    origin_lon: float
    dest_place: str
    dest_name: str
    dest_iso3: str
    dest_lat: float
    dest_lon: float
    distance_km: float  # unrounded; formatting is the page's job


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    _, _, metres = WGS84.inv(lon1, lat1, lon2, lat2)
    return metres / 1000.0


@memoized  # indexed once per data version: the map and the cards look a place up for every view
def places(b: Bundle) -> pd.DataFrame:
    return b["places"].set_index("place_id")


@memoized
def destination_cities(b: Bundle) -> dict[str, str]:
    """Every destination city a card can go to: place id -> its country (ISO3)."""
    p = b["places"]
    cities = p[p["kind"] == "destination_city"]
    return dict(zip(cities["place_id"], cities["country_iso3"], strict=True))


@memoized
def city_for(b: Bundle, iso3: str) -> str | None:
    p = b["places"]
    cities = p[(p["kind"] == "destination_city") & (p["country_iso3"] == iso3)]
    if cities.empty:
        return None
    pref = PREFERRED_CITY.get(iso3)
    return pref if pref in set(cities["place_id"]) else str(cities.iloc[0]["place_id"])


def card_city(b: Bundle, iso3: str, chosen: tuple[str, ...] = ()) -> str | None:
    """The city a country's card goes to: the reader's choice for that country (city=, place ids), else the
    package's city for it. A chosen city of another country changes nothing here."""
    countries = destination_cities(b)
    for place in chosen:
        if countries.get(place) == iso3:
            return place
    return city_for(b, iso3)


def corridor(b: Bundle, origin_place: str, dest_place: str) -> Corridor:
    p = places(b)
    o, d = p.loc[origin_place], p.loc[dest_place]
    return Corridor(origin_place, str(o["name"]), float(o["lat"]), float(o["lon"]), dest_place, str(d["name"]),
                    str(d["country_iso3"]), float(d["lat"]), float(d["lon"]),
                    distance_km(float(o["lat"]), float(o["lon"]), float(d["lat"]), float(d["lon"])))


@memoized  # an oblast's centre, looked up once per data version and oblast
def oblast_centre(b: Bundle, iso_3166_2: str) -> str:
    ob = b["oblasts"].set_index("iso_3166_2")
    return str(ob.loc[iso_3166_2, "centre_place_id"])


@memoized
def corridors_for(b: Bundle, origin_place: str, destinations: list[str], chosen: tuple[str, ...] = ()
                  ) -> list[Corridor]:
    """One corridor per destination country that has a city in places.csv, in the order given; to the city the
    reader chose for that country (`chosen`, place ids) where there is one."""
    out = []
    for iso3 in destinations:
        city = card_city(b, iso3, chosen)
        if city:
            out.append(corridor(b, origin_place, city))
    return out


@memoized
def country_anchor(b: Bundle, iso3: str) -> tuple[float, float] | None:
    """(lat, lon) where a flow line ends: the destination city if we have one, else a point inside the country."""
    city = city_for(b, iso3)
    if city:
        row = places(b).loc[city]
        return float(row["lat"]), float(row["lon"])
    g = b.country_geo
    hit = g[g["iso3"] == iso3]
    if hit.empty:
        return None
    pt = hit.geometry.iloc[0].representative_point()
    return float(pt.y), float(pt.x)
