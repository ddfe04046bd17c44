"""Broken packages are refused, and the refusal says where: file, row (1-based data row; line = row + 1), column, why.

Most tests corrupt one thing in a private copy of data/ (`broken_copy`) and check the DataPackageError, its Problem
list and the line the CLI prints. `many` breaks some twenty things in one copy, loaded once (loading costs ~0.3 s),
and checks each is reported at its place and nothing else is.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from dashboard.__main__ import _frictionless_problems, main
from dashboard.data import DataPackageError, Problem, load_bundle
from dashboard.data.tables import MAX_PER_CHECK

OBLAST_GEO = "geo/oblasts.geojson"
COUNTRY_GEO = "geo/countries.geojson"
STOCK_PK = "year+destination_iso3+sex+source_id"
REPO = Path(__file__).resolve().parents[2]


# --- helpers -----------------------------------------------------------------------------------------------------


def edit_csv(path: Path, change: Callable[[list[list[str]]], list[list[str]] | None]) -> None:
    """Rewrite a CSV through `change(rows)`; rows[0] is the header, rows[n] is data row n (= line n + 1)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows = change(rows) or rows
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    def change(rows: list[list[str]]) -> None:
        rows[row][rows[0].index(column)] = value

    edit_csv(path, change)


def edit_geojson(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def refused(data_dir: Path | str) -> DataPackageError:
    with pytest.raises(DataPackageError) as info:
        load_bundle(data_dir)
    assert info.value.problems, "a refusal must list its problems"
    return info.value


def expect(err: DataPackageError, file: str, row: int | None, column: str | None, reason: str) -> Problem:
    """The one problem at (file, row, column) whose reason contains `reason`; its text names all of them."""
    hits = [p for p in err.problems if (p.file, p.row, p.column) == (file, row, column)]
    assert hits, f"no problem at {file}, row {row}, column {column}; got:\n" + "\n".join(map(str, err.problems))
    matching = [p for p in hits if reason in p.reason]
    assert len(matching) == 1, f"expected one reason containing {reason!r} among {hits}"
    p = matching[0]
    text = str(p)
    assert text.startswith(file)
    if row is not None:
        assert f"row {row} (line {row + 1})" in text
    if column is not None:
        assert f"column '{column}'" in text
    assert text.endswith(p.reason)
    message = str(err)
    assert message.startswith("data package refused: ")
    assert str(err.problems[0]) in message
    if len(err.problems) == 1:
        assert text in message
    else:
        assert f"(and {len(err.problems) - 1} more)" in message
    return p


def line_of(path: Path, line: int) -> str:
    """Physical line `line` (1-based) of a text file; the shipped CSVs have no multi-line cells."""
    return path.read_text(encoding="utf-8").splitlines()[line - 1]


# --- one corruption at a time ------------------------------------------------------------------------------------


def test_missing_column(broken_copy):
    edit_csv(broken_copy / "migrant_stock.csv", lambda rows: [r[:4] + r[5:] for r in rows])  # drop 'value'
    err = refused(broken_copy)
    expect(err, "migrant_stock.csv", None, "value", "required column is missing")
    assert len(err.problems) == 1  # a table without its columns is not checked row by row


def test_wrong_type(broken_copy):
    path = broken_copy / "migrant_stock.csv"
    set_cell(path, 7, "value", "abc")
    err = refused(broken_copy)
    expect(err, "migrant_stock.csv", 7, "value", "'abc' is not a valid integer")
    assert len(err.problems) == 1
    assert ",abc," in line_of(path, 8)  # row 7 is line 8 of the file


@pytest.mark.parametrize(
    ("file", "column", "value", "reason"),
    [
        ("migrant_stock.csv", "sex", "bothh", "'bothh' is not an allowed code (both, female, male)"),
        ("migrant_stock.csv", "destination_iso3", "RUSSIA",
         "'RUSSIA' is not in the accepted form. ISO 3166-1 alpha-3 code, e.g. RUS"),
        ("oblast_indicators.csv", "iso_3166_2", "KG-X", "'KG-X' is not an allowed code"),
    ],
)
def test_unknown_code(broken_copy, file, column, value, reason):
    path = broken_copy / file
    set_cell(path, 7, column, value)
    err = refused(broken_copy)
    expect(err, file, 7, column, reason)
    assert value in line_of(path, 8)
    if value == "RUSSIA":  # not a code at all, so not in countries.csv either
        expect(err, file, 7, column, "'RUSSIA' does not resolve: no such iso3 in countries.csv")
        assert len(err.problems) == 2
    else:
        assert len(err.problems) == 1


def test_negative_count(broken_copy):
    set_cell(broken_copy / "migrant_stock.csv", 7, "value", "-5")
    err = refused(broken_copy)
    expect(err, "migrant_stock.csv", 7, "value", "-5 is below the minimum 0 (negative)")
    assert len(err.problems) == 1


def test_duplicate_primary_key(broken_copy):
    path = broken_copy / "migrant_stock.csv"
    edit_csv(path, lambda rows: [*rows[:4], list(rows[3]), *rows[4:]])  # row 3 again as row 4
    err = refused(broken_copy)
    p = expect(err, "migrant_stock.csv", 4, STOCK_PK, "duplicate key (2000 / AZE / both / UNDESA_IMS2020_VIA_ANDREEV)")
    assert "already appears in an earlier row" in p.reason
    assert line_of(path, 4) == line_of(path, 5)
    assert len(err.problems) == 1  # the first occurrence is not blamed


def test_unresolved_source_id(broken_copy):
    set_cell(broken_copy / "remittances.csv", 7, "source_id", "NO_SUCH_SOURCE")
    err = refused(broken_copy)
    expect(err, "remittances.csv", 7, "source_id",
           "'NO_SUCH_SOURCE' does not resolve: no such source_id in sources.csv")
    assert len(err.problems) == 1


def test_unresolved_country(broken_copy):
    set_cell(broken_copy / "migrant_stock.csv", 7, "destination_iso3", "ZZZ")
    err = refused(broken_copy)
    expect(err, "migrant_stock.csv", 7, "destination_iso3", "'ZZZ' does not resolve: no such iso3 in countries.csv")
    assert len(err.problems) == 1  # ZZZ matches the pattern: only the foreign key fails


def test_many_bad_rows_are_capped(broken_copy):
    bad = MAX_PER_CHECK + 13

    def change(rows: list[list[str]]) -> None:
        col = rows[0].index("value")
        for r in rows[1 : bad + 1]:
            r[col] = "abc"

    edit_csv(broken_copy / "migrant_stock.csv", change)
    err = refused(broken_copy)
    assert [p.row for p in err.problems if p.row is not None] == list(range(1, MAX_PER_CHECK + 1))
    expect(err, "migrant_stock.csv", None, "value", "... and 13 more rows with the same problem")
    assert len(err.problems) == MAX_PER_CHECK + 1


def test_missing_file(broken_copy):
    (broken_copy / "national_counts.csv").unlink()
    err = refused(broken_copy)
    expect(err, "national_counts.csv", None, None, "file is missing")
    assert len(err.problems) == 1


def test_missing_descriptor(broken_copy):
    (broken_copy / "datapackage.json").unlink()
    err = refused(broken_copy)
    expect(err, "datapackage.json", None, None, "file is missing")


def test_descriptor_is_not_json(broken_copy):
    (broken_copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    err = refused(broken_copy)
    expect(err, "datapackage.json", None, None, "not valid JSON")


def test_descriptor_without_a_resource(broken_copy):
    path = broken_copy / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["resources"] = [r for r in desc["resources"] if r["name"] != "context"]
    path.write_text(json.dumps(desc), encoding="utf-8")
    err = refused(broken_copy)
    expect(err, "datapackage.json", None, None, "resource 'context' is not described")


def test_nonexistent_data_directory(tmp_path):
    missing = tmp_path / "no-such-folder"
    err = refused(missing)
    expect(err, str(missing), None, None, "data directory does not exist")


def test_non_utf8_file(broken_copy):
    path = broken_copy / "migrant_stock.csv"  # ASCII apart from this one letter, so latin-1 can encode it
    text = path.read_text(encoding="utf-8").replace("Azerbaijan", "Azerba\u00efjan")
    path.write_bytes(text.encode("latin-1"))
    err = refused(broken_copy)
    expect(err, "migrant_stock.csv", None, None, "file is not UTF-8 text")


def test_truncated_geojson(broken_copy):
    path = broken_copy / OBLAST_GEO
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    err = refused(broken_copy)
    expect(err, OBLAST_GEO, None, None, "not valid GeoJSON")
    assert len(err.problems) == 1


def test_geojson_missing_a_unit(broken_copy):
    def drop_talas(g: dict) -> None:
        g["features"] = [f for f in g["features"] if f["properties"]["iso_3166_2"] != "KG-T"]
        assert len(g["features"]) == 8

    edit_geojson(broken_copy / OBLAST_GEO, drop_talas)
    err = refused(broken_copy)
    expect(err, OBLAST_GEO, None, "iso_3166_2", "unit KG-T appears 0 times (each of the 9 units exactly once)")
    assert len(err.problems) == 1


def test_counter_clockwise_ring(broken_copy):
    def reverse_issyk_kul(g: dict) -> None:
        feat = g["features"][2]
        assert feat["properties"]["iso_3166_2"] == "KG-Y" and feat["geometry"]["type"] == "Polygon"
        feat["geometry"]["coordinates"][0].reverse()

    edit_geojson(broken_copy / OBLAST_GEO, reverse_issyk_kul)
    err = refused(broken_copy)
    expect(err, OBLAST_GEO, 3, "geometry", "feature KG-Y: exterior ring is counter-clockwise")
    assert len(err.problems) == 1


def test_self_intersecting_polygon(broken_copy):
    def bowtie(g: dict) -> None:
        feat = g["features"][7]
        assert feat["properties"]["iso_3166_2"] == "KG-GB"
        # a bow tie near Bishkek: the edges (74.5,42.8)-(74.7,42.9) and (74.7,42.8)-(74.5,42.9) cross
        ring = [[74.5, 42.8], [74.7, 42.9], [74.7, 42.8], [74.5, 42.9], [74.5, 42.8]]
        feat["geometry"] = {"type": "Polygon", "coordinates": [ring]}

    edit_geojson(broken_copy / OBLAST_GEO, bowtie)
    err = refused(broken_copy)
    p = expect(err, OBLAST_GEO, 8, "geometry", "feature KG-GB: invalid geometry")
    assert "Self-intersection" in p.reason
    assert len(err.problems) == 1


# --- many corruptions in one package: each is found, nothing else is reported -------------------------------------

MANY = [
    ("migrant_stock.csv", 3, "year", "'2024.5' is not a valid integer"),
    ("migrant_stock.csv", 5, "year", "1899 is below the minimum 1900"),
    ("migrant_stock_destination_counts.csv", None, None, "not a readable CSV file"),
    ("remittances.csv", 3, "value", "'1,2' is not a valid number"),
    ("remittances.csv", 5, "measure", "'sent_usd' is not an allowed code"),
    ("remittances_by_country.csv", 4, "period_start", "'2021-13-01' is not a date (YYYY-MM-DD)"),
    ("national_counts.csv", 7, "qualifier", "'approximately' is not an allowed code"),
    ("national_counts.csv", 9, "value", "-1.5 is below the minimum 0 (negative)"),
    ("national_counts.csv", 11, "multiplier", "0 is below the minimum 1"),
    *[("national_counts.csv", row, "source_id", "'N_24KG_312641' does not resolve: no such source_id in sources.csv")
      for row in (26, 27, 28, 29, 30)],  # MFA 2020-2023 and H1 2024 lose their source
    ("events.csv", 16, "source_id", "'N_24KG_312641' does not resolve: no such source_id in sources.csv"),  # Duma laws
    ("sources.csv", 2, "kind", "'blog' is not an allowed code"),
    ("places.csv", 7, "lat", "91 is above the maximum 90"),
    ("places.csv", 9, "lon", "value is required but empty"),
    ("countries.csv", None, "comment", "column is not described in datapackage.json"),
    ("countries.csv", 113, "iso3", "'AGO' appears more than once (must be unique)"),
    ("oblasts.csv", None, "iso_3166_2", "unit KG-N is missing (all 9 units are required)"),
    ("oblasts.csv", 2, "centre_place_id", "'frunze' does not resolve: no such place_id in places.csv"),
    ("oblast_indicators.csv", 9, "qualifier", "'circa' is not an allowed code"),
    ("context.csv", 10, "value", "value is required but empty"),
    (OBLAST_GEO, 1, "iso_3166_2", "'KG-X' is not one of the 9 units"),
    (OBLAST_GEO, None, "iso_3166_2", "unit KG-B appears 0 times"),
    (OBLAST_GEO, 6, "geometry", "feature KG-O: exterior ring is counter-clockwise"),
    (COUNTRY_GEO, 1, "geometry", "feature AGO: exterior ring is counter-clockwise"),
]


def _break_many(base: Path) -> None:
    set_cell(base / "migrant_stock.csv", 3, "year", "2024.5")
    set_cell(base / "migrant_stock.csv", 5, "year", "1899")
    (base / "migrant_stock_destination_counts.csv").write_text("", encoding="utf-8")
    set_cell(base / "remittances.csv", 3, "value", "1,2")
    set_cell(base / "remittances.csv", 5, "measure", "sent_usd")
    set_cell(base / "remittances_by_country.csv", 4, "period_start", "2021-13-01")
    set_cell(base / "national_counts.csv", 7, "qualifier", "approximately")
    set_cell(base / "national_counts.csv", 9, "value", "-1.5")
    set_cell(base / "national_counts.csv", 11, "multiplier", "0")
    set_cell(base / "sources.csv", 2, "kind", "blog")
    edit_csv(base / "sources.csv", lambda rows: [r for r in rows if r[0] != "N_24KG_312641"])
    set_cell(base / "places.csv", 7, "lat", "91")
    set_cell(base / "places.csv", 9, "lon", "")
    edit_csv(base / "countries.csv", lambda rows: [[*r, "x" if i else "comment"] for i, r in enumerate(rows)])
    edit_csv(base / "countries.csv", lambda rows: [*rows, list(rows[1])])
    set_cell(base / "oblasts.csv", 2, "centre_place_id", "frunze")
    edit_csv(base / "oblasts.csv", lambda rows: [r for r in rows if r[0] != "KG-N"])
    set_cell(base / "oblast_indicators.csv", 9, "qualifier", "circa")
    set_cell(base / "context.csv", 10, "value", "")

    def oblast_geo(g: dict) -> None:
        g["features"][0]["properties"]["iso_3166_2"] = "KG-X"
        osh = g["features"][5]
        assert osh["properties"]["iso_3166_2"] == "KG-O" and osh["geometry"]["type"] == "MultiPolygon"
        osh["geometry"]["coordinates"][1][0].reverse()  # the second part's exterior only

    def country_geo(g: dict) -> None:
        first = g["features"][0]
        assert first["properties"]["iso3"] == "AGO" and first["geometry"]["type"] == "MultiPolygon"
        first["geometry"]["coordinates"][0][0].reverse()

    edit_geojson(base / OBLAST_GEO, oblast_geo)
    edit_geojson(base / COUNTRY_GEO, country_geo)


@pytest.fixture(scope="module")
def many(tmp_path_factory, data_dir) -> tuple[Path, DataPackageError]:
    base = tmp_path_factory.mktemp("many") / "data"
    shutil.copytree(data_dir, base)
    _break_many(base)
    return base, refused(base)


@pytest.mark.parametrize(("file", "row", "column", "reason"), MANY, ids=[f"{f}:{r}:{c}" for f, r, c, _ in MANY])
def test_each_problem_is_found(many, file, row, column, reason):
    expect(many[1], file, row, column, reason)


def test_nothing_else_is_reported(many):
    found = sorted((p.file, p.row or 0, p.column or "") for p in many[1].problems)
    assert found == sorted((f, r or 0, c or "") for f, r, c, _ in MANY)


def test_problems_are_sorted_by_file_row_column(many):
    problems = many[1].problems
    assert problems == sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.reason))


