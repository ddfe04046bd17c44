"""The package's presentation resource (presentation.json): which source, place, country and period the dashboard
shows by default.

Why in the data and not in code: these are facts about the published figures (which release is newest, which dates
the "back home" comparison uses, which period each oblast map shows). A newly published package brings its own, and a
package whose choices do not resolve against its own tables is refused at load, like any other broken reference.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from .problems import Problem

RESOURCE = "presentation"
YEAR = re.compile(r"^\d{4}$")
FIRST_HALF = re.compile(r"^\d{4}-H1$")


@dataclass(frozen=True)
class BackHome:
    """One national_counts series (source, destination) compared between two of its dates."""

    source_id: str
    destination_iso3: str
    from_date: str  # a year, YYYY
    to_date: str  # a year or a first half-year, YYYY or YYYY-H1 (the forms the card has words for)


@dataclass(frozen=True)
class Presentation:
    stock_sources: tuple[str, ...]  # offered in this order; the first is the default
    default_origin_place: str  # places.csv: where flows and cards start when no oblast is chosen
    card_destinations: tuple[str, ...]  # countries.csv: the cards shown when no destination is chosen
    compare_destination: str  # countries.csv: the country whose sources are compared when none is chosen
    coordinates_source: str  # sources.csv: where the places' coordinates come from
    oblast_population_source: str  # sources.csv: the population series for per-1,000 rates and the population map
    oblast_periods: MappingProxyType  # oblast_indicators.indicator -> fixed period, or None (follows the year)
    back_home: BackHome
    # the country facts box: each {"key", "fact": selector, "latest": [selectors]} pairs one IOM fact with the rows
    # whose latest figure counts the same thing (data/facts.py); optional, so older packages still load
    facts: tuple = ()

    @property
    def default_stock_source(self) -> str:
        return self.stock_sources[0]


def path_of(resources: list) -> str | None:
    """The described path of the presentation resource, if any."""
    described = [r for r in resources if isinstance(r, dict) and r.get("name") == RESOURCE and r.get("path")]
    return str(described[0]["path"]) if described else None


def read(base: Path, resources: list, problems: list[Problem]) -> Presentation | None:
    """Parse the resource named 'presentation'; None (and a problem) if it is absent or malformed."""
    path = path_of(resources)
    if path is None:
        problems.append(Problem("datapackage.json", None, None, f"resource '{RESOURCE}' (JSON) must be described"))
        return None
    try:
        raw = json.loads((base / path).read_text(encoding="utf-8"))
        home = raw["back_home"]
        return Presentation(
            stock_sources=tuple(raw["stock_sources"]), default_origin_place=raw["default_origin_place"],
            card_destinations=tuple(raw["card_destinations"]), compare_destination=raw["compare_destination"],
            coordinates_source=raw["coordinates_source"],
            oblast_population_source=raw["oblast_population_source"],
            oblast_periods=MappingProxyType(dict(raw["oblast_periods"])),
            back_home=BackHome(home["source_id"], home["destination_iso3"], home["from_date"], home["to_date"]),
            facts=tuple(_fact_pairing(item) for item in raw.get("facts", [])),
        )
    except FileNotFoundError:
        problems.append(Problem(path, None, None, "file is missing"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(Problem(path, None, None, f"not valid JSON ({exc})"))
    except (KeyError, TypeError, ValueError) as exc:
        problems.append(Problem(path, None, None, f"not the expected shape ({type(exc).__name__}: {exc})"))
    return None


def check(p: Presentation, path: str, frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Every id names a row of its reference table and every period exists in the rows it picks."""
    if any(name not in frames for name in ("sources", "places", "countries", "national_counts",
                                           "oblast_indicators", "migrant_stock")):
        return  # the missing table is already reported; nothing to resolve against
    known = {"sources": set(frames["sources"]["source_id"]), "places": set(frames["places"]["place_id"]),
             "countries": set(frames["countries"]["iso3"])}
    refs = [("stock_sources", "sources", sid) for sid in p.stock_sources]
    refs += [("default_origin_place", "places", p.default_origin_place),
             ("coordinates_source", "sources", p.coordinates_source),
             ("oblast_population_source", "sources", p.oblast_population_source),
             ("back_home.source_id", "sources", p.back_home.source_id),
             ("back_home.destination_iso3", "countries", p.back_home.destination_iso3),
             ("compare_destination", "countries", p.compare_destination)]
    refs += [("card_destinations", "countries", iso) for iso in p.card_destinations]
    for key, table, value in refs:
        if value not in known[table]:
            problems.append(Problem(path, None, key, f"'{value}' is not in {table}.csv"))
    if not p.stock_sources:
        problems.append(Problem(path, None, "stock_sources", "needs at least one source (the first is the default)"))
    _check_stock_sources(p, path, frames["migrant_stock"], problems)
    _check_back_home(p.back_home, path, frames["national_counts"], problems)
    _check_oblast_periods(p, path, frames["oblast_indicators"], problems)
    _check_facts(p, path, frames, problems)


