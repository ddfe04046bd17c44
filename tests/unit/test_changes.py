"""What changed between two data versions (dashboard/data/changes.py, data/history.py, views/changes.py and
`python -m dashboard diff`), on two versions published into a temporary store: the shipped package, then a copy
under a newer version with one value changed, one row added, one row removed and one source added. Each must be
found exactly once, with its old and new value and its source, and nothing else."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.__main__ import main
from dashboard.data.changes import ADDED, CellChange, compare, keyed_rows
from dashboard.data.history import held_packages, previous_version, store_folders, version_order
from dashboard.views import changes as changes_v

from .changes_fixtures import (
    ADDED_INDICATOR,
    NEW_SOURCE,
    NEW_VERSION,
    RUS_2024_KEY,
    copy_of_data,
    edit,
    make_store,
)
from .conftest import DATA_DIR, RUS_2024_LINE


@pytest.fixture(scope="session")
def store(tmp_path_factory) -> Path:
    return make_store(tmp_path_factory.mktemp("changes"))


@pytest.fixture(scope="session")
def old_version(published) -> str:
    return published["version"]


@pytest.fixture(scope="session")
def diff(store, old_version):
    return compare(store / "versions" / old_version, store / "versions" / NEW_VERSION)


def test_the_changed_value_is_found_once_with_old_new_and_source(diff):
    stock = diff.resource("migrant_stock")
    assert [(row.key, row.source_id, row.cells) for row in stock.changed] == [
        (RUS_2024_KEY, "UNDESA_IMS2024_VIA_ANDREEV", (CellChange("value", "333664", "333999"),))]
    assert not stock.added and not stock.removed


def test_the_added_row_the_removed_row_and_the_new_source_are_found_once(diff):
    context = diff.resource("context")
    assert [(row.key, row.source_id, row.value("value")) for row in context.added] == [
        (("2025", ADDED_INDICATOR, NEW_SOURCE), NEW_SOURCE, "42")]
    counts = diff.resource("migrant_stock_destination_counts")
    assert [(row.value("destination_iso3"), row.value("sex"), row.source_id) for row in counts.removed] == [
        ("URY", "female", "EMPIRICAL_VIA_ANDREEV")]
    assert [(row.source_id, row.value("title")) for row in diff.sources_added] == [
        (NEW_SOURCE, "A source only the newer version cites")]
    assert diff.sources_dropped == ()


def test_nothing_else_changed(diff):
    changed = {r.name: (len(r.added), len(r.removed), len(r.changed)) for r in diff.resources if r.has_changes}
    assert changed == {"migrant_stock": (0, 0, 1), "context": (1, 0, 0),
                       "migrant_stock_destination_counts": (0, 1, 0), "sources": (1, 0, 0)}
    assert diff.files_changed == ()
    assert (diff.old.version, diff.new.version) == (diff.old.version, NEW_VERSION)


def test_the_csv_has_one_row_per_change(diff):
    rows = changes_v.csv_rows(diff)
    assert list(rows.columns) == ["resource", "change", "key", "column", "old", "new", "source_id"]
    assert len(rows) == 4
    changed = rows[rows["change"] == "changed"].iloc[0]
    assert (changed["resource"], changed["key"], changed["column"], changed["old"], changed["new"],
            changed["source_id"]) == ("migrant_stock", " | ".join(RUS_2024_KEY), "value", "333664", "333999",
                                      "UNDESA_IMS2024_VIA_ANDREEV")
    added = rows[(rows["change"] == "added") & (rows["resource"] == "context")].iloc[0]
    assert json.loads(added["new"])["indicator"] == ADDED_INDICATOR and added["source_id"] == NEW_SOURCE
    assert set(rows["resource"]) == {"migrant_stock", "context", "migrant_stock_destination_counts", "sources"}


def test_values_are_compared_as_published_text(tmp_path, old_version):
    """333664 and 333664.0 are the same number but not the same publication: the diff says so."""
    newer = copy_of_data(tmp_path / "newer")
    edit(newer / "migrant_stock.csv", RUS_2024_LINE, RUS_2024_LINE.replace("333664", "333664.0"))
    stock = compare(DATA_DIR, newer).resource("migrant_stock")
    assert [row.cells for row in stock.changed] == [(CellChange("value", "333664", "333664.0"),)]


def test_a_column_added_or_removed_is_said_once_not_as_every_row_changed(tmp_path):
    newer = copy_of_data(tmp_path / "newer")
    places = pd.read_csv(newer / "places.csv", dtype=str, keep_default_na=False)
    places.drop(columns=["note"]).to_csv(newer / "places.csv", index=False)
    countries = pd.read_csv(newer / "countries.csv", dtype=str, keep_default_na=False)
    countries.assign(extra="x").to_csv(newer / "countries.csv", index=False)
    diff = compare(DATA_DIR, newer)
    assert (diff.resource("places").columns_removed, diff.resource("places").changed) == (("note",), ())
    assert (diff.resource("countries").columns_added, diff.resource("countries").changed) == (("extra",), ())
    rows = changes_v.csv_rows(diff)
    assert len(rows) == 2 and set(rows["change"]) == {"column added", "column removed"}


def test_the_shipped_history_compares_with_the_shipped_data(old_version):
    """data/history/ holds the previous published version: the older schema (no also_source_id, no events, no key
    for context) still compares, the new column said once."""
    held = held_packages([DATA_DIR])
    assert list(held)[-1] == old_version and len(held) >= 2
    previous = previous_version(old_version, held)
    diff = compare(held[previous], held[old_version])
    counts = diff.resource("national_counts")
    if "also_source_id" in counts.columns_added:
        assert all(cell.column != "also_source_id" for row in counts.changed for cell in row.cells)
    assert diff.resource("context").key_columns == ("period", "indicator", "source_id")  # the newer descriptor's
    if diff.resource("events") is not None and diff.resource("events").status == ADDED:
        assert len(diff.resource("events").added) == len(pd.read_csv(held[old_version] / "events.csv"))


def test_every_table_declares_its_primary_key(published):
    """The diff recognises a row by its table's primary key: every table of the shipped package names one."""
    tables = [r for r in published["resources"] if r.get("profile") == "tabular-data-resource"]
    assert [r["name"] for r in tables if not r["schema"].get("primaryKey")] == []


