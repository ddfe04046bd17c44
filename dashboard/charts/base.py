"""The one interface every chart implements, and the request it answers.

A chart (owid-grapher's ChartInterface, vizro's component models) is a validated model with a few methods. Every
output asks the chart, never a list of names: the page's panels, the embed route, the share panel, the CSV, PNG
and SVG downloads, the data table, the summary and the tests. The view (ViewState) is the chart's only input
besides the data, so a link reproduces all of its outputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import wraps

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..data import Bundle
from ..state import Options, ViewState
from ..views.common import source_line
from .events import chart_events, events_sentence, no_events
from .native import NativeChart
from .reads import ReadsMemo


class ExportPreset(BaseModel):
    """An image size people ask for: a slide, a square for social media, the width of an A4 page."""

    model_config = ConfigDict(frozen=True)
    width: int = Field(ge=600, le=3200)
    height: int = Field(ge=400, le=2400)
    scale: float = Field(ge=1, le=4)


EXPORT_PRESETS = {
    "slide": ExportPreset(width=1600, height=900, scale=2),
    "square": ExportPreset(width=1200, height=1200, scale=2),
    "a4": ExportPreset(width=1240, height=877, scale=2),  # A4 landscape width at 150 dpi, 16:11.3 like the page
}
DEFAULT_PRESET = "slide"


@dataclass(frozen=True)
class ChartRequest:
    """One chart asked for one view, in one language, for one output (page, embed, image)."""

    bundle: Bundle
    view: ViewState
    opts: Options
    lang: str
    link: str = ""  # the view's address, drawn into exported images
    inline_geometry: bool = False  # the oblast map: geometry inside the figure (server-side images)

    @property
    def year(self) -> int:
        return self.view.effective_year(self.opts)


@dataclass(frozen=True)
class Heading:
    """What a chart says about itself, in the page's language: the same words on the page, in the embed, in the
    image, above the table and in the CSV's provenance lines."""

    title: str
    subtitle: str
    source_ids: tuple[str, ...]
    source_extra: str = ""  # after the sources in the source line (boundaries, method)
    notes: tuple[str, ...] = field(default=())  # filters in words: what does not apply, what was substituted

    def subtitle_with_notes(self) -> str:
        return " · ".join([self.subtitle, *self.notes]) if self.subtitle else " · ".join(self.notes)

    def source_line(self, b: Bundle, lang: str, link: str = "") -> str:
        return source_line(b, list(self.source_ids), lang, self.source_extra, link)


# kept per data version under the view fields each read (charts/reads.py): the figure, the summary and the source
# list of one view ask for them, and so do views that differ only in fields they never read (the oblasts' ranking
# is the same for every destination and tab)
ONE_REQUEST = ReadsMemo(1024)
PER_REQUEST = ("heading", "rows", "marked_events")  # asked several times for one request: by figure, summary, sources


def per_request(method: Callable) -> Callable:
    """Work a chart's heading, rows or marked events out once per data version, language, output and the view
    fields they read: the figure, the summary and the source list each ask for them. Rows and events come back as
    copies, so a caller that changes its frame changes no one else's."""
    @wraps(method)
    def wrapper(self: Chart, req: ChartRequest):
        key = (self.id, method.__name__, req.bundle.digest, req.opts, req.lang, req.link, req.inline_geometry)
        # a memo answering outside (charts/reads.py) learns the fields read from this one, hit or not
        hit = ONE_REQUEST.answer(key, req.view, lambda view: method(self, replace(req, view=view)))
        return hit.copy(deep=False) if isinstance(hit, pd.DataFrame) else hit  # copy-on-write: a change copies

    return wrapper


