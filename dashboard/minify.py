"""The page's own scripts and stylesheets as browsers get them: without their comments and runs of white space.

The files in assets/ are written to be read, and about two fifths of each is comments; a first visit paid for them
(14 KB of the first load at brotli 11). rjsmin and rcssmin remove comments and white space only: no name is changed
and no statement rewritten, so what runs is the code as written, and a licence comment (`/*! ... */`) is kept.
precompressed.py sends the result (and its brotli and gzip) at the file's own URL.
"""

from __future__ import annotations

import rcssmin
import rjsmin

MINIFIED_SUFFIXES = (".js", ".css")


def minified(body: bytes, suffix: str) -> bytes:
    """`body` (a file with this suffix) without comments and spare white space; any other file as it is."""
    if suffix == ".js":
        return rjsmin.jsmin(body, keep_bang_comments=True)
    if suffix == ".css":
        return rcssmin.cssmin(body, keep_bang_comments=True)
    return body
