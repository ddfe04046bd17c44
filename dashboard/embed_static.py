"""An embed's first paint: the server's SVG of its chart, inline in the page, before any script.

The interactive embed needs Dash's renderer and plotly.js (~700 KB on the wire) before it draws anything. The page
the embed route answers with carries instead the chart as the image export draws it (title, subtitle, legend, source
line and the view's link inside, in the embed's language), rendered once per view, width and language and cached:
a line chart's page is ~10 KB. It is drawn at three widths, one per band of frame widths, each scaled to the frame's
width by its viewBox; CSS shows the one for the frame. assets/55-embed-live.js loads Dash and the plotly.js bundle
the chart needs (no geo bundle without a map) on the first pointer, focus or key, or when the browser is idle, and
swaps the picture for the live graph once it is drawn. Cards (no picture) and a chart the renderer cannot draw get
Dash's page as before.
"""

from __future__ import annotations

import logging
import math
import re
from html import escape

from dash import html

from . import exports
from . import state as st
from .cache import cached
from .chart_files import ViewFiles
from .charts import REGISTRY
from .figures.maps import at_phone_width
from .figures.theme import EXPORT_FONT_SCALE, TITLE_LINE_PX, frame, refit

log = logging.getLogger(__name__)

# (narrowest frame width it is shown at, the width it is drawn at). A picture is never shown wider than it is drawn
# (a tall chart scaled up would outgrow the embed code's height), save the widest, up to WIDEST_PX.
SVG_WIDTHS: tuple[tuple[int, int], ...] = ((0, 390), (480, 480), (600, 600), (800, 800), (1000, 1100))
WIDEST_PX = 1200
MAP_MIN_WIDTH = 640  # the map's title and source line are wrapped for a desktop panel: narrower frames see it scaled
PHONE_MAP_PX = 480  # a narrower frame (a phone) gets the map laid out for its own width (maps.at_phone_width)
# frames from 800 px see the widest map picture scaled down, not one of their own: a map picture is ~14 KB on the
# wire, and one fewer keeps a Russian or Kyrgyz map embed (its fonts larger) under 100 KB with the phone's picture
MAP_WIDE_FROM_PX = 800
MAP_ASPECT = 1.6  # the map's plot keeps the page's shape (assets/10-style.css: width / 1.6 + 230 px)
PLOTLY_BUNDLES = {"geo": "plotly.min.js", "basic": "plotly-basic.min.js"}  # under _dash-component-suites/plotly/...
SCRIPT_TAG = re.compile(r'<script src="(?P<src>[^"]+)"></script>')
LIVE_SCRIPTS = ("/assets/50-embed.js", "/assets/55-embed-live.js")  # run at once; the others wait for the upgrade
PRELOAD_TAG = re.compile(r'<link rel="preload" [^>]*>')
SVG_ROOT = re.compile(r'^<svg (?P<attrs>[^>]*)>')
PATH_DATA = re.compile(r' d="[^"]*"')
FINE_DECIMALS = re.compile(r"(\d\.\d)\d+")


def coarser_paths(svg: str) -> str:
    """Path coordinates to a tenth of a pixel (plotly writes up to 14 digits): a map's picture is a third as large.
    Only the drawing's geometry: no text, label or number a reader sees is touched."""
    return PATH_DATA.sub(lambda path: FINE_DECIMALS.sub(lambda number: number[1], path[0]), svg)


def room_to_spare(out: dict) -> dict:
    """A framed layout with more room above the plot on a picture: 40 px beside the title's lines as plotly spaces
    them (16 px x 1.3 a line, the subtitle's too), where the page keeps TITLE_CLEAR_PX. The plot keeps its height;
    the figure grows. (The legend's rows are counted as plotly lays them out by theme.frame itself.)"""
    title_lines = out["title"]["text"].count("<br>") + 1
    top = max(math.ceil(TITLE_LINE_PX * title_lines) - (out["margin"]["t"] - 40), 0)
    if not top:
        return out
    height = out["height"] + top
    out = {**out, "height": height, "margin": {**out["margin"], "t": out["margin"]["t"] + top},
           "title": {**out["title"], "y": 1 - 16 / height}}
    if "legend" in out:
        out["legend"] = {**out["legend"], "y": out["meta"]["kgm_src_px"] / height}
    return out


def embed_layout(fig: dict, width: int) -> dict:
    """The figure's layout at the picture's width and its natural height there (plot at its page height, title,
    subtitle, legend and source line wrapped for that width, as the image export wraps them), with room for the
    legend as plotly lays it out; the map keeps the page's shape, laid out for a phone under PHONE_MAP_PX (as the
    page lays it out there), else drawn at least MAP_MIN_WIDTH wide, and from MAP_WIDE_FROM_PX at the widest band's
    width."""
    layout = fig["layout"]
    meta = layout.get("meta") or {}
    if "kgm_title" in meta and meta.get("kgm_plot"):
        return {**room_to_spare(frame(layout, width, EXPORT_FONT_SCALE)), "width": width}
    if "kgm_frame" in meta:
        phone = at_phone_width(fig, width, EXPORT_FONT_SCALE) if width < PHONE_MAP_PX else None
        if phone:
            return {**phone, "width": width}
        width = SVG_WIDTHS[-1][1] if width >= MAP_WIDE_FROM_PX else max(width, MAP_MIN_WIDTH)
        height = min(760, max(420, round(width / MAP_ASPECT + 230)))
    else:
        height = int(layout.get("height") or 450)
    return {**refit(layout, height, width), "width": width}


