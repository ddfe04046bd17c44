"""The only module that wires Dash inputs to views: URL <-> controls <-> ViewState -> figures.

Each callback body is a plain function (`sync_view`, `panels_update`, `share_update`, ...) so tests call them without
a browser; `register` only attaches them to the app. The view's context lives in context.py, what panels send on a
view change in patches.py, and the browser-only steps in assets/30-callbacks.js.
"""

from __future__ import annotations

import json
from collections import Counter

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, no_update

from . import hosts
from . import state as st
from .charts import CHART_IDS as CHARTS
from .charts import REGISTRY, ChartRequest
from .components import page as page_c
from .components import share as share_c
from .components.controls import dest_limit_block, year_marks
from .components.events import events_list
from .context import Context, view_from_store, view_to_store
from .data.corridors import city_for
from .data.stock import stock_by_destination
from .i18n import LANGUAGES, translator
from .labels import names
from .patches import GRAPHS, panels_update, sources_update
from .state import Options, ViewState
from .timing import timed
from .views import page_data, share

CONTROLS = (("year", "f-year"), ("dest", "f-dest"), ("oblast", "f-oblast"), ("sex", "f-sex"), ("src", "f-src"),
            ("layer", "f-layer"), ("measure", "f-measure"), ("per", "f-per"), ("tab", "f-tab"), ("rem", "f-rem"),
            ("frame", "f-frame"), ("city", "f-city"))
# women and men: head counts or the share of women (wm=)
CONTROLS += (("wm", "f-wm"),)
# the year range of every time series: one control (two handles) for two URL keys, from= and to=
CONTROLS += (("range", "f-range"),)
# dated events on every time series: shown or hidden (events=on|off)
CONTROLS += (("events", "f-events"),)
# oblasts compared: ranking, series or scatter (oview=), and the scatter's horizontal axis (vs=)
CONTROLS += (("oview", "f-oview"), ("vs", "f-vs"))
# the remittance corridor's sending country (partner=), shown with rem=corridor
CONTROLS += (("partner", "f-partner"),)


def sync_view(c: Context, triggered: str | None, search: str | None, lang: str, values: list):
    """-> (search, view store, control values, notices).
    Page load (triggered None) and back/forward (url): the controls follow the URL, with a notice for anything
    unusable. A control change: the URL follows the controls (pushed to history, so back/forward work).
    A link pinned to an older version the server holds (v=) is read and drawn with that version's data."""
    c = c.for_query(search)
    if triggered in (None, "url"):
        s, notices = st.parse(search or "", c.opts)
        ctrl = control_values(s, c.opts)
        ctrl = [new if new != old else no_update for new, old in zip(ctrl, values, strict=True)]
        return no_update, view_to_store(s, lang), ctrl, [*page_c.notices_block(notices, lang),
                                                          *version_banner(c, s, lang)]
    kwargs = dict(zip([k for k, _ in CONTROLS], values, strict=True))
    current, _ = st.parse(search or "", c.opts)
    kwargs["year"] = year_at(c, current, kwargs.get("src"), kwargs.get("year"))
    kwargs["dest"], left_out = keep_largest(c, kwargs)
    kwargs["city"] = city_choice(c, kwargs.get("city"), current.city)
    s = st.from_controls(c.opts, **kwargs)
    if s.partner is not None and s.partner == ViewState().corridor_partner(c.opts):
        s = st.replace(s, partner=None)  # the default sending country: links keep following the data's order
    if s.year is not None and s.year == c.opts.years[s.src][-1]:
        s = st.replace(s, year=None)  # the latest year is the default: links keep following new data
    if current.v:
        s = st.replace(s, v=current.v)
    q = st.to_query(s)
    new_search = f"?{q}" if q else ""
    out_search = new_search if new_search != (search or "") else no_update
    ctrl = control_values(s, c.opts)
    ctrl = [new if new != old else no_update for new, old in zip(ctrl, values, strict=True)]
    return out_search, view_to_store(s, lang), ctrl, dest_limit_notice(c, s, left_out, lang)


