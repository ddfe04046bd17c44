"""Refuse malformed or oversized requests before Dash sees them: a tampered callback payload gets a short 4xx, never a
500 or a traceback. URL values themselves are validated by state.parse (unknown values fall back with a notice)."""

from __future__ import annotations

import json
import logging

from dash.exceptions import DependencyException, InvalidResourceError
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)
MAX_CALLBACK_BYTES = 64 * 1024  # real payloads are 0.3-2 KB
MAX_QUERY_BYTES = 4096


def _bad(status: int, message: str) -> Response:
    return Response(message, status=status, mimetype="text/plain")


def callback_payload_problem(raw: bytes) -> str | None:
    """None if `raw` has the shape the Dash renderer sends, else a short reason."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # deeply nested garbage too
        return "the request body is not JSON"
    if not isinstance(body, dict):
        return "the request body is not a JSON object"
    if not isinstance(body.get("output"), str) or len(body["output"]) > 4000:
        return "'output' must be a string naming the callback outputs"
    if not isinstance(body.get("inputs"), list) or not isinstance(body.get("changedPropIds", []), list):
        return "'inputs' and 'changedPropIds' must be lists"
    if not isinstance(body.get("outputs"), list | dict) or not isinstance(body.get("state", []), list):
        return "'outputs' must be a list or object and 'state' a list"
    for item in [*body["inputs"], *body.get("state", [])]:
        entries = item if isinstance(item, list) else [item]
        if not all(isinstance(e, dict) and "id" in e and isinstance(e.get("property"), str) for e in entries):
            return "each input and state needs an 'id' and a 'property'"
    return None


def register(server: Flask) -> None:
    # enforced by werkzeug while reading, so a chunked body without Content-Length is capped too
    server.config["MAX_CONTENT_LENGTH"] = MAX_CALLBACK_BYTES

    @server.before_request
    def check_request():
        if len(request.query_string) > MAX_QUERY_BYTES:
            return _bad(414, "This link is too long.")
        if request.path.endswith("/_dash-update-component"):
            if request.method != "POST":
                return _bad(405, "Callbacks are POST requests.")
            if (request.content_length or 0) > MAX_CALLBACK_BYTES:
                return _bad(413, "The callback request is too large.")
            raw = request.get_data(cache=True)
            if len(raw) >= MAX_CALLBACK_BYTES:  # werkzeug stops reading a chunked body at the limit
                return _bad(413, "The callback request is too large.")
            problem = callback_payload_problem(raw)
            if problem:
                return _bad(400, f"Bad callback request: {problem}.")
        return None

    @server.errorhandler(Exception)
    def any_error(exc):
        """No traceback ever reaches a client. A callback that fails on what it was sent is the client's fault
        (4xx); anything else is ours (500, logged)."""
        if isinstance(exc, HTTPException):
            if exc.code == 413:
                return _bad(413, "The request is too large.")
            return _bad(exc.code or 500, exc.description or exc.name)
        if isinstance(exc, DependencyException | InvalidResourceError):  # a script path Dash does not serve
            return _bad(404, "Not found.")
        if request.path.endswith("/_dash-update-component"):
            log.warning("callback refused %s: %r", request.path, exc)
            return _bad(400, "Bad callback request: the inputs do not match this dashboard.")
        log.exception("unhandled error on %s", request.path)
        return _bad(500, "Something went wrong on our side; the error was logged. Try again, or go to /en/.")
