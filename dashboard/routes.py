"""Plain Flask routes beside Dash: language redirect, health, boundaries, and friendly errors."""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, redirect, request

from .caching import IMMUTABLE, REVALIDATE
from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .lru import BoundedLRU

PLOTLY_PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"
PARTIAL_PLOTLY = Path(__file__).resolve().parent / "vendor" / "plotly-geo.min.js"


@lru_cache(maxsize=1)
def _partial_plotly() -> tuple[bytes, str]:
    """Compressed once per worker on first use (not at start-up: that would slow start to ready)."""
    raw = PARTIAL_PLOTLY.read_bytes()
    return gzip.compress(raw, compresslevel=9, mtime=0), hashlib.sha256(raw).hexdigest()[:16]


def register(server: Flask, context) -> None:
    @server.before_request
    def partial_plotly():
        """Dash's renderer loads plotly.js from a fixed URL; we answer it with plotly.js's geo partial bundle
        (scatter, scattergeo, choropleth: all this dashboard draws), 464 KB instead of 1.47 MB compressed."""
        if not request.path.endswith(PLOTLY_PATH):
            return None
        body, etag = _partial_plotly()
        if request.if_none_match.contains(etag):
            return Response(status=304, headers={"ETag": f'"{etag}"'})
        # its URL names no version (dcc asks for this fixed path), so the browser revalidates it (caching.py)
        headers = {"ETag": f'"{etag}"', "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            return Response(body, mimetype="application/javascript", headers={**headers, "Content-Encoding": "gzip"})
        return Response(gzip.decompress(body), mimetype="application/javascript", headers=headers)

    geojson: BoundedLRU[bytes] = BoundedLRU(4)  # digest -> the serialised boundaries (a few versions at most)


    @server.before_request
    def root():
        """Runs before Dash's own routes. `/` picks a language from the browser's Accept-Language (falls back to
        English) keeping the query; `/en` gets its slash."""
        if request.path != "/":
            if request.path.rstrip("/") in {f"/{lang}" for lang in LANGUAGES} and not request.path.endswith("/"):
                return redirect(request.full_path.replace(request.path, request.path + "/", 1).rstrip("?"))
            return None
        lang = request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE
        qs = request.query_string.decode("utf-8", "replace")
        return redirect(f"/{lang}/" + (f"?{qs}" if qs else ""), code=302)

    @server.route("/health")
    def health():
        b = context.bundle
        body = {"status": "ok", "data_version": b.version, "data_digest": b.digest,
                "versions_held": sorted([b.version, *context.archive])}
        return Response(json.dumps(body), mimetype="application/json", headers={"Cache-Control": "no-store"})

    @server.route("/geo/oblasts.geojson")
    def oblasts_geojson():
        # the page's link carries the data digest (?d=), so the browser may keep it for a year; a link with another
        # digest (an old page, after a new version was published) gets today's boundaries, to be revalidated
        b = context.bundle
        body = geojson.get_or_compute(b.digest, lambda: json.dumps(b.oblast_geojson, separators=(",", ":")).encode())
        cache = IMMUTABLE if request.args.get("d") == b.digest else REVALIDATE
        response = Response(body, mimetype="application/geo+json", headers={"Cache-Control": cache})
        response.set_etag(b.digest)
        return response.make_conditional(request)

    @server.errorhandler(404)
    def not_found(_e):
        return Response("Not found. The dashboard is at /en/.", status=404, mimetype="text/plain")
