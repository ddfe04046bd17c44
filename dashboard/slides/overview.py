"""The deck's own slides: the title slide (the view in words, the date, the data version, the link, what follows)
and the sources slides (every source the deck cites: title, publisher, year, licence, link), as many as the list
needs at a readable size."""

from __future__ import annotations

from datetime import date

import pandas as pd
from babel.dates import format_date
from pptx.util import Emu, Inches

from ..chart_files import ViewFiles
from ..charts import CHART_IDS, REGISTRY
from ..i18n import BABEL_LOCALE, translator
from ..labels import SEX_LABEL, licence_label, names, publisher_words, source_label
from ..views.common import APP_NAME, data_stamp
from .slide import CONTENT_W, GAP, MARGIN, SLIDE_H, notice_words, quiet, write_title
from .table import column_widths, fill_table, table_height
from .text import MUTED, clean_lines, fitting_size, text_box

SOURCES_SIZE = 9.0


def view_words(files: ViewFiles) -> str:
    """The view's filters in words, as the filter bar names them: 'Year: 2024 · Destinations: Russia, Turkey ·
    Oblast of origin: Batken · Sex: women · Source of the stock figures: … · Years shown in the time series: …'."""
    t = translator(files.lang)
    s, b = files.view, files.bundle
    countries = names(b, files.lang)
    start, end = s.start or files.opts.span[0], s.end or files.opts.span[1]
    parts = [(t("Year"), str(s.effective_year(files.opts))),
             (t("Destinations"), ", ".join(countries.get(iso, iso) for iso in s.dest) or t("Top destinations")),
             (t("Oblast of origin"), countries.get(s.oblast, s.oblast) if s.oblast else t("All of Kyrgyzstan")),
             (t("Sex"), t(SEX_LABEL[s.sex])),
             (t("Source of the stock figures"), source_label(s.src, files.lang, b.sources)),
             (t("Years shown in the time series"),
              t("{start}–{end}", start=start, end=end) if s.start or s.end else
              t("All years: {start}–{end}", start=start, end=end))]
    return " · ".join(f"{label}: {value}" for label, value in parts)


def title_slide(prs, files: ViewFiles) -> None:
    t = translator(files.lang)
    lang = files.lang
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    top = write_title(slide, t("Kyrgyz labour migration: a briefing"), lang) + GAP
    today = format_date(date.today(), "long", locale=BABEL_LOCALE.get(lang, "en"))
    lines = [(view_words(files), 18, False),
             (t("Made on {date}", date=today) + " · " + data_stamp(files.bundle, lang), 14, False)]
    for text, size, bold in lines:
        top += text_box(slide, MARGIN, top, CONTENT_W, text, lang, size, bold=bold) + GAP
    link = files.link()
    top += text_box(slide, MARGIN, top, CONTENT_W, link, lang, 14, colour=MUTED, link=link) + GAP * 4
    req = quiet(files)
    contents = "\n".join(f"{number}. {REGISTRY[chart_id].title(req)}"
                         for number, chart_id in enumerate(CHART_IDS, start=1))
    contents += f"\n{len(CHART_IDS) + 1}. {t('Sources')}"
    heading_h = text_box(slide, MARGIN, top, CONTENT_W, t("In this deck:"), lang, 16, bold=True)
    room = Emu(SLIDE_H - Inches(0.4) - top - heading_h)
    notices = notice_words(files)
    if notices:
        words = t("Some parts of this link could not be used.") + " " + " ".join(notices)
        size = fitting_size(words, CONTENT_W, Inches(0.8), 12, 8)
        room = Emu(room - text_box(slide, MARGIN, Emu(SLIDE_H - Inches(1.2)), CONTENT_W, words, lang, size))
    text_box(slide, MARGIN, Emu(top + heading_h), CONTENT_W, contents, lang,
             fitting_size(contents, CONTENT_W, room, 16, 9))
    slide.notes_slide.notes_text_frame.text = clean_lines(t(APP_NAME) + "\n" + view_words(files) + "\n" + link)


def source_rows(files: ViewFiles, source_ids: list[str]) -> list[tuple[tuple[str, ...], str]]:
    """(cells, link) per cited source: title, publisher and year, licence, address."""
    table = files.bundle.sources.set_index("source_id")
    out = []
    for sid in source_ids:
        if sid not in table.index:
            continue
        row = table.loc[sid]
        year = "" if pd.isna(row["year"]) or row["year"] == "" else f" ({int(row['year'])})"
        url = row["url"] if isinstance(row["url"], str) else ""
        out.append(((str(row["title"]), publisher_words(str(row["publisher"]), files.lang) + year,
                     licence_label(row["licence"], files.lang), url), url))
    return out


def sources_slides(prs, files: ViewFiles, source_ids: list[str]) -> None:
    """The sources the deck cites, in a table split over as many slides as it needs at SOURCES_SIZE pt."""
    t = translator(files.lang)
    lang = files.lang
    rows = source_rows(files, source_ids)
    header = (t("Title"), t("Publisher"), t("Licence"), t("Link"))
    widths = column_widths((header, *(cells for cells, _ in rows)), CONTENT_W)
    room = Emu(SLIDE_H - Inches(1.5))
    pages, page = [], []
    for row in rows:
        if page and table_height((header, *(cells for cells, _ in page), row[0]), widths, SOURCES_SIZE) > room:
            pages.append(page)
            page = []
        page.append(row)
    pages.append(page)
    for number, page in enumerate(pages, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        title = t("Sources") if len(pages) == 1 else t("Sources ({page} of {pages})", page=number, pages=len(pages))
        top = write_title(slide, title, lang) + GAP
        cells = (header, *(cells for cells, _ in page))
        links = {(r, 3): link for r, (_, link) in enumerate(page, start=1) if link}
        fill_table(slide, cells, widths, MARGIN, top, SOURCES_SIZE, lang, links)
        text_box(slide, MARGIN, Emu(SLIDE_H - Inches(0.45)), CONTENT_W, data_stamp(files.bundle, lang), lang, 10,
                 colour=MUTED)