def test_cli_lists_every_problem(many, capsys):
    assert main(["validate", str(many[0]), "--skip-frictionless"]) == 1
    out = capsys.readouterr().out
    assert f"REFUSED: {len(MANY)} problem(s) found. Nothing was published." in out
    for p in many[1].problems:
        assert f"  - {p}\n" in out
    assert "national_counts.csv, row 26 (line 27), column 'source_id'" in out


# --- command line ------------------------------------------------------------------------------------------------


def test_cli_refuses_a_broken_copy(broken_copy, capsys):
    set_cell(broken_copy / "migrant_stock.csv", 7, "value", "abc")
    assert main(["validate", str(broken_copy), "--skip-frictionless"]) == 1
    out = capsys.readouterr().out
    assert "REFUSED: 1 problem(s) found. Nothing was published." in out
    assert "  - migrant_stock.csv, row 7 (line 8), column 'value': 'abc' is not a valid integer\n" in out
    assert "OK" not in out


def test_cli_refuses_a_missing_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere"), "--skip-frictionless"]) == 1
    assert "data directory does not exist" in capsys.readouterr().out


def test_cli_accepts_the_shipped_data(data_dir, capsys):
    assert main(["validate", str(data_dir), "--skip-frictionless"]) == 0
    out = capsys.readouterr().out
    assert "OK: the package is valid and can be published." in out
    assert "REFUSED" not in out
    assert "migrant_stock" in out and "2878 rows" in out


