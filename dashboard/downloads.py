"""Download routes: /download/{chart}.csv|png|svg?<view query>&lang=..&preset=slide|square|a4 (or &w=..&h=..&scale=..),
the PowerPoint slides and deck (slides/routes.py), the view's briefing pack (briefing.zip) and the data package zip.

The view query is the page's own grammar (state.py), so any view's link becomes its download by changing the path.
Bad values fall back like on the page; a bad chart name or format is a 404 with a sentence, never a traceback.

The PowerPoint files are made with python-pptx (and XlsxWriter for a native chart's workbook): a third of a second
of imports that no page, image or CSV needs, so they are loaded by the first request for a slide, a deck or a pack
(slides/routes.py, briefing_pack here), not at every start of the server (bench/startup.py).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from flask import Flask, Response, request

from . import exports, hosts
from . import state as st
from .cache import cached
from .chart_files import ViewFiles, chart_csv, chart_image
from .charts import CHART_IDS, REGISTRY
from .charts.base import DEFAULT_PRESET
from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .slides import routes as slides_routes

log = logging.getLogger(__name__)
OWN_KEYS = ("lang", "w", "h", "scale", "preset")
# below ~600x400 the charts' fixed margins leave no room to plot; above, a request could tie up a worker
SIZE_LIMITS = {"w": (600, 3200, 1600), "h": (400, 2400, 900)}


def _int_arg(name: str) -> int:
    lo, hi, default = SIZE_LIMITS[name]
    try:
        return min(max(int(request.args.get(name, default)), lo), hi)
    except ValueError:
        return default


def _scale() -> float:
    try:
        value = float(request.args.get("scale", 2))
    except ValueError:
        return 2.0
    return min(max(value, 1.0), 4.0) if value == value else 2.0  # NaN falls back too


def _size(chart) -> tuple[int, int, float]:
    """(width, height, scale): the chart's preset (?preset=slide|square|a4) when one is named, else w, h and scale
    as given (each clamped), else the slide."""
    preset = chart.presets.get(request.args.get("preset", ""))
    if preset is None and not any(key in request.args for key in ("w", "h", "scale")):
        preset = chart.presets.get(DEFAULT_PRESET)  # a tall chart (official counts) has a taller slide
    if preset is not None:
        return preset.width, preset.height, preset.scale
    return _int_arg("w"), _int_arg("h"), _scale()


def view_from_request(context):
    """-> (bundle, view, lang, notices): the pinned data version when we still hold it, else the current one."""
    lang = request.args.get("lang", DEFAULT_LANGUAGE)
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    query = {k: v for k, v in request.args.items() if k not in OWN_KEYS}
    bundle = context.bundle_for(query.get("v"))
    s, notices = st.parse(query, context.options_for(bundle))
    return bundle, s, lang, notices


def view_files(context) -> ViewFiles:
    """The request's view as the files of its charts see it; links use KGM_PUBLIC_URL, or the checked Host (never a
    forged one)."""
    b, s, lang, notices = view_from_request(context)
    return ViewFiles(b, s, context.options_for(b), lang, hosts.link_base(), tuple(notices))


def register(server: Flask, context) -> None:
    @server.route("/download/<chart>.<ext>")
    def download(chart: str, ext: str):
        if chart not in REGISTRY or ext not in ("csv", *exports.IMAGE_FORMATS):
            charts = ", ".join(CHART_IDS)
            return Response(f"No download called {chart}.{ext}. Charts: {charts}; formats: csv, png, svg, pptx.",
                            status=404, mimetype="text/plain")
        files = view_files(context)
        name = files.file_name(chart, ext)
        if ext == "csv":
            return Response(chart_csv(files, chart), mimetype="text/csv",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})
        if not REGISTRY[chart].has_image:
            return Response(f"The chart '{chart}' has no image; download its CSV, or embed it.", status=404,
                            mimetype="text/plain")
        w, h, scale = _size(REGISTRY[chart])
        try:
            body, hit = chart_image(files, chart, ext, w, h, scale)
        except Exception:  # kaleido or chromium missing or crashed: say so, keep serving the rest
            log.exception("image rendering failed for %s", request.full_path)
            return Response("The image could not be rendered on the server just now. The chart's own download "
                            "button (top right of each chart) works in your browser.", status=503,
                            mimetype="text/plain")
        return Response(body, mimetype=exports.IMAGE_FORMATS[ext],
                        headers={"Content-Disposition": f'inline; filename="{name}"',
                                 "X-KGM-Cache": "hit" if hit else "miss"})

    slides_routes.register(server, context)  # /download/{chart}.pptx and /download/briefing.pptx

    @server.route("/download/briefing.zip")
    def briefing_pack():
        """The view in ky, ru and en: decks, slide-size pictures, CSVs and citations (briefing_pack.py)."""
        from .briefing_pack import briefing_zip, pack_name  # python-pptx: loaded when first asked for (above)
        from .slides.deck import deck_for

        files = view_files(context)
        try:
            # the pack holds every language whatever lang= says: one cached copy, not one per lang=
            body, _ = cached(slides_routes.file_key(replace(files, lang=DEFAULT_LANGUAGE), "briefing-pack"),
                             lambda: briefing_zip(files, deck_for), large=True)
        except Exception:  # kaleido or chromium missing or crashed: say so, keep serving the rest
            log.exception("briefing pack failed for %s", request.full_path)
            return Response("The briefing pack could not be made on the server just now (its pictures are drawn "
                            "there). Each chart's CSV and PowerPoint slide are still in its Download menu.",
                            status=503, mimetype="text/plain")
        return Response(body, mimetype="application/zip", headers={
            "Content-Disposition": f'attachment; filename="{pack_name(files)}.zip"'})

    @server.route("/download/data-package.zip")
    def data_package():
        b = context.bundle_for(request.args.get("v"))
        return Response(exports.data_package_zip(b), mimetype="application/zip", headers={
            "Content-Disposition": f'attachment; filename="kg-labour-migration-{b.version}.zip"'})

