"""What changed between two versions of the data package, read from their files as published.

Raw CSV text, not the loaded frames: a value is compared as the string the package published (no float rounding:
"557.8" and "557.80" differ because the publications differ), and a package whose schema differs still compares
(a column added or removed is said once, never as every row changed). Rows are matched by their resource's primary
key (the newer descriptor's, else the older's, as long as both files have its columns; failing that a row is known
by the columns both files share, so an edited row shows as removed and added). A resource only one version has is
"added" or "removed" with all its rows. Other files (boundaries, presentation.json) are compared as bytes where
both packages have them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..lru import BoundedLRU

DESCRIPTOR = "datapackage.json"
SOURCES = "sources"
TABULAR = "tabular-data-resource"
COMPARED, ADDED, REMOVED = "compared", "added", "removed"  # a resource in both versions, only the newer, only the older


@dataclass(frozen=True)
class Row:
    """One row as published: its key (values of the key columns), its source and every cell, in file order."""

    key: tuple[str, ...]
    source_id: str
    cells: tuple[tuple[str, str], ...]  # (column, value)

    def value(self, column: str) -> str:
        return dict(self.cells).get(column, "")


@dataclass(frozen=True)
class CellChange:
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangedRow:
    key: tuple[str, ...]
    source_id: str  # the newer row's (a changed source_id is one of the cells)
    cells: tuple[CellChange, ...]


@dataclass(frozen=True)
class ResourceChanges:
    name: str
    status: str  # COMPARED, ADDED or REMOVED
    key_columns: tuple[str, ...]
    columns: tuple[str, ...]  # the newer file's columns (the older one's for a removed resource)
    added: tuple[Row, ...] = ()
    removed: tuple[Row, ...] = ()
    changed: tuple[ChangedRow, ...] = ()
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()

    @property
    def has_changes(self) -> bool:
        return bool(self.status != COMPARED or self.added or self.removed or self.changed or self.columns_added
                    or self.columns_removed)


@dataclass(frozen=True)
class PackageInfo:
    version: str
    created: str


@dataclass(frozen=True)
class PackageChanges:
    old: PackageInfo
    new: PackageInfo
    resources: tuple[ResourceChanges, ...]  # every tabular resource of either version: newer order, then removed
    files_changed: tuple[str, ...] = ()  # other files whose bytes differ

    def resource(self, name: str) -> ResourceChanges | None:
        return next((r for r in self.resources if r.name == name), None)

    @property
    def sources_added(self) -> tuple[Row, ...]:
        sources = self.resource(SOURCES)
        return sources.added if sources else ()

    @property
    def sources_dropped(self) -> tuple[Row, ...]:
        sources = self.resource(SOURCES)
        return sources.removed if sources else ()

    @property
    def has_changes(self) -> bool:
        return any(r.has_changes for r in self.resources) or bool(self.files_changed)


class PackageReadError(Exception):
    """A folder that is not a readable data package (no descriptor, or a resource outside the folder)."""


def read_descriptor(folder: Path) -> dict:
    try:
        descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageReadError(f"{folder.name}: no readable {DESCRIPTOR} ({exc.__class__.__name__})") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageReadError(f"{folder.name}: {DESCRIPTOR} lists no resources")
    return descriptor


def _resources(descriptor: dict) -> dict[str, dict]:
    return {r["name"]: r for r in descriptor["resources"]
            if isinstance(r, dict) and isinstance(r.get("name"), str) and isinstance(r.get("path"), str)}


def _is_table(resource: dict) -> bool:
    return resource.get("profile") == TABULAR or resource.get("format") == "csv"


def _inside(folder: Path, relative: str) -> Path:
    """The resource's file, refused when its path would leave the package folder."""
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise PackageReadError(f"{folder.name}: resource path {relative!r} leaves the package folder")
    return path


def read_table(folder: Path, resource: dict) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """(header, rows) as published: every cell a string, a short row padded with empty cells."""
    text = _inside(folder, resource["path"]).read_text(encoding="utf-8-sig")
    lines = list(csv.reader(io.StringIO(text, newline="")))
    if not lines:
        return (), []
    header = tuple(lines[0])
    return header, [tuple(line) + ("",) * (len(header) - len(line)) for line in lines[1:] if line]


def _primary_key(resource: dict) -> tuple[str, ...]:
    pk = (resource.get("schema") or {}).get("primaryKey") or ()
    return (pk,) if isinstance(pk, str) else tuple(pk)


def key_columns(new: dict, old: dict, new_header: Sequence[str], old_header: Sequence[str]) -> tuple[str, ...]:
    """The newer descriptor's primary key, else the older's, if both files have its columns; else every column
    the two files share (a row is then known by its whole content)."""
    for resource in (new, old):
        pk = _primary_key(resource)
        if pk and all(c in new_header and c in old_header for c in pk):
            return pk
    return tuple(c for c in new_header if c in old_header)


