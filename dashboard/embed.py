"""/{lang}/embed/{chart}?<view query>: one chart, no page chrome, a link back to the full view.

Made to sit in other sites' iframes: framing is allowed on these routes only (see security.py), the embed never
writes to its own or its host's URL, and a `v=` pin keeps the data version its author saw while we still hold it.
"""

from __future__ import annotations

import re

from dash import Dash, Input, Output, dcc, html

from . import hosts
from . import state as st
from .charts import CHART_IDS, REGISTRY, ChartRequest
from .components.page import cards_block, graph_config, index_html, notices_block
from .dash_app import DashApp
from .i18n import translator
from .settings import ASSETS_DIR
from .views import cards as cards_v
from .views import share

TITLE_LINE = re.compile(r"^<b>(?P<title>[\s\S]*?)</b><br>")


def embed_children(context, lang: str, pathname: str | None, search: str | None, host: str) -> list:
    t = translator(lang)
    chart = (pathname or "").rstrip("/").rsplit("/embed/", 1)[-1].split("/")[0]
    if chart not in REGISTRY:
        return [html.P(t("There is no chart called '{chart}'. Charts that can be embedded: {charts}.",
                         chart=chart[:40], charts=", ".join(CHART_IDS)), className="notice")]
    query, _ = st.parse(search or "", context.opts)
    b = context.bundle_for(query.v)
    s, notices = st.parse(search or "", context.options_for(b))
    if query.v and query.v != b.version:
        notices = [notice for notice in notices if notice.key != "v"] + [st.Notice("v", query.v, "version")]
    elif query.v:
        notices = [notice for notice in notices if notice.key != "v"]  # pinned to a version we hold: nothing to say
    opts = context.options_for(b)
    link = share.page_url(host, lang, s, b)
    req = ChartRequest(b, s, opts, lang, link=link)
    heading = html.H1(REGISTRY[chart].title(req), className="embed-title")
    if not REGISTRY[chart].has_image:  # no figure to carry the subtitle: it stands under the heading
        subtitle = html.P(REGISTRY[chart].heading(req).subtitle_with_notes(), className="embed-subtitle")
        body = html.Div([subtitle, html.Div(static_cards(cards_block(cards_v.corridor_cards(b, s, opts, lang), lang)),
                                            className="cards")])
    else:
        config = graph_config(chart, lang) | {"topojsonURL": f"/{lang}/embed/assets/topojson/"}
        fig = title_in_heading(REGISTRY[chart].figure(req))
        body = dcc.Graph(id="embed-graph", figure=fig, config=config, className="graph")
    back = html.A(t("Open this view in the dashboard"), href=link, target="_blank", rel="noopener",
                  className="embed-back")
    data_word = t("Data")
    return [*notices_block(notices, lang), heading, body,
            html.P([back, f" · {data_word} {b.version}"], className="embed-foot")]


def title_in_heading(fig: dict) -> dict:
    """The embed's h1 already says the chart's title: drawing it again inside the figure, right under the h1, would
    say it twice. The bold title line is emptied (the subtitle, legend and source line stay in the figure); its
    `<b></b><br>` shape stays, so the phone rewrap in 20-tools.js still finds the subtitle. Images downloaded from
    the embed come from the server and keep their title."""
    layout = fig.get("layout") or {}
    text = (layout.get("title") or {}).get("text", "")
    m = TITLE_LINE.match(text)
    if not m:
        return fig
    lines = m["title"].count("<br>")  # lines beyond the first, no longer drawn
    margin = layout.get("margin") or {}
    new_margin = {**margin, "t": margin["t"] - 20 * lines} if "t" in margin else margin
    layout = {**layout, "title": {**layout["title"], "text": "<b></b><br>" + text[m.end():]}, "margin": new_margin}
    return {**fig, "layout": layout}


def static_cards(cards: list) -> list:
    """The page's cards are buttons that show their route on the map beside them; an embed has no map, so a button
    there would do nothing when pressed (and be announced as one): the same content as plain boxes."""
    return [html.Div(c.children, className=c.className) if isinstance(c, html.Button) else c for c in cards]


def create_embed_app(server, context, lang: str) -> Dash:
    app = DashApp(
        f"dashboard-embed-{lang}", server=server, url_base_pathname=f"/{lang}/embed/",
        assets_folder=str(ASSETS_DIR), title=translator(lang)("Kyrgyz labour migration"), update_title=None,
        serve_locally=True, health_endpoint=None,
    )
    app.index_string = index_html(app.index_string, lang, 'embedded', prefix=f"/{lang}/embed/")
    app.layout = html.Div([dcc.Location(id="url", refresh=False), html.Main(id="embed", className="embed")])

    @app.callback(Output("embed", "children"), Input("url", "pathname"), Input("url", "search"))
    def _render(pathname, search):
        return embed_children(context, lang, pathname, search, hosts.link_base())

    return app
