"""Downloads: the rows behind a chart as CSV with provenance, the chart as PNG/SVG, the whole data package as zip.

Images are rendered server-side by kaleido with Debian's chromium. One browser is kept warm per worker process
(started lazily, after gunicorn forks) instead of one per image; the world topojson comes from our own assets.
"""

from __future__ import annotations

import io
import threading
import zipfile

import pandas as pd

from .data import Bundle
from .settings import ASSETS_DIR

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
_kaleido_lock = threading.Lock()
_kaleido_started = False


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection).
    Numbers are left alone: -16510 is a number, not a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(rows: pd.DataFrame, meta: list[tuple[str, str]]) -> bytes:
    """'# key: value' provenance lines, then the table. Read back with pandas.read_csv(..., comment=None,
    skiprows=<number of # lines>) or any spreadsheet (the lines show as text rows above the header)."""
    out = io.StringIO()
    for key, value in meta:
        out.write(f"# {key}: {neutralise(str(value)).replace(chr(10), ' ')}\n")
    safe = rows.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    safe.to_csv(out, index=False, lineterminator="\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel then opens Cyrillic text as UTF-8


def render_image(figure: dict, fmt: str, width: int, height: int, scale: float) -> bytes:
    import kaleido

    global _kaleido_started
    with _kaleido_lock:  # the warm browser takes one figure at a time
        if not _kaleido_started:
            kaleido.start_sync_server(silence_warnings=True)
            _kaleido_started = True
        return kaleido.calc_fig_sync(figure, opts={"format": fmt, "width": width, "height": height, "scale": scale},
                                     topojson=(ASSETS_DIR / "topojson").as_uri() + "/")


_zip_cache: dict[str, bytes] = {}


def data_package_zip(b: Bundle) -> bytes:
    """datapackage.json, every resource it lists, and the READMEs and source notes beside them."""
    if b.digest in _zip_cache:
        return _zip_cache[b.digest]
    paths = ["datapackage.json", *[r["path"] for r in b.descriptor["resources"]]]
    paths += [p for p in ("README.md", "SOURCES.md", "geo/GEO_SOURCES.md") if (b.data_dir / p).is_file()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in dict.fromkeys(paths):
            z.write(b.data_dir / p, f"kg-labour-migration-{b.version}/{p}")
    _zip_cache[b.digest] = buf.getvalue()
    return _zip_cache[b.digest]