def test_cli_full_frictionless_check_on_shipped_data(data_dir, capsys):
    assert main(["validate", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "OK: the package is valid and can be published." in out
    assert "Frictionless" not in out


# --- dates and periods: free text as published, but only in the forms the schema names --------------------------

PERIOD_COLUMNS = {("national_counts", "date"), ("oblast_indicators", "period"), ("context", "period")}
PERIOD_ACCEPTED = ["1950", "2024", "2018-11", "2013-12-02", "2024-H1", "2019-H2", "2011-01/2011-11", "2019/2020",
                   "2021-01-01/2021-06-30", "c.2017", "2015 (late)", "2024 (May)", "2018 (date not shown)",
                   "undated", "(date not shown)", "(year not stated)"]
PERIOD_REFUSED = ["nineteen", "19", "20244", "1850", "2019-13", "2019-00", "2013-12-32", "2024-H3", "2024 H1",
                  "2015 late", "2015 (latte)", "c2017", "c.17", "2011-01-2011-11", "2024/", "Undated", "(undated)",
                  " 2024"]


def _shipped_descriptor() -> dict:
    return json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))


def _patterned_fields(descriptor: dict) -> dict[tuple[str, str], dict]:
    return {(r["name"], fld["name"]): fld for r in descriptor["resources"] if "schema" in r
            for fld in r["schema"]["fields"] if "pattern" in fld.get("constraints", {})}