class Chart(BaseModel):
    """A chart: an id used in URLs (/{lang}/embed/{id}, /download/{id}.csv), what it draws and how it leaves."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        for name in PER_REQUEST:
            if name in cls.__dict__:
                setattr(cls, name, per_request(cls.__dict__[name]))

    model_config = ConfigDict(frozen=True)
    id: str = Field(pattern=r"^[a-z]+$")
    label: str  # the panel's heading (an N_ msgid)
    note: str = ""  # what a reader should know to read it right, under the chart (an N_ msgid)
    has_image: bool = True  # False: no figure (the cards): no PNG, SVG or camera
    # embed height for the narrowest width at or above each key: phones stack legends and wrap titles
    embed_heights: dict[int, int]
    presets: dict[str, ExportPreset] = Field(default_factory=lambda: dict(EXPORT_PRESETS))
    # views (URL queries) that show each of the chart's variants and filters: the test matrix and its gallery draw
    # every chart in every output for each of them
    examples: tuple[str, ...] = ("",)

    @field_validator("embed_heights")
    @classmethod
    def _heights_cover_every_width(cls, heights: dict[int, int]) -> dict[int, int]:
        if 0 not in heights or any(h < 200 for h in heights.values()):
            raise ValueError("embed_heights needs a height for width 0 and every height >= 200 px")
        return dict(sorted(heights.items()))

    def code_height(self) -> int:
        """The iframe height in the share panel's embed code: the tallest at any width (a map grows with its width,
        a line chart with a phone's wrapped legend), so nothing is cut on a host that runs no script."""
        return max(self.embed_heights.values())

    def embed_height(self, width: int) -> int:
        """The iframe height that shows the whole embed at `width` px, heading and footer included."""
        return [h for w, h in self.embed_heights.items() if width >= w][-1]

    def variant(self, req: ChartRequest) -> str:
        """Which of the chart's forms the view asks for (the map: countries or oblasts)."""
        return ""

    def heading(self, req: ChartRequest) -> Heading:
        raise NotImplementedError

    def title(self, req: ChartRequest) -> str:
        return strip_tags(self.heading(req).title)

    def rows(self, req: ChartRequest) -> pd.DataFrame:
        """The tidy rows the chart draws, as the CSV and the table show them, with a `source_id` column."""
        raise NotImplementedError

    def figure(self, req: ChartRequest) -> dict | None:
        return None

    def summary(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        raise NotImplementedError

    def native(self, req: ChartRequest, rows: pd.DataFrame) -> NativeChart:
        """The chart as an office suite draws it (charts/native.py: a PowerPoint chart with its data in its own
        workbook, a table, or the server's picture), from the same rows. Without its own form a chart is a
        picture."""
        return NativeChart("picture")

    def describe(self, req: ChartRequest, rows: pd.DataFrame) -> str:
        """The summary with the heading's filter notes (a filter that does not apply, a year substituted): what a
        screen reader hears and what stands under the chart."""
        text = self.summary(req, rows)
        notes = [note + "." for note in self.heading(req).notes if note not in text]
        marked = events_sentence(self.marked_events(req), req.lang)
        return one_full_stop(" ".join(part for part in (text, *notes, marked) if part))

    def source_ids(self, req: ChartRequest, rows: pd.DataFrame) -> list[str]:
        # a row without a figure (the facts box: "no comparable series") has no source: "" is not an id
        ids = [sid for sid in rows["source_id"].dropna().unique() if sid] if "source_id" in rows else []
        events = self.marked_events(req)["source_id"]
        return list(dict.fromkeys([*self.heading(req).source_ids, *ids, *events]))

    def event_years(self, req: ChartRequest) -> list[float]:
        """The x positions (decimal years) of a time series' points, for the dated events it marks; none for a chart
        without a time axis."""
        return []

    @per_request
    def marked_events(self, req: ChartRequest) -> pd.DataFrame:
        """The dated events the view's figure marks (charts/events.py), numbered as labelled: the summary, the table,
        the CSV and the sources list name the same ones. None with events=off."""
        years = self.event_years(req)
        return chart_events(req, years) if len(years) else no_events()


def one_full_stop(text: str) -> str:
    """A sentence that ends in an abbreviation takes no second full stop: «в … г..» -> «в … г.», «Ош ш..» ->
    «Ош ш.» (an ellipsis stays)."""
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)


def strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text.split("<br>")[0])
