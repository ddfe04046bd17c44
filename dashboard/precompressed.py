"""The page's static files sent precompressed: brotli at quality 11, gzip at level 9 for clients without br.

Flask-Compress compresses each response as it leaves (zstd level 3 for Chromium): quick, but plotly.js and the world
map come out a fifth larger than brotli's best, and a first visit downloads them every time. These files are the same
for every visitor, so each is compressed once, as hard as brotli can, and held in memory: built in gunicorn's master
before it forks (the workers share the pages). Brotli 11 of them all takes about 4 s, more than start-up may, so the
results are also kept on disk (build/precompressed/ beside the assets folder, named by the SHA-256 of the file and
the level, each checked against its file when read) and only a first start on a machine pays for them.

Which files: plotly.js (the geo partial bundle, dashboard/vendor, served at the URL Dash's graph asks for; the basic
bundle beside it for embeds without a map), the scripts of Dash's renderer and core components the pages load, and
the stylesheets, scripts and world map in assets/ (fonts are compressed already; the page's own scripts and
stylesheets without their comments and spare white space, minify.py). Answers carry Content-Encoding,
Vary: Accept-Encoding and an ETag per encoding (304 on If-None-Match); caching.py gives them the lifetime of their
URL, as it does every static file. An asset changed on disk since start-up (development) falls through to Dash,
which sends the file as it now is.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import mimetypes
import os
import pkgutil
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import brotli
from dash.fingerprint import check_fingerprint
from flask import Flask, Request, Response, request

from .dash_app import UNUSED_BUNDLES
from .i18n import LANGUAGES
from .minify import minified
from .settings import ASSETS_DIR

log = logging.getLogger(__name__)

STORE = ASSETS_DIR.parent / "build" / "precompressed"
PARTIAL_PLOTLY = Path(__file__).resolve().parent / "vendor" / "plotly-geo.min.js"
PLOTLY_KEY = "plotly/package_data/plotly.min.js"  # the URL dcc's graph loads plotly.js from (under the app's prefix)
# an embed without a map loads the basic bundle (scatter, bar, pie) itself, beside Dash (assets/55-embed-live.js)
BASIC_PLOTLY = PARTIAL_PLOTLY.with_name("plotly-basic.min.js")
BASIC_PLOTLY_KEY = "plotly/package_data/plotly-basic.min.js"
ASSET_SUFFIXES = (".js", ".css", ".json", ".svg")
DCC_CHUNKS = ("async-graph.js", "async-slider.js", "async-dropdown.js", "async-markdown.js")  # the ones drawn here
ENCODINGS = ("br", "gzip")  # preferred first when the client accepts both
BROTLI_QUALITY = 11  # the highest
GZIP_LEVEL = 9  # the highest
_prefix = "|".join(map(re.escape, LANGUAGES))
STATIC_URL = re.compile(rf"/(?:{_prefix})(?:/embed)?/(?:_dash-component-suites/(?P<suite>[\w@.-]+/[\w@./-]+)"
                        rf"|assets/(?P<asset>[\w@./-]+))")


@dataclass(frozen=True)
class Precompressed:
    """One file as it is and compressed both ways; `stamp` (mtime_ns, size) for a file that may change on disk."""

    body: bytes
    br: bytes
    gzip: bytes
    digest: str  # first 16 hex digits of the file's SHA-256: the ETag
    mimetype: str
    path: Path | None = None
    stamp: tuple[int, int] | None = None

    def encoded(self, encoding: str | None) -> bytes:
        return {"br": self.br, "gzip": self.gzip}.get(encoding or "", self.body)

    def current(self) -> bool:
        """False when the file on disk is no longer the one compressed (an asset edited while the server runs)."""
        if self.path is None or self.stamp is None:
            return True
        try:
            info = self.path.stat()
        except OSError:
            return False
        return (info.st_mtime_ns, info.st_size) == self.stamp


def stored(store: Path, name: str, make: Callable[[], bytes], valid: Callable[[bytes], bool]) -> bytes:
    """`make()`, or what an earlier start stored as `name` if `valid` says it still is; stored atomically (two servers
    starting at once both write whole files). A store that cannot be written costs only the time of `make`."""
    path = store / name
    try:
        kept = path.read_bytes()
        if valid(kept):
            return kept
    except (OSError, brotli.error, EOFError, gzip.BadGzipFile):
        pass
    log.info("precompressed: compressing %s once (kept in %s for later starts)", name, store)
    data = make()
    try:
        store.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=store, delete=False, suffix=".tmp") as tmp:
            tmp.write(data)
        os.replace(tmp.name, path)
    except OSError as exc:
        log.warning("precompressed: cannot keep %s in %s (%s); it will be compressed again at the next start",
                    name, store, exc)
    return data


def precompress(body: bytes, mimetype: str, store: Path = STORE, path: Path | None = None) -> Precompressed:
    digest = hashlib.sha256(body).hexdigest()
    # named by content and level: another level (or file) is another name, never a stale hit
    br = stored(store, f"{digest}.{BROTLI_QUALITY}.br", lambda: brotli.compress(body, quality=BROTLI_QUALITY),
                lambda kept: brotli.decompress(kept) == body)
    gz = stored(store, f"{digest}.{GZIP_LEVEL}.gz", lambda: gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
                lambda kept: gzip.decompress(kept) == body)
    stamp = None
    if path is not None:
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
    return Precompressed(body, br, gz, digest[:16], mimetype, path, stamp)


def dash_scripts() -> dict[str, bytes]:
    """'dash/dcc/async-graph.js' -> the file, for each production script of Dash's renderer (React included) and core
    and HTML components the pages load, as the installed dash package holds them."""
    from dash import _dash_renderer, dcc, html

    resources = [*_dash_renderer._js_dist_dependencies, *_dash_renderer._js_dist, *dcc._js_dist, *html._js_dist]
    paths: list[str] = []
    for resource in resources:
        rel = resource.get("relative_package_path")
        rel = rel.get("prod", []) if isinstance(rel, dict) else [rel] if isinstance(rel, str) else list(rel or [])
        loaded = not resource.get("dynamic") and (not resource.get("async") or any(Path(p).name in DCC_CHUNKS
                                                                                    for p in rel))
        if resource.get("namespace") == "dash" and loaded:
            paths += [p for p in rel if p.endswith(".js")]
    return {f"dash/{p}": pkgutil.get_data("dash", p) or b"" for p in dict.fromkeys(paths)}


def mimetype_of(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@lru_cache(maxsize=1)
def table() -> dict[str, Precompressed]:
    """Every precompressed file by its key (the URL after _dash-component-suites/, or assets/ + its path), built once
    per process."""
    files = {f"suite:{key}": (body, None) for key, body in dash_scripts().items()}
    files[f"suite:{PLOTLY_KEY}"] = (PARTIAL_PLOTLY.read_bytes(), None)
    files[f"suite:{BASIC_PLOTLY_KEY}"] = (BASIC_PLOTLY.read_bytes(), None)
    for path in sorted(ASSETS_DIR.rglob("*")):
        if path.is_file() and path.suffix in ASSET_SUFFIXES:
            files[f"asset:{path.relative_to(ASSETS_DIR).as_posix()}"] = (minified(path.read_bytes(), path.suffix), path)
    return {key: precompress(body, mimetype_of(key), path=path) for key, (body, path) in files.items()}


def key_for(path: str) -> str | None:
    """The table key a request path names: 'suite:dash/dcc/dash_core_components.js' (Dash's fingerprint taken off),
    'asset:topojson/world_110m.json'; None for any other path."""
    match = STATIC_URL.fullmatch(path)
    if not match:
        return None
    if match["asset"]:
        return f"asset:{match['asset']}"
    package, fingerprinted = match["suite"].split("/", 1)
    return f"suite:{package}/{check_fingerprint(fingerprinted)[0]}"


def respond(entry: Precompressed, req: Request) -> Response:
    """The encoding the client prefers of br and gzip (the file as it is when it takes neither), with its ETag; 304
    when the client holds that encoding already. Cache-Control comes from caching.py, as for every static file."""
    encoding = req.accept_encodings.best_match(ENCODINGS)
    etag = entry.digest + (f"-{encoding}" if encoding else "")
    headers = {"Vary": "Accept-Encoding"}
    if req.if_none_match.contains(etag):
        return Response(status=304, headers={**headers, "ETag": f'"{etag}"'})
    response = Response(entry.encoded(encoding), mimetype=entry.mimetype, headers=headers)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.set_etag(etag)
    return response


def register(server: Flask) -> None:
    """Compress (or read back) every file now, in the process that forks the workers, and answer their URLs."""
    entries = table()

    @server.before_request
    def precompressed():
        if request.method not in ("GET", "HEAD"):
            return None
        key = key_for(request.path)
        if key is None:
            return None
        if key.startswith(tuple(f"suite:{folder}" for folder in UNUSED_BUNDLES)):
            return Response("Not found. No page of this dashboard uses this bundle.", status=404,
                            mimetype="text/plain")
        entry = entries.get(key)
        return respond(entry, request) if entry is not None and entry.current() else None
