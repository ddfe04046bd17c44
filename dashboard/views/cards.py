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
from ..data.memo import memoized
from ..i18n import fmt_km, fmt_number, translator
from ..i18n.amounts import fmt_amount
from ..labels import SEX_LABEL, names, place_name, qualified, source_label
from ..state import Options, ViewState


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
    distance_note: str = ""  # how the distance is measured, between the two places named


def km_text(km: float, lang: str) -> str:
    t = translator(lang)
    return t("{distance} from home", distance=fmt_km(km, lang))


def corridor_cards(b: Bundle, s: ViewState, opts: Options, lang: str) -> list[Card]:
    t = translator(lang)
    nm = names(b, lang)
    year = s.effective_year(opts)
    origin = cq.oblast_centre(b, s.oblast) if s.oblast else b.presentation.default_origin_place  # as the map's flows
    dests = card_destinations(b, s)
    stock = sq.stock_by_destination(b, s.src, s.sex, year)
    by_country = rq.remittances_by_country(b, "model")
    model_year, model_source = rq.model_year(b), rq.model_sources(b)[0]
    # each country's first figure, read in one pass (a filtered frame per card cost most of the cards)
    people, sent = first_rows(stock, "destination_iso3"), first_rows(by_country, "partner_iso3")
    cards = []
    for c in cq.corridors_for(b, origin, dests, s.city):
        facts = []
        if c.dest_iso3 in people:
            facts.append(Fact(t("{n} people born in Kyrgyzstan live in {country} ({year}, {sex})",
                                n=fmt_number(stock["value"].iloc[people[c.dest_iso3]], lang, 0),
                                country=nm.get(c.dest_iso3), year=year, sex=t(SEX_LABEL[s.sex])),
                              source_label(s.src, lang)))
        else:
            facts.append(Fact(t("{source} shows no figure for {country} in {year}", source=source_label(s.src, lang),
                                country=nm.get(c.dest_iso3), year=year), source_label(s.src, lang)))
        if c.dest_iso3 in sent:
            facts.append(Fact(t("about {amount} sent home from there in {year} (model estimate)",
                                amount=fmt_amount(by_country["value_usd"].iloc[sent[c.dest_iso3]], "US$", lang),
                                year=model_year),
                              source_label(model_source, lang)))
        origin_name, city_name = place_name(b, c.origin_place, lang), place_name(b, c.dest_place, lang)
        route = f"{origin_name} → {city_name}, {nm.get(c.dest_iso3, c.dest_iso3)}"
        note = t("Distance along the Earth's surface, {origin} – {city} (WGS84 ellipsoid)", origin=origin_name,
                 city=city_name)
        cards.append(Card(c.dest_iso3, km_text(c.distance_km, lang), route, c.distance_km, tuple(facts), note))
    back = back_home_card(b, lang)
    if back:
        cards.append(back)
    return cards


def first_rows(frame, key: str) -> dict:
    """key -> the position of the first row with that key: frame[column].iloc[position] is what
    frame[frame[key] == k][column].iloc[0] reads."""
    first: dict = {}
    for at, name in enumerate(frame[key]):
        first.setdefault(name, at)
    return first


def card_destinations(b: Bundle, s: ViewState) -> list[str]:
    """The countries with a corridor card: the chosen destinations (else the package's), those with a city in
    places.csv, at most five."""
    return [d for d in (s.dest or b.presentation.card_destinations) if cq.city_for(b, d)][:5]


def chosen_cities(b: Bundle, s: ViewState) -> list[str]:
    """The cities of city= that a card goes to, in card order. A city whose country has no card (not among the
    destinations) stays in the link, so the view keeps it when that country comes back, but changes nothing."""
    cities = (cq.card_city(b, iso3, s.city) for iso3 in card_destinations(b, s))
    return [place for place in cities if place in s.city]


@memoized
def back_home_card(b: Bundle, lang: str) -> Card | None:
    """The fall in Kyrgyz citizens counted in Russia, one series from one source (MFA citing Russian authorities),
    both figures shown; the difference is computed here and said to be. The series and its two dates are the
    package's (presentation.back_home); the wording names Russia, the country that series counts in."""
    t = translator(lang)
    home = b.presentation.back_home
    nc = b["national_counts"]
    series = nc[(nc["source_id"] == home.source_id) & (nc["destination_iso3"] == home.destination_iso3)]
    first = series[series["date"] == home.from_date]
    last = series[series["date"] == home.to_date]
    if first.empty or last.empty:
        return None
    a, z = float(first["value"].iloc[0]), float(last["value"].iloc[0])
    label = source_label(home.source_id, lang, b.sources)
    facts = (
        Fact(t("{n} Kyrgyz citizens staying in Russia in {year}", year=home.from_date,
               n=qualified(fmt_number(a, lang, 0), first["qualifier"].iloc[0], lang)), label),
        Fact(later_count(home.to_date, qualified(fmt_number(z, lang, 0), last["qualifier"].iloc[0], lang), lang),
             label),
        Fact(t("{n} fewer (difference computed here). A lower count does not by itself mean people came home: "
               "some moved on to other countries.", n=fmt_number(a - z, lang, 0)),
             t("Ministry of Foreign Affairs citing Russian authorities")),
    )
    return Card("back-home", t("Back home?"), t("Russia → Kyrgyzstan"), None, facts)


def later_count(date: str, count: str, lang: str) -> str:
    """The second figure with its date in words: a first half-year (YYYY-H1) or a year (the forms the package's
    validation admits for back_home.to_date)."""
    t = translator(lang)
    if date.endswith("-H1"):
        return t("{n} in the first half of {year}", n=count, year=date[:4])
    return t("{n} in {year}", n=count, year=date)
