"""Fixtures for the data-layer tests: the shipped package loaded once, and a throwaway copy of it to break.

Paths come from this file's location, never from the working directory, and nothing outside the repository is read:
a fresh clone has no ../shared, so spot-check figures live in the tests as literals.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboard.data import Bundle, load_bundle

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shipped data package (read-only: tests that corrupt files use `broken_copy`)."""
    return DATA_DIR


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    """The shipped package, validated and loaded once for the whole session."""
    return load_bundle(DATA_DIR)


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    """A private copy of data/ (descriptor, CSVs, geo/) that a test may corrupt; returns the copied folder."""
    dest = tmp_path / "data"
    shutil.copytree(DATA_DIR, dest)
    return dest


@pytest.fixture(scope="session")
def published() -> dict:
    """data/datapackage.json as published: tests read its version and date instead of typing them, so publishing
    new data breaks no test."""
    return json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
