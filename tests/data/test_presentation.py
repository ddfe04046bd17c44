"""The package's presentation resource: every id and period it names resolves on the shipped package, a package
whose presentation does not resolve is refused with file, key and reason, and the code holds no source ids or
years of its own (a new package must never leave stale years on screen or silently drop a card)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from dashboard.data import DataPackageError, load_bundle
from dashboard.data import oblasts as O
from dashboard.data import stock as S

REPO = Path(__file__).resolve().parents[2]
PRESENTATION = "presentation.json"

# Literal source ids allowed in dashboard/, each with why it cannot come from the loaded package.
SOURCE_ID_EXCEPTIONS = {
    "dashboard/labels.py": "translated source labels: gettext needs each label as a literal beside its id",
    "dashboard/state.py": "URL aliases (src=un2024) are link vocabulary; state.py is being split elsewhere",
    "dashboard/data/stock.py": "ViewState's default source before a bundle exists (checked equal to the package's)",
    "dashboard/charts/sexes.py": "short legend labels per source: gettext needs each label as a literal beside its id",
}
# Four-digit years allowed in dashboard/views and charts: docstrings and comments that describe, never display.
YEAR_EXCEPTIONS = {
    "dashboard/views/common.py": "docstring example of a source line",
    "dashboard/charts/map.py": "`examples`: views the test matrix draws (a year the data substitutes), not shown text",
    "dashboard/charts/stock.py": "`examples`: the src=knomad2021 link alias the test matrix draws, not shown text",
    "dashboard/charts/corridor.py": "`examples` and docstrings; date(2000, month, 1) only asks Babel a month's name",
    "dashboard/charts/events.py": "docstring examples of a marked event",
    "dashboard/charts/filters.py": "docstring examples of a year range in words",
    "dashboard/charts/oblasts.py": "docstring: why the population series changes basis (the 2022 census)",
    "dashboard/charts/official.py": "`examples` (from=2020), not shown text",
    "dashboard/charts/remittances.py": "`examples` (from=2015&to=2024), not shown text",
    "dashboard/charts/sexes.py": "`examples` and docstrings naming the 2016 split and a revision",
}


def _edit(data_dir: Path, **changes) -> None:
    path = data_dir / PRESENTATION
    raw = json.loads(path.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        node, *rest = dotted.split("__")
        if rest:
            raw[node][rest[0]] = value
        else:
            raw[node] = value
    path.write_text(json.dumps(raw), encoding="utf-8")


def _refusal(data_dir: Path) -> list[str]:
    with pytest.raises(DataPackageError) as info:
        load_bundle(data_dir)
    return [str(p) for p in info.value.problems]


def test_every_id_resolves_on_the_shipped_package(bundle):
    shown = bundle.presentation
    sources = set(bundle.sources["source_id"])
    assert {*shown.stock_sources, shown.coordinates_source, shown.oblast_population_source,
            shown.back_home.source_id} <= sources
    assert shown.default_origin_place in set(bundle["places"]["place_id"])
    assert {*shown.card_destinations, shown.back_home.destination_iso3} <= set(bundle["countries"]["iso3"])
    assert shown.default_stock_source == S.DEFAULT_STOCK_SOURCE  # ViewState's bundle-free default agrees


def test_every_mapped_indicator_has_its_period(bundle):
    periods = bundle.presentation.oblast_periods
    assert set(periods) == {ind.indicator for ind in O.MAP_INDICATORS}
    for ind in O.MAP_INDICATORS:
        assert (periods[ind.indicator] is None) == ind.population


def test_the_build_script_writes_the_shipped_presentation():
    spec = importlib.util.spec_from_file_location("build_data_package", REPO / "tools" / "build_data_package.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert json.loads((REPO / "data" / PRESENTATION).read_text(encoding="utf-8")) == build.PRESENTATION


@pytest.mark.parametrize(("change", "expected"), [
    ({"stock_sources": ["NO_SUCH_SOURCE"]}, "column 'stock_sources': 'NO_SUCH_SOURCE' is not in sources.csv"),
    ({"default_origin_place": "atlantis"}, "column 'default_origin_place': 'atlantis' is not in places.csv"),
    ({"card_destinations": ["RUS", "XXX"]}, "column 'card_destinations': 'XXX' is not in countries.csv"),
    ({"compare_destination": "XXX"}, "column 'compare_destination': 'XXX' is not in countries.csv"),
    ({"back_home__to_date": "2031"}, "no national_counts.csv row dated '2031' for N_24KG_312641 / RUS"),
    ({"back_home__to_date": "2024-Q1"}, "'2024-Q1': the card has words for a year"),
    ({"oblast_periods__poverty_rate": "1901"},
     "column 'oblast_periods.poverty_rate': period '1901' has no oblast_indicators.csv row for this indicator"),
])
def test_a_presentation_that_does_not_resolve_is_refused(broken_copy, change, expected):
    _edit(broken_copy, **change)
    problems = _refusal(broken_copy)
    assert any(p.startswith(PRESENTATION) and expected in p for p in problems), problems


def test_a_missing_presentation_is_refused(broken_copy):
    (broken_copy / PRESENTATION).unlink()
    assert f"{PRESENTATION}: file is missing" in _refusal(broken_copy)


def _python_files(under: str) -> list[Path]:
    return sorted((REPO / under).rglob("*.py"))


def test_no_source_id_is_typed_in_the_dashboard(bundle):
    ids = sorted(bundle.sources["source_id"], key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")
    found = {}
    for path in _python_files("dashboard"):
        rel = path.relative_to(REPO).as_posix()
        if rel not in SOURCE_ID_EXCEPTIONS and (hits := pattern.findall(path.read_text(encoding="utf-8"))):
            found[rel] = sorted(set(hits))
    assert found == {}, "source ids belong in data/presentation.json or come from the rows"


def test_no_year_is_typed_in_the_views():
    year = re.compile(r"(?<![\d.])(19|20)\d\d(?![\d.])")
    found = {}
    for path in [*_python_files("dashboard/views"), *_python_files("dashboard/charts")]:
        rel = path.relative_to(REPO).as_posix()
        if rel not in YEAR_EXCEPTIONS and (hits := year.findall(path.read_text(encoding="utf-8"))):
            found[rel] = hits
    assert found == {}, "years belong in the data package (presentation.json or the rows)"
