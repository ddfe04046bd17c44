"""Plain Flask routes beside Dash: language redirect, health, boundaries, precompressed static files, and friendly
errors."""

from __future__ import annotations

import json

from flask import Flask, Response, redirect, request

from . import precompressed
from .caching import IMMUTABLE, REVALIDATE
from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .lru import BoundedLRU


def register(server: Flask, context) -> None:
    precompressed.register(server)  # plotly.js (its geo bundle), Dash's scripts, the assets: brotli 11 / gzip 9
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