def keyed_rows(header: Sequence[str], rows: Iterable[tuple[str, ...]], key: Sequence[str]) -> dict[tuple, Row]:
    """Rows by key, in file order. A key that repeats (only where no primary key holds) gets '#2', '#3'... so no
    row is lost."""
    at = {c: i for i, c in enumerate(header)}
    out: dict[tuple, Row] = {}
    for values in rows:
        cells = tuple(zip(header, values, strict=False))
        base = tuple(values[at[c]] for c in key)
        ident, occurrence = base, 1
        while ident in out:
            occurrence += 1
            ident = (*base, f"#{occurrence}")
        out[ident] = Row(ident, values[at["source_id"]] if "source_id" in at else "", cells)
    return out


def compare_rows(old: dict[tuple, Row], new: dict[tuple, Row], columns: Sequence[str]) -> tuple[tuple, tuple, tuple]:
    """(added, removed, changed): `columns` are the value columns both versions have."""
    added = tuple(row for ident, row in new.items() if ident not in old)
    removed = tuple(row for ident, row in old.items() if ident not in new)
    changed = []
    for ident, row in new.items():
        before = old.get(ident)
        if before is None:
            continue
        was, now = dict(before.cells), dict(row.cells)
        cells = tuple(CellChange(c, was.get(c, ""), now.get(c, "")) for c in columns
                      if was.get(c, "") != now.get(c, ""))
        if cells:
            changed.append(ChangedRow(ident, row.source_id, cells))
    return added, removed, tuple(changed)


def compare_resource(name: str, old_dir: Path, new_dir: Path, old: dict | None, new: dict | None) -> ResourceChanges:
    if old is None or new is None:  # a resource only one version has: every row of it added or removed
        folder, resource = (new_dir, new) if old is None else (old_dir, old)
        header, rows = read_table(folder, resource)
        key = _primary_key(resource) if all(c in header for c in _primary_key(resource)) else ()
        listed = tuple(keyed_rows(header, rows, key or header).values())
        status = ADDED if old is None else REMOVED
        return ResourceChanges(name, status, key or header, header, added=listed if status == ADDED else (),
                               removed=listed if status == REMOVED else ())
    old_header, old_rows = read_table(old_dir, old)
    new_header, new_rows = read_table(new_dir, new)
    key = key_columns(new, old, new_header, old_header)
    shared = [c for c in new_header if c in old_header and c not in key]
    added, removed, changed = compare_rows(keyed_rows(old_header, old_rows, key),
                                           keyed_rows(new_header, new_rows, key), shared)
    return ResourceChanges(
        name, COMPARED, key, new_header, added, removed, changed,
        columns_added=tuple(c for c in new_header if c not in old_header),
        columns_removed=tuple(c for c in old_header if c not in new_header))


def _files_changed(old_dir: Path, new_dir: Path, old: dict[str, dict], new: dict[str, dict]) -> tuple[str, ...]:
    """Other files both packages have (same resource, same path) whose bytes differ. A file an older copy leaves
    out (history/ keeps no unchanged boundaries) is not compared."""
    out = []
    for name, resource in new.items():
        before = old.get(name)
        if _is_table(resource) or before is None or before["path"] != resource["path"]:
            continue
        old_file, new_file = _inside(old_dir, before["path"]), _inside(new_dir, resource["path"])
        if old_file.is_file() and new_file.is_file() and old_file.read_bytes() != new_file.read_bytes():
            out.append(resource["path"])
    return tuple(out)


def compare(old_dir: str | Path, new_dir: str | Path) -> PackageChanges:
    """Every change from the package in `old_dir` to the one in `new_dir`. Raises PackageReadError when either
    is not a readable package."""
    old_path, new_path = Path(old_dir), Path(new_dir)
    old_desc, new_desc = read_descriptor(old_path), read_descriptor(new_path)
    old_res, new_res = _resources(old_desc), _resources(new_desc)
    old_tables = {name: r for name, r in old_res.items() if _is_table(r)}
    new_tables = {name: r for name, r in new_res.items() if _is_table(r)}
    names = [*new_tables, *(name for name in old_tables if name not in new_tables)]
    try:
        resources = tuple(compare_resource(name, old_path, new_path, old_tables.get(name), new_tables.get(name))
                          for name in names)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PackageReadError(f"a table could not be read ({exc.__class__.__name__}: {exc})") from None
    return PackageChanges(
        PackageInfo(str(old_desc.get("version", "")), str(old_desc.get("created", ""))),
        PackageInfo(str(new_desc.get("version", "")), str(new_desc.get("created", ""))),
        resources, _files_changed(old_path, new_path, old_res, new_res))


_compared: BoundedLRU[PackageChanges] = BoundedLRU(8)


def _signature(folder: Path) -> tuple:
    """What the folder's files are now (name, size, modification time): a package edited in place is compared
    afresh, an unchanged one (every published version) comes from the memo."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return tuple((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def compare_held(old_dir: Path, new_dir: Path) -> PackageChanges:
    """compare(), memoised for the few pairs a server is asked about (the page and its CSV ask for the same)."""
    old_path, new_path = Path(old_dir).resolve(), Path(new_dir).resolve()
    key = (str(old_path), _signature(old_path), str(new_path), _signature(new_path))
    return _compared.get_or_compute(key, lambda: compare(old_path, new_path))
