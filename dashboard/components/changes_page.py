"""The changes page (/{lang}/changes): what changed between two data versions, as one server-rendered HTML document
in the dashboard's own look (its stylesheets, header, panels and data tables), readable without JavaScript.

Every text is escaped here, whatever its origin (the data, a translation, a version from the link): nothing becomes
markup. Links are relative to /{lang}/changes, so they hold under KGM_PUBLIC_URL's path prefix too.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..caching import favicon_link
from ..data.changes import ADDED, REMOVED, SOURCES, ChangedRow, PackageChanges, ResourceChanges, Row
from ..i18n import LANGUAGE_NAMES, LANGUAGES, N_, translator
from ..labels import COLUMN_LABEL
from ..views.changes import Choice, notice_text

MAX_TABLE_ROWS = 200  # a table longer than this shows its first rows; the CSV has them all
RESOURCE_LABEL = {
    "sources": N_("Sources"), "countries": N_("Countries"), "oblasts": N_("Oblasts"), "places": N_("Places"),
    "migrant_stock": N_("Migrant stock by destination"),
    "migrant_stock_destination_counts": N_("Counts published by destination countries"),
    "national_counts": N_("Official counts and statements"), "remittances": N_("Remittances"),
    "remittances_by_country": N_("Remittances by sending country"), "oblast_indicators": N_("Oblast indicators"),
    "context": N_("National context"), "events": N_("Dated events"),
}


def text(value: object) -> str:
    return escape(" ".join(str(value).split()), quote=True)


def column_head(column: str, lang: str) -> str:
    t = translator(lang)
    if column in COLUMN_LABEL:
        return f'<th scope="col">{text(t(COLUMN_LABEL[column]))}<span class="col-key">{text(column)}</span></th>'
    return f'<th scope="col">{text(column)}</th>'


def resource_label(name: str, lang: str) -> str:
    return translator(lang)(RESOURCE_LABEL[name]) if name in RESOURCE_LABEL else name


def resource_name(name: str, lang: str) -> str:
    return f'{text(resource_label(name, lang))} <span class="col-key">{text(name)}</span>'


def _table(caption: str, heads: str, rows: Sequence[str], lang: str, region: str) -> str:
    """A scrolling table, its region named `region` (the table's and its caption: each region's name unique)."""
    t = translator(lang)
    more = ""
    if len(rows) > MAX_TABLE_ROWS:
        hint = t("First {n} of {total} rows; the CSV download has them all.", n=MAX_TABLE_ROWS, total=len(rows))
        more = f'<p class="field-hint">{text(hint)}</p>'
    body = "\n".join(rows[:MAX_TABLE_ROWS])
    return (f'<div class="table-wrap changes-table" tabindex="0" role="region" aria-label="{text(region)}">'
            f'<table class="data-table"><caption>{text(caption)}</caption>\n<thead><tr>{heads}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody></table></div>{more}")


def rows_table(caption: str, columns: Sequence[str], rows: Sequence[Row], lang: str, region: str) -> str:
    """Added or removed rows, every column as published (an empty cell is a missing value)."""
    heads = "".join(column_head(c, lang) for c in columns)
    cells = ["<tr>" + "".join(f"<td>{text(row.value(c))}</td>" for c in columns) + "</tr>" for row in rows]
    return _table(caption, heads, cells, lang, region)


def changed_table(caption: str, key_columns: Sequence[str], rows: Sequence[ChangedRow], lang: str,
                  region: str) -> str:
    """One line per changed cell: the row's key, the column, the old and the new value, the row's source."""
    t = translator(lang)
    heads = "".join(f'<th scope="col">{text(h)}</th>' for h in (
        t("Row ({columns})", columns=" | ".join(key_columns)), t("Column"), t("Old value"), t("New value")))
    heads += column_head("source_id", lang)
    cells = [f'<tr><td>{text(" | ".join(row.key))}</td><td>{column_cell(cell.column, lang)}</td>'
             f'<td class="old-value">{text(cell.old)}</td><td class="new-value">{text(cell.new)}</td>'
             f"<td>{text(row.source_id)}</td></tr>" for row in rows for cell in row.cells]
    return _table(caption, heads, cells, lang, region)


def column_cell(column: str, lang: str) -> str:
    if column not in COLUMN_LABEL:
        return text(column)
    return f'{text(translator(lang)(COLUMN_LABEL[column]))}<span class="col-key">{text(column)}</span>'


def counts_line(r: ResourceChanges, lang: str) -> str:
    t = translator(lang)
    return " · ".join([t.n("{n} row added", "{n} rows added", len(r.added)),
                       t.n("{n} row removed", "{n} rows removed", len(r.removed)),
                       t.n("{n} row changed", "{n} rows changed", len(r.changed))])


def resource_notes(r: ResourceChanges, new_version: str, lang: str) -> list[str]:
    t = translator(lang)
    notes = [t("Rows are recognised by: {columns}.", columns=", ".join(r.key_columns))]
    if r.status == ADDED:
        notes.insert(0, t("This table is new in version {version}.", version=new_version))
    if r.status == REMOVED:
        notes.insert(0, t("Version {version} no longer has this table.", version=new_version))
    if r.columns_added:
        notes.append(t("Column added: {columns} (its values are not listed as changes).",
                       columns=", ".join(r.columns_added)))
    if r.columns_removed:
        notes.append(t("Column removed: {columns}.", columns=", ".join(r.columns_removed)))
    if r.name == SOURCES and (r.added or r.removed):
        notes.append(t("The sources added and dropped are listed under 'Sources added and dropped'."))
    return notes


def resource_section(r: ResourceChanges, changes: PackageChanges, lang: str) -> str:
    t = translator(lang)
    parts = [f'<h2 class="panel-title" id="h-table-{text(r.name)}">{resource_name(r.name, lang)}</h2>',
             f'<p class="changes-counts">{text(counts_line(r, lang))}</p>',
             *(f'<p class="panel-note">{text(note)}</p>' for note in resource_notes(r, changes.new.version, lang))]
    added_caption, removed_caption, changed_caption = t("Rows added"), t("Rows removed"), t("Rows changed")
    label = resource_label(r.name, lang)
    if r.added and r.name != SOURCES:
        parts.append(rows_table(added_caption, r.columns, r.added, lang, f"{label}: {added_caption}"))
    if r.removed and r.name != SOURCES:
        parts.append(rows_table(removed_caption, r.columns, r.removed, lang, f"{label}: {removed_caption}"))
    if r.changed:
        parts.append(changed_table(changed_caption, r.key_columns, r.changed, lang, f"{label}: {changed_caption}"))
    return (f'<section class="panel changes-resource" id="table-{text(r.name)}" '
            f'aria-labelledby="h-table-{text(r.name)}">{"".join(parts)}</section>')


def source_items(rows: Sequence[Row], lang: str) -> str:
    items = []
    for row in rows:
        year = f" ({text(row.value('year'))})" if row.value("year") else ""
        publisher = f" — {text(row.value('publisher'))}" if row.value("publisher") else ""
        items.append(f'<li><strong>{text(row.value("title"))}</strong>{publisher}{year}. '
                     f'<span class="col-key">{text(row.source_id)}</span></li>')
    return f'<ul class="sources-list">{"".join(items)}</ul>'


def sources_section(changes: PackageChanges, lang: str) -> str:
    t = translator(lang)
    added, dropped = changes.sources_added, changes.sources_dropped
    heading, none = t("Sources added and dropped"), t("No source was added or dropped.")
    parts = [f'<h2 class="panel-title" id="h-sources-changed">{text(heading)}</h2>']
    if not added and not dropped:
        parts.append(f"<p>{text(none)}</p>")
    if added:
        added_heading = t.n("{n} source added", "{n} sources added", len(added))
        parts += [f"<h3>{text(added_heading)}</h3>", source_items(added, lang)]
    if dropped:
        dropped_heading = t.n("{n} source dropped", "{n} sources dropped", len(dropped))
        parts += [f"<h3>{text(dropped_heading)}</h3>", source_items(dropped, lang)]
    return (f'<section class="panel changes-sources" id="changes-sources" aria-labelledby="h-sources-changed">'
            f'{"".join(parts)}</section>')


def summary_text(choice: Choice, changes: PackageChanges | None, lang: str) -> str:
    t = translator(lang)
    if choice.old is None:
        return t("This server holds only data version {version}: there is no earlier version to compare it with.",
                 version=choice.new)
    if changes is None:
        return t("Version {version} compared with itself: no changes.", version=choice.new)
    if not changes.has_changes:
        return t("No changes between versions {old} and {new}.", old=choice.old, new=choice.new)
    tables = [r for r in changes.resources if r.name != SOURCES]  # sources have their own counts
    return " · ".join([
        t.n("{n} row added", "{n} rows added", sum(len(r.added) for r in tables)),
        t.n("{n} row removed", "{n} rows removed", sum(len(r.removed) for r in tables)),
        t.n("{n} row changed", "{n} rows changed", sum(len(r.changed) for r in changes.resources)),
        t.n("{n} source added", "{n} sources added", len(changes.sources_added)),
        t.n("{n} source dropped", "{n} sources dropped", len(changes.sources_dropped))])


def summary_section(choice: Choice, changes: PackageChanges | None, lang: str) -> str:
    t = translator(lang)
    if changes is not None:
        heading = t("From version {old} ({old_date}) to version {new} ({new_date})", old=changes.old.version,
                    old_date=changes.old.created[:10], new=changes.new.version, new_date=changes.new.created[:10])
    else:
        heading = t("Data version {version}", version=choice.new)
    parts = [f'<h2 class="panel-title" id="h-summary">{text(heading)}</h2>',
             f'<p class="changes-summary">{text(summary_text(choice, changes, lang))}</p>']
    if changes is not None:
        unchanged = [r for r in changes.resources if not r.has_changes]
        if unchanged:
            label = t("No changes in:")
            names = ", ".join(resource_name(r.name, lang) for r in unchanged)
            parts.append(f'<p class="panel-note">{text(label)} {names}</p>')
        if changes.files_changed:
            files = t("Other files changed: {files}.", files=", ".join(changes.files_changed))
            parts.append(f'<p class="panel-note">{text(files)}</p>')
    download, back = t("Download these changes as CSV"), t("Back to the dashboard")
    parts.append(f'<p><a class="dl" href="../download/changes.csv?{text(choice.query)}">{text(download)}</a> '
                 f'<a href="./">{text(back)}</a></p>')
    return f'<section class="panel changes-summary-panel" aria-labelledby="h-summary">{"".join(parts)}</section>'


def version_form(choice: Choice, lang: str) -> str:
    """A plain GET form (no script): the two versions to compare, newest first."""
    t = translator(lang)

    def select(name: str, label: str, chosen: str) -> str:
        options = "".join(f'<option value="{text(v)}"{" selected" if v == chosen else ""}>{text(v)}</option>'
                          for v in reversed(choice.held))
        return (f'<label class="field"><span class="field-label">{text(label)}</span>'
                f'<select name="{name}">{options}</select></label>')

    from_label, to_label, button = t("From version"), t("To version"), t("Compare")
    selects = select("from", from_label, choice.old or choice.new) + select("to", to_label, choice.new)
    return (f'<form class="changes-form" method="get" action="changes">{selects}'
            f'<button class="tool-btn" type="submit">{text(button)}</button></form>')


def language_links(choice: Choice, lang: str) -> str:
    """The same comparison in each language."""
    links = []
    for code in LANGUAGES:
        current = ' aria-current="true"' if code == lang else ""
        links.append(f'<a class="lang{" current" if code == lang else ""}" lang="{code}" hreflang="{code}" '
                     f'href="../{code}/changes?{text(choice.query)}"{current}>{text(LANGUAGE_NAMES[code])}</a>')
    return "".join(links)


def header(choice: Choice, current: str, lang: str) -> str:
    t = translator(lang)
    home, title, language, version = (t("Kyrgyz labour migration"), t("What changed between data versions"),
                                      t("Language"), t("Data version"))
    purpose = t("Rows added, removed and changed in each table of the data package, with the old and new value and "
                "the source, and the sources added or dropped.")
    return (f'<header class="header"><div><p class="changes-home"><a href="./">{text(home)}</a></p>'
            f'<h1>{text(title)}</h1><p class="purpose">{text(purpose)}</p></div><div class="header-side">'
            f'<nav class="languages" aria-label="{text(language)}">{language_links(choice, lang)}</nav>'
            f'<p class="version">{text(version)} <strong>{text(current)}</strong></p></div></header>')


def notices_block(choice: Choice, lang: str) -> str:
    if not choice.notices:
        return ""
    lead = translator(lang)("Some parts of this link could not be used.")
    items = "".join(f"<li>{text(notice_text(notice, lang))}</li>" for notice in choice.notices)
    return f'<div class="notice" role="status"><strong>{text(lead)}</strong><ul>{items}</ul></div>'


def changes_document(choice: Choice, changes: PackageChanges | None, current: str, lang: str) -> str:
    """The whole page for `choice` (versions already checked) and its `changes` (None: nothing to compare)."""
    t = translator(lang)
    sections = []
    if changes is not None and changes.has_changes:
        sections += [resource_section(r, changes, lang) for r in changes.resources if r.has_changes]
        sections.append(sources_section(changes, lang))
    title = t("What changed between data versions") + " · " + t("Kyrgyz labour migration")
    skip = t("Skip to the changes")
    footer = t("Values are shown as each version publishes them: not rounded or translated; an empty cell is a "
               "missing value.")
    return ('<!DOCTYPE html>\n'
            f'<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{text(title)}</title>'
            f'{favicon_link()}<link rel="stylesheet" href="assets/00-fonts.css">'
            f'<link rel="stylesheet" href="assets/10-style.css"></head>\n<body><div class="page changes-page">'
            f'<a class="skip" href="#changes-main">{text(skip)}</a>{header(choice, current, lang)}'
            f'{notices_block(choice, lang)}<main id="changes-main" class="changes">{version_form(choice, lang)}'
            f'{summary_section(choice, changes, lang)}{"".join(sections)}</main>'
            f'<footer class="footer"><p>{text(footer)}</p></footer></div></body></html>\n')
