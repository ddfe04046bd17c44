"""The briefing pack: one view as a zip a ministry can hand on, in Kyrgyz, Russian and English.

Per language: the deck (dashboard/slides), each chart's picture at slide size and its CSV, and the citations; at the
top a README in the three languages saying what each file is and which data version it holds. Every file is the one
the page's own downloads give for the same view, so nothing in the pack can disagree with the page.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from .chart_files import ViewFiles, chart_csv, chart_image, preset_size
from .charts import CHART_IDS, REGISTRY
from .i18n import LANGUAGES, translator
from .labels import licence_label, source_label
from .slides.overview import view_words

PACK_LANGUAGES = ("ky", "ru", "en")  # the pack's order: the state language first
assert set(PACK_LANGUAGES) == set(LANGUAGES)


def pack_name(files: ViewFiles) -> str:
    return f"kg-migration-briefing-{files.bundle.version}"


def briefing_zip(files: ViewFiles, deck: Callable[[ViewFiles], bytes]) -> bytes:
    """The zip for the view in `files` (its language is ignored: every language is in the pack). `deck` builds one
    language's PowerPoint deck (slides.deck), passed in so the pack is tested without drawing maps twice."""
    root = pack_name(files)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        listing: dict[str, list[tuple[str, str]]] = {}
        for lang in PACK_LANGUAGES:
            in_lang = replace(files, lang=lang)
            listing[lang] = _language_files(archive, f"{root}/{lang}", in_lang, deck)
        archive.writestr(f"{root}/README.txt", readme(files, listing))
    return buf.getvalue()


def _language_files(archive: zipfile.ZipFile, folder: str, files: ViewFiles,
                    deck: Callable[[ViewFiles], bytes]) -> list[tuple[str, str]]:
    """Write one language's files; -> [(path in the pack, what it is)] for the README."""
    t = translator(files.lang)
    written = [(f"{folder}/briefing.pptx", t("the deck: a title slide, one slide per chart (editable PowerPoint "
                                             "charts), the country facts and the sources"))]
    archive.writestr(written[0][0], deck(files))
    for number, chart_id in enumerate(CHART_IDS, start=1):
        stem = f"{folder}/{number:02d}-{chart_id}"
        title = REGISTRY[chart_id].title(files.request())
        if REGISTRY[chart_id].has_image:
            size = preset_size(chart_id)
            image, _ = chart_image(files, chart_id, "png", size.width, size.height, size.scale)
            archive.writestr(f"{stem}.png", image)
            written.append((f"{stem}.png", t("picture of the chart at slide size: {title}", title=title)))
        archive.writestr(f"{stem}.csv", chart_csv(files, chart_id))
        written.append((f"{stem}.csv", t("the chart's data with its sources: {title}", title=title)))
    archive.writestr(f"{folder}/citations.txt", citations(files))
    written.append((f"{folder}/citations.txt", t("how to cite each chart, and every source with its licence and link")))
    return written


def citations(files: ViewFiles) -> str:
    """How to cite each chart of the view, then every source the charts draw on: publisher, title, licence, link."""
    from .views import share

    t = translator(files.lang)
    b, lang = files.bundle, files.lang
    lines = [t("How to cite"), ""]
    cited: list[str] = []
    for chart_id in CHART_IDS:
        req = files.request()
        ids = REGISTRY[chart_id].source_ids(req, REGISTRY[chart_id].rows(req))
        cited += ids
        lines.append(share.citation(b, files.view, files.opts, chart_id, lang, files.host, ids))
        lines.append("")
    lines += [t("Sources"), ""]
    table = b.sources.set_index("source_id")
    for sid in dict.fromkeys(cited):
        if sid not in table.index:
            continue
        row = table.loc[sid]
        lines.append(f"{source_label(sid, lang, b.sources)}: {row['title']}")
        lines.append(f"    {t('licence')}: {licence_label(row['licence'], lang)}")
        lines.append(f"    {row['url']}")
    return "\n".join(lines) + "\n"


def readme(files: ViewFiles, listing: dict[str, list[tuple[str, str]]]) -> str:
    """The pack's README: one section per language, each saying what the view is, which data version the files
    hold, and what every file of that language is."""
    b = files.bundle
    sections = []
    for lang in PACK_LANGUAGES:
        t = translator(lang)
        in_lang = replace(files, lang=lang)
        head = [t("Kyrgyz labour migration dashboard") + " — " + t("briefing pack"),
                view_words(in_lang),
                t("Data version {version} ({created}); pack made on {today}.", version=b.version,
                  created=b.created[:10], today=date.today().isoformat()),
                t("The view: {link}", link=in_lang.link()),
                t("Values are as published; an empty cell is a missing value, not zero."), ""]
        body = [f"  {path}: {what}" for path, what in listing[lang]]
        sections.append("\n".join([*head, *body]))
    return ("\n\n" + "=" * 72 + "\n\n").join(sections) + "\n"