def _period_pattern() -> str:
    patterns = {fld["constraints"]["pattern"] for key, fld in _patterned_fields(_shipped_descriptor()).items()
                if key in PERIOD_COLUMNS}
    assert len(patterns) == 1, "every date/period column carries the same pattern"
    return patterns.pop()


def test_every_period_column_has_a_pattern():
    assert set(_patterned_fields(_shipped_descriptor())) >= PERIOD_COLUMNS


def test_every_shipped_period_passes(data_dir):
    rx = re.compile(_period_pattern())
    for resource, column in sorted(PERIOD_COLUMNS):
        values = set(pd.read_csv(data_dir / f"{resource}.csv", dtype=str, keep_default_na=False)[column])
        assert len(values) > 10, (resource, column)
        assert not [v for v in values if not rx.fullmatch(v)], (resource, column)


@pytest.mark.parametrize("value", PERIOD_ACCEPTED)
def test_period_pattern_accepts_the_documented_forms(value):
    assert re.fullmatch(_period_pattern(), value)
    assert re.match(f"^{_period_pattern()}$", value)  # Frictionless anchors the pattern this way


@pytest.mark.parametrize("value", PERIOD_REFUSED)
def test_period_pattern_refuses_typos(value):
    assert not re.fullmatch(_period_pattern(), value)
    assert not re.match(f"^{_period_pattern()}$", value)


