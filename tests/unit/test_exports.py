"""exports.py: CSV injection neutralised, provenance lines before the table, and a data-package zip that validates."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard import exports
from dashboard.data import load_bundle

FORMULAS = ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2+3", " =1", "\u00a0 @x", "-1e5+1", "+16510"]


def provenance_line(line: str) -> str | None:
    """The text of a '# key: value' line (one CSV cell, quoted when it holds a comma or a quote), else None."""
    cells = next(csv.reader([line]), [])
    return cells[0] if len(cells) == 1 and cells[0].startswith("# ") else None


def read_csv(body: bytes) -> tuple[list[str], pd.DataFrame]:
    """-> (the '# ' provenance lines, the table read by pandas with everything as text)."""
    assert body.startswith(b"\xef\xbb\xbf"), body[:10]  # UTF-8 byte order mark
    text = body.decode("utf-8-sig")
    lines = text.split("\n")
    meta = []
    while lines and provenance_line(lines[0]) is not None:
        meta.append(provenance_line(lines.pop(0)))
    return meta, pd.read_csv(io.StringIO("\n".join(lines)), dtype=str, keep_default_na=False)


@pytest.mark.parametrize("value", FORMULAS)
def test_neutralise_prefixes_formula_like_text(value):
    assert exports.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Russia", "", "'=already quoted", "1-2", "km²", "Ош", "-16510", " -0.5", "-1e5"])
def test_neutralise_leaves_plain_text_and_plain_numbers(value):
    assert exports.neutralise(value) == value


@pytest.mark.parametrize(("value", "cleaned"), [
    ("\tcmd", " cmd"), ("\r=1+1", "' =1+1"), ("a\r\nb", "a b"), ("\x00\x1b-2+1", "' -2+1"), ("x\u2028=1\x85", "x =1 "),
    ("\t-16510", " -16510")])
def test_neutralise_removes_control_characters_first(value, cleaned):
    """A tab, line break or other control character could open a cell or a row, or hide a formula behind it."""
    assert exports.neutralise(value) == cleaned


@pytest.mark.parametrize("value", [-16510, -0.5, 3, 2.25, None])
def test_neutralise_leaves_numbers_and_missing(value):
    assert exports.neutralise(value) is value


def test_csv_bytes_provenance_first_then_table():
    rows = pd.DataFrame({"year": [2020, 2021], "value": [-16510, 1250.5], "country": ["Russia", "Кыргызстан"]})
    meta = [("title", "Remittances received"), ("data version", "2026.11.1"), ("notes", "line one\nline two")]
    body = exports.csv_bytes(rows, meta)
    head, table = read_csv(body)
    assert head == ["# title: Remittances received", "# data version: 2026.11.1", "# notes: line one line two"]
    assert list(table.columns) == ["year", "value", "country"]
    # negative numbers stay numbers: no apostrophe, and pandas reads them back as numbers
    assert table["value"].tolist() == ["-16510", "1250.5"]
    text = body.decode("utf-8-sig")
    assert "\n2020,-16510,Russia\n" in text and "'-16510" not in text
    numeric = pd.read_csv(io.StringIO(text), skiprows=len(head))
    assert numeric["value"].tolist() == [-16510, 1250.5]
    assert numeric["country"].tolist() == ["Russia", "Кыргызстан"]  # UTF-8, Cyrillic intact


def test_csv_bytes_integer_negative_column_untouched():
    body = exports.csv_bytes(pd.DataFrame({"value": [-16510, 7]}), [])
    assert body.decode("utf-8-sig") == "value\n-16510\n7\n"


def test_csv_bytes_neutralises_cells_and_headers():
    rows = pd.DataFrame({"label": ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2+3", "plain"],
                         "=cmd|' /C calc'!A0": [1, 2, 3, 4, 5]})
    meta = [("title", "=1+2"), ("source", "ok")]
    head, table = read_csv(exports.csv_bytes(rows, meta))
    assert head == ["# title: '=1+2", "# source: ok"]
    assert list(table.columns) == ["label", "'=cmd|' /C calc'!A0"]
    assert table["label"].tolist() == ['\'=HYPERLINK("http://x")', "'+1", "'@SUM(A1)", "'-2+3", "plain"]
    assert table.iloc[:, 1].tolist() == ["1", "2", "3", "4", "5"]


def test_csv_bytes_provenance_lines_are_one_cell_each():
    """A comma, quote or line break in a provenance value (a link's query, echoed in a notice) stays in its cell."""
    meta = [("notice", 'year=x,=1+1, (invalid)'), ("notice", 'title=\r=HYPERLINK("http://evil";"click"),'),
            ("view", "http://localhost/en/?v=1")]
    rows = list(csv.reader(io.StringIO(exports.csv_bytes(pd.DataFrame({"a": [1]}), meta).decode("utf-8-sig"),
                                       newline="")))
    assert rows == [["# notice: year=x,=1+1, (invalid)"], ['# notice: title= =HYPERLINK("http://evil";"click"),'],
                    ["# view: http://localhost/en/?v=1"], ["a"], ["1"]]


def test_csv_bytes_does_not_change_its_input():
    rows = pd.DataFrame({"label": ["=1"]})
    exports.csv_bytes(rows, [])
    assert rows["label"].tolist() == ["=1"]


def test_csv_bytes_neutralises_string_dtype_and_keeps_missing_empty():
    rows = pd.DataFrame({"note": pd.array(["@x", None, "fine"], dtype="string"), "n": [1.5, None, 2.0]})
    text = exports.csv_bytes(rows, []).decode("utf-8-sig")
    assert text.splitlines() == ["note,n", "'@x,1.5", ",", "fine,2"]


# --- the data package zip -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def unzipped(bundle, tmp_path_factory) -> tuple[list[str], Path]:
    body = exports.data_package_zip(bundle)
    assert exports.data_package_zip(bundle) is body  # cached per content digest
    out = tmp_path_factory.mktemp("zip")
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        assert z.testzip() is None
        names = z.namelist()
        z.extractall(out)
    return names, out / f"kg-labour-migration-{bundle.version}"


def test_zip_holds_descriptor_every_resource_and_readme(bundle, unzipped):
    names, folder = unzipped
    prefix = f"kg-labour-migration-{bundle.version}/"
    assert all(n.startswith(prefix) for n in names), names
    inside = {n[len(prefix):] for n in names}
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in descriptor["resources"]}
    assert {"datapackage.json", "README.md", *paths} <= inside, sorted({"README.md", *paths} - inside)
    assert len(names) == len(set(names))  # nothing twice
    assert descriptor["version"] == bundle.version
    for p in paths | {"README.md"}:
        assert (folder / p).read_bytes() == (bundle.data_dir / p).read_bytes(), p


