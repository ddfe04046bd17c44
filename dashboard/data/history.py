"""Which versions of the data package this installation holds, oldest first, and where their files are.

A store holds every published version in versions/<version>/; the shipped data/ holds earlier versions in
data/history/<version>/ (their descriptor and CSVs, see data/history/README.md), so "what changed" works on the
shipped data too. A version is known by its descriptor's `version`, ordered as numbers (2026.9.1 before 2026.11.1).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from .changes import DESCRIPTOR
from .store import VERSIONS

HISTORY = "history"
# what a version string may be (as in a v= link): anything else is never offered nor echoed
VERSION_FORM = re.compile(r"[0-9A-Za-z._-]{1,32}")


def version_order(version: str) -> tuple:
    """Numbers compare as numbers (2026.9.1 < 2026.11.1); a version that is not all numbers sorts after them."""
    parts = version.split(".")
    if all(part.isdigit() for part in parts):
        return (0, tuple(int(part) for part in parts))
    return (1, tuple(parts))


def package_version(folder: Path) -> str | None:
    """The descriptor's version, or None for a folder that is not a package or names no usable version."""
    try:
        version = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8")).get("version")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return None
    return version if isinstance(version, str) and VERSION_FORM.fullmatch(version) else None


def _subfolders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.is_dir() and not p.name.startswith(".")) if folder.is_dir() else []


def held_packages(folders: Iterable[Path]) -> dict[str, Path]:
    """version -> package folder, oldest first: the folders given (the data served, the store's versions), then
    the versions in their history/ folders that none of them is."""
    held: dict[str, Path] = {}
    folders = [Path(f) for f in folders]
    for folder in [*folders, *(sub for f in folders for sub in _subfolders(f / HISTORY))]:
        version = package_version(folder)
        if version is not None and version not in held:
            held[version] = folder
    return dict(sorted(held.items(), key=lambda item: version_order(item[0])))


def store_folders(store: Path) -> list[Path]:
    """Every published version of a store (versions/<version>/), current or not."""
    return _subfolders(Path(store) / VERSIONS)


def previous_version(version: str, held: Iterable[str]) -> str | None:
    """The newest held version older than `version`."""
    older = [v for v in held if version_order(v) < version_order(version)]
    return max(older, key=version_order) if older else None