def _check_stock_sources(p: Presentation, path: str, stock: pd.DataFrame, problems: list[Problem]) -> None:
    present = set(stock["source_id"])
    for sid in p.stock_sources:
        if sid not in present:
            problems.append(Problem(path, None, "stock_sources", f"'{sid}' has no rows in migrant_stock.csv"))


def _check_back_home(home: BackHome, path: str, counts: pd.DataFrame, problems: list[Problem]) -> None:
    series = counts[(counts["source_id"] == home.source_id) & (counts["destination_iso3"] == home.destination_iso3)]
    for key, date, form in (("from_date", home.from_date, YEAR), ("to_date", home.to_date, YEAR)):
        if not (form.match(date) or (key == "to_date" and FIRST_HALF.match(date))):
            problems.append(Problem(path, None, f"back_home.{key}",
                                    f"'{date}': the card has words for a year (YYYY) or, as to_date, a first "
                                    "half-year (YYYY-H1)"))
        elif not (series["date"] == date).any():
            problems.append(Problem(path, None, f"back_home.{key}",
                                    f"no national_counts.csv row dated '{date}' for {home.source_id} / "
                                    f"{home.destination_iso3}"))


def _check_oblast_periods(p: Presentation, path: str, rows: pd.DataFrame, problems: list[Problem]) -> None:
    for indicator, period in p.oblast_periods.items():
        picked = rows[rows["indicator"] == indicator]
        if picked.empty:
            problems.append(Problem(path, None, f"oblast_periods.{indicator}",
                                    "no oblast_indicators.csv row has this indicator"))
        elif period is not None and not (picked["period"] == period).any():
            problems.append(Problem(path, None, f"oblast_periods.{indicator}",
                                    f"period '{period}' has no oblast_indicators.csv row for this indicator"))
    pop = rows[rows["source_id"] == p.oblast_population_source]
    if pop.empty:
        problems.append(Problem(path, None, "oblast_population_source",
                                f"'{p.oblast_population_source}' has no oblast_indicators.csv rows"))


FACT_TABLES = ("context", "remittances", "national_counts")
SELECTOR_KEYS = ("indicator", "measure", "source_id", "destination_iso3", "kind", "sex")


def _fact_pairing(item: dict) -> dict:
    """One facts-box pairing, its shape checked: a key, the fact's selector and a list of selectors to compare."""
    if not isinstance(item.get("key"), str) or not isinstance(item.get("fact"), dict) or \
            not isinstance(item.get("latest"), list):
        raise ValueError(f"a facts entry needs key, fact and latest: {item!r}")
    return {"key": item["key"], "fact": dict(item["fact"]), "latest": [dict(sel) for sel in item["latest"]]}


def _selected(frames: dict[str, pd.DataFrame], selector: dict) -> pd.DataFrame | None:
    """The rows a selector picks, or None when it names no table the facts box reads."""
    table = frames.get(selector.get("table"))
    if selector.get("table") not in FACT_TABLES or table is None:
        return None
    keep = pd.Series(True, index=table.index)
    for key in SELECTOR_KEYS:
        if key in selector:
            keep &= table[key] == selector[key] if key in table else False
    return table[keep]


def _check_facts(p: Presentation, path: str, frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Each fact names exactly one row; each comparison (and its `per`, the whole of a share) at least one."""
    for item in p.facts:
        where = f"facts.{item['key']}"
        fact = _selected(frames, item["fact"])
        if fact is None or len(fact) != 1:
            problems.append(Problem(path, None, f"{where}.fact", f"must name exactly one row of one of "
                                    f"{', '.join(FACT_TABLES)}; names {0 if fact is None else len(fact)}"))
        for selector in item["latest"]:
            rows = _selected(frames, selector)
            whole = _selected(frames, {**selector, **selector["per"]}) if isinstance(selector.get("per"), dict) \
                else rows
            if rows is None or rows.empty or whole is None or whole.empty:
                problems.append(Problem(path, None, f"{where}.latest",
                                        f"{selector!r} names no row of one of {', '.join(FACT_TABLES)}"))
