"""Links, embed code, citations and download addresses for a view: one place, so they always agree."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import NamedTuple
from urllib.parse import urlencode

from ..charts import REGISTRY, ChartRequest
from ..data import Bundle
from ..i18n import translator
from ..labels import licence_label, source_label
from ..state import Options, ViewState, to_query
from .common import APP_NAME


class ShareTexts(NamedTuple):
    """What one chart's open share panel holds for a view: addresses and texts; png and svg None for a chart
    without an image (the cards)."""

    link: str
    embed: str
    cite: str
    csv: str
    pptx: str
    png: str | None
    svg: str | None


def pinned(s: ViewState, b: Bundle) -> ViewState:
    """Shared links carry the data version actually shown (`b`), so a reader sees what the author saw; a requested
    version the server no longer holds is replaced by the one it served."""
    return s if s.v == b.version else replace(s, v=b.version)


def page_url(host: str, lang: str, s: ViewState, b: Bundle) -> str:
    q = to_query(pinned(s, b))
    return f"{host.rstrip('/')}/{lang}/" + (f"?{q}" if q else "")


def embed_url(host: str, lang: str, chart: str, s: ViewState, b: Bundle) -> str:
    q = to_query(pinned(s, b))
    return f"{host.rstrip('/')}/{lang}/embed/{chart}" + (f"?{q}" if q else "")


def download_url(chart: str, ext: str, s: ViewState, lang: str, b: Bundle) -> str:
    q = to_query(pinned(s, b))
    extra = urlencode({"lang": lang})
    return f"/download/{chart}.{ext}?" + (f"{q}&{extra}" if q else extra)


def embed_code(host: str, lang: str, chart: str, s: ViewState, b: Bundle, title: str) -> str:
    """Responsive by default (width 100%), lazy, titled for screen readers; it never touches the host page's URL.
    The height is the chart's on a phone, so nothing is cut even where the host runs no script; where it does, our
    host script (assets/embed-host.js, from this same server: the only origin it believes) fits the iframe to the
    height the embed posts."""
    src = embed_url(host, lang, chart, s, b)
    safe_title = title.replace('"', "&quot;")
    return (f'<iframe src="{src}" title="{safe_title}" width="100%" height="{REGISTRY[chart].code_height()}" '
            f'style="border:0;max-width:100%" loading="lazy"></iframe>'
            f'<script src="{host.rstrip("/")}/{lang}/embed/assets/embed-host.js" async></script>')


def chart_title(b: Bundle, s: ViewState, opts: Options, chart: str, lang: str) -> str:
    """The chart's title for the view, as drawn on it (without building the figure)."""
    return REGISTRY[chart].title(ChartRequest(b, s, opts, lang))


def citation(b: Bundle, s: ViewState, opts: Options, chart: str, lang: str, host: str,
             source_ids: list[str]) -> str:
    t = translator(lang)
    sources = "; ".join(source_label(sid, lang, b.sources) for sid in dict.fromkeys(source_ids))
    return t("{app} ({year}). {title}. Sources: {sources}. Data version {version} ({created}). {url} "
             "(accessed {today}).", app=t(APP_NAME), year=b.created[:4], title=chart_title(b, s, opts, chart, lang),
             sources=sources, version=b.version, created=b.created[:10], url=page_url(host, lang, s, b),
             today=date.today().isoformat())


def licences(b: Bundle, source_ids: list[str], lang: str = "en") -> str:
    """'source id: licence' for each source, the licence note in the page's language (labels.licence_label)."""
    src = b.sources.set_index("source_id")
    out = []
    for sid in dict.fromkeys(source_ids):
        if sid in src.index:
            out.append(f"{sid}: {licence_label(src.loc[sid, 'licence'], lang)}")
    return "; ".join(out)
