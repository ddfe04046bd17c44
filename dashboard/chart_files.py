"""One chart of one view as files: its CSV (rows and provenance) and its image (PNG or SVG).

The download routes and the briefing pack both ask here, so a chart's CSV in the pack is byte for byte the one its
Download menu gives, and its picture the one the server renders for the same view and size.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import exports
from . import state as st
from .cache import cached
from .charts import REGISTRY, ChartRequest
from .charts.base import DEFAULT_PRESET, ExportPreset
from .charts.events import events_provenance
from .data import Bundle
from .figures.theme import picture
from .i18n import translator
from .state import Notice, Options, ViewState
from .views import share

MAX_PIXELS = 3200 * 1800 * 2  # width x height x scale^2 of the largest image we render


@dataclass(frozen=True)
class ViewFiles:
    """What every file of a view needs besides the chart: the data version, the view, the language, the address
    links point to and the notices of a query that fell back."""

    bundle: Bundle
    view: ViewState
    opts: Options
    lang: str
    host: str
    notices: tuple[Notice, ...] = ()

    def request(self, **extra) -> ChartRequest:
        return ChartRequest(self.bundle, self.view, self.opts, self.lang, **extra)

    def link(self) -> str:
        return share.page_url(self.host, self.lang, self.view, self.bundle)

    def file_name(self, chart_id: str, ext: str) -> str:
        return f"kg-migration-{chart_id}-{self.bundle.version}.{ext}"


def chart_csv(files: ViewFiles, chart_id: str) -> bytes:
    """The chart's rows with '# key: value' provenance lines: title, sources and licences, citation, data version,
    view, the marked events and any notice."""
    chart, b, lang = REGISTRY[chart_id], files.bundle, files.lang
    req = files.request()
    rows = chart.rows(req)
    ids = chart.source_ids(req, rows)
    t = translator(lang)
    meta = [(t("title"), share.chart_title(b, files.view, files.opts, chart_id, lang)),
            (t("sources"), share.licences(b, ids, lang)),
            (t("cite as"), share.citation(b, files.view, files.opts, chart_id, lang, files.host, ids)),
            (t("data version"), f"{b.version} ({b.created[:10]}, {b.digest})"),
            (t("view"), files.link()),
            (t("notes"), t("values as published; empty cells are missing values, not zero"))]
    meta += events_provenance(chart.marked_events(req), lang)  # the events drawn over the rows
    meta += [(t("notice"), f"{notice.key}={notice.value} ({notice.reason})") for notice in files.notices]
    return exports.csv_bytes(rows, meta)


def preset_size(chart_id: str, preset: str = DEFAULT_PRESET) -> ExportPreset:
    """The chart's own size for a preset: a tall chart (official counts) has a taller slide."""
    presets = REGISTRY[chart_id].presets
    return presets.get(preset) or presets[DEFAULT_PRESET]


def chart_image(files: ViewFiles, chart_id: str, ext: str, width: int, height: int, scale: float) -> tuple[bytes, bool]:
    """(image, served from cache): the figure with the view's link drawn in, refitted to the image's shape. Raises
    when the renderer (kaleido, Chromium) fails: the caller says so in its own way."""
    fig = REGISTRY[chart_id].figure(files.request(link=files.link(), inline_geometry=True))
    scale = min(scale, (MAX_PIXELS / (width * height)) ** 0.5)
    fig["layout"] = picture(fig["layout"], height, width)  # the map's frame takes the image's shape
    key = (f"img:{files.bundle.digest}:{chart_id}:{ext}:{width}x{height}@{scale}:{files.lang}:"
           f"{st.to_query(files.view)}:{files.host}")
    return cached(key, lambda: exports.render_image(fig, ext, width, height, scale if ext == "png" else 1), large=True)
