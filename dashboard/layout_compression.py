"""The layout answer compressed as hard as brotli can once it has been asked for before.

The layout (`/<lang>/_dash-layout`, the page's whole component tree for the asking page's view, about 220 KB of JSON)
is the largest answer of a first visit that is not a static file. Flask-Compress sends it at brotli quality 5 (25.7
KB for the default view, in ~3 ms); quality 11 makes it 22.3 KB but takes 100-200 ms, too long to keep a reader
waiting. So the first answer of a layout goes out at quality 5 as before, its quality 11 is made once that answer has
been sent (when the response closes), and later answers with the same body get it. A view's layout is the same for
every visitor until the data changes, so bodies are kept by their SHA-256, up to KEEP per worker (~25 KB each).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import brotli
from flask import Flask, Response, request

from .precompressed import BROTLI_QUALITY

KEEP = 32


class HardCompressed:
    """Brotli-11 bodies by the SHA-256 of what they compress, the most recently used KEEP of them."""

    def __init__(self, keep: int = KEEP) -> None:
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()

    def get(self, digest: str) -> bytes | None:
        with self._lock:
            body = self._bodies.get(digest)
            if body is not None:
                self._bodies.move_to_end(digest)
            return body

    def make(self, digest: str, plain: bytes) -> None:
        compressed = brotli.compress(plain, quality=BROTLI_QUALITY)
        with self._lock:
            self._bodies[digest] = compressed
            while len(self._bodies) > self._keep:
                self._bodies.popitem(last=False)

    def __len__(self) -> int:
        return len(self._bodies)


def register(server: Flask, kept: HardCompressed | None = None) -> HardCompressed:
    """Answer layouts from `kept` when their body has been compressed before. Registered after the Dash apps, so
    that this hook runs before Flask-Compress's, which leaves a response that has a Content-Encoding alone."""
    kept = kept if kept is not None else HardCompressed()

    @server.after_request
    def layout_compressed_hard(response: Response) -> Response:
        if (not request.path.endswith("/_dash-layout") or response.status_code != 200 or response.is_streamed
                or "Content-Encoding" in response.headers or request.accept_encodings.quality("br") <= 0):
            return response
        plain = response.get_data()
        digest = hashlib.sha256(plain).hexdigest()
        compressed = kept.get(digest)
        if compressed is None:
            response.call_on_close(lambda: kept.make(digest, plain))
            return response
        response.set_data(compressed)
        response.headers["Content-Encoding"] = "br"
        response.vary.add("Accept-Encoding")
        return response

    return kept
