"""The page: header, notices, filters, map, two time-series panels, story cards, sources. Layout only."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

from dash import dcc, html

from ..caching import favicon_link
from ..charts import REGISTRY, Chart
from ..i18n import LANGUAGE_NAMES, LANGUAGES, N_, translator
from ..i18n.cells import is_computed, table_cells
from ..i18n.plotly_locale import graph_locale_config
from ..labels import AS_COMPILED, COLUMN_LABEL, licence_label, publisher_words
from ..state import Notice, ViewState
from ..views.cards import Card
from .controls import PANEL_CONTROLS, filter_bar
from .share import page_tools, share_block

LATIN_WORD, CYRILLIC = re.compile(r"[A-Za-z]{4,}"), re.compile(r"[а-яА-ЯёЁөүңӨҮҢ]")  # a table cell's script

EMPTY_FIGURE = {"data": [], "layout": {"height": 420}}

NOTICE_TEXT = {
    "unknown-key": N_("The link contains '{key}', which this dashboard does not use; it was ignored."),
    "invalid": N_("The link asked for {key}={value}, which is not a valid value; it was ignored and the default "
                  "is shown."),
    "not-available": N_("The link asked for {key}={value}, which the chosen source does not publish; the latest "
                        "available year is shown instead."),
    "too-long": N_("The link was too long to read; the default view is shown."),
    "unknown-codes": N_("The link named {value} among the destinations, which this dashboard does not know; the "
                        "other destinations are shown."),
    "too-many": N_("The link named {value} destinations; the first 8 are shown."),
    "not-available-sex": N_("The chosen source does not publish figures by sex ({value}); both sexes are shown."),
    "no-figures": N_("The link asked for {key}={value}, for which the data hold no figures; the default is shown."),
    "reversed": N_("The link's year range ran backwards ({value}); it is read from the earlier year to the later."),
    "one-city-per-country": N_("The link named a second city in the same country ({value}); the first one named "
                               "is used."),
    "version": N_("The link was made with data version {value}, which this server no longer holds; the current "
                  "data are shown."),
}


# Scripts Dash loads only once the layout has rendered (the graph component, then plotly.js): fetched from the start
# instead, while the other scripts evaluate, they are in the cache when asked for (about 0.2 s less to first chart).
PRELOAD = ("_dash-component-suites/dash/dcc/async-graph.js", "_dash-component-suites/plotly/package_data/plotly.min.js")
# What Dash's renderer fetches once its scripts have run (the layout, for the page's query, and the callbacks' graph):
# asked for by the page's head instead, they arrive while the scripts evaluate. Dash's own fetch (same origin, no
# extra header) takes the preloaded response, so each is still asked for once.
PRELOAD_FETCH = ("_dash-layout", "_dash-dependencies")
# The world map's borders, which plotly.js would ask for only once the map is first drawn, and draw its countries in
# a task after the page's other charts: asked for by the page's head (id WORLD_MAP_ID), they are handed to plotly
# before it draws (assets/15-plotly-react.js), so the map is drawn whole in its first pass.
WORLD_MAP = "assets/topojson/world_110m.json"
WORLD_MAP_ID = "kgm-world-map"


def index_html(template: str, lang: str, cls: str = "", prefix: str | None = None, world_map: bool = False) -> str:
    """Dash's index page with <html lang> per language, preload hints for the scripts the charts wait for and for the
    layout and callbacks Dash fetches (under the app's `prefix`, default /{lang}/), and with `world_map` for the
    map's borders, the favicon at its content-hashed URL (cached for good, see caching.py), and without Dash's own
    <footer> element around the scripts (it would be a second 'contentinfo' landmark beside the page footer)."""
    html_tag = f'<html lang="{lang}"' + (f' class="{cls}"' if cls else "") + ">"
    prefix = prefix or f"/{lang}/"
    preload = "".join(f'<link rel="preload" href="{prefix}{path}" as="script">' for path in PRELOAD)
    preload += "".join(f'<link rel="preload" href="{prefix}{path}" as="fetch" crossorigin="anonymous">'
                       for path in PRELOAD_FETCH)
    if world_map:
        preload += (f'<link rel="preload" href="{prefix}{WORLD_MAP}" as="fetch" crossorigin="anonymous" '
                    f'id="{WORLD_MAP_ID}">')
    return (template.replace("<footer>", "<div>").replace("</footer>", "</div>").replace("<html>", html_tag)
            .replace("{%favicon%}", favicon_link(), 1).replace("{%css%}", preload + "{%css%}", 1))


def graph_config(name: str, lang: str) -> dict:
    """Offline map base (topojson from our own server), the slide image from the camera, no Plotly logo, and no
    "Share chart..." button: plotly 4 shows it by default and it uploads the chart's data to Plotly Cloud."""
    return {
        # each language app serves assets under its own prefix
        "topojsonURL": f"/{lang}/assets/topojson/", "displaylogo": False, "responsive": True, "scrollZoom": False,
        "showSendToCloud": False, "plotlyServerURL": "",
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
        # the camera gives the slide image: assets/40-export.js catches its click and downloads the server's PNG
        # (the share panel's, 1600x900 at 2x with the view's link inside); these options are plotly's own fallback
        # when the server cannot render (503), at the same size
        "toImageButtonOptions": {"format": "png", "filename": f"kg-migration-{name}", "width": 1600, "height": 900,
                                 "scale": 2},
        **graph_locale_config(lang),
    }


def graph_panel(panel_id: str, heading: str, controls, note: str, lang: str, first: Mapping | None = None,
                cls: str = "") -> html.Section:
    """`first`: the figure and summary of the view the page opens on, drawn without a callback round trip; `cls`:
    the panel's classes for that view (panel_class)."""
    first = first or {}
    return html.Section(className=" ".join(filter(None, ("panel", f"panel-{panel_id}", cls))), id=f"panel-{panel_id}",
                        **{"aria-labelledby": f"h-{panel_id}"}, children=[
        html.H2(heading, id=f"h-{panel_id}", className="panel-title"),
        controls,
        html.Div(dcc.Loading(dcc.Graph(id=panel_id, config=graph_config(panel_id, lang), className="graph",
                                       figure=first.get("figures", {}).get(panel_id) or EMPTY_FIGURE),
                             type="dot", delay_show=400),
                 role="figure", **{"aria-labelledby": f"h-{panel_id}", "aria-describedby": f"summary-{panel_id}"}),
        html.P(first.get("summaries", {}).get(panel_id), id=f"summary-{panel_id}", className="chart-summary"),
        html.P(note, className="panel-note", id=f"note-{panel_id}"),
        table_block(panel_id, lang),
        share_block(panel_id, lang),
    ])


def panel_class(chart_id: str, s: ViewState) -> str:
    """What a panel's stylesheet rules read from the view it opens on: the map panel names its layer (which labels
    and which controls show; assets/30-callbacks.js mapPanelClass keeps it after, as the reader changes layers)."""
    return f"layer-{s.layer}" if chart_id == "map" else ""


def chart_panel(chart: Chart, s: ViewState, lang: str, first: Mapping, options: Mapping | None = None
                ) -> html.Section:
    """A chart's panel, from its registry entry: a graph with its controls and note, or an HTML chart (the cards)
    with its controls, if any (`options`: what they offer, e.g. the cards' cities)."""
    t = translator(lang)
    if chart.has_image:
        return graph_panel(chart.id, t(chart.label), PANEL_CONTROLS[chart.id](s, lang, **(options or {})),
                           t(chart.note), lang, first, panel_class(chart.id, s))
    controls = PANEL_CONTROLS[chart.id](s, lang, **(options or {})) if chart.id in PANEL_CONTROLS else None
    return html.Section(className=f"panel panel-{chart.id}", **{"aria-labelledby": f"h-{chart.id}"}, children=[
        html.H2(t(chart.label), id=f"h-{chart.id}", className="panel-title"),
        controls,
        html.Div(first.get(chart.id), id=chart.id, className=chart.id),
        table_block(chart.id, lang),
        share_block(chart.id, lang),
    ])


def table_block(chart: str, lang: str) -> html.Div:
    """The table's region is named after its panel ("Map, data table"): one name for all four would make them
    landmarks a screen reader cannot tell apart (axe: landmark-unique)."""
    t = translator(lang)
    return html.Div(className="share", children=[
        html.Button(t("Show the data as a table"), id=f"table-{chart}-toggle", n_clicks=0, className="share-toggle",
                    **{"aria-expanded": "false", "aria-controls": f"table-{chart}"}),
        html.Span(t("Data table"), id=f"table-{chart}-name", hidden=True),
        # focusable and named: a scrolling region must be reachable by keyboard
        html.Div(id=f"table-{chart}", className="table-wrap", hidden=True, tabIndex="0", role="region",
                 **{"aria-labelledby": f"h-{chart} table-{chart}-name"}),
    ])


def data_table(rows, caption: str, lang: str, limit: int = 300) -> list:
    """A plain HTML table: caption, column headings (words in the page's language, with the CSV's key beneath) with
    scope, cells in the page's language (i18n.cells: separators, published digits, dates as dates, codes in words);
    empty = missing. The CSV keeps the values themselves.

    The table is one component (its HTML, every text escaped, in a dcc.Markdown), not one Dash component per cell:
    Dash renders each component with its own wrapper, and a table of 850 cells took 23 s to appear that way."""
    t = translator(lang)
    shown = rows.head(limit)
    out = [dcc.Markdown(table_html(shown, caption, lang), dangerously_allow_html=True, className="data-table-wrap")]
    if any(is_computed(v) for col in shown.columns for v in shown[col]):
        out.append(html.P(t("Numbers with more than four decimals (computed values) are shown here to two decimals; "
                            "the CSV download has every digit."), className="field-hint"))
    if len(rows) > limit:
        out.append(html.P(t("First {n} of {total} rows; the CSV download has them all.", n=limit, total=len(rows)),
                          className="field-hint"))
    return out


def table_html(shown, caption: str, lang: str) -> str:
    """The table's HTML on one line per row (a blank line would end Markdown's raw HTML block); every heading and
    cell escaped, so no text from the data or a link can become markup."""
    t = translator(lang)

    def text(value) -> str:
        return escape(" ".join(str(value).split()), quote=True)

    cells = table_cells(shown, lang)
    english = english_columns(list(shown.columns), cells) if lang != "en" else set()

    def heading(column: str) -> str:
        words = t(COLUMN_LABEL[column]) if column in COLUMN_LABEL else column
        return t("{column} (in English, as in the data)", column=words) if column in english else words

    heads = "".join(f'<th scope="col">{text(heading(c))}<span class="col-key">{text(c)}</span></th>'
                    if c in COLUMN_LABEL else f'<th scope="col">{text(c)}</th>' for c in shown.columns)
    body = "\n".join("<tr>" + "".join(f"<td>{text(cell)}</td>" for cell in row) + "</tr>" for row in cells)
    return (f'<table class="data-table"><caption>{text(caption)}</caption>\n<thead><tr>{heads}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody></table>")


def english_columns(columns: list[str], cells: list[list[str]]) -> set[str]:
    """The columns of free text the data package writes in English (notes, what is measured, details) that hold
    some here: a ru or ky heading says so, rather than leave the reader to wonder why."""
    return {column for at, column in enumerate(columns) if column in AS_COMPILED
            and any(LATIN_WORD.search(row[at]) and not CYRILLIC.search(row[at]) for row in cells)}


def language_links(lang: str) -> html.Nav:
    t = translator(lang)
    return html.Nav(className="languages", **{"aria-label": t("Language")}, children=[
        html.A(LANGUAGE_NAMES[code], id=f"lang-{code}", href=f"/{code}/", lang=code, hrefLang=code,
               className="lang" + (" current" if code == lang else ""),
               **({"aria-current": "true"} if code == lang else {})) for code in LANGUAGES])


def notices_block(notices: list[Notice], lang: str) -> list:
    t = translator(lang)
    if not notices:
        return []
    items = [html.Li(t(NOTICE_TEXT[notice.reason], key=notice.key, value=notice.value)) for notice in notices]
    return [html.Div(className="notice", children=[html.Strong(t("Some parts of this link could not be used.")),
                                                   html.Ul(items)])]


def version_banner(version: str, created: str, newest: str, newest_href: str, lang: str) -> list:
    """Shown above a view pinned (v=) to an older data version the server still holds: what it shows and a link to
    the same view on the newest data. The link's author saw these figures; a reader may want today's."""
    t = translator(lang)
    text = t("This link shows data version {version} ({created}), as its author saw it. The newest data are version "
             "{newest}.", version=version, created=created, newest=newest)
    return [html.Div(className="notice version-banner", role="status", children=[
        html.Span(text + " "), html.A(t("Show this view with the newest data"), href=newest_href)])]


def cards_block(cards: list[Card], lang: str) -> list:
    t = translator(lang)
    out = []
    for c in cards:
        source_word = t("source")
        facts = [html.Li([html.Span(f.text), html.Span(f" ({source_word}: {f.source})", className="fact-source")])
                 for f in c.facts]
        body = [html.P(c.route, className="card-route"), html.P(c.headline, className="card-headline"),
                html.Ul(facts, className="card-facts")]
        if c.distance_km is not None:
            body.append(html.P(c.distance_note, className="card-foot"))
            out.append(html.Button(body, className="card", id={"type": "card", "key": c.key}, n_clicks=0,
                                   title=t("Show this route on the map, keeping the chosen destinations"),
                                   **{"data-km": f"{c.distance_km:.3f}"}))
        else:
            out.append(html.Div(body, className="card card-back", id={"type": "card-static", "key": c.key}))
    return out


def sources_block(rows: list[dict], lang: str) -> list:
    t = translator(lang)
    items = []
    for r in rows:
        year = f" ({r['year']})" if r.get("year") else ""
        link = html.A(t("Publisher's page"), href=r["url"], rel="noopener", target="_blank") if r.get("url") else ""
        publisher = publisher_words(r["publisher"], lang)
        # the title as its publisher wrote it, in whatever language (<cite>: the title of a work)
        items.append(html.Li([html.Cite(r["title"]), f" — {publisher}{year}. ",
                              html.Span(f"{t('Licence')}: {licence_label(r['licence'], lang)}. ", className="licence"),
                              link], id=f"src-{r['source_id']}"))
    return [html.Ul(items, className="sources-list")]


def data_version(version: str, created: str, lang: str, changes_href: str | None) -> html.P:
    """'Data version 2026.12.1 · 2026-12-01': the version a link to what changed since the version before it, when
    the server holds one (the text stays the version alone: scripts read it as such)."""
    t = translator(lang)
    shown = html.Strong(version, id="data-version")
    if changes_href:
        shown = html.A(shown, href=changes_href, className="version-link",
                       title=t("What changed since the previous data version"))
    return html.P([t("Data version"), " ", shown, f" · {created[:10]}"], className="version")


def page(s: ViewState, lang: str, *, version: str, created: str, filters: dict, notices: list[Notice],
         first: Mapping | None = None, panel_options: Mapping | None = None,
         changes_href: str | None = None) -> html.Div:
    """The whole page. `first` holds what the view `s` shows ({"figures", "summaries", "cards", "sources"}), so a
    visitor sees the linked view's charts as soon as plotly.js has loaded, with no callback before them.
    `panel_options`: what a panel's own controls offer, by chart id ({"cards": {"cities": [...]}}).
    `changes_href`: the header's data version links there (the changes since the version before it)."""
    t = translator(lang)
    first, panel_options = first or {}, panel_options or {}
    return html.Div(className="page", children=[
        html.A(t("Skip to the charts"), href="#panel-map", className="skip"),
        html.Header(className="header", children=[
            html.Div([html.H1(t("Kyrgyz labour migration")),
                      html.P(t("Where Kyrgyzstan's migrants live, how far from home, and the money they send back: "
                               "official counts and estimates side by side, each with its source."),
                             className="purpose")]),
            html.Div([language_links(lang),
                      data_version(version, created, lang, changes_href), page_tools(lang)], className="header-side"),
        ]),
        html.Div(id="notices", role="status", **{"aria-live": "polite"}, children=notices_block(notices, lang)),
        filter_bar(s, lang, **filters),
        html.Main(className="grid", children=[
            *[chart_panel(chart, s, lang, first, panel_options.get(chart.id)) for chart in REGISTRY.values()],
        ]),
        html.Section(className="panel panel-sources", **{"aria-labelledby": "h-sources"}, children=[
            html.H2(t("Sources on this page"), id="h-sources", className="panel-title"),
            # filled with the view's frames, soon after the charts (patches.first_view); until then a line says
            # so, and on paper where the list is (10-style.css shows these texts while #sources is empty)
            html.Div(first.get("sources"), id="sources", **{
                "data-wait": t("Loading the list of sources…"),
                "data-print": t("The sources of this view are listed on its page: see the link above.")}),
        ]),
        html.Div(id="print-footer", className="print-only"),
        html.Span(t("Kyrgyz labour migration dashboard") + " · " + t("Data") + f" {version}", id="print-footer-text",
                  hidden=True),
        html.Footer(className="footer", **{"aria-label": t("About the figures")}, children=[
            html.P(t("Figures as published by each source: not rounded, interpolated or smoothed; missing is shown "
                     "as missing. Boundaries: OCHA COD-AB (CC BY-IGO 3.0), Natural Earth (public domain). "
                     "Places: GeoNames (CC BY 4.0).")),
        ]),
    ])