def keep_largest(c: Context, values: dict) -> tuple[object, list[str]]:
    """-> (destinations to show, those left out). More than MAX_DEST chosen ("Select all" picks every one): keep the
    largest by the chosen source's stock in the chosen year and sex, not the first ones in the list (alphabetical,
    so Russia went), and name the rest. Destinations without a figure rank last, in the reader's order."""
    dest = values.get("dest")
    if not isinstance(dest, list) or len(dest) <= st.MAX_DEST:
        return dest, []
    probe = st.from_controls(c.opts, **{**values, "dest": None})
    stock = stock_by_destination(c.bundle, probe.src, probe.sex, probe.effective_year(c.opts))
    size = {iso: float(v) for iso, v in zip(stock["destination_iso3"], stock["value"], strict=True) if v == v}
    codes = [d for d in dict.fromkeys(x.upper() for x in dest if isinstance(x, str)) if d in c.opts.countries]
    ranked = sorted(codes, key=lambda d: -size.get(d, -1.0))
    return ranked[:st.MAX_DEST], ranked[st.MAX_DEST:]


def city_choice(c: Context, chosen, before: tuple[str, ...]):
    """The cities the city control asks for: one per country (replace_in_country), without a country's usual city
    (the default view has one URL: choosing Moscow again is the link without city=)."""
    kept = replace_in_country(chosen, before, c.opts.cities)
    if not isinstance(kept, list):
        return kept
    return [place for place in kept if city_for(c.bundle, c.opts.cities.get(place, "")) != place]


def replace_in_country(chosen, before: tuple[str, ...], countries: dict):
    """The city control's value without the cities that a city just chosen in the same country replaces: the URL
    keeps one city per country (the first named), so a second one would otherwise be ignored, not chosen. Several
    new cities of one country at once (the list's "Select all") choose none of them: that country stays as it was."""
    if not isinstance(chosen, list):
        return chosen
    chosen = [place for place in chosen if isinstance(place, str)]  # a tampered request may send anything
    new = [place for place in chosen if place not in before]
    new_in = Counter(countries.get(place) for place in new)

    def kept(place) -> bool:
        count = new_in[countries.get(place)]
        return count == 1 if place in new else count != 1

    return [place for place in chosen if kept(place)]


def dest_limit_notice(c: Context, s: ViewState, left_out: list[str], lang: str) -> list:
    if not left_out:
        return []
    country = names(c.bundle, lang)
    return dest_limit_block([country.get(d, d) for d in left_out], st.MAX_DEST, s.effective_year(c.opts), lang)


def version_banner(c: Context, s: ViewState, lang: str) -> list:
    """For a view of an archived version: which version it shows, and a link to the same view on the newest data."""
    if not c.is_archived:
        return []
    q = st.to_query(st.replace(s, v=None))
    return page_c.version_banner(c.bundle.version, c.bundle.created[:10], c.newest.version, f"?{q}", lang)


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
        elif key in ("dest", "city"):
            out.append(list(getattr(s, key)))
        elif key == "range":
            out.append(st.range_value(s, opts.span))
        elif key == "partner":
            out.append(s.corridor_partner(opts))
        else:
            out.append(getattr(s, key))
    return out


def _count(clicks) -> int:
    """n_clicks as sent by the browser (or by anyone): anything that is not a small int counts as 0."""
    return clicks if isinstance(clicks, int) and 0 <= clicks < 10**9 else 0


def register(app, c: Context, lang: str) -> None:
    """Attach every callback of the page in `lang` to `app`."""
    register_sync(app, c, lang)
    register_panels(app, c)
    register_filters(app, c)
    register_share_and_tables(app, c)
    register_browser_steps(app)


PANEL_OUTPUTS = [*[(cid, prop) for name in GRAPHS
                   for cid, prop in ((name, "figure"), (f"{name}-rendered", "data"), (f"summary-{name}", "children"))],
                 ("cards", "children"), ("cards-rendered", "data"),
                 ("sources", "children"), ("sources-rendered", "data")]
RENDERED = [f"{name}-rendered" for name in (*GRAPHS, "cards", "sources")]
YEAR_INDEX = [key for key, _ in CONTROLS].index("year")