@pytest.mark.parametrize(("file", "column", "typo"), [
    ("context.csv", "period", "nineteen"),
    ("national_counts.csv", "date", "2015 (latte)"),
    ("oblast_indicators.csv", "period", "2019-13"),
])
def test_period_typo_is_refused(broken_copy, file, column, typo):
    set_cell(broken_copy / file, 7, column, typo)
    err = refused(broken_copy)
    p = expect(err, file, 7, column, f"'{typo}' is not in the accepted form.")
    assert "YYYY-H1" in p.reason and "2015 (late)" in p.reason  # names the forms, not a regular expression
    assert len(err.problems) == 1


def test_cli_refuses_a_period_typo(broken_copy, capsys):
    set_cell(broken_copy / "context.csv", 7, "period", "nineteen")
    assert main(["validate", str(broken_copy)]) == 1
    out = capsys.readouterr().out
    assert "REFUSED: 1 problem(s) found. Nothing was published." in out
    assert "  - context.csv, row 7 (line 8), column 'period': 'nineteen' is not in the accepted form. " in out


def test_descriptor_is_what_the_build_script_writes():
    """data/datapackage.json is generated: a pattern edited in one place only would silently drift."""
    spec = importlib.util.spec_from_file_location("build_data_package", REPO / "tools" / "build_data_package.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    shipped = _shipped_descriptor()
    assert build.descriptor(REPO / "data", shipped["version"], shipped["created"]) == shipped


# --- the Frictionless second opinion: its findings are named like ours ------------------------------------------


def test_frictionless_problems_name_file_row_column_and_reason(broken_copy):
    set_cell(broken_copy / "context.csv", 7, "period", "nineteen")
    problems = _frictionless_problems(broken_copy)
    assert len(problems) == 1
    where, reason = problems[0].split(": ", 1)
    assert where == "context.csv, row 7 (line 8), column 'period'"
    assert '"nineteen"' in reason and 'constraint "pattern"' in reason


def test_cli_prints_what_only_frictionless_finds(broken_copy):
    path = broken_copy / "national_counts.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:5], "\n", *lines[5:]]), encoding="utf-8")  # a blank line 6: pandas skips it
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["validate", str(broken_copy), "--skip-frictionless"]) == 0  # our check does not see it ...
        assert main(["validate", str(broken_copy)]) == 1  # ... the standard's validator does
    text = out.getvalue()
    assert "REFUSED by the Frictionless Data Package check: 2 problem(s)." in text
    assert '  - national_counts.csv, row 5 (line 6): Row at position "6" is completely blank\n' in text
    assert "  - national_counts.csv, row 5 (line 6): " in text.split("completely blank")[1]  # and its empty key


