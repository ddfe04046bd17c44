"""Plain Flask routes beside Dash: language redirect, health, boundaries, and friendly errors."""

from __future__ import annotations

import json

from flask import Flask, Response, redirect, request

from .i18n import DEFAULT_LANGUAGE, LANGUAGES


def register(server: Flask, context) -> None:
    geojson: dict[str, bytes] = {}  # digest -> bytes


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
        # the URL carries the content digest, so the browser may keep it for a year
        b = context.bundle
        if b.digest not in geojson:
            geojson[b.digest] = json.dumps(b.oblast_geojson, separators=(",", ":")).encode()
        return Response(geojson[b.digest], mimetype="application/geo+json",
                        headers={"Cache-Control": "public, max-age=31536000, immutable"})

    @server.errorhandler(404)
    def not_found(_e):
        return Response("Not found. The dashboard is at /en/.", status=404, mimetype="text/plain")
