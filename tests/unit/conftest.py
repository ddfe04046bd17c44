"""Fixtures for the unit tests: the shipped data package loaded once, its Options, and a Context.

Paths come from this file's location, never from the working directory; nothing outside the repository is read.
"""

from __future__ import annotations

import json
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
