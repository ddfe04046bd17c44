"""The PowerPoint routes: /download/{chart}.pptx?<view query>&lang= (one chart's slide) and
/download/briefing.pptx?<view query>&lang= (the view's deck).

The view is read like every download's (downloads.view_files: a bad value falls back, with its notice written on
the slide); a bad chart name is a 404 with a sentence. A file is built once per view, language, host and day (the
title slide carries the date), and the map's picture once per view and language. python-pptx is imported by the
first request for a file (deck.py), not when the routes are registered: no start of the server waits for it.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date

from flask import Flask, Response

from .. import state as st
from ..cache import cached
from ..chart_files import ViewFiles
from ..charts import CHART_IDS, REGISTRY

log = logging.getLogger(__name__)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def file_key(files: ViewFiles, name: str) -> str:
    """The view, language, host, the link's unusable values (their notices are on the slides) and the day."""
    notices = hashlib.sha256(repr(files.notices).encode()).hexdigest()[:16]
    return (f"pptx:{files.bundle.digest}:{name}:{files.lang}:{st.to_query(files.view)}:{files.host}:{notices}:"
            f"{date.today().isoformat()}")


def attachment(body: bytes, filename: str) -> Response:
    return Response(body, mimetype=PPTX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def register(server: Flask, context) -> None:
    from ..downloads import view_files  # downloads registers these routes

    @server.route("/download/briefing.pptx")
    def briefing_pptx():
        from .deck import deck_for

        files = view_files(context)
        body, _ = cached(file_key(files, "briefing"), lambda: deck_for(files), large=True)
        return attachment(body, f"kg-migration-briefing-{files.bundle.version}.pptx")

    @server.route("/download/<chart>.pptx")
    def chart_pptx_download(chart: str):
        if chart not in REGISTRY:
            return Response(f"No PowerPoint slide called {chart}.pptx. Charts: {', '.join(CHART_IDS)}; or the "
                            f"whole view: briefing.pptx.", status=404, mimetype="text/plain")
        from .deck import chart_pptx

        files = view_files(context)
        body, _ = cached(file_key(files, chart), lambda: chart_pptx(files, chart), large=True)
        return attachment(body, files.file_name(chart, "pptx"))