def render_svg(files: ViewFiles, chart_id: str, fig: dict, width: int) -> bytes:
    """The picture for one band, its paths made coarser, cached like the image downloads (chart_files.chart_image)
    for the same view: coarsening a map's paths costs more than the rest of the embed's answer, so it is done once."""
    layout = embed_layout(fig, width)
    key = (f"embed-svg:{files.bundle.digest}:{chart_id}:{layout['width']}x{layout['height']}:{files.lang}:"
           f"{st.to_query(files.view)}:{files.host}")

    def drawn() -> bytes:
        raw = exports.render_image({**fig, "layout": layout}, "svg", layout["width"], layout["height"], 1)
        return coarser_paths(raw.decode("utf-8")).encode("utf-8")

    return cached(key, drawn, large=True)[0]


def uses_geo(fig: dict) -> bool:
    return any("geo" in (trace.get("type") or "") or trace.get("type") == "choropleth" for trace in fig["data"])


def accessible_svg(raw: bytes, label: str, bands: list[int], max_width: int) -> str:
    """The rendered SVG as an inline image: named for screen readers, scaled by its viewBox to the frame's width up
    to `max_width` (its fixed width and height dropped), marked with the bands of frame widths it is shown in."""
    text = raw.decode("utf-8")
    match = SVG_ROOT.match(text)
    if not match:
        raise ValueError("the renderer's SVG has no root element")
    attrs = re.sub(r'\s?\b(?:width|height|style|class)="[^"]*"', "", match["attrs"]).strip()
    names = " ".join(f"embed-svg-{band}" for band in bands)
    root = (f'<svg class="embed-svg {names}" {attrs} role="img" aria-label="{escape(label)}" '
            f'style="max-width:{max_width}px" preserveAspectRatio="xMinYMin meet">')
    return root + text[match.end():]


def chart_svgs(files: ViewFiles, chart_id: str, label: str) -> tuple[str, bool]:
    """(the chart's SVGs, one per width it is drawn at, each marked with the bands it serves; whether its figure
    draws a map). Raises when the renderer fails."""
    fig = REGISTRY[chart_id].figure(files.request(link=files.link(), inline_geometry=True))
    by_width: dict[int, list[int]] = {}
    for band, width in SVG_WIDTHS:
        by_width.setdefault(embed_layout(fig, width)["width"], []).append(band)
    widest = max(by_width)
    svgs = [accessible_svg(render_svg(files, chart_id, fig, width), label, bands,
                           WIDEST_PX if width == widest else width) for width, bands in by_width.items()]
    return "".join(svgs), uses_geo(fig)


def markup(node) -> str:
    """Dash html components (and text) as HTML: the embed's notices, heading and foot, written once for both the
    static page and the live one."""
    if node is None:
        return ""
    if isinstance(node, str | int | float):
        return escape(str(node))
    if isinstance(node, list | tuple):
        return "".join(markup(child) for child in node)
    props = node.to_plotly_json()["props"]
    tag = type(node).__name__.lower()
    names = {"className": "class"}
    attrs = "".join(f' {names.get(key, key)}="{escape(str(value))}"' for key, value in props.items()
                    if key not in ("children",) and isinstance(value, str | int | float))
    return f"<{tag}{attrs}>{markup(props.get('children'))}</{tag}>"


def static_index(kwargs: dict, parts: dict, prefix: str) -> dict:
    """Dash's index page (its arguments) with the embed drawn in it: notices, the heading (read by screen readers;
    the picture shows the title), the SVGs and the foot before the app's entry point; the live page's scripts as a
    list 55-embed-live.js loads, and the renderer not started. `parts`: notices, heading, foot (Dash components), svgs
    (HTML), geo (bool)."""
    scripts = [match["src"] for match in SCRIPT_TAG.finditer(kwargs.get("scripts", ""))]
    now = [src for src in scripts if any(name in src for name in LIVE_SCRIPTS)]
    later = [src for src in scripts if src not in now]
    bundle = PLOTLY_BUNDLES["geo" if parts["geo"] else "basic"]
    plotly = f"{prefix}_dash-component-suites/plotly/package_data/{bundle}"
    # inert until then: a template's scripts are neither fetched nor run
    deferred = (f'<template id="embed-live" data-plotly="{escape(plotly)}">'
                + "".join(f'<script src="{src}"></script>' for src in later) + "</template>")
    heading = parts["heading"]
    heading.className = "embed-title visually-hidden"
    body = (f'<main class="embed embed-static" id="embed-static">{markup(parts["notices"])}{markup(heading)}'
            f'<div class="embed-picture">{parts["svgs"]}</div>{markup(parts["foot"])}</main>')
    return {**kwargs,
            "app_entry": body + kwargs.get("app_entry", ""),
            "scripts": (deferred + "".join(f'<script src="{src}"></script>' for src in now)),
            # Dash checks its index holds the renderer's start; 55-embed-live.js starts it, so here it is inert text
            "renderer": kwargs.get("renderer", "").replace('type="application/javascript"', 'type="text/plain"')}


def heading_label(heading: html.H1, description: str) -> str:
    return f"{heading.children}. {description}" if description else str(heading.children)