def register_sync(app, c: Context, lang: str) -> None:
    """URL <-> controls -> view store -> panels, in ONE request: what the reader did, turned into the view and every
    panel's answer for it. The address and the year slider reach it through two gates in the browser
    (assets/30-callbacks.js): an address the page wrote itself asks nothing, and a year step whose frame the page
    holds (frames.py) is drawn from memory; otherwise they set url-ask / year-ask, which this callback listens to."""
    controls = [Input(cid, "value") if key != "year" else Input("year-ask", "data") for key, cid in CONTROLS]

    @app.callback(Output("url", "search"), Output("view", "data"), *[Output(cid, "value") for _, cid in CONTROLS],
                  Output("notices", "children"), *[Output(cid, prop) for cid, prop in PANEL_OUTPUTS],
                  *SOURCE_OPTION_OUTPUTS, Input("url-ask", "data"), *controls, State("url", "search"),
                  State("f-year", "value"), State("view", "data"), *[State(rid, "data") for rid in RENDERED])
    @timed
    def _sync(_ask, *rest):
        count = len(CONTROLS)
        values, search, year, previous = list(rest[:count]), rest[count], rest[count + 1], rest[count + 2]
        values[YEAR_INDEX] = year
        trig = ctx.triggered_id  # None on page load
        if trig == "url-ask":
            trig = "url"
        elif isinstance(trig, str):
            trig = "controls"
        out_search, view, ctrl, notices = sync_memo(c, trig, search, lang, values)
        if view == previous:  # the panels show it already; on page load the view is still said once, for the
            # browser's steps that wait on it (the frames, 30-callbacks.js loadFrames: Dash runs none of them first)
            return (out_search, view if trig is None else no_update, *ctrl, notices,
                    *[no_update] * (len(PANEL_OUTPUTS) + 5))
        return (out_search, view, *ctrl, notices, *panels_update(c, view, list(rest[count + 3:])),
                *source_options(c, view, previous))


SOURCE_OPTION_OUTPUTS = [Output("f-year", "marks"), Output("f-year", "min"), Output("f-year", "max"),
                         Output("f-dest", "options"), Output("f-sex", "options")]


def source_options(c: Context, view: dict, previous: dict | None) -> list:
    """The controls that depend on the view's source (its years, destinations and sexes), sent only when the source
    changed: the year slider's marks arrive with the year they place."""
    cv = c.for_view(view)
    s, lang = view_from_store(cv, view)
    if isinstance(previous, dict) and view_from_store(c.for_view(previous), previous)[0].src == s.src:
        return [no_update] * 5
    s = st.from_controls(cv.opts, src=s.src, sex=s.sex, dest=list(s.dest))
    f = page_data.filter_options(cv.bundle, s, cv.opts, lang)
    labels = _sex_labels(lang)
    return [year_marks(f["years"]), 0, len(f["years"]) - 1,
            [{"label": name, "value": code} for code, name in f["countries"]],
            [{"label": labels[x], "value": x} for x in f["sexes"]]]


def sources_alone(c: Context, view, shown) -> tuple:
    """The Sources list of `view` (the browser's store, any value) and its key, or no_update for a list shown
    already (`shown`: the key of the list the page shows, if any)."""
    return sources_update(c.for_view(view), view, shown if isinstance(shown, str) else None)


def register_panels(app, c: Context) -> None:
    """A year step drawn from memory (assets/30-callbacks.js kgmStep): the view's frames, fetched once per view
    (frames.py), draw every panel with no request, the charts in view as the slider moves; with no frame held the
    slider's callback (yearFromFrames) asks the server (year-ask). The page's Sources list comes with the frames
    too (kgmFrames.showSources); when they cannot be had, the browser asks for the list alone (sources-ask)."""
    @app.callback(Output("sources", "children", allow_duplicate=True),
                  Output("sources-rendered", "data", allow_duplicate=True),
                  Input("sources-ask", "data"), State("view", "data"), State("sources-rendered", "data"),
                  prevent_initial_call=True)
    @timed
    def _sources(_ask, view, shown):
        return sources_alone(c, view, shown)

    app.clientside_callback(
        _in_browser("urlGate"), Output("url-ask", "data"), Input("url", "search"), State("view", "data"))
    # what follows the view (its frames, links, open panels) listens to view-shown, set once the step is painted
    app.clientside_callback(_in_browser("viewShown"), Output("view-shown", "data"), Input("view", "data"))
    app.clientside_callback(_in_browser("loadFrames"), Output("frames-view", "data"), Input("view-shown", "data"))
    # the step's props (the view, the address, every panel's) are set by the browser once it has painted the charts
    # in view (kgmStep in 30-callbacks.js): the callback only asks the server when no frame is held
    app.clientside_callback(
        _in_browser("yearFromFrames"), Output("year-ask", "data"),
        Input("f-year", "value"), State("f-year", "marks"), State("view", "data"), prevent_initial_call=True)


