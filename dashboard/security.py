"""Response headers. Framing: embeds may sit in any site's iframe; every other page may not be framed at all."""

from __future__ import annotations

import re

from flask import Flask, request

EMBED_PATH = re.compile(r"^/[a-z]{2}/embed/")


def is_embed(path: str) -> bool:
    return bool(EMBED_PATH.match(path))


def register(server: Flask) -> None:
    @server.after_request
    def headers(resp):
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "same-origin"
        if is_embed(request.path):
            resp.headers["Content-Security-Policy"] = "frame-ancestors *"
            resp.headers.pop("X-Frame-Options", None)
        else:
            resp.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
            resp.headers["X-Frame-Options"] = "DENY"
        return resp