def test_a_repeated_key_keeps_every_row():
    rows = keyed_rows(("a", "b"), [("1", "x"), ("1", "y"), ("1", "z")], ("a",))
    assert list(rows) == [("1",), ("1", "#2"), ("1", "#3")]


def test_versions_are_ordered_as_numbers():
    assert sorted(["2026.11.1", "2026.9.1", "2026.12.1", "2025.1.0"], key=version_order) == [
        "2025.1.0", "2026.9.1", "2026.11.1", "2026.12.1"]
    assert previous_version("2026.11.1", ["2026.9.1", "2026.12.1", "2026.11.1"]) == "2026.9.1"
    assert previous_version("2026.9.1", ["2026.9.1", "2026.12.1"]) is None


def test_a_store_holds_every_published_version(store, old_version):
    held = held_packages(store_folders(store))
    assert list(held) == [old_version, NEW_VERSION]


@pytest.mark.parametrize(("asked_from", "asked_to", "expected", "reasons"), [
    (None, None, ("OLD", "NEW"), []),
    ("OLD", "NEW", ("OLD", "NEW"), []),
    ("", "", ("OLD", "NEW"), []),  # a form's blanks are no question
    ("NEW", "OLD", ("OLD", "NEW"), ["reversed"]),
    ("1999.1.1", None, ("OLD", "NEW"), ["unknown-from"]),
    (None, "<script>", ("OLD", "NEW"), ["unknown-to"]),
    ("NEW", None, ("NEW", "NEW"), []),
])
def test_choose_falls_back_with_a_notice(old_version, asked_from, asked_to, expected, reasons):
    names = {"OLD": old_version, "NEW": NEW_VERSION}
    choice = changes_v.choose([old_version, NEW_VERSION], NEW_VERSION, names.get(asked_from, asked_from),
                              names.get(asked_to, asked_to))
    assert (choice.old, choice.new) == tuple(names[v] for v in expected)
    assert [n.reason for n in choice.notices] == reasons


def test_a_value_that_is_not_a_version_is_never_repeated():
    choice = changes_v.choose(["2026.11.1", "2026.12.1"], "2026.12.1", '"><script>alert(1)</script>', "1999.1.1")
    assert [(n.reason, n.value) for n in choice.notices] == [("unknown-to", "1999.1.1"), ("unknown-from", "")]
    assert "script" not in changes_v.notice_text(choice.notices[1], "en")


# --- python -m dashboard diff -------------------------------------------------------------------------------------

def test_cli_prints_the_summary_then_each_change(store, old_version, capsys):
    assert main(["diff", old_version, NEW_VERSION, "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "migrant_stock                      0 added, 0 removed, 1 changed" in out
    assert f"~ {' | '.join(RUS_2024_KEY)}  [UNDESA_IMS2024_VIA_ANDREEV] value: '333664' -> '333999'" in out
    assert f"  {NEW_SOURCE}: A source only the newer version cites - Test publisher (2099)" in out
    assert out.count(f"+ 2025 | {ADDED_INDICATOR}") == 1 and out.count("\n- 2011.7561643835616 | URY") == 1


def test_cli_csv_is_the_pages_csv(store, old_version, capsysbinary):
    assert main(["diff", old_version, NEW_VERSION, "--store", str(store), "--csv"]) == 0
    text = capsysbinary.readouterr().out.decode("utf-8-sig")
    provenance = sum(1 for line in text.splitlines() if line.startswith(("#", '"#')))
    rows = pd.read_csv(io.StringIO(text), skiprows=provenance, dtype=str, keep_default_na=False)
    assert len(rows) == 4
    assert rows[rows["resource"] == "context"]["key"].tolist() == [f"2025 | {ADDED_INDICATOR} | {NEW_SOURCE}"]
    assert rows[rows["change"] == "changed"][["old", "new"]].values.tolist() == [["333664", "333999"]]


def test_cli_refuses_a_version_not_held(store, old_version, capsys):
    assert main(["diff", old_version, "1999.1.1", "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert "Unknown data version '1999.1.1'" in err and NEW_VERSION in err


def test_cli_compares_the_shipped_history_by_default(old_version, capsys):
    previous = previous_version(old_version, held_packages([DATA_DIR]))
    assert main(["diff", previous, old_version]) == 0
    assert capsys.readouterr().out.startswith(f"Changes from data version {previous} ")