def register_filters(app, c: Context) -> None:
    """Clicks on the map (the controls that depend on the source come with the URL sync: source_options)."""
    @app.callback(Output("f-dest", "value", allow_duplicate=True), Output("f-oblast", "value", allow_duplicate=True),
                  Input("map", "clickData"), State("f-dest", "value"), State("f-oblast", "value"),
                  prevent_initial_call=True)
    @timed
    def _map_click(click, dest, oblast):
        return map_click(click, dest or [], oblast)


def register_share_and_tables(app, c: Context) -> None:
    """Share and table panels ask the server only when opened, or when the view changes while one is open."""
    share_outs, share_ins = [], []
    for chart in CHARTS:
        share_outs += [Output(f"share-{chart}", "hidden"), Output(f"share-{chart}-toggle", "aria-expanded"),
                       Output(f"share-{chart}", "children")]
        share_ins.append(Input(f"share-{chart}-toggle", "n_clicks"))

    @app.callback(*share_outs, *share_ins, State("view", "data"), prevent_initial_call=True)
    @timed
    def _share(*args):
        return share_update(c, list(args[:-1]), args[-1], hosts.link_base())

    table_outs = []
    for chart in CHARTS:
        table_outs += [Output(f"table-{chart}", "hidden"), Output(f"table-{chart}-toggle", "aria-expanded"),
                       Output(f"table-{chart}", "children")]

    @app.callback(*table_outs, *[Input(f"table-{chart}-toggle", "n_clicks") for chart in CHARTS],
                  State("view", "data"), prevent_initial_call=True)
    @timed
    def _tables(*args):
        return tables_update(c, list(args[:-1]), args[-1])


def _in_browser(name: str) -> ClientsideFunction:
    """A function of assets/30-callbacks.js: served from 'self', so the CSP needs no hash for it."""
    return ClientsideFunction("kgm", name)


def register_browser_steps(app) -> None:
    """Steps that need no data run in the browser, with no request (their code: assets/30-callbacks.js)."""
    # a card shows its route, keeping the chosen destinations: no request when cards re-render
    app.clientside_callback(
        _in_browser("cardRoute"),
        Output("f-dest", "value", allow_duplicate=True), Output("f-layer", "value", allow_duplicate=True),
        Input({"type": "card", "key": ALL}, "n_clicks"), State("f-dest", "value"), prevent_initial_call=True)
    toggles = [f"{kind}-{chart}-toggle" for kind in ("share", "table") for chart in CHARTS]
    app.clientside_callback(
        _in_browser("reopenPanels"),
        *[Output(tid, "n_clicks", allow_duplicate=True) for tid in toggles], Input("view-shown", "data"),
        *[State(tid, "n_clicks") for tid in toggles], prevent_initial_call=True)
    # link to the view, print footer and language links (one output per language, in LANGUAGES order)
    app.clientside_callback(
        _in_browser("viewLinks"),
        Output("link-page", "children"), Output("print-footer", "children"),
        *[Output(f"lang-{code}", "href") for code in LANGUAGES], Input("view-shown", "data"),
        State("data-version", "children"), State("print-footer-text", "children"))
    # the page tools' deck (/download/briefing.pptx) and pack (briefing.zip) of the view, pinned to the version shown
    app.clientside_callback(_in_browser("briefingHref"), Output("briefing-pptx", "href"),
                            Output("briefing-zip", "href"), Input("view-shown", "data"),
                            State("data-version", "children"))
    app.clientside_callback(
        _in_browser("stepYear"),
        Output("f-year", "value", allow_duplicate=True), Input("year-prev", "n_clicks"),
        Input("year-next", "n_clicks"), State("f-year", "value"), State("f-year", "marks"), prevent_initial_call=True)
    app.clientside_callback(
        _in_browser("copy"),
        Output({"type": "copy", "target": ALL}, "children"), Input({"type": "copy", "target": ALL}, "n_clicks"),
        prevent_initial_call=True)
    app.clientside_callback(
        _in_browser("print"), Output("print", "n_clicks"), Input("print", "n_clicks"), prevent_initial_call=True)
    app.clientside_callback(
        _in_browser("nativeShare"),
        Output("native-share", "hidden"), Input("native-share", "n_clicks"), State("link-page", "children"))
    app.clientside_callback(_in_browser("mapPanelClass"), Output("panel-map", "className"), Input("f-layer", "value"))
    # the chosen years in words beside the year-range control, as the handles move (assets/35-range.js)
    app.clientside_callback(_in_browser("rangeWords"), Output("f-range-words", "children"),
                            Input("f-range", "value"), State("f-range", "min"), State("f-range", "max"),
                            prevent_initial_call=True)
    app.clientside_callback(
        _in_browser("player"),
        Output("play-timer", "disabled"), Output("play", "children"), Output("play", "aria-pressed"),
        Output("play", "aria-label"), Output("play", "title"), Output("f-year", "value", allow_duplicate=True),
        Output("play-status", "children", allow_duplicate=True), Input("play", "n_clicks"),
        Input("play-timer", "n_intervals"), State("play-timer", "disabled"), State("f-year", "value"),
        State("f-year", "marks"), State("view", "data"), prevent_initial_call=True)
    app.clientside_callback(
        _in_browser("playStatus"),
        Output("play-status", "children"), Input("f-year", "value"), State("f-year", "marks"),
        State("play-timer", "disabled"), State("play-status", "children"), prevent_initial_call=True)


