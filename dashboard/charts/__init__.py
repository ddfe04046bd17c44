"""The chart registry: every chart the product draws, in page order, by the id used in URLs.

The page, the embed route, the share panel, downloads, tables, summaries and the tests iterate this registry;
adding a chart is adding one module that defines a `Chart` and listing it here.
"""

from __future__ import annotations

from .base import EXPORT_PRESETS, Chart, ChartRequest, Heading
from .cards import CARDS
from .facts import FACTS
from .map import MAP
from .oblasts import OBLASTS
from .official import OFFICIAL
from .remittances import REMITTANCES
from .sexes import SEXES
from .stock import STOCK

REGISTRY: dict[str, Chart] = {chart.id: chart for chart in (MAP, OBLASTS, FACTS, STOCK, SEXES, OFFICIAL, REMITTANCES,
                                                            CARDS)}
CHART_IDS: tuple[str, ...] = tuple(REGISTRY)
FIGURE_IDS: tuple[str, ...] = tuple(cid for cid, chart in REGISTRY.items() if chart.has_image)


def get(chart_id: str) -> Chart | None:
    return REGISTRY.get(chart_id)


__all__ = ["CHART_IDS", "EXPORT_PRESETS", "FIGURE_IDS", "REGISTRY", "Chart", "ChartRequest", "Heading", "get"]


def figure_for(chart_id: str, b, s, opts, lang: str, **request) -> dict | None:
    """The figure of one chart for a view: `figure_for("map", bundle, view, opts, "ru", inline_geometry=True)`."""
    return REGISTRY[chart_id].figure(ChartRequest(b, s, opts, lang, **request))


def rows_for(b, s, opts, chart_id: str, lang: str):
    """The rows one chart draws for a view, as its CSV and table hold them."""
    return REGISTRY[chart_id].rows(ChartRequest(b, s, opts, lang))


def summary_for(chart_id: str, b, s, opts, lang: str) -> str:
    req = ChartRequest(b, s, opts, lang)
    return REGISTRY[chart_id].describe(req, REGISTRY[chart_id].rows(req))
