"""The benchmark's baseline (bench/baseline_app.py, the first view as Dash's documentation would write it): the bench
modules import, the baseline starts under gunicorn exactly as `make bench` starts it, and one year step answers its
three charts from the shipped data. The benchmark itself (`make bench`, minutes) is not part of the suite."""

from __future__ import annotations

import base64
import importlib
import json
import re
from collections.abc import Iterator

import numpy as np
import pytest

from .conftest import DATA_DIR, REPO, get, post_json

YEAR = 2020
BASELINE_UPDATE = "/_dash-update-component"


def decoded(values) -> list:
    """A figure array as plotly's JSON sends it: a list, or a typed array {"dtype", "bdata"} (base64)."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


@pytest.fixture(scope="module")
def baseline() -> Iterator:
    from bench.compare import start_baseline

    server = start_baseline(workers=1)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def year_step(baseline) -> dict:
    (dep,) = get(baseline.port, "/_dash-dependencies").json()
    outputs = dep["output"].strip(".").split("...")
    assert outputs == ["map.figure", "stock.figure", "remittances.figure"], outputs  # whole figures, one callback
    body = {"output": dep["output"],
            "outputs": [dict(zip(("id", "property"), o.split("."), strict=True)) for o in outputs],
            "inputs": [{"id": "year", "property": "value", "value": YEAR},
                       {"id": "dest", "property": "value", "value": None}],
            "changedPropIds": ["year.value"]}
    reply = post_json(baseline.port, BASELINE_UPDATE, body)
    assert reply.status == 200, reply.text[:300]
    return {name: value["figure"] for name, value in reply.json()["response"].items()}


def test_every_bench_module_imports():
    for name in ("bench.__main__", "bench.compare", "bench.pageload", "bench.capture", "bench.callbacks",
                 "bench.startup", "bench.baseline_app"):
        importlib.import_module(name)


def test_the_dashboard_never_imports_the_benchmark():
    importing = [path.name for path in (REPO / "dashboard").rglob("*.py")
                 if re.search(r"^\s*(from|import)\s+bench\b", path.read_text(encoding="utf-8"), re.MULTILINE)]
    assert importing == []


def test_the_baseline_starts_and_serves_its_page_and_its_world_map(baseline):
    assert get(baseline.port, "/health").status == 200
    page = get(baseline.port, "/")
    assert page.status == 200 and "_dash-config" in page.text
    layout = json.dumps(get(baseline.port, "/_dash-layout").json())
    for component in ('"id": "map"', '"id": "stock"', '"id": "remittances"', '"id": "year"', '"id": "dest"'):
        assert component in layout
    topojson = get(baseline.port, "/topojson/world_110m.json")
    assert topojson.status == 200 and topojson.body == (REPO / "assets/topojson/world_110m.json").read_bytes()


def test_a_year_step_answers_the_three_charts_from_the_data(year_step: dict):
    from dashboard.data import load_bundle
    from dashboard.data.stock import stock_by_destination

    bundle = load_bundle(DATA_DIR)
    rows = stock_by_destination(bundle, bundle.presentation.default_stock_source, "both", YEAR)
    (choropleth,) = year_step["map"]["data"]
    assert choropleth["type"] == "choropleth" and str(YEAR) in year_step["map"]["layout"]["title"]["text"]
    on_map = dict(zip(decoded(choropleth["locations"]), decoded(choropleth["z"]), strict=True))
    assert on_map == dict(zip(rows["destination_iso3"], rows["value"].astype(float), strict=True))
    for name in ("stock", "remittances"):
        figure = year_step[name]
        assert figure["data"] and {trace["type"] for trace in figure["data"]} == {"scatter"}, name
        assert [shape["x0"] for shape in figure["layout"]["shapes"]] == [YEAR], name  # the year marked


def test_the_comparison_prints_exact_counts_and_ratios():
    from bench.compare import exact, ratio, rows

    def app(wire: list[int], requests: int, drawn: float, frames: int = 0) -> dict:
        return {"wire_bytes_all": wire, "requests_all": [requests] * len(wire), "charts_drawn_ms": drawn,
                "frames_wire_all": [frames] * len(wire),  # the product's view frames; the baseline has none
                "year_change_wire_all": [4000] * len(wire), "year_change_requests_all": [1] * len(wire),
                "year_change_in_view_ms": 80.0, "year_change_updated_ms": 100.0, "year_change_cpu_ms": 2.0}

    table = rows({**app([600_000] * 5, 20, 600.0, 27_084), "baseline_app": app([1_200_000] * 5, 40, 1200.0)},
                 {"total": 400_000, "total_budgeted": 480_000})
    first = table[0]
    assert (first["product"], first["baseline"], first["ratio"], first["floor"]) == ("600,000", "1,200,000", "0.50",
                                                                                     "400,000")
    assert table[2]["ratio"] == "0.50" and table[-2]["product"] == "1.50"
    # against the floor the first-load budget was set against (plotly.js's own geo bundle)
    assert (table[-1]["product"], table[-1]["baseline"], table[-1]["floor"]) == ("1.25", "2.50", "480,000")
    assert (table[3]["product"], table[3]["baseline"], table[3]["ratio"]) == ("27,084", "0", "-")
    assert exact([10, 12, 11]) == "11 (10-12)" and ratio(1, 0) == "-"
