"""A chart without a native form (the map) as the server's picture of it, at the size of its place on the slide.

The picture is the chart's own figure without its title, subtitle and source line: the slide writes those as text,
editable and in the page's language, so they are not said twice. Rendered once per view, language and size
(cache.cached, like the image downloads): a deck and the chart's own slide share it.
"""

from __future__ import annotations

from .. import exports
from .. import state as st
from ..cache import cached
from ..charts import REGISTRY, ChartRequest
from ..figures.theme import picture

PX_PER_INCH = 96  # the figure's pixel sizes (12 px labels) read as they do on a screen: 9 pt on the slide
SCALE = 2.5  # about 240 dpi on the slide


def bare(figure: dict) -> dict:
    """The figure without the texts the slide writes itself: no title, no source line, margins closed up."""
    layout = dict(figure["layout"])
    meta = dict(layout.get("meta") or {})
    margin = dict(layout.get("margin") or {})
    margin["t"] = 8
    margin["b"] = max(8, margin.get("b", 0) - meta.get("kgm_src_px", 0))
    layout["margin"] = margin
    layout["title"] = {**(layout.get("title") or {}), "text": ""}
    layout["annotations"] = [note for note in layout.get("annotations") or [] if note.get("name") != "source"]
    layout["meta"] = {**meta, "kgm_src_px": 0}
    return {**figure, "layout": layout}


def picture_png(req: ChartRequest, chart_id: str, width_in: float, height_in: float) -> bytes:
    """The chart's picture in PNG for a place `width_in` x `height_in` inches on a slide."""
    width, height = round(width_in * PX_PER_INCH), round(height_in * PX_PER_INCH)
    figure = bare(REGISTRY[chart_id].figure(ChartRequest(req.bundle, req.view, req.opts, req.lang,
                                                         inline_geometry=True)))
    figure["layout"] = picture(figure["layout"], height, width)
    key = f"slide-img:{req.bundle.digest}:{chart_id}:{width}x{height}@{SCALE}:{req.lang}:{st.to_query(req.view)}"
    body, _ = cached(key, lambda: exports.render_image(figure, "png", width, height, SCALE), large=True)
    return body