# --- fixed bugs, kept as regressions ------------------------------------------------------------


def test_padded_code_is_refused_or_normalised(broken_copy):
    set_cell(broken_copy / "migrant_stock.csv", 7, "sex", "both ")
    try:
        b = load_bundle(broken_copy)
    except DataPackageError as err:
        expect(err, "migrant_stock.csv", 7, "sex", "has spaces before or after")
    else:  # accepted: then the stored code must be the one queries filter on
        assert set(b["migrant_stock"]["sex"]) == {"both", "male", "female"}


def test_primary_key_duplicate_hidden_by_padding(broken_copy):
    def change(rows: list[list[str]]) -> None:
        dup = list(rows[1])
        dup[rows[0].index("year")] += " "
        rows.insert(2, dup)

    edit_csv(broken_copy / "migrant_stock.csv", change)
    try:
        b = load_bundle(broken_copy)
    except DataPackageError as err:
        expect(err, "migrant_stock.csv", 2, STOCK_PK, "duplicate key")
    else:  # a duplicate key must never reach the bundle
        assert not b["migrant_stock"].duplicated(["year", "destination_iso3", "sex", "source_id"]).any()


def test_blank_optional_number_is_missing_not_a_crash(broken_copy):
    set_cell(broken_copy / "national_counts.csv", 5, "value_max", " ")  # also national_counts.year, places.geonameid
    try:
        b = load_bundle(broken_copy)
    except DataPackageError as err:
        expect(err, "national_counts.csv", 5, "value_max", "")
    else:
        assert pd.isna(b["national_counts"]["value_max"].iloc[4])


def test_integer_lexical_form(broken_copy):
    set_cell(broken_copy / "migrant_stock.csv", 7, "value", "3.0")  # '1e3' is accepted the same way
    err = refused(broken_copy)
    expect(err, "migrant_stock.csv", 7, "value", "is not a valid integer")


def test_descriptor_resource_without_schema_is_refused(broken_copy):
    path = broken_copy / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    del next(r for r in desc["resources"] if r["name"] == "sources")["schema"]
    path.write_text(json.dumps(desc), encoding="utf-8")
    err = refused(broken_copy)
    assert any(p.file == "datapackage.json" and "sources" in str(p) for p in err.problems)
