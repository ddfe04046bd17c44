"""One chart of one view as a 16:9 slide: title, subtitle with every filter, the chart in its native form (or its
table, or its picture), the source line with the data version, the view's link; the summary and the citation in
the notes.

The chart is drawn without the page's dated-event marks (a native chart has no place for them): its texts are the
ones of the same view with events off, so nothing on the slide speaks of marks it does not show.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import pandas as pd
from pptx.util import Emu, Inches

from ..chart_files import ViewFiles
from ..charts import REGISTRY, ChartRequest
from ..charts.native import NativeChart
from ..components.page import NOTICE_TEXT
from ..i18n import translator
from ..views import share
from .native import add_native_chart
from .picture import picture_png
from .table import add_table
from .text import MUTED, clean, clean_lines, fitting_size, height_at, text_box

log = logging.getLogger(__name__)
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.45)
CONTENT_W = Emu(SLIDE_W - 2 * MARGIN)
GAP = Inches(0.08)
PICTURE_ASPECT = 1.6
NOTICE_LIMIT = 80  # characters of a value from the link quoted back in a notice


@dataclass(frozen=True)
class ChartTexts:
    """Everything a chart's slide says, in the view's language."""

    title: str
    subtitle: str
    sources: str  # the source line: every source with its licence, the data version, the dashboard
    link: str
    notices: tuple[str, ...]
    notes: str


def quiet(files: ViewFiles) -> ChartRequest:
    """The chart's request without event marks (see the module's docstring)."""
    return ChartRequest(files.bundle, replace(files.view, events="off"), files.opts, files.lang)


def notice_words(files: ViewFiles) -> tuple[str, ...]:
    """The link's values that could not be used, in words (the page's notices), each value cleaned and cut short."""
    t = translator(files.lang)
    return tuple(t(NOTICE_TEXT[notice.reason], key=clean(notice.key, NOTICE_LIMIT),
                   value=clean(notice.value, NOTICE_LIMIT)) for notice in files.notices)


def chart_texts(files: ViewFiles, chart_id: str, rows: pd.DataFrame) -> ChartTexts:
    chart = REGISTRY[chart_id]
    t = translator(files.lang)
    req = quiet(files)
    heading = chart.heading(req)
    link = files.link()
    line = heading.source_line(files.bundle, files.lang, link)
    line = line[: -len(" · " + link)] if line.endswith(" · " + link) else line
    ids = chart.source_ids(req, rows)
    notes = [chart.describe(req, rows),
             t("Cite this") + ": " + share.citation(files.bundle, files.view, files.opts, chart_id, files.lang,
                                                    files.host, ids)]
    notices = notice_words(files)
    if notices:
        notes.append(t("Some parts of this link could not be used.") + "\n" + "\n".join(notices))
    return ChartTexts(chart.title(req), heading.subtitle_with_notes(), line, link, notices, "\n\n".join(notes))


def chart_slide(prs, files: ViewFiles, chart_id: str) -> list[str]:
    """Add the chart's slide for the view in `files` to the presentation; -> the sources it cites."""
    req = quiet(files)
    rows = REGISTRY[chart_id].rows(req)
    texts = chart_texts(files, chart_id, rows)
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": the title is the slide's title
    top = write_title(slide, texts.title, files.lang)
    top += text_box(slide, MARGIN, top, CONTENT_W, texts.subtitle, files.lang,
                    fitting_size(texts.subtitle, CONTENT_W, Inches(1.3), 14, 10), colour=MUTED) + GAP
    bottom = write_footer(slide, texts, files.lang)
    draw(slide, REGISTRY[chart_id].native(req, rows), req, chart_id, top, Emu(bottom - top - GAP))
    slide.notes_slide.notes_text_frame.text = clean_lines(texts.notes)
    return REGISTRY[chart_id].source_ids(req, rows)


def write_title(slide, title: str, lang: str) -> Emu:
    """The title in the layout's title placeholder (the slide's name in outlines and to screen readers); -> the
    top of what follows."""
    from .text import fill_frame

    size = fitting_size(title, CONTENT_W, Inches(0.95), 26, 18)
    height = height_at(title, CONTENT_W, size)
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.3), CONTENT_W, height
    fill_frame(shape.text_frame, [title], lang, size, bold=True)
    return Emu(Inches(0.3) + height)


