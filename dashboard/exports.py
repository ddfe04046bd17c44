"""Downloads: the rows behind a chart as CSV with provenance, the chart as PNG/SVG, the whole data package as zip.

Images are rendered server-side by kaleido with Debian's chromium. One browser is kept warm per worker process
(started lazily, after gunicorn forks) instead of one per image; the world topojson comes from our own assets, and
the renderer asks nothing of the internet (see kaleido_options).
"""

from __future__ import annotations

import csv
import io
import math
import re
import threading
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from .data import Bundle
from .figures.maps import labels_for_width
from .lru import BoundedLRU
from .settings import ASSETS_DIR

FORMULA_START = ("=", "+", "-", "@")
# C0 and C1 controls (CR, LF, TAB, NUL, ESC, NEL...), DEL, and Unicode's line and paragraph separators
CONTROL_RUN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
_kaleido_lock = threading.Lock()
_kaleido_started = False
# Chromium calls home when it starts, whatever page it shows: network time (clients2.google.com), on-demand component
# installs (update.googleapis.com), Google sign-in's account check (accounts.google.com), and the new tab page it
# opens first connects to the search engine (start.duckduckgo.com); a page that loads anything over https also brings
# optimisation hints (optimizationguide-pa.googleapis.com). The features are switched off, the first tab is
# about:blank, and the two services without a switch are sent to a closed port on this machine. Each was seen, and
# its remedy checked, by tests/ops/test_offline_export.py (Chromium 156); --disable-background-networking, Chromium's
# general switch, stopped none of them and stays for what a later version may add.
NOWHERE = "http://127.0.0.1:9/"
OFFLINE_CHROMIUM_ARGS = (
    "--disable-background-networking",
    "--disable-features=NetworkTimeServiceQuerying,OptimizationHints",
    f"--component-updater=url-source={NOWHERE}",
    f"--gaia-url={NOWHERE}",
    "about:blank",
)


def _without_controls(text: str) -> str:
    """Line breaks, tabs and other control characters -> one space each run: in a CSV they would start a new row or
    cell (or be read as one), so text from a link or a label can never reshape the file."""
    return CONTROL_RUN.sub(" ", text)


def neutralise(value):
    """A text cell, cleared of control characters; if a spreadsheet would then run it as a formula (= + - @ first,
    after any leading whitespace) it gets a leading apostrophe (OWASP CSV injection). Numbers are left alone, and so
    is text that is a plain number: -16510 is a number, not a formula."""
    if not isinstance(value, str):
        return value
    text = _without_controls(value)
    if text.lstrip().startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text.strip()):
        return "'" + text
    return text


MAX_EXACT_INTEGER = 2**53  # beyond it a float no longer holds every whole number, so it is left as it is


def _is_whole(value) -> bool:
    return (isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
            and math.isfinite(value) and float(value).is_integer() and abs(value) < MAX_EXACT_INTEGER)


def whole_numbers(col: pd.Series) -> pd.Series:
    """Each whole number as an integer: 7085.0 -> 7085, 21.0 -> 21 (pandas stores counts as floats as soon as one
    is missing, and a column mixes sources published to different precisions). A number with a fraction is written
    as stored, never rounded; missing stays an empty cell; text and booleans stay as they are."""
    if pd.api.types.is_bool_dtype(col) or pd.api.types.is_integer_dtype(col):
        return col
    if not (pd.api.types.is_float_dtype(col) or col.dtype == object):
        return col
    if not any(_is_whole(v) for v in col):
        return col
    return pd.Series([int(v) if _is_whole(v) else v for v in col], index=col.index, name=col.name, dtype=object)


def csv_bytes(rows: pd.DataFrame, meta: list[tuple[str, str]]) -> bytes:
    """'# key: value' provenance lines, then the table. Each provenance line is one CSV cell (quoted when it holds a
    comma or a quote), so text in it never opens a cell or row of its own. Read back with
    pandas.read_csv(..., skiprows=<number of provenance lines>) or any spreadsheet (the lines show as text rows
    above the header). Whole numbers are written as integers (whole_numbers)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for key, value in meta:
        writer.writerow([f"# {_without_controls(str(key))}: {neutralise(str(value))}"])
    safe = rows.copy()
    for col in safe.columns:
        safe[col] = whole_numbers(safe[col])
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            # a list, not Series.map: map would infer a dtype and turn the whole numbers back into floats
            safe[col] = pd.Series([neutralise(v) for v in safe[col]], index=safe.index, dtype=object)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    safe.to_csv(out, index=False, lineterminator="\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel then opens Cyrillic text as UTF-8


def plotly_js_uri() -> str:
    """plotly.py's own plotly.js, named explicitly: kaleido would quietly fall back to its CDN copy if it could not
    find it; given a path, a missing file is an error instead."""
    import plotly

    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").as_uri()


def kaleido_options() -> dict:
    """Kaleido's page without MathJax (by default fetched from cdnjs on every page load, and no chart here has
    LaTeX) and with the local plotly.js, in a Chromium without extensions or calls home (OFFLINE_CHROMIUM_ARGS).
    choreographer's CHOREO_PROXY_SERVER still applies: the offline test records through it."""
    from choreographer.browsers import Chromium

    class OfflineChromium(Chromium):
        def get_cli(self) -> list[str]:
            return [*super().get_cli(), *OFFLINE_CHROMIUM_ARGS]

    return {"mathjax": False, "plotlyjs": plotly_js_uri(), "enable_extensions": False, "browser_cls": OfflineChromium}


def render_image(figure: dict, fmt: str, width: int, height: int, scale: float) -> bytes:
    """The figure drawn by plotly.js in the offline Chromium (kaleido), with what a screen's stylesheet would choose
    chosen for the picture's width (the oblast map's labels)."""
    import kaleido

    figure = labels_for_width(figure, width)

    global _kaleido_started
    with _kaleido_lock:  # the warm browser takes one figure at a time
        if not _kaleido_started:
            kaleido.start_sync_server(silence_warnings=True, **kaleido_options())
            _kaleido_started = True
        return kaleido.calc_fig_sync(figure, opts={"format": fmt, "width": width, "height": height, "scale": scale},
                                     topojson=(ASSETS_DIR / "topojson").as_uri() + "/")


_zip_cache: BoundedLRU[bytes] = BoundedLRU(4)  # digest -> zip: the current version and the few archived ones


def data_package_zip(b: Bundle) -> bytes:
    """datapackage.json, every resource it lists, and the READMEs and source notes beside them."""
    return _zip_cache.get_or_compute(b.digest, lambda: _zip_of(b))


def _zip_of(b: Bundle) -> bytes:
    paths = ["datapackage.json", *[r["path"] for r in b.descriptor["resources"]]]
    paths += [p for p in ("README.md", "SOURCES.md", "geo/GEO_SOURCES.md") if (b.data_dir / p).is_file()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in dict.fromkeys(paths):
            z.write(b.data_dir / p, f"kg-labour-migration-{b.version}/{p}")
    return buf.getvalue()
