"""Two published data versions in a temporary store, for the tests of what changed between them: the shipped
package, then a copy under a newer version with one value changed, one row added, one row removed and one source
added."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from dashboard.data.store import publish

from .conftest import DATA_DIR, RUS_2024_LINE

NEW_VERSION = "2099.1.1"
NEW_SOURCE = "TEST_CHANGES_SOURCE"
SOURCE_LINE = (f'{NEW_SOURCE},"A source only the newer version cites",Test publisher,2099,,CC BY 4.0,'
               "official_statistics,\n")
ADDED_INDICATOR = "test indicator only the newer version has"
ADDED_LINE = f"2025,{ADDED_INDICATOR},42,persons,{NEW_SOURCE},,\n"
REMOVED_LINE = ("2011.7561643835616,2011,URY,Uruguay,born,born in Kyrgyzstan (foreign-born),female,1,"
                "UNSDDYB_B59_CJC_2013,EMPIRICAL_VIA_ANDREEV\n")
RUS_2024_KEY = ("2024", "RUS", "both", "UNDESA_IMS2024_VIA_ANDREEV")


def copy_of_data(folder: Path) -> Path:
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("history"))
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: expected one {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def newer_package(folder: Path) -> Path:
    """The shipped package with exactly four changes, under NEW_VERSION."""
    copy_of_data(folder)
    edit(folder / "migrant_stock.csv", RUS_2024_LINE, RUS_2024_LINE.replace("333664", "333999"))
    edit(folder / "migrant_stock_destination_counts.csv", REMOVED_LINE, "")
    with (folder / "sources.csv").open("a", encoding="utf-8") as f:
        f.write(SOURCE_LINE)
    with (folder / "context.csv").open("a", encoding="utf-8") as f:
        f.write(ADDED_LINE)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["version"] = NEW_VERSION
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    return folder


def make_store(root: Path) -> Path:
    """A store holding the shipped version and, as current, the newer one."""
    publish(copy_of_data(root / "shipped"), root / "store")
    publish(newer_package(root / "newer"), root / "store")
    return root / "store"
