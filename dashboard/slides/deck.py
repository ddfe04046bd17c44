"""PowerPoint files: one chart's slide, and the view's deck (a title slide, one slide per chart in page order, the
sources the deck cites).

`briefing_deck(...)` is what the briefing pack calls for each language; `chart_pptx(...)` serves
/download/{chart}.pptx.
"""

from __future__ import annotations

import io

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..chart_files import ViewFiles
from ..charts import CHART_IDS
from ..data import Bundle
from ..state import Notice, Options, ViewState
from .overview import sources_slides, title_slide
from .slide import SLIDE_H, SLIDE_W, chart_slide
from .text import FONT

A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def new_presentation() -> Presentation:
    """A 16:9 presentation whose theme writes in Arial, so text a reader adds matches ours."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for font in root.iter(f"{{{A}}}latin"):
        font.set("typeface", FONT)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return prs


def saved(prs: Presentation) -> bytes:
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def chart_pptx(files: ViewFiles, chart_id: str) -> bytes:
    """One chart of the view as a one-slide presentation."""
    prs = new_presentation()
    chart_slide(prs, files, chart_id)
    return saved(prs)


def deck_for(files: ViewFiles) -> bytes:
    """The view's deck: title slide, each chart of the registry in page order (the country facts among them), and
    the sources slides."""
    prs = new_presentation()
    title_slide(prs, files)
    cited: list[str] = []
    for chart_id in CHART_IDS:
        cited += chart_slide(prs, files, chart_id)
    sources_slides(prs, files, list(dict.fromkeys(cited)))
    return saved(prs)


def briefing_deck(bundle: Bundle, view: ViewState, opts: Options, lang: str, host: str,
                  notices: tuple[Notice, ...] = ()) -> bytes:
    """The deck of one view in one language (the briefing pack calls it per language); links go to `host`
    (hosts.link_base() in a request), so the deck's links are the page's (share.page_url)."""
    return deck_for(ViewFiles(bundle, view, opts, lang, host, tuple(notices)))
