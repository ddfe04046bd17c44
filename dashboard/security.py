"""Response headers: a Content-Security-Policy with no outside sources, framing rules, and a few hardening headers.

Dash's one inline script (the renderer bootstrap) is allowed by its SHA-256 hash (`Dash.csp_hashes()`), not by
'unsafe-inline'; the clientside callbacks are a file (assets/30-callbacks.js), served from 'self'. Styles need
'unsafe-inline' (React and plotly.js set style attributes). Embeds may sit in any site's iframe; every other page may
not be framed at all.
"""

from __future__ import annotations

import re

from flask import Flask, Request, request

from .caching import is_static

EMBED_PATH = re.compile(r"^/[a-z]{2}/embed/")
# the static files (caching.is_static) no browser shows as a page: scripts, stylesheets, fonts, the map's JSON
STATIC_TYPES = ("text/javascript", "application/javascript", "text/css", "font/woff2", "application/json")


def is_embed(path: str) -> bool:
    return bool(EMBED_PATH.match(path))


def is_static_resource(req: Request, mimetype: str | None) -> bool:
    """A script, stylesheet, font or JSON file the pages load (Dash's list of callbacks too): framing, referrer,
    opener and permissions rules do nothing there (they govern documents), and cost ~200 bytes on each of the ~25
    files of a first visit."""
    return (is_static(req) or req.path.endswith("/_dash-dependencies")) and mimetype in STATIC_TYPES


def policy(script_hashes: list[str], frame_ancestors: str) -> str:
    scripts = " ".join(["'self'", *sorted(set(script_hashes))])
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
        "base-uri 'self'", "form-action 'self'", "worker-src 'self' blob:", f"frame-ancestors {frame_ancestors}",
    ])


def register(server: Flask, script_hashes: list[str]) -> None:
    page_policy = policy(script_hashes, "'none'")
    embed_policy = policy(script_hashes, "*")

    @server.after_request
    def headers(resp):
        resp.headers["X-Content-Type-Options"] = "nosniff"
        if request.path.endswith("/_dash-update-component") or is_static_resource(request, resp.mimetype):
            # callback answers are JSON read by our own script, and the static files are scripts, styles, fonts
            # and data, never a document: the page-level headers (framing, referrer, opener, permissions) do
            # nothing there and cost ~250 bytes on every update and every file
            return resp
        # the page's address goes to this server only: its layout request carries the link's query that way
        # (app.page_query), so a shared link opens drawn on its own view; other sites never see it
        resp.headers["Referrer-Policy"] = "same-origin"
        if request.path.endswith("/_dash-layout"):
            # drawn for the asking page's view (its Referer): a shared cache must never hand it to another page
            resp.headers["Cache-Control"] = "no-store"
        resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        resp.headers["Permissions-Policy"] = "geolocation=(), camera=(), microphone=()"
        if is_embed(request.path):
            resp.headers.pop("X-Frame-Options", None)
            if resp.mimetype == "text/html":
                resp.headers["Content-Security-Policy"] = embed_policy
        else:
            resp.headers["X-Frame-Options"] = "DENY"
            # the full policy matters only for documents; other responses (callback JSON, scripts, CSVs, images)
            # still refuse framing, in one short header instead of ~1 KB on every callback
            resp.headers["Content-Security-Policy"] = (page_policy if resp.mimetype == "text/html"
                                                       else "frame-ancestors 'none'")
        return resp