def write_footer(slide, texts: ChartTexts, lang: str) -> Emu:
    """Notices (if any), the source line and the view's link at the foot; -> the top of the footer."""
    size = fitting_size(texts.sources, CONTENT_W, Inches(0.9), 11, 8)
    link_h = height_at(texts.link, CONTENT_W, size)
    source_h = height_at(texts.sources, CONTENT_W, size)
    top = Emu(SLIDE_H - Inches(0.25) - link_h - source_h)
    text_box(slide, MARGIN, top, CONTENT_W, texts.sources, lang, size, colour=MUTED)
    text_box(slide, MARGIN, Emu(top + source_h), CONTENT_W, texts.link, lang, size, colour=MUTED, link=texts.link)
    if texts.notices:
        words = translator(lang)("Some parts of this link could not be used.") + " " + " ".join(texts.notices)
        notice_size = fitting_size(words, CONTENT_W, Inches(0.7), 11, 8)
        top = Emu(top - height_at(words, CONTENT_W, notice_size))
        text_box(slide, MARGIN, top, CONTENT_W, words, lang, notice_size)
    return top


def draw(slide, spec: NativeChart, req: ChartRequest, chart_id: str, top: Emu, height: Emu) -> None:
    """The chart in the box between the subtitle and the footer, in its native form."""
    if spec.kind in ("line", "xy", "bar", "scatter"):
        add_native_chart(slide, spec, MARGIN, top, CONTENT_W, height, req.lang)
    elif spec.kind == "panels":
        draw_panels(slide, spec, req.lang, top, height)
    elif spec.kind == "table":
        add_table(slide, spec.table, MARGIN, top, CONTENT_W, height, req.lang)
    elif spec.kind == "picture":
        draw_picture(slide, req, chart_id, top, height)
    else:
        size = fitting_size(spec.words, CONTENT_W, height, 20, 12)
        text_box(slide, MARGIN, Emu(top + height // 3), CONTENT_W, spec.words, req.lang, size)


def draw_picture(slide, req: ChartRequest, chart_id: str, top: Emu, height: Emu) -> None:
    """The server's picture of the chart, centred, at most 16:10 (a map reads best near it); if the renderer fails,
    a sentence saying so, and the rest of the slide (or deck) as usual."""
    width = Emu(min(CONTENT_W, int(height * PICTURE_ASPECT)))
    try:
        png = picture_png(req, chart_id, width.inches, height.inches)
    except Exception:  # kaleido or chromium missing or crashed
        log.exception("the picture of %s could not be rendered for a slide", chart_id)
        words = translator(req.lang)("The picture could not be drawn on the server just now; the view's link below "
                                     "shows it.")
        text_box(slide, MARGIN, Emu(top + height // 3), CONTENT_W, words, req.lang, 18)
        return
    slide.shapes.add_picture(_stream(png), Emu(MARGIN + (CONTENT_W - width) // 2), top, width, height)


def draw_panels(slide, spec: NativeChart, lang: str, top: Emu, height: Emu) -> None:
    """Small multiples: up to three panels a row, each its own chart with its heading; what is not on an axis
    named beneath them."""
    if spec.words:
        size = fitting_size(spec.words, CONTENT_W, Inches(0.8), 11, 8)
        words_h = height_at(spec.words, CONTENT_W, size)
        text_box(slide, MARGIN, Emu(top + height - words_h), CONTENT_W, spec.words, lang, size, colour=MUTED)
        height = Emu(height - words_h - GAP)
    count = len(spec.panels)
    per_row = 1 if count == 1 else 2 if count in (2, 4) else 3
    rows = -(-count // per_row)
    width, panel_h = Emu(CONTENT_W // per_row), Emu(height // rows)
    for index, panel in enumerate(spec.panels):
        left = Emu(MARGIN + (index % per_row) * width)
        add_native_chart(slide, panel, left, Emu(top + (index // per_row) * panel_h), width, panel_h, lang,
                         legend=False, size=10)


def _stream(data: bytes):
    import io

    return io.BytesIO(data)
