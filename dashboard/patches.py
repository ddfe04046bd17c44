"""The patch/memo protocol: what each panel sends when the view changes.

A panel remembers what it shows as a short rendered key (`en?year=2020`) that the browser sends back with the next
update; the answer is a `dash.Patch` of the difference between the two views' figures (or nothing, or the whole
figure when a patch would not be smaller), worked out once per pair of views and cached.
"""

from __future__ import annotations

import hashlib
import json
import pickle

from dash import Patch, no_update
from plotly.io.json import to_json_plotly as to_json

from . import state as st
from .cache import cached
from .charts import FIGURE_IDS, REGISTRY, ChartRequest
from .charts.filters import marker_year
from .charts.reads import ReadsMemo, deferring_year
from .components import page as page_c
from .context import Context, version_in, view_from_store, view_to_store
from .figures.diff import apply, diff
from .figures.series import with_year_marker
from .i18n import LANGUAGES
from .lru import BoundedLRU
from .state import ViewState
from .views import cards as cards_v
from .views import page_data

GRAPHS = FIGURE_IDS  # the charts drawn as figures, in page order: map, stock, remittances
# Figures, summaries and cards kept per data version under the view fields they read (charts/reads.py): a view
# nobody has asked for shares most of its charts with views drawn before it. Figures and cards are kept pickled
# (~10 KB a figure, ten times less than its dicts; unpickling one costs a tenth of a millisecond)
FIGURES = ReadsMemo(1024)
TEXTS = ReadsMemo(2048)
CARD_JSON: BoundedLRU = BoundedLRU(2048)  # one card's JSON (cards_pickled), a KB or two
SOURCES_JSON: BoundedLRU[bytes] = BoundedLRU(256)  # a sources list as Dash encodes it, pickled, a few KB
SOURCE_ITEM_JSON: BoundedLRU = BoundedLRU(1024)  # one source's item in that list (sources_list_json), under a KB


def build(c: Context, name: str, view: dict) -> dict:
    s, lang = view_from_store(c, view)
    key = f"fig:{c.bundle.digest}:{name}:{lang}:{st.to_query(s)}"

    def compute() -> dict:
        # the figure is kept for every year of the view whose other fields it read; its year marker is drawn here
        shared = FIGURES.answer(("fig", c.bundle.digest, name, lang), s, lambda v: pickled(deferring_year(
            lambda: REGISTRY[name].figure(ChartRequest(c.bundle, v, c.opts, lang)))))
        return with_year_marker(pickle.loads(shared), marker_year(ChartRequest(c.bundle, s, c.opts, lang)))

    # a figure of the caller's own: unpickled from the memo (or the cache) for each call, so callers may patch it and
    # two builds never share a list (a list holding NaN equals another only when it is the very same list)
    return cached(key, compute, memoised=True)[0]


