"""The only module that wires Dash inputs to views: URL <-> controls <-> ViewState -> figures.

Each callback body is a plain function (`sync_view`, `panels_update`, `share_update`, ...) so tests call them without
a browser; `register` only attaches them to the app.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import TypeVar

from dash import ALL, Input, Output, Patch, State, ctx, no_update
from plotly.io.json import to_json_plotly as to_json

from . import hosts
from . import state as st
from .cache import cached
from .components import page as page_c
from .components.controls import year_marks
from .data import Bundle
from .figures.diff import apply, diff
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, translator
from .state import Options, ViewState
from .timing import timed
from .views import cards as cards_v
from .views import page_data, panels, share, summaries
from .views.tables import CHARTS, chart_rows

GRAPHS = tuple(panels.FIGURES)  # map, stock, remittances
T = TypeVar("T")
MEMO_SIZE = 4096
_MISSING = object()
CONTROLS = (("year", "f-year"), ("dest", "f-dest"), ("oblast", "f-oblast"), ("sex", "f-sex"), ("src", "f-src"),
            ("layer", "f-layer"), ("measure", "f-measure"), ("per", "f-per"), ("tab", "f-tab"), ("rem", "f-rem"))


class Context:
    """What every callback and route reads: the current bundle, its options, and older published versions kept so
    that links pinned with v= keep showing what their author saw. `swap` replaces all three at once (one tuple
    assignment) when a new version is published; a request never sees half of an update."""

    def __init__(self, bundle: Bundle, opts: Options, archive: Mapping[str, Bundle] | None = None):
        self._state: tuple[Bundle, Options, dict[str, Bundle], dict[tuple, object]] = (
            bundle, opts, dict(archive or {}), {})

    @property
    def bundle(self) -> Bundle:
        return self._state[0]

    @property
    def opts(self) -> Options:
        return self._state[1]

    @property
    def archive(self) -> dict[str, Bundle]:
        return self._state[2]

    def swap(self, bundle: Bundle) -> None:
        old = self.bundle
        archive = {**self.archive, old.version: old}
        archive.pop(bundle.version, None)
        self._state = (bundle, Options.from_bundle(bundle), archive, {})

    def memo(self, key: tuple, compute: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
        """A small in-process memo for this data version (emptied by `swap`, and when it grows past MEMO_SIZE):
        URL parsing is most of what a cached callback costs. `keep` decides whether a value is worth holding (small
        ones only). Values are shared between requests: never mutate them."""
        memo = self._state[3]
        value = memo.get(key, _MISSING)  # one lookup: another thread (the dev server's) may clear it meanwhile
        if value is not _MISSING:
            return value
        value = compute()
        if keep is None or keep(value):
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[key] = value
        return value

    def forget(self) -> None:
        """Empty the in-process memo (benchmarks measure the uncached cost with it)."""
        self._state[3].clear()

    def canonical(self, q: object, lang: object) -> str | None:
        """'view store -> lang?canonical query', memoised. None when q or lang is not a short string: the caller
        parses those the slow, safe way."""
        if not isinstance(q, str) or not isinstance(lang, str) or len(q) > st.MAX_QUERY:
            return None

        def compute() -> str:
            s, lang_ok = view_from_store(self, {"q": q, "lang": lang})
            return f"{lang_ok}?{st.to_query(s)}"

        return self.memo(("canonical", q, lang), compute)

    def bundle_for(self, version: str | None) -> Bundle:
        return self.archive.get(version, self.bundle) if version else self.bundle

    def options_for(self, b: Bundle) -> Options:
        return self.opts if b is self.bundle else Options.from_bundle(b)


def view_to_store(s: ViewState, lang: str) -> dict:
    """The view travels between callbacks as its canonical query string: short on the wire, and the same grammar
    as the URL, so there is one parser."""
    return {"q": st.to_query(s), "lang": lang}


def view_from_store(c: Context, data: dict | None) -> tuple[ViewState, str]:
    if not data or not isinstance(data, dict):
        return ViewState(), DEFAULT_LANGUAGE
    s, _ = st.parse(str(data.get("q", "")), c.opts)
    lang = data.get("lang")
    return s, lang if isinstance(lang, str) and lang in LANGUAGES else DEFAULT_LANGUAGE


def sync_view(c: Context, triggered: str | None, search: str | None, lang: str, values: list):
    """-> (search, view store, control values, notices).
    Page load (triggered None) and back/forward (url): the controls follow the URL, with a notice for anything
    unusable. A control change: the URL follows the controls (pushed to history, so back/forward work)."""
    if triggered in (None, "url"):
        s, notices = st.parse(search or "", c.opts)
        ctrl = control_values(s, c.opts)
        ctrl = [new if new != old else no_update for new, old in zip(ctrl, values, strict=True)]
        return no_update, view_to_store(s, lang), ctrl, page_c.notices_block(notices, lang)
    kwargs = dict(zip([k for k, _ in CONTROLS], values, strict=True))
    current, _ = st.parse(search or "", c.opts)
    kwargs["year"] = year_at(c, current, kwargs.get("src"), kwargs.get("year"))
    s = st.from_controls(c.opts, **kwargs)
    if s.year is not None and s.year == c.opts.years[s.src][-1]:
        s = st.replace(s, year=None)  # the latest year is the default: links keep following new data
    if current.v:
        s = st.replace(s, v=current.v)
    q = st.to_query(s)
    new_search = f"?{q}" if q else ""
    out_search = new_search if new_search != (search or "") else no_update
    ctrl = control_values(s, c.opts)
    ctrl = [new if new != old else no_update for new, old in zip(ctrl, values, strict=True)]
    return out_search, view_to_store(s, lang), ctrl, []


def sync_memo(c: Context, triggered: str | None, search: str | None, lang: str, values: list):
    """sync_view, memoised per (trigger, URL, controls): a year step repeats the same few answers."""
    try:
        key = ("sync", triggered, search, lang, json.dumps(values, sort_keys=True))
    except (TypeError, ValueError, RecursionError):
        key = None
    if key is None or not isinstance(search, str | None) or len(key[-1]) + len(search or "") > st.MAX_QUERY:
        return sync_view(c, triggered, search, lang, values)
    return c.memo(key, lambda: sync_view(c, triggered, search, lang, values))


def year_at(c: Context, current: ViewState, src: str | None, index) -> int | None:
    """Slider position -> year. When the source changed, the position belongs to the old source's years: keep the
    current year if the new source publishes it (else its latest)."""
    try:
        i = int(index)
    except (TypeError, ValueError, OverflowError):
        return None
    if not isinstance(src, str | None):
        return None
    if src and src != current.src:
        return current.year if current.year in c.opts.years.get(src, ()) else None
    years = c.opts.years.get(current.src, ())
    return years[i] if 0 <= i < len(years) else None


def control_values(s: ViewState, opts: Options) -> list:
    out = []
    for key, _ in CONTROLS:
        if key == "year":
            out.append(opts.years[s.src].index(s.effective_year(opts)))
        elif key == "dest":
            out.append(list(s.dest))
        else:
            out.append(getattr(s, key))
    return out


def build(c: Context, name: str, view: dict, world: bool = False) -> dict:
    s, lang = view_from_store(c, view)
    key = f"fig:{c.bundle.digest}:{name}:{lang}:{int(world)}:{st.to_query(s)}"

    def compute() -> dict:
        if name == "map":
            return panels.map_figure(c.bundle, s, c.opts, lang, world=world)
        return panels.FIGURES[name](c.bundle, s, c.opts, lang)

    return copy.deepcopy(cached(key, compute)[0])  # callers may patch it; the cached copy stays as built


def _count(clicks) -> int:
    """n_clicks as sent by the browser (or by anyone): anything that is not a small int counts as 0."""
    return clicks if isinstance(clicks, int) and 0 <= clicks < 10**9 else 0


WORLD = "+world"


def rendered_key(c: Context, view: dict | None, world: bool = False) -> str:
    """What a panel shows, as one short string kept in its `*-rendered` store: 'en?year=2020' ('en+world?...' for
    the world map). The browser sends it back with every update; a dict of the same facts cost twice the bytes."""
    known = c.canonical(view.get("q"), view.get("lang")) if isinstance(view, dict) else None
    if known is None:
        s, lang = view_from_store(c, view)
        known = f"{lang}?{st.to_query(s)}"
    lang, q = known.split("?", 1)
    return f"{lang}{WORLD if world else ''}?{q}"


def previous_render(previous) -> tuple[dict, bool] | None:
    """rendered_key -> (view store, world), or None for anything else (which is never trusted for a patch)."""
    if not isinstance(previous, str) or "?" not in previous or len(previous) > 2 * st.MAX_QUERY:
        return None
    head, q = previous.split("?", 1)
    world = head.endswith(WORLD)
    lang = head.removesuffix(WORLD)
    if lang not in LANGUAGES:
        return None
    return {"q": q, "lang": lang}, world


def graph_update(c: Context, name: str, view: dict, previous: str | None, world: bool = False):
    """-> (figure, rendered key, summary). Full figure the first time; afterwards a Patch of what changed between the
    previous view's figure and this one (a year change on the map: a few hundred bytes instead of the whole figure).
    The text summary is re-sent only when it changed (a year change leaves the line charts' summaries as they are).
    What to send for a pair of views is worked out once and cached, so a repeated step costs a cache read."""
    rendered = rendered_key(c, view, world)
    before = previous_render(previous)
    if not before:
        return build(c, name, view, world), rendered, summary_text(c, name, view)
    old_view, old_world = before

    def compute() -> tuple[str, Patch | None, str | None]:
        kind, ops = update_plan(build(c, name, old_view, old_world), build(c, name, view, world), max_ratio=0.7)
        text = summary_text(c, name, view)
        return kind, apply(Patch(), ops) if kind == "patch" else None, \
            None if summary_text(c, name, old_view) == text else text

    # one cache read answers a repeated step: the Patch itself (it pickles) and the new summary, if it changed
    key = f"upd:{c.bundle.digest}:{name}:{rendered_key(c, old_view, old_world)}>{rendered}"
    kind, patch, text = cached(key, compute)[0]
    fig = patch if kind == "patch" else no_update if kind == "none" else build(c, name, view, world)
    return fig, rendered, no_update if text is None else text


def update_plan(old, new, max_ratio: float | None = None) -> tuple[str, list]:
    """How to turn `old` into `new` in the browser: ("none", []), ("patch", ops) or ("whole", []) (when the whole
    value is replaced, or when the patch would be nearly as large as `new`: more than `max_ratio` of its size)."""
    ops = diff(old, new)
    if not ops:
        return "none", []
    if any(not p for p, _ in ops):
        return "whole", []
    if max_ratio is not None and len(json.dumps(ops, default=str)) > len(json.dumps(new, default=str)) * max_ratio:
        return "whole", []
    return "patch", ops


def first_view(c: Context, s: ViewState, lang: str) -> dict:
    """What the page opens on, built into the layout with the stores that say so: the charts draw as soon as
    plotly.js is ready, and the URL sync on load finds nothing to change (no panel callback at all)."""
    view = view_to_store(s, lang)
    sources, sources_key = sources_update(c, view, None)
    return {"view": view,
            "figures": {name: build(c, name, view) for name in GRAPHS},
            "summaries": {name: summary_text(c, name, view) for name in GRAPHS},
            "rendered": {name: rendered_key(c, view) for name in (*GRAPHS, "cards")} | {"sources": sources_key},
            "cards": cards_json(c, view), "sources": sources}


def register(app, c: Context, lang: str) -> None:
    inputs = [Input(cid, "value") for _, cid in CONTROLS]

    @app.callback(Output("url", "search"), Output("view", "data"), *[Output(cid, "value") for _, cid in CONTROLS],
                  Output("notices", "children"), Input("url", "search"), *inputs, State("view", "data"))
    @timed
    def _sync(search, *rest):
        values, previous = list(rest[:-1]), rest[-1]
        trig = ctx.triggered_id
        if isinstance(trig, str) and trig.startswith("f-"):
            trig = "controls"
        out_search, view, ctrl, notices = sync_memo(c, trig, search, lang, values)
        if view == previous:
            view = no_update  # nothing changed: do not wake every panel
        return out_search, view, *ctrl, notices

    # one request for all panels on a view change: they switch together (never a map of one year beside a chart of
    # another), and a step costs one round trip instead of four. Each panel answers a patch, or nothing.
    @app.callback(*[Output(cid, prop) for name in GRAPHS
                    for cid, prop in ((name, "figure"), (f"{name}-rendered", "data"), (f"summary-{name}", "children"))],
                  Output("cards", "children"), Output("cards-rendered", "data"), Output("sources", "children"),
                  Output("sources-rendered", "data"), Input("view", "data"), Input("f-world", "value"),
                  *[State(f"{name}-rendered", "data") for name in (*GRAPHS, "cards", "sources")],
                  prevent_initial_call=True)
    @timed
    def _panels(view, world, *previous):
        return panels_update(c, view, bool(world), list(previous))

    @app.callback(Output("f-year", "marks"), Output("f-year", "min"), Output("f-year", "max"),
                  Output("f-dest", "options"), Output("f-sex", "options"), Input("f-src", "value"),
                  State("view", "data"), prevent_initial_call=True)
    @timed
    def _source_options(src, view):
        s, lang = view_from_store(c, view)
        s = st.from_controls(c.opts, src=src, sex=s.sex, dest=list(s.dest))
        f = page_data.filter_options(c.bundle, s, c.opts, lang)
        labels = _sex_labels(lang)
        return (year_marks(f["years"]), 0, len(f["years"]) - 1,
                [{"label": name, "value": code} for code, name in f["countries"]],
                [{"label": labels[x], "value": x} for x in f["sexes"]])

    @app.callback(Output("f-dest", "value", allow_duplicate=True), Output("f-oblast", "value", allow_duplicate=True),
                  Input("map", "clickData"), State("f-dest", "value"), State("f-oblast", "value"),
                  prevent_initial_call=True)
    @timed
    def _map_click(click, dest, oblast):
        return map_click(click, dest or [], oblast)

    # a card shows its route: dest = that country, layer = flows. In the browser: no request when cards re-render.
    app.clientside_callback(
        """function(clicks) {
            const ctx = window.dash_clientside.callback_context;
            const id = ctx.triggered_id;
            if (!id || !ctx.triggered.length || !ctx.triggered[0].value) {
                return [window.dash_clientside.no_update, window.dash_clientside.no_update];
            }
            return [[id.key], 'flows'];
        }""",
        Output("f-dest", "value", allow_duplicate=True), Output("f-layer", "value", allow_duplicate=True),
        Input({"type": "card", "key": ALL}, "n_clicks"), prevent_initial_call=True)

    share_outs, share_ins = [], []
    for chart in CHARTS:
        share_outs += [Output(f"share-{chart}", "hidden"), Output(f"share-{chart}-toggle", "aria-expanded"),
                       Output(f"link-{chart}", "value"), Output(f"embed-{chart}", "value"),
                       Output(f"cite-{chart}", "value"), Output(f"dl-{chart}-csv", "href")]
        if chart != "cards":
            share_outs += [Output(f"dl-{chart}-png", "href"), Output(f"dl-{chart}-svg", "href")]
        share_ins.append(Input(f"share-{chart}-toggle", "n_clicks"))

    # share and table panels ask the server only when opened, or when the view changes while one is open
    @app.callback(*share_outs, *share_ins, State("view", "data"), prevent_initial_call=True)
    @timed
    def _share(*args):
        return share_update(c, list(args[:-1]), args[-1], hosts.link_base())

    toggles = [f"{kind}-{chart}-toggle" for kind in ("share", "table") for chart in CHARTS]
    app.clientside_callback(
        """function(view, ...clicks) {
            // an open panel (odd click count) is re-opened (+2) so its texts follow the new view
            return clicks.map(n => (n || 0) % 2 === 1 ? n + 2 : window.dash_clientside.no_update);
        }""",
        *[Output(tid, "n_clicks", allow_duplicate=True) for tid in toggles], Input("view", "data"),
        *[State(tid, "n_clicks") for tid in toggles], prevent_initial_call=True)

    # link to the view, print footer and language links: computed in the browser from the view, no request
    app.clientside_callback(
        """function(view, version, footerText) {
            if (!view) { return window.dash_clientside.no_update; }
            const q = view.q || '';
            const pinned = q.includes('v=') ? q : (q ? q + '&' : '') + 'v=' + encodeURIComponent(version);
            const url = window.location.origin + '/' + view.lang + '/?' + pinned;
            const langs = LANGS.map(code => '/' + code + '/' + (q ? '?' + q : ''));
            return [url, footerText + ' · ' + url, ...langs];
        }""".replace("LANGS", json.dumps(list(LANGUAGES))),
        Output("link-page", "children"), Output("print-footer", "children"),
        *[Output(f"lang-{code}", "href") for code in LANGUAGES], Input("view", "data"),
        State("data-version", "children"), State("print-footer-text", "children"))

    table_outs = []
    for chart in CHARTS:
        table_outs += [Output(f"table-{chart}", "hidden"), Output(f"table-{chart}-toggle", "aria-expanded"),
                       Output(f"table-{chart}", "children")]

    @app.callback(*table_outs, *[Input(f"table-{chart}-toggle", "n_clicks") for chart in CHARTS],
                  State("view", "data"), prevent_initial_call=True)
    @timed
    def _tables(*args):
        return tables_update(c, list(args[:-1]), args[-1])

    app.clientside_callback(
        """function(prev, next, value, marks) {
            const n = Object.keys(marks || {}).length;
            const id = window.dash_clientside.callback_context.triggered_id;
            if (!n) { return window.dash_clientside.no_update; }
            const v = Number(value) + (id === 'year-prev' ? -1 : 1);
            return Math.min(Math.max(v, 0), n - 1);
        }""",
        Output("f-year", "value", allow_duplicate=True), Input("year-prev", "n_clicks"),
        Input("year-next", "n_clicks"), State("f-year", "value"), State("f-year", "marks"), prevent_initial_call=True)

    app.clientside_callback(
        """function(clicks) { return window.kgm.copyFromButtons(clicks); }""",
        Output({"type": "copy", "target": ALL}, "children"), Input({"type": "copy", "target": ALL}, "n_clicks"),
        prevent_initial_call=True)
    app.clientside_callback(
        """function(n) { if (n) { window.print(); } return window.dash_clientside.no_update; }""",
        Output("print", "n_clicks"), Input("print", "n_clicks"), prevent_initial_call=True)
    app.clientside_callback(
        """function(n, url) { return window.kgm.nativeShare(n, url); }""",
        Output("native-share", "hidden"), Input("native-share", "n_clicks"), State("link-page", "children"))
    app.clientside_callback(
        """function(layer) { return 'panel panel-map layer-' + (layer || 'destinations'); }""",
        Output("panel-map", "className"), Input("f-layer", "value"))
    app.clientside_callback(
        """function(n, disabled) { return [!disabled, disabled ? '⏸' : '▶', disabled ? 'true' : 'false']; }""",
        Output("play-timer", "disabled"), Output("play", "children"), Output("play", "aria-pressed"),
        Input("play", "n_clicks"), State("play-timer", "disabled"), prevent_initial_call=True)
    app.clientside_callback(
        """function(n, value, marks) {
            const years = Object.keys(marks || {}).map(Number).sort((a, b) => a - b);
            if (!years.length) { return window.dash_clientside.no_update; }
            const i = years.indexOf(Number(value));
            return years[(i + 1) % years.length];
        }""",
        Output("f-year", "value", allow_duplicate=True), Input("play-timer", "n_intervals"),
        State("f-year", "value"), State("f-year", "marks"), prevent_initial_call=True)


def cards_json(c: Context, view: dict) -> list:
    s, lang = view_from_store(c, view)

    def compute() -> list:
        return json.loads(to_json(page_c.cards_block(cards_v.corridor_cards(c.bundle, s, c.opts, lang), lang)))

    return copy.deepcopy(cached(f"cards:{c.bundle.digest}:{lang}:{st.to_query(s)}", compute)[0])


def cards_update(c: Context, view: dict, previous: str | None):
    """Cards change a number or two when the year moves: send those texts, not the whole block."""
    rendered = rendered_key(c, view)
    before = previous_render(previous)
    if not before:
        return cards_json(c, view), rendered

    def compute() -> tuple[str, Patch | None]:
        kind, ops = update_plan(cards_json(c, before[0]), cards_json(c, view))
        return kind, apply(Patch(), ops) if kind == "patch" else None

    kind, patch = cached(f"upd:{c.bundle.digest}:cards:{rendered_key(c, before[0])}>{rendered}", compute)[0]
    return (patch if kind == "patch" else no_update if kind == "none" else cards_json(c, view)), rendered


def sources_update(c: Context, view: dict, previous: str | None):
    """The sources list changes with the source or panel, not with the year: re-send it only when it changes. The
    browser keeps a 12-character fingerprint of the list shown, and echoes it with every update."""
    s, lang = view_from_store(c, view)
    rows: list[dict] = []

    def fingerprint() -> str:
        rows.extend(page_data.sources_used(c.bundle, s, c.opts))
        ids = "|".join([lang, *(r["source_id"] for r in rows)])
        return hashlib.blake2b(ids.encode(), digest_size=6).hexdigest()

    key = cached(f"srckey:{c.bundle.digest}:{rendered_key(c, view)}", fingerprint)[0]
    if key == previous:
        return no_update, no_update
    if not rows:  # the fingerprint came from the cache: read the rows now (once)
        rows = page_data.sources_used(c.bundle, s, c.opts)
    return page_c.sources_block(rows, lang), key


def share_texts(c: Context, chart: str, view: dict, host: str) -> tuple[str, str, str, str, str, str]:
    """(link, embed code, citation, csv, png, svg addresses) for one chart of a view."""
    s, lang = view_from_store(c, view)
    rows = chart_rows(c.bundle, s, c.opts, chart, lang)
    ids = list(rows["source_id"].dropna().unique()) if "source_id" in rows else []
    title = share.chart_title(c.bundle, s, c.opts, chart, lang)
    return (share.page_url(host, lang, s, c.bundle), share.embed_code(host, lang, chart, s, c.bundle, title),
            share.citation(c.bundle, s, c.opts, chart, lang, host, ids),
            *(share.download_url(chart, ext, s, lang, c.bundle) for ext in ("csv", "png", "svg")))


def share_update(c: Context, clicks: list, view: dict, host: str) -> list:
    """All share panels in one response: open ones get their texts (built only while open, so a closed panel
    costs nothing), closed ones stay as they are."""
    out: list = []
    for chart, chart_clicks in zip(CHARTS, clicks, strict=True):
        width = 4 if chart == "cards" else 6
        if _count(chart_clicks) % 2 == 1:
            out += [False, "true", *list(share_texts(c, chart, view, host))[:width]]
        else:
            out += [True, "false", *[no_update] * width]
    return out


def tables_update(c: Context, clicks: list, view: dict) -> list:
    out: list = []
    s, lang = view_from_store(c, view)
    for chart, chart_clicks in zip(CHARTS, clicks, strict=True):
        if _count(chart_clicks) % 2 == 0:
            out += [True, "false", no_update]
            continue
        rows = chart_rows(c.bundle, s, c.opts, chart, lang)
        caption = share.chart_title(c.bundle, s, c.opts, chart, lang)
        out += [False, "true", page_c.data_table(rows, caption, lang)]
    return out


def summary_text(c: Context, chart: str, view: dict) -> str:
    s, lang = view_from_store(c, view)
    key = f"sum:{c.bundle.digest}:{chart}:{lang}:{st.to_query(s)}"
    return cached(key, lambda: summaries.summary(c.bundle, s, c.opts, chart, lang))[0]


def panels_update(c: Context, view: dict, world: bool, previous: list) -> tuple:
    """Every panel for a new view: (figure, rendered, summary) per graph in GRAPHS order (the world map option
    applies to the map only), then cards, cards rendered, sources, sources rendered. `previous`: the rendered keys
    of the graphs, the cards and the sources list, in that order."""
    def compute() -> tuple:
        out: list = []
        for name, before in zip(GRAPHS, previous, strict=False):
            out += graph_update(c, name, view, before, world and name == "map")
        return (*out, *cards_update(c, view, previous[len(GRAPHS)]),
                *sources_update(c, view, previous[len(GRAPHS) + 1]))

    # A step already answered is answered again from memory: one dict lookup instead of five cache reads. Only
    # answers made of patches (not whole figures) are kept, so the memo stays small.
    def small(answer: tuple) -> bool:
        return all(x is no_update or isinstance(x, Patch) for x in answer[0:3 * len(GRAPHS):3] + answer[-4:-3])

    def canon(before) -> str | None:
        read = previous_render(before)
        return rendered_key(c, *read) if read else None

    sources_before = previous[-1] if isinstance(previous[-1], str) and len(previous[-1]) <= 12 else None
    key = ("panels", rendered_key(c, view, world), *(canon(p) for p in previous[:-1]), sources_before)
    return c.memo(key, compute, keep=small)


def _sex_labels(lang: str) -> dict[str, str]:
    from .labels import SEX_LABEL
    t = translator(lang)
    return {k: t(v) for k, v in SEX_LABEL.items()}


def map_click(click: dict | None, dest: list[str], oblast: str | None):
    """Clicking a country adds or removes it from the destinations; clicking an oblast selects (or clears) it."""
    points = click.get("points") if isinstance(click, dict) else None
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return no_update, no_update
    dest = [d for d in dest if isinstance(d, str)] if isinstance(dest, list) else []
    loc = points[0].get("location")
    if not isinstance(loc, str):
        return no_update, no_update
    if loc.startswith("KG-"):
        return no_update, None if oblast == loc else loc
    if loc == "KGZ" or len(loc) != 3:
        return no_update, no_update
    new = [d for d in dest if d != loc] if loc in dest else [*dest, loc][-st.MAX_DEST:]
    return new, no_update
