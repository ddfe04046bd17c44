"""What changed between two data versions, for the page, its CSV and the command line: which versions are compared
(a bad or unknown one falls back to the default, with a notice), the rows of the CSV and its provenance lines, and
the plain-text report `python -m dashboard diff` prints.

Versions sent by a reader are only ever compared against the held versions: one that is not held is never echoed
unless it has the form of a version (VERSION_FORM), so nothing a reader types reaches a page, a CSV or a header.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from ..data.changes import ADDED, REMOVED, PackageChanges, ResourceChanges, Row, compare_held
from ..data.history import VERSION_FORM, held_packages, previous_version, version_order
from ..i18n import N_, translator

CSV_COLUMNS = ["resource", "change", "key", "column", "old", "new", "source_id"]
KEY_JOIN = " | "
MAX_ASKED = 64  # longer than any version: not even looked at


@dataclass(frozen=True)
class VersionNotice:
    reason: str  # "unknown-from", "unknown-to", "reversed"
    value: str = ""  # the version asked for, when it has a version's form; "" otherwise


@dataclass(frozen=True)
class Choice:
    """The two versions compared (`old` None: no version older than `new` is held) and what was not used."""

    held: tuple[str, ...]
    old: str | None
    new: str
    notices: tuple[VersionNotice, ...] = ()

    @property
    def query(self) -> str:
        return urlencode({"from": self.old or self.new, "to": self.new})


def _asked(value: object) -> tuple[str | None, str, bool]:
    """(the version asked for, what may be said of it, whether anything was asked): None when nothing usable was
    sent; an empty value is no question (a form's blank)."""
    if not isinstance(value, str) or len(value) > MAX_ASKED:
        return None, "", value is not None
    text = value.strip()
    return (text or None), (text if VERSION_FORM.fullmatch(text) else ""), bool(text)


def choose(held: Sequence[str], current: str, asked_from: object = None, asked_to: object = None) -> Choice:
    """to = the asked version if held, else the current one; from = the asked version if held, else the version
    before `to`. A reversed pair is read the right way round. Each fallback has its notice."""
    versions = tuple(sorted({*held, current}, key=version_order))
    notices = []
    to_text, to_shown, to_asked = _asked(asked_to)
    new = to_text if to_text in versions else current
    if to_asked and to_text not in versions:
        notices.append(VersionNotice("unknown-to", to_shown))
    from_text, from_shown, from_asked = _asked(asked_from)
    old = from_text if from_text in versions else previous_version(new, versions)
    if from_asked and from_text not in versions:
        notices.append(VersionNotice("unknown-from", from_shown))
    if old is not None and version_order(old) > version_order(new):
        notices.append(VersionNotice("reversed", f"{old} > {new}"))
        old, new = new, old
    return Choice(versions, old, new, tuple(notices))


def held_for(context) -> dict[str, Path]:
    """Every version the server holds (the current data, each archived version of a store) and those in their
    history/ folders, oldest first."""
    return held_packages([context.bundle.data_dir, *(b.data_dir for b in context.archive.values())])


def changes_href(context, version: str) -> str | None:
    """The header's link, relative to /{lang}/: the changes since the version before `version`, if one is held."""
    def compute() -> str | None:
        held = held_for(context)
        before = previous_version(version, held) if version in held else None
        return f"changes?{urlencode({'from': before, 'to': version})}" if before else None
    return context.memo(("changes-href", version), compute)


def changes_for(held: Mapping[str, Path], choice: Choice) -> PackageChanges | None:
    """None when there is nothing to compare (one version, or the same one twice)."""
    if choice.old is None or choice.old == choice.new:
        return None
    return compare_held(held[choice.old], held[choice.new])


def key_text(key: Sequence[str]) -> str:
    return KEY_JOIN.join(key)


def row_json(row: Row) -> str:
    """A whole row as published, one JSON object (column -> value): one cell, read back exactly."""
    return json.dumps(dict(row.cells), ensure_ascii=False)


def resource_rows(r: ResourceChanges) -> list[dict]:
    out = []
    if r.status in (ADDED, REMOVED):
        out.append({"resource": r.name, "change": f"resource {r.status}"})
    out += [{"resource": r.name, "change": "column added", "column": c} for c in r.columns_added]
    out += [{"resource": r.name, "change": "column removed", "column": c} for c in r.columns_removed]
    out += [{"resource": r.name, "change": "added", "key": key_text(row.key), "new": row_json(row),
             "source_id": row.source_id} for row in r.added]
    out += [{"resource": r.name, "change": "removed", "key": key_text(row.key), "old": row_json(row),
             "source_id": row.source_id} for row in r.removed]
    out += [{"resource": r.name, "change": "changed", "key": key_text(row.key), "column": cell.column,
             "old": cell.old, "new": cell.new, "source_id": row.source_id} for row in r.changed for cell in row.cells]
    return out


def csv_rows(changes: PackageChanges | None) -> pd.DataFrame:
    """One row per change: a resource or column added or removed, a row added or removed (the whole row as JSON in
    `new` or `old`), or one cell of a changed row (old and new value), each with the row's source; then each other
    file whose bytes changed."""
    rows = [] if changes is None else [row for r in changes.resources for row in resource_rows(r)]
    rows += [{"resource": path, "change": "file changed"} for path in (changes.files_changed if changes else ())]
    return pd.DataFrame(rows, columns=CSV_COLUMNS, dtype=object).fillna("")


def csv_meta(choice: Choice, changes: PackageChanges | None, lang: str, page_link: str) -> list[tuple[str, str]]:
    t = translator(lang)
    title = t("What changed between data versions {old} and {new}", old=choice.old or choice.new, new=choice.new)
    meta = [(t("title"), title), (t("data version"), f"{choice.old or choice.new} -> {choice.new}"),
            (t("view"), page_link),
            (t("notes"), t("values compared as published (text, no rounding); key: the row's primary key, values "
                           "joined by ' | '; an added or removed row is the whole row as published, as JSON, in "
                           "'new' or 'old'"))]
    if changes is not None:
        meta += [(t("key of {resource}", resource=r.name), key_text(r.key_columns)) for r in changes.resources]
    else:
        meta.append((t("notes"), t("no changes: the same version on both sides, or no earlier version held")))
    meta += [(t("notice"), notice_text(notice, lang)) for notice in choice.notices]
    return meta


NOTICE_TEXT = {
    "unknown-from": N_("The link asked to compare from version {value}, which this server does not hold; the "
                       "version before the newer one is used."),
    "unknown-to": N_("The link asked to compare to version {value}, which this server does not hold; the current "
                     "version is used."),
    "reversed": N_("The link's versions ran backwards ({value}); they are compared from the older to the newer."),
}
UNNAMED_NOTICE_TEXT = {  # the asked value does not look like a version: it is not repeated
    "unknown-from": N_("The link asked to compare from a version this server does not hold; the version before "
                       "the newer one is used."),
    "unknown-to": N_("The link asked to compare to a version this server does not hold; the current version is "
                     "used."),
}


def notice_text(notice: VersionNotice, lang: str) -> str:
    t = translator(lang)
    if notice.value or notice.reason not in UNNAMED_NOTICE_TEXT:
        return t(NOTICE_TEXT[notice.reason], value=notice.value)
    return t(UNNAMED_NOTICE_TEXT[notice.reason])


def _counts(r: ResourceChanges) -> str:
    words = [f"{len(r.added)} added", f"{len(r.removed)} removed", f"{len(r.changed)} changed"]
    if r.status != "compared":
        words.insert(0, f"whole table {r.status}")
    words += [f"column added: {c}" for c in r.columns_added] + [f"column removed: {c}" for c in r.columns_removed]
    return ", ".join(words)


def _source_line(row: Row) -> str:
    year = f" ({row.value('year')})" if row.value("year") else ""
    return f"  {row.source_id}: {row.value('title')} - {row.value('publisher')}{year}"


def _row_lines(r: ResourceChanges) -> list[str]:
    lines = [f"+ {key_text(row.key)}  {row_json(row)}" for row in r.added]
    lines += [f"- {key_text(row.key)}  {row_json(row)}" for row in r.removed]
    lines += [f"~ {key_text(row.key)}  [{row.source_id}] {cell.column}: {cell.old!r} -> {cell.new!r}"
              for row in r.changed for cell in row.cells]
    return lines


def report_lines(changes: PackageChanges) -> list[str]:
    """The command line's report (English, like its other messages): a summary line per table, the sources added
    and dropped, other files changed, then every row: + added, - removed, ~ changed (old -> new, with its source)."""
    old, new = changes.old, changes.new
    lines = [f"Changes from data version {old.version} ({old.created[:10]}) to {new.version} ({new.created[:10]})"]
    if not changes.has_changes:
        return [*lines, "", "No changes."]
    lines += ["", "Per table (rows are recognised by the table's key):"]
    lines += [f"  {r.name:<34} {_counts(r) if r.has_changes else 'no changes'}" for r in changes.resources]
    lines += ["", f"Sources added: {len(changes.sources_added)}", *map(_source_line, changes.sources_added),
              f"Sources dropped: {len(changes.sources_dropped)}", *map(_source_line, changes.sources_dropped)]
    if changes.files_changed:
        lines += ["", "Other files changed: " + ", ".join(changes.files_changed)]
    for r in changes.resources:
        if r.added or r.removed or r.changed:
            lines += ["", f"== {r.name} (key: {key_text(r.key_columns)})", *_row_lines(r)]
    return lines