def share_texts(c: Context, chart: str, view: dict, host: str) -> share.ShareTexts:
    """The link, embed code, citation and download addresses of one chart of a view."""
    c = c.for_view(view)
    s, lang = view_from_store(c, view)
    req = ChartRequest(c.bundle, s, c.opts, lang)
    ids = REGISTRY[chart].source_ids(req, REGISTRY[chart].rows(req))
    title = REGISTRY[chart].title(req)
    image = REGISTRY[chart].has_image
    return share.ShareTexts(
        share.page_url(host, lang, s, c.bundle), share.embed_code(host, lang, chart, s, c.bundle, title),
        share.citation(c.bundle, s, c.opts, chart, lang, host, ids),
        *(share.download_url(chart, ext, s, lang, c.bundle) for ext in ("csv", "pptx")),
        *(share.download_url(chart, ext, s, lang, c.bundle) if image else None for ext in ("png", "svg")))


def share_update(c: Context, clicks: list, view: dict, host: str) -> list:
    """All share panels in one response: open ones get their fields (built only while open, so a closed panel
    costs nothing and is not in the page), closed ones stay as they are."""
    out: list = []
    lang = view_from_store(c.for_view(view), view)[1]
    for chart, chart_clicks in zip(CHARTS, clicks, strict=True):
        if _count(chart_clicks) % 2 == 1:
            out += [False, "true", share_c.share_body(chart, lang, share_texts(c, chart, view, host))]
        else:
            out += [True, "false", no_update]
    return out


def tables_update(c: Context, clicks: list, view: dict) -> list:
    out: list = []
    c = c.for_view(view)
    s, lang = view_from_store(c, view)
    for chart, chart_clicks in zip(CHARTS, clicks, strict=True):
        if _count(chart_clicks) % 2 == 0:
            out += [True, "false", no_update]
            continue
        req = ChartRequest(c.bundle, s, c.opts, lang)
        rows = page_data.table_rows(REGISTRY[chart].rows(req), c.bundle, lang)
        caption = REGISTRY[chart].title(req)
        out += [False, "true", page_c.data_table(rows, caption, lang) +
                events_list(REGISTRY[chart].marked_events(req), lang)]
    return out


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
    if loc is None:  # a flow line: its destination's iso3 is its customdata
        loc = points[0].get("customdata")
    if not isinstance(loc, str):
        return no_update, no_update
    if loc.startswith("KG-"):
        return no_update, None if oblast == loc else loc
    if loc == "KGZ" or len(loc) != 3:
        return no_update, no_update
    new = [d for d in dest if d != loc] if loc in dest else [*dest, loc][-st.MAX_DEST:]
    return new, no_update

