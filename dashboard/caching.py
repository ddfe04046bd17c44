"""Cache headers for the page's static files, so that a browser downloads each one once.

A URL that names its content's version is kept for a year and never revalidated; any other static URL carries
validators and is revalidated on every use (a 304 when unchanged). Dash names the version of its component bundles
in the file name (react@18.v4_4_1m1796068855.3.1.min.js) and of stylesheets and scripts in assets/ with `?m=<mtime>`.
Its async chunks (async-graph.js), plotly.js (which dcc loads from a fixed URL), the fonts our stylesheet names and
the world map plotly.js fetches carry none, so they revalidate.

The favicon is served here at a URL with its content hash, shared by every language and embed, and the index pages
link to it (components/page.py). Dash's own `_favicon.ico` had no cache header at all, and Chromium asks for the icon
again whenever the page's URL changes: every year step downloaded its 4.6 KB again. The icon is the dashboard's own
(assets/favicon.svg: a route leaving home, 378 bytes), not Dash's logo.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from dash.fingerprint import check_fingerprint
from flask import Flask, Request, Response, request

from .settings import ASSETS_DIR

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
VERSION_QUERY_KEYS = ("m", "v")  # Dash's ?m=<mtime> on assets, ?v=<Dash version> on its own favicon link
FAVICON_ROUTE = "/favicon-<digest>.svg"
FAVICON_FILE = ASSETS_DIR / "favicon.svg"


@lru_cache(maxsize=1)
def favicon() -> tuple[bytes, str]:
    """The dashboard's icon and the first 16 hex digits of its SHA-256."""
    body = FAVICON_FILE.read_bytes()
    return body, hashlib.sha256(body).hexdigest()[:16]


def favicon_path() -> str:
    return FAVICON_ROUTE.replace("<digest>", favicon()[1])


def favicon_link() -> str:
    return f'<link rel="icon" type="image/svg+xml" href="{favicon_path()}">'


def is_static(req: Request) -> bool:
    """Files that are the same for every visitor and view: Dash's bundles and assets, and both favicons."""
    return ("/_dash-component-suites/" in req.path or req.path.endswith("/_favicon.ico")
            or (req.endpoint or "").endswith("_dash_assets.static"))


def is_versioned(req: Request) -> bool:
    """The URL names its content's version: a Dash fingerprint in the file name, or ?m= / ?v=."""
    return check_fingerprint(req.path)[1] or any(req.args.get(key) for key in VERSION_QUERY_KEYS)


def with_cache_headers(response: Response, req: Request) -> Response:
    """Long-lived or revalidated, with an ETag on every whole body (Flask's assets bring their own, and Last-Modified)
    and a 304 when the browser's copy matches. Runs before Flask-Compress, which then answers the compressed
    variant's If-None-Match itself (its ETag gets ':gzip')."""
    if response.status_code not in (200, 304):
        return response
    response.headers["Cache-Control"] = IMMUTABLE if is_versioned(req) else REVALIDATE
    if response.status_code == 200 and not response.is_streamed:
        if not response.get_etag()[0]:
            response.add_etag()
        response.make_conditional(req)
    return response


def register(server: Flask) -> None:
    """Call after the Dash apps exist: Flask runs after_request hooks last-registered first, so this one sees the
    response before Flask-Compress does."""
    @server.route(FAVICON_ROUTE)
    def hashed_favicon(digest: str):
        body, current = favicon()
        if digest != current:  # an icon we no longer have: send the current one, but never mark it as this URL's
            return Response(status=302, headers={"Location": favicon_path(), "Cache-Control": REVALIDATE})
        response = Response(body, mimetype="image/svg+xml", headers={"Cache-Control": IMMUTABLE})
        response.set_etag(current)
        return response.make_conditional(request)

    @server.after_request
    def cache_headers(response: Response) -> Response:
        if request.method in ("GET", "HEAD") and is_static(request):
            return with_cache_headers(response, request)
        return response
