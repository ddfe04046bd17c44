"""Boundary files: read with geopandas, checked for what the maps rely on.

Plotly's geo traces (d3) fill the whole globe when an exterior ring runs counter-clockwise, so orientation is a
validation rule here, not a rendering detail.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely

from .problems import Problem

OBLAST_CODES = ("KG-B", "KG-C", "KG-Y", "KG-J", "KG-N", "KG-O", "KG-T", "KG-GB", "KG-GO")


def read_boundaries(base: Path, path: str, key: str, problems: list[Problem]) -> gpd.GeoDataFrame | None:
    file = base / path
    if not file.is_file():
        problems.append(Problem(path, None, None, "file is missing"))
        return None
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(Problem(path, None, None, f"not valid GeoJSON ({exc})"))
        return None
    if not isinstance(raw, dict) or raw.get("type") != "FeatureCollection" or not raw.get("features"):
        problems.append(Problem(path, None, None, "not a GeoJSON FeatureCollection with features"))
        return None
    try:
        gdf = gpd.GeoDataFrame.from_features(raw["features"], crs="EPSG:4326")
    except Exception as exc:  # shapely/geopandas raise several types for malformed coordinates
        problems.append(Problem(path, None, "geometry", f"geometry cannot be read ({exc})"))
        return None
    if key not in gdf.columns:
        problems.append(Problem(path, None, key, "property is missing from the features"))
        return None
    for i, (code, geom) in enumerate(zip(gdf[key], gdf.geometry, strict=True), start=1):
        if geom is None or geom.is_empty:
            problems.append(Problem(path, i, "geometry", f"feature {code}: geometry is empty"))
        elif not geom.is_valid:
            problems.append(Problem(path, i, "geometry",
                                    f"feature {code}: invalid geometry ({shapely.is_valid_reason(geom)})"))
        elif not _exteriors_clockwise(geom):
            problems.append(Problem(path, i, "geometry", f"feature {code}: exterior ring is counter-clockwise "
                                    "(plotly geo maps need clockwise; fix with shapely.orient_polygons)"))
    return gdf


def check_oblast_codes(gdf: gpd.GeoDataFrame, path: str, problems: list[Problem]) -> None:
    codes = list(gdf["iso_3166_2"])
    for i, code in enumerate(codes, start=1):
        if code not in OBLAST_CODES:
            problems.append(Problem(path, i, "iso_3166_2", f"'{code}' is not one of the 9 units"))
    for code in OBLAST_CODES:
        count = codes.count(code)
        if count != 1:
            problems.append(Problem(path, None, "iso_3166_2",
                                    f"unit {code} appears {count} times (each of the 9 units exactly once)"))


def _exteriors_clockwise(geom) -> bool:
    polys = getattr(geom, "geoms", [geom])
    return all(not shapely.is_ccw(p.exterior) for p in polys if p.geom_type == "Polygon")
