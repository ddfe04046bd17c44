"""Distance-from-home story cards: a corridor, its geodesic distance, and the figures that make it matter.

Every number on a card comes from the bundle with its source; distances come from corridors.distance_km, never
typed in. No people or quotes are invented: the only 'story' is what the figures say.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data import Bundle
from ..data import corridors as cq
from ..data import remittances as rq
from ..data import stock as sq
from ..i18n import fmt_km, fmt_number, translator
from ..labels import SEX_LABEL, names, place_name, qualified, source_label
from ..state import Options, ViewState

CARD_DESTINATIONS = ("RUS", "KAZ", "TUR", "KOR", "USA")


@dataclass(frozen=True)
class Fact:
    text: str
    source: str


@dataclass(frozen=True)
class Card:
    key: str  # destination iso3, or 'back-home'
    headline: str  # "3,067 km from home"
    route: str  # "Osh → Moscow, Russian Federation"
    distance_km: float | None
    facts: tuple[Fact, ...]


def km_text(km: float, lang: str) -> str:
    t = translator(lang)
    return t("{distance} from home", distance=fmt_km(km, lang))


def corridor_cards(b: Bundle, s: ViewState, opts: Options, lang: str) -> list[Card]:
    t = translator(lang)
    nm = names(b, lang)
    year = s.effective_year(opts)
    origin = cq.oblast_centre(b, s.oblast) if s.oblast else "osh"  # same default as the map's flows
    dests = [d for d in (s.dest or CARD_DESTINATIONS) if cq.city_for(b, d)][:5]
    stock = sq.stock_by_destination(b, s.src, s.sex, year)
    by_country = rq.remittances_by_country(b, "model")
    cards = []
    for c in cq.corridors_for(b, origin, dests):
        facts = []
        row = stock[stock["destination_iso3"] == c.dest_iso3]
        if len(row):
            facts.append(Fact(t("{n} people born in Kyrgyzstan live in {country} ({year}, {sex})",
                                n=fmt_number(row["value"].iloc[0], lang, 0), country=nm.get(c.dest_iso3),
                                year=year, sex=t(SEX_LABEL[s.sex])), source_label(s.src, lang)))
        else:
            facts.append(Fact(t("{source} shows no figure for {country} in {year}", source=source_label(s.src, lang),
                                country=nm.get(c.dest_iso3), year=year), source_label(s.src, lang)))
        rem = by_country[by_country["partner_iso3"] == c.dest_iso3]
        if len(rem):
            facts.append(Fact(t("about {m} million US$ sent home from there in 2021 (model estimate)",
                                m=fmt_number(rem["value_usd"].iloc[0] / 1e6, lang, 0)),
                              source_label("KNOMAD_BRM_2021", lang)))
        route = (f"{place_name(b, c.origin_place, lang)} → {place_name(b, c.dest_place, lang)}, "
                 f"{nm.get(c.dest_iso3, c.dest_iso3)}")
        cards.append(Card(c.dest_iso3, km_text(c.distance_km, lang), route, c.distance_km, tuple(facts)))
    back = back_home_card(b, lang)
    if back:
        cards.append(back)
    return cards


def back_home_card(b: Bundle, lang: str) -> Card | None:
    """The fall in Kyrgyz citizens counted in Russia, one series from one source (MFA citing Russian authorities),
    both figures shown; the difference is computed here and said to be."""
    t = translator(lang)
    nc = b["national_counts"]
    series = nc[(nc["source_id"] == "N_24KG_312641") & (nc["destination_iso3"] == "RUS")]
    first = series[series["date"] == "2021"]
    last = series[series["date"] == "2024-H1"]
    if first.empty or last.empty:
        return None
    a, z = float(first["value"].iloc[0]), float(last["value"].iloc[0])
    facts = (
        Fact(t("{n} Kyrgyz citizens staying in Russia in 2021", n=qualified(fmt_number(a, lang, 0),
                                                                           first["qualifier"].iloc[0], lang)),
             source_label("N_24KG_312641", lang, b.sources)),
        Fact(t("{n} in the first half of 2024", n=qualified(fmt_number(z, lang, 0), last["qualifier"].iloc[0], lang)),
             source_label("N_24KG_312641", lang, b.sources)),
        Fact(t("{n} fewer (difference computed here). A lower count does not by itself mean people came home: "
               "some moved on to other countries.", n=fmt_number(a - z, lang, 0)),
             t("Ministry of Foreign Affairs citing Russian authorities")),
    )
    return Card("back-home", t("Back home?"), t("Russia → Kyrgyzstan"), None, facts)
