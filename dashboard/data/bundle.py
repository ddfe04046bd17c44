"""Load and validate a data package once, into an immutable Bundle the whole app reads from.

Nothing half-valid is ever returned: either every check passes and a Bundle comes back, or DataPackageError lists
every problem (file, row, column, reason). The app loads before gunicorn forks, so workers share one copy.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import geopandas as gpd
import pandas as pd

from . import boundaries, presentation, tables
from .presentation import Presentation
from .problems import DataPackageError, Problem

DESCRIPTOR = "datapackage.json"
REQUIRED_RESOURCES = ("sources", "countries", "oblasts", "places", "migrant_stock", "migrant_stock_destination_counts",
                      "national_counts", "remittances", "remittances_by_country", "oblast_indicators", "context")


@dataclass(frozen=True)
class Bundle:
    """Everything the dashboard shows, validated. Treat the frames as read-only (queries return copies)."""

    data_dir: Path
    version: str
    created: str
    digest: str  # short content hash: two packages with the same version string but different bytes differ here
    descriptor: MappingProxyType
    frames: MappingProxyType  # resource name -> typed DataFrame
    oblast_geo: gpd.GeoDataFrame
    country_geo: gpd.GeoDataFrame
    oblast_geojson: dict = field(repr=False)
    presentation: Presentation = field(repr=False)  # the package's defaults (presentation.json), already resolved

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    @property
    def sources(self) -> pd.DataFrame:
        return self.frames["sources"]


def load_bundle(data_dir: str | Path) -> Bundle:
    base = Path(data_dir)
    problems: list[Problem] = []
    descriptor = _read_descriptor(base, problems)
    if descriptor is None:
        raise DataPackageError(problems)

    resources = {}
    for i, r in enumerate(descriptor["resources"], start=1):
        label = r.get("name") or f"resource #{i}" if isinstance(r, dict) else f"resource #{i}"
        if not isinstance(r, dict) or not r.get("name") or not r.get("path"):
            problems.append(Problem(DESCRIPTOR, None, None, f"{label} needs a 'name' and a 'path'"))
        elif r.get("profile") == "tabular-data-resource":
            fields = (r.get("schema") or {}).get("fields")
            if not isinstance(fields, list) or not all(isinstance(f, dict) and f.get("name") for f in fields):
                problems.append(Problem(DESCRIPTOR, None, None,
                                        f"resource '{r['name']}' needs a schema with a list of named fields"))
            else:
                resources[r["name"]] = r
    for name in REQUIRED_RESOURCES:
        if name not in resources:
            problems.append(Problem(DESCRIPTOR, None, None, f"resource '{name}' is not described"))
    raw: dict[str, pd.DataFrame] = {}
    for name, resource in resources.items():
        df = tables.read_csv(base, resource, problems)
        if df is None:
            continue
        tables.check_fields(df, resource, problems)
        tables.check_primary_key(df, resource, problems)
        raw[name] = df
    tables.check_foreign_keys(raw, resources, problems)

    geo = {r["name"]: r for r in descriptor["resources"]
           if isinstance(r, dict) and r.get("format") == "geojson" and r.get("name") and r.get("path")}
    oblast_geo = country_geo = None
    if "oblast_boundaries" not in geo or "country_boundaries" not in geo:
        problems.append(Problem(DESCRIPTOR, None, None, "resources 'oblast_boundaries' and 'country_boundaries' "
                                "(GeoJSON) must be described"))
    else:
        oblast_geo = boundaries.read_boundaries(base, geo["oblast_boundaries"]["path"], "iso_3166_2", problems)
        if oblast_geo is not None:
            boundaries.check_oblast_codes(oblast_geo, geo["oblast_boundaries"]["path"], problems)
        country_geo = boundaries.read_boundaries(base, geo["country_boundaries"]["path"], "iso3", problems)
    if "oblasts" in raw:
        _check_oblast_table(raw["oblasts"], resources["oblasts"]["path"], problems)
    tables_valid = not problems  # resolve the presentation only against tables that passed their own checks
    shown = presentation.read(base, descriptor["resources"], problems)
    if shown is not None and tables_valid:
        presentation.check(shown, presentation.path_of(descriptor["resources"]), raw, problems)

    if problems:
        raise DataPackageError(problems)
    frames = {name: tables.typed(df, resources[name]) for name, df in raw.items()}
    return Bundle(
        data_dir=base.resolve(), version=str(descriptor.get("version", "")), created=str(descriptor.get("created", "")),
        digest=_digest(base, descriptor), descriptor=MappingProxyType(descriptor), frames=MappingProxyType(frames),
        oblast_geo=oblast_geo, country_geo=country_geo,
        oblast_geojson=json.loads((base / geo["oblast_boundaries"]["path"]).read_text(encoding="utf-8")),
        presentation=shown,
    )


def _read_descriptor(base: Path, problems: list[Problem]) -> dict | None:
    path = base / DESCRIPTOR
    if not base.is_dir():
        problems.append(Problem(str(base), None, None, "data directory does not exist"))
        return None
    if not path.is_file():
        problems.append(Problem(DESCRIPTOR, None, None, "file is missing: a data package needs its descriptor"))
        return None
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(Problem(DESCRIPTOR, None, None, f"not valid JSON ({exc})"))
        return None
    if not isinstance(d, dict) or not isinstance(d.get("resources"), list):
        problems.append(Problem(DESCRIPTOR, None, "resources", "descriptor has no list of resources"))
        return None
    return d


def _check_oblast_table(df: pd.DataFrame, path: str, problems: list[Problem]) -> None:
    found = set(df["iso_3166_2"])
    for code in boundaries.OBLAST_CODES:
        if code not in found:
            problems.append(Problem(path, None, "iso_3166_2", f"unit {code} is missing (all 9 units are required)"))


def _digest(base: Path, descriptor: dict) -> str:
    h = hashlib.sha256()
    for r in sorted(descriptor["resources"], key=lambda r: r["path"]):
        h.update((base / r["path"]).read_bytes())
    return h.hexdigest()[:12]