def test_unzipped_package_loads(bundle, unzipped):
    _, folder = unzipped
    again = load_bundle(folder)
    assert again.version == bundle.version
    assert again.digest == bundle.digest
    assert set(again.frames) == set(bundle.frames)


def test_unzipped_package_validates_with_frictionless(unzipped):
    from frictionless import Package, system

    _, folder = unzipped
    with system.use_context(trusted=True):
        report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_csv_bytes_whole_numbers_as_integers_missing_stays_empty():
    rows = pd.DataFrame({"value": [7085.0, float("nan"), 93616.0], "year": [2013.0, 2015.0, None],
                         "x": [2017.5236911022544, 1.0, float("nan")], "share": [32.5, 31.0, 30.25]})
    text = exports.csv_bytes(rows, []).decode("utf-8-sig")
    assert text.splitlines() == ["value,year,x,share", "7085,2013,2017.5236911022544,32.5", ",2015,1,31",
                                 "93616,,,30.25"]
    assert "7085.0" not in text


def test_csv_bytes_never_rounds_a_fraction_and_writes_whole_numbers_whole():
    text = exports.csv_bytes(pd.DataFrame({"value": [1784999.967, 2850000000.0]}), []).decode("utf-8-sig")
    assert text == "value\n1784999.967\n2850000000\n"


@pytest.mark.parametrize(("values", "expected"), [
    ([None, 5, 6.0], ["", "5", "6"]),  # numbers beside None in an object column
    ([True, False], ["True", "False"]),  # booleans are not numbers here
    (["7", "8.0"], ["7", "8.0"]),  # text stays text
    ([1e17, 2.0], ["1e+17", "2"]),  # beyond 2**53 a float does not hold every whole number: left as stored
    ([21.0, 32.5637], ["21", "32.5637"]),  # each cell as published: a rounded figure beside a precise one
    ([float("nan"), float("nan")], ["", ""]),
])
def test_whole_numbers_cell_by_cell(values, expected):
    rows = pd.DataFrame({"c": pd.Series(values, dtype=object if None in values else None), "k": "x"})
    text = exports.csv_bytes(rows, []).decode("utf-8-sig")
    assert [line.rsplit(",", 1)[0] for line in text.splitlines()[1:]] == expected


def test_whole_numbers_does_not_change_its_input():
    rows = pd.DataFrame({"value": [7085.0, float("nan")]})
    exports.csv_bytes(rows, [])
    assert rows["value"].dtype == float