def pickled(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def dash_json(component):
    """A component as Dash sends it (plain JSON: dicts, lists, strings), which keeps and pickles cheaply."""
    return json.loads(to_json(component))


def rendered_key(c: Context, view: dict | None) -> str:
    """What a panel shows, as one short string kept in its `*-rendered` store: 'en?year=2020'. The map's frame is
    part of the view (frame=world), so the key needs nothing beside the query. The browser sends it back with every
    update; a dict of the same facts cost twice the bytes."""
    known = c.canonical(view.get("q"), view.get("lang")) if isinstance(view, dict) else None
    if known is None:
        s, lang = view_from_store(c, view)
        known = f"{lang}?{st.to_query(s)}"
    return known


def previous_render(previous, view: dict | None = None) -> dict | None:
    """rendered_key -> view store, or None for anything else (which is never trusted for a patch), and when it
    shows another data version than `view` (a patch is worked out against one version's figures). A key from a page
    loaded before the map's frame joined the view ('en+world?...') names no language: the whole figure is sent."""
    if not isinstance(previous, str) or "?" not in previous or len(previous) > 2 * st.MAX_QUERY:
        return None
    asked = view.get("q") if isinstance(view, dict) else None  # a tampered store may be anything
    if view is not None and version_in(previous.split("?", 1)[1]) != version_in(asked):
        return None
    lang, q = previous.split("?", 1)
    if lang not in LANGUAGES:
        return None
    return {"q": q, "lang": lang}


def graph_update(c: Context, name: str, view: dict, previous: str | None):
    """-> (figure, rendered key, summary). Full figure the first time; afterwards a Patch of what changed between the
    previous view's figure and this one (a year change on the map: a few hundred bytes instead of the whole figure).
    The text summary is re-sent only when it changed (a year change leaves the line charts' summaries as they are).
    What to send for a pair of views is worked out once and cached, so a repeated step costs a cache read."""
    rendered = rendered_key(c, view)
    old_view = previous_render(previous, view)
    if not old_view:
        return build(c, name, view), rendered, summary_text(c, name, view)

    def compute() -> tuple[str, Patch | None, str | None]:
        kind, ops = update_plan(build(c, name, old_view), build(c, name, view), max_ratio=0.7)
        text = summary_text(c, name, view)
        return kind, apply(Patch(), ops) if kind == "patch" else None, \
            None if summary_text(c, name, old_view) == text else text

    # one cache read answers a repeated step: the Patch itself (it pickles) and the new summary, if it changed
    key = f"upd:{c.bundle.digest}:{name}:{rendered_key(c, old_view)}>{rendered}"
    kind, patch, text = cached(key, compute)[0]
    fig = patch if kind == "patch" else no_update if kind == "none" else build(c, name, view)
    return fig, rendered, no_update if text is None else text


def update_plan(old, new, max_ratio: float | None = None) -> tuple[str, list]:
    """How to turn `old` into `new` in the browser: ("none", []), ("patch", ops) or ("whole", []) (when the whole
    value is replaced, or when the patch would be nearly as large as `new`: more than `max_ratio` of its size)."""
    ops = diff(old, new)
    if not ops:
        return "none", []
    if any(not p for p, _ in ops):
        return "whole", []
    if max_ratio is not None and too_large(ops, new, max_ratio):
        return "whole", []
    return "patch", ops


def too_large(ops: list, new, max_ratio: float) -> bool:
    """Whether the patch's JSON is longer than `max_ratio` of `new`'s. A figure's layout is written out inside the
    figure's JSON, and each of a dict's values inside the dict's, so they are shorter: a patch small beside the
    layout's first few values is small beside the figure, and neither the whole figure (tens of KB) nor most of
    the layout need be written out to know it."""
    size = len(json.dumps(ops, default=str))
    if not isinstance(new, dict):
        return size > len(json.dumps(new, default=str)) * max_ratio
    layout = new.get("layout")
    if isinstance(layout, dict) and size <= json_length_reaches(layout, size / max_ratio) * max_ratio:
        return False
    return size > json_length_reaches(new, size / max_ratio) * max_ratio


def json_length_reaches(value: dict, length: float) -> int:
    """The length of the dict's JSON, or, once its keys and values written out so far reach `length`, their length
    (a lower bound of it)."""
    written = 0
    for key, item in value.items():
        written += len(json.dumps(key)) + len(json.dumps(item, default=str))
        if written >= length:
            return written
    return len(json.dumps(value, default=str))


def first_view(c: Context, s: ViewState, lang: str) -> dict:
    """What the page opens on, built into the layout with the stores that say so: the charts draw as soon as
    plotly.js is ready, and the URL sync on load finds nothing to change (no panel callback at all). The Sources list
    at the foot of the page is not in it: it comes with the view's frames, fetched after the first draw (frames.py;
    kgmFrames.showSources in assets/30-callbacks.js), so the first load carries it once, not twice. Its store stays
    empty until then: a view change the server answers first sends the list whole."""
    view = view_to_store(s, lang)
    return {"view": view,
            "figures": {name: build(c, name, view) for name in GRAPHS},
            "summaries": {name: summary_text(c, name, view) for name in GRAPHS},
            "rendered": {name: rendered_key(c, view) for name in (*GRAPHS, "cards")} | {"sources": None},
            "cards": cards_json(c, view)}


def cards_json(c: Context, view: dict) -> list:
    s, lang = view_from_store(c, view)

    def compute() -> list:
        return pickle.loads(TEXTS.answer(("cards", c.bundle.digest, lang), s, lambda v: cards_pickled(
            cards_v.corridor_cards(c.bundle, v, c.opts, lang), lang)))

    # unpickled from the memo for each call: the caller's own
    return cached(f"cards:{c.bundle.digest}:{lang}:{st.to_query(s)}", compute, memoised=True)[0]


def cards_pickled(cards: list[cards_v.Card], lang: str) -> bytes:
    """The cards block as Dash encodes it (page_c.cards_block), pickled, made card by card: a card's JSON is kept by
    the card itself (its texts and distance) and the language, and most of a new view's cards (a destination in a
    year, the way back home) were drawn for another view. The kept dicts leave only as these bytes: no caller holds
    one."""
    return pickled([CARD_JSON.get_or_compute((card, lang), lambda card=card: dash_json(
        page_c.cards_block([card], lang)[0])) for card in cards])


def cards_update(c: Context, view: dict, previous: str | None):
    """Cards change a number or two when the year moves: send those texts, not the whole block."""
    rendered = rendered_key(c, view)
    before = previous_render(previous, view)
    if not before:
        return cards_json(c, view), rendered

    def compute() -> tuple[str, Patch | None]:
        kind, ops = update_plan(cards_json(c, before), cards_json(c, view))
        return kind, apply(Patch(), ops) if kind == "patch" else None

    kind, patch = cached(f"upd:{c.bundle.digest}:cards:{rendered_key(c, before)}>{rendered}", compute)[0]
    return (patch if kind == "patch" else no_update if kind == "none" else cards_json(c, view)), rendered


def sources_update(c: Context, view: dict, previous: str | None):
    """The sources list changes with the source or panel, not with the year: re-send it only when it changes. The
    browser keeps a 12-character fingerprint of the list shown, and echoes it with every update."""
    s, lang = view_from_store(c, view)
    rows: list[dict] = []

    def fingerprint() -> str:
        rows.extend(sources_rows(c, s, lang))
        ids = "|".join([lang, *(r["source_id"] for r in rows)])
        return hashlib.blake2b(ids.encode(), digest_size=6).hexdigest()

    key = cached(f"srckey:{c.bundle.digest}:{rendered_key(c, view)}", fingerprint)[0]
    if key == previous:
        return no_update, no_update
    if not rows:  # the fingerprint came from the cache: read the rows now (once)
        rows = sources_rows(c, s, lang)
    return sources_json(rows, lang), key


def sources_json(rows: list[dict], lang: str) -> list:
    """The sources block (page_c.sources_block) as Dash encodes it, kept by the rows it lists and the language: most
    views list the same few sources, and its dozens of components cost more to build and encode than to unpickle.
    Unpickled for each call: the caller's own."""
    key = (lang, tuple(tuple(row.items()) for row in rows))
    return pickle.loads(SOURCES_JSON.get_or_compute(key, lambda: sources_pickled(rows, lang)))


def sources_pickled(rows: list[dict], lang: str) -> bytes:
    """page_c.sources_block(rows, lang) as Dash encodes it, pickled, made item by item: an item's JSON is kept by its
    row and the language, and a new view's list names sources other lists named (building the components cost most
    of a new list). The kept items leave only as these bytes: no caller holds one."""
    block = dash_json(page_c.sources_block([], lang))
    block[0]["props"]["children"] = [SOURCE_ITEM_JSON.get_or_compute((lang, tuple(row.items())), lambda row=row: (
        dash_json(page_c.sources_block([row], lang))[0]["props"]["children"][0])) for row in rows]
    return pickled(block)


def sources_rows(c: Context, s: ViewState, lang: str) -> list[dict]:
    """The view's sources (page_data.sources_used), kept under the view fields they depend on: the same list for
    most years and views. Rows of the caller's own."""
    kept = TEXTS.answer(("sources", c.bundle.digest, lang), s,
                        lambda v: page_data.sources_used(c.bundle, v, c.opts, lang))
    return [dict(row) for row in kept]


def describe(chart: str, c: Context, s: ViewState, lang: str) -> str:
    req = ChartRequest(c.bundle, s, c.opts, lang)
    return REGISTRY[chart].describe(req, REGISTRY[chart].rows(req))


def summary_text(c: Context, chart: str, view: dict) -> str:
    s, lang = view_from_store(c, view)
    key = f"sum:{c.bundle.digest}:{chart}:{lang}:{st.to_query(s)}"
    def compute() -> str:
        return TEXTS.answer(("sum", c.bundle.digest, chart, lang), s, lambda v: describe(chart, c, v, lang))

    return cached(key, compute, memoised=True)[0]


def panels_update(c: Context, view: dict, previous: list) -> tuple:
    """Every panel for a new view: (figure, rendered, summary) per graph in GRAPHS order, then cards, cards
    rendered, sources, sources rendered. The map's frame is part of the view. `previous`: the rendered keys
    of the graphs, the cards and the sources list, in that order. A view pinned to an older version (v=) that the
    server holds is drawn from that version's data."""
    c = c.for_view(view)

    def compute() -> tuple:
        out: list = []
        for name, before in zip(GRAPHS, previous, strict=False):
            out += graph_update(c, name, view, before)
        return (*out, *cards_update(c, view, previous[len(GRAPHS)]),
                *sources_update(c, view, previous[len(GRAPHS) + 1]))

    # A step already answered is answered again from memory: one dict lookup instead of five cache reads. Only
    # answers made of patches (not whole figures) are kept, so the memo stays small.
    def small(answer: tuple) -> bool:
        return all(x is no_update or isinstance(x, Patch) for x in answer[0:3 * len(GRAPHS):3] + answer[-4:-3])

    def canon(before) -> str | None:
        read = previous_render(before)
        return rendered_key(c, read) if read else None

    sources_before = previous[-1] if isinstance(previous[-1], str) and len(previous[-1]) <= 12 else None
    key = ("panels", rendered_key(c, view), *(canon(p) for p in previous[:-1]), sources_before)
    return c.memo(key, compute, keep=small)

