"""Fixtures for the unit tests: the shipped data package loaded once, its Options, and a Context.

Paths come from this file's location, never from the working directory; nothing outside the repository is read.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboard.context import Context
from dashboard.data import Bundle, load_bundle
from dashboard.state import Options

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO / "data"


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    return load_bundle(DATA_DIR)


@pytest.fixture(scope="session")
def opts(bundle: Bundle) -> Options:
    return Options.from_bundle(bundle)


@pytest.fixture(scope="session")
def ctx(bundle: Bundle, opts: Options) -> Context:
    return Context(bundle, opts)


@pytest.fixture(scope="session")
def published() -> dict:
    """data/datapackage.json as published: tests read its version and date instead of typing them, so publishing
    new data breaks no test."""
    return json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))


# An older published version the server still holds: the shipped package under another version number, with the
# 2024 UN DESA figure for Russia changed from 333664 to 333999, so a test can tell which version it was shown.
OLD_VERSION = "2025.1.0"
RUS_2024_LINE = "2024,RUS,Russian Federation,both,333664,UNDESA_IMS2024_VIA_ANDREEV"


@pytest.fixture(scope="session")
def old_bundle(tmp_path_factory) -> Bundle:
    folder = tmp_path_factory.mktemp("archive") / "data"
    shutil.copytree(DATA_DIR, folder)
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    desc["version"] = OLD_VERSION
    (folder / "datapackage.json").write_text(json.dumps(desc, indent=2, ensure_ascii=False), encoding="utf-8")
    stock = (folder / "migrant_stock.csv").read_text(encoding="utf-8")
    assert stock.count(RUS_2024_LINE) == 1
    (folder / "migrant_stock.csv").write_text(stock.replace(RUS_2024_LINE, RUS_2024_LINE.replace("333664", "333999")),
                                              encoding="utf-8")
    return load_bundle(folder)
