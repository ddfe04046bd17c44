"""/{lang}/embed/{chart}?<view query>: one chart, no page chrome, a link back to the full view.

Made to sit in other sites' iframes: framing is allowed on these routes only (see security.py), the embed never
writes to its own or its host's URL, and a `v=` pin keeps the data version its author saw while we still hold it.
"""

from __future__ import annotations

import logging
import re

from dash import Dash, Input, Output, dcc, html
from dash._utils import interpolate_str
from flask import has_request_context, request

from . import embed_static, hosts
from . import state as st
from .chart_files import ViewFiles
from .charts import CHART_IDS, REGISTRY
from .components.page import cards_block, graph_config, index_html, notices_block
from .dash_app import HOST_ONLY_ASSETS, DashApp, assets_ignore, without_unused_bundles
from .i18n import translator
from .settings import ASSETS_DIR
from .views import cards as cards_v

log = logging.getLogger(__name__)

TITLE_LINE = re.compile(r"^<b>(?P<title>[\s\S]*?)</b><br>")


def embed_chart(pathname: str | None) -> str:
    return (pathname or "").rstrip("/").rsplit("/embed/", 1)[-1].split("/")[0]


def embed_view(context, lang: str, search: str | None, host: str) -> ViewFiles:
    """The embed's data version (a `v=` pin we still hold), view, link and notices: the static page and the live
    one read the query the same way."""
    query, _ = st.parse(search or "", context.opts)
    b = context.bundle_for(query.v)
    s, notices = st.parse(search or "", context.options_for(b))
    if query.v and query.v != b.version:
        notices = [notice for notice in notices if notice.key != "v"] + [st.Notice("v", query.v, "version")]
    elif query.v:
        notices = [notice for notice in notices if notice.key != "v"]  # pinned to a version we hold: nothing to say
    return ViewFiles(b, s, context.options_for(b), lang, host, tuple(notices))


def embed_frame(files: ViewFiles, chart: str) -> tuple[list, html.H1, html.P]:
    """The notices, the heading and the foot (the link back to the view, the data version) around the chart."""
    t = translator(files.lang)
    heading = html.H1(REGISTRY[chart].title(files.request(link=files.link())), className="embed-title")
    back = html.A(t("Open this view in the dashboard"), href=files.link(), target="_blank", rel="noopener",
                  className="embed-back")
    foot = html.P([back, f" · {t('Data')} {files.bundle.version}"], className="embed-foot")
    return notices_block(list(files.notices), files.lang), heading, foot


def embed_children(context, lang: str, pathname: str | None, search: str | None, host: str) -> list:
    t = translator(lang)
    chart = embed_chart(pathname)
    if chart not in REGISTRY:
        return [html.P(t("There is no chart called '{chart}'. Charts that can be embedded: {charts}.",
                         chart=chart[:40], charts=", ".join(CHART_IDS)), className="notice")]
    files = embed_view(context, lang, search, host)
    b, s, opts = files.bundle, files.view, files.opts
    req = files.request(link=files.link())
    notices, heading, foot = embed_frame(files, chart)
    if not REGISTRY[chart].has_image:  # no figure to carry the subtitle: it stands under the heading
        subtitle = html.P(REGISTRY[chart].heading(req).subtitle_with_notes(), className="embed-subtitle")
        body = html.Div([subtitle, html.Div(static_cards(cards_block(cards_v.corridor_cards(b, s, opts, lang), lang)),
                                            className="cards")])
    else:
        config = graph_config(chart, lang) | {"topojsonURL": f"/{lang}/embed/assets/topojson/"}
        fig = title_in_heading(REGISTRY[chart].figure(req))
        body = dcc.Graph(id="embed-graph", figure=fig, config=config, className="graph")
    return [*notices, heading, body, foot]


def static_parts(context, lang: str, pathname: str, search: str, host: str) -> dict | None:
    """What the static page draws for this address (embed_static.static_index), or None: no chart by that name, a
    chart without a picture (the cards), or a renderer that failed (logged; the live page is served instead)."""
    chart = embed_chart(pathname)
    if chart not in REGISTRY or not REGISTRY[chart].has_image:
        return None
    files = embed_view(context, lang, search, host)
    notices, heading, foot = embed_frame(files, chart)
    req = files.request(link=files.link())
    label = embed_static.heading_label(heading, REGISTRY[chart].describe(req, REGISTRY[chart].rows(req)))
    try:
        svgs, geo = embed_static.chart_svgs(files, chart, label)
    except Exception:  # noqa: BLE001 - the renderer (kaleido, Chromium) can fail in many ways; the live page stays
        log.exception("embed: the picture of %s could not be rendered; serving the live page", chart)
        return None
    return {"notices": notices, "heading": heading, "foot": foot, "svgs": svgs, "geo": geo, "lang": lang}


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


class EmbedApp(DashApp):
    """The embed's Dash app whose index page is the chart's picture first (embed_static.py), the live graph later."""

    def __init__(self, *args, context, lang: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.embed_context, self.embed_lang = context, lang

    def interpolate_index(self, **kwargs) -> str:
        parts = None
        if has_request_context() and request.path != self.config.requests_pathname_prefix:
            parts = static_parts(self.embed_context, self.embed_lang, request.path,
                                 request.query_string.decode("utf-8", "replace"), hosts.link_base())
        if parts is None:
            return super().interpolate_index(**kwargs)
        kwargs["scripts"] = without_unused_bundles(kwargs.get("scripts", ""))
        kwargs = embed_static.static_index(kwargs, parts, self.config.requests_pathname_prefix)
        # without the preload hints: the live page's scripts are fetched when it goes live, not with the picture
        return interpolate_str(embed_static.PRELOAD_TAG.sub("", self.index_string), **kwargs)


def create_embed_app(server, context, lang: str) -> Dash:
    app = EmbedApp(
        f"dashboard-embed-{lang}", server=server, url_base_pathname=f"/{lang}/embed/",
        assets_folder=str(ASSETS_DIR), assets_ignore=assets_ignore(HOST_ONLY_ASSETS),
        title=translator(lang)("Kyrgyz labour migration"), update_title=None,
        serve_locally=True, health_endpoint=None, context=context, lang=lang,
    )
    app.index_string = index_html(app.index_string, lang, 'embedded', prefix=f"/{lang}/embed/")
    app.layout = html.Div([dcc.Location(id="url", refresh=False), html.Main(id="embed", className="embed")])

    @app.callback(Output("embed", "children"), Input("url", "pathname"), Input("url", "search"))
    def _render(pathname, search):
        return embed_children(context, lang, pathname, search, hosts.link_base())

    return app
