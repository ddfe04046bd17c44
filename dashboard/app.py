"""create_app(settings) builds the Dash app; create_server() is what gunicorn serves (dashboard.app:create_server()).

The data package is loaded and validated here, before gunicorn forks its workers. A package that fails validation
stops start-up with the validator's message (file, row, column, reason), never a half-loaded dashboard.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from urllib.parse import urlsplit

from dash import Dash, dcc, html
from flask import Flask, has_request_context, request

from . import caching, changes_routes, downloads, frames, guard, hosts, reload, routes, security, timing
from . import layout_compression as layouts
from . import state as st
from .cache import init_cache
from .callbacks import register
from .components import page as page_c
from .components.page import index_html
from .context import Context
from .dash_app import EMBED_ONLY_ASSETS, HOST_ONLY_ASSETS, DashApp, assets_ignore
from .data import Bundle, DataPackageError, load_bundle
from .data.store import open_store
from .embed import create_embed_app
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, translator
from .patches import GRAPHS, first_view
from .settings import ASSETS_DIR, Settings, SettingsError
from .state import Options, ViewState
from .views import page_data
from .views.changes import changes_href


def layout_for(context: Context, lang: str):
    """A layout function: each page load gets its view drawn (figures, cards, sources) in its language.

    Dash fetches the layout separately from the page, so the page's query reaches us only as the Referer of that
    request (same-origin, see security.py). With it, a shared link opens on its own view at once; without it (a proxy
    or browser that strips it) the page opens on the default view and the sync callback patches it to the link's."""
    def layout():
        query = page_query(lang)
        pinned = context.for_query(query)  # a link pinned to a version we still hold opens on that version's data
        s, notices = st.parse(query, pinned.opts)
        return page_layout(pinned, lang, s, notices, first_view(pinned, s, lang),
                           changes_href(context, pinned.bundle.version))
    return layout


def layout_key_for(context: Context, lang: str) -> Callable[[], tuple]:
    """What the layout function's answer depends on (DashApp.layout_key): the asking page's query, and the data
    versions the server holds, by digest (a link pinned with v= opens on an archived one; new data, a new key)."""
    def key() -> tuple:
        held = tuple(sorted((version, bundle.digest) for version, bundle in context.archive.items()))
        return page_query(lang), context.bundle.digest, held
    return key


def page_layout(context: Context, lang: str, s: ViewState, notices: list, first: dict | None,
                changes: str | None = None) -> html.Div:
    """The page for view `s`; with `first` None, the same components without content (Dash's validation layout,
    which goes into every index page: only the ids matter there, not 80 KB of figures). `changes`: where the header's
    data version links to (the changes since the version before it), if anywhere."""
    filters = page_data.filter_options(context.bundle, s, context.opts, lang)
    rendered = (first or {}).get("rendered") or dict.fromkeys((*GRAPHS, "cards", "sources"))
    return html.Div([
        dcc.Location(id="url", refresh="callback-nav"),
        dcc.Store(id="view", data=first["view"] if first else None),
        *[dcc.Store(id=f"{name}-rendered", data=key) for name, key in rendered.items()],
        # the browser's gates to the URL sync (the address, a year step with no frame held), the view whose
        # frames it holds and the view once painted (callbacks.register_panels, kgmFrames and kgmLater in
        # assets/30-callbacks.js)
        dcc.Store(id="url-ask"), dcc.Store(id="year-ask"), dcc.Store(id="frames-view"), dcc.Store(id="view-shown"),
        dcc.Store(id="sources-ask"),  # the Sources list alone, asked when the view's frames cannot be had
        page_c.page(s, lang, version=context.bundle.version, created=context.bundle.created, filters=filters,
                    notices=notices, first=first, panel_options=page_data.panel_options(context.bundle, lang),
                    changes_href=changes),
    ])


def page_query(lang: str) -> str:
    """The query of the page that asked for the layout: its Referer, when that is this server's /{lang}/ page (at
    the request's Host, or at KGM_PUBLIC_URL behind a proxy that rewrites the Host)."""
    if not has_request_context() or not request.referrer:
        return ""
    return urlsplit(request.referrer).query if hosts.own_page(request.referrer, lang) else ""


def create_app(settings: Settings | None = None, bundle: Bundle | None = None,
               archive: dict[str, Bundle] | None = None) -> Dash:
    """One Dash app per language, all on one Flask server: /en/, /ru/, /ky/. The language is then fixed per app,
    so every string is translated when the layout is built, and callbacks never guess it. Returns the English app;
    `.server` is shared."""
    settings = settings or Settings.from_env()
    if bundle is None and settings.data_store:
        bundle, stored = open_store(settings.data_store)
        archive = {**stored, **(archive or {})}
    bundle = bundle or load_bundle(settings.data_dir)
    context = Context(bundle, Options.from_bundle(bundle), dict(archive or {}))
    server = Flask("dashboard")
    server.secret_key = settings.secret_key
    server.extensions["kgm_context"] = context  # the data every route and callback reads (benchmarks, tests)
    init_cache(server, settings.cache_url)
    timing.register(server, settings.server_timing)  # first: its clock spans the other hooks and compression
    hosts.register(server, settings)  # before any other hook: an unknown Host is refused, links use KGM_PUBLIC_URL
    # What is compressed per request (the layout, callback answers, frames): brotli at quality 5 first, which makes
    # the default view's layout 25.7 KB in ~3 ms, where Flask-Compress's default (zstd 3, for Chromium) sends 29.7 KB
    server.config["COMPRESS_ALGORITHM"] = ["br", "zstd", "gzip", "deflate"]
    server.config["COMPRESS_BR_LEVEL"] = 5
    # Assets are streamed and compressed on the fly; Flask-Compress answers If-None-Match with 304 for them only when
    # it knows their endpoints (without this a repeat visit downloads the 43 KB world map again).
    server.config["COMPRESS_STREAMING_ENDPOINT_CONDITIONAL"] = [
        f"_{lang}{part}_dash_assets.static" for lang in LANGUAGES for part in ("", "_embed")]
    apps, hashes = {}, []
    for i, lang in enumerate(LANGUAGES):
        app = DashApp(
            f"dashboard-{lang}",
            server=server,
            url_base_pathname=f"/{lang}/",
            assets_folder=str(ASSETS_DIR),
            assets_ignore=assets_ignore(EMBED_ONLY_ASSETS + HOST_ONLY_ASSETS),
            title=translator(lang)("Kyrgyz labour migration"),
            update_title=None,
            compress=i == 0,  # one Flask-Compress on the shared server is enough
            serve_locally=True,
            health_endpoint=None,  # ours at /health also reports the data version
        )
        app.index_string = index_html(app.index_string, lang, world_map=True)
        app.validation_layout = page_layout(context, lang, ViewState(), [], None)
        app.layout = layout_for(context, lang)
        app.layout_key = layout_key_for(context, lang)
        register(app, context, lang)
        apps[lang] = app
        embed = create_embed_app(server, context, lang)
        hashes += app.csp_hashes() + embed.csp_hashes()
    routes.register(server, context)
    frames.register(server, context)
    changes_routes.register(server, context)
    caching.register(server)  # after the Dash apps: its hook sees responses before their Flask-Compress
    layouts.register(server)  # after the Dash apps too: a repeated layout goes out at brotli 11
    downloads.register(server, context)
    security.register(server, hashes)
    guard.register(server)
    if settings.data_store:
        reload.watch_store(server, context, settings.data_store)
    return apps[DEFAULT_LANGUAGE]


# Container objects allocated (less those freed) between two collections of the youngest generation; Python's
# default is 700. A new view builds and drops tens of thousands of pandas objects, nearly all freed by their
# reference counts. Over 120 new views (bench/uncached.py) the collector ran 658 times at 700 and 14 at 20,000: 1.7 ms
# of a new view's ~35 ms (median; five alternating runs each), the process' resident size the same (213 MB).
WORKER_GC_GEN0 = 20_000


def freeze_heap() -> None:
    """Collect, then move every object alive into the collector's permanent generation (gc.freeze): the app and its
    data (tens of thousands of objects) are never traversed again by a collection a request triggers, and forked
    workers never write the collector's bookkeeping into those pages, so they stay shared copy-on-write. The youngest
    generation is then collected less often (WORKER_GC_GEN0). Called by gunicorn's pre_fork hook (gunicorn.conf.py)
    once the app is built, and by bench/uncached.py as the worker does."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(WORKER_GC_GEN0, *gc.get_threshold()[1:])


def create_server() -> Flask:
    """What gunicorn serves (`dashboard.app:create_server()`): the app built from the environment's settings, once,
    in gunicorn's master before it forks. A data package or setting it cannot use stops start-up with a short
    message and exit code 3 or 2, never a traceback or a half-loaded dashboard. Importing this module builds nothing."""
    try:
        return create_app().server
    except DataPackageError as exc:
        print("The dashboard cannot start: its data package failed validation.", file=sys.stderr)
        for p in exc.problems:
            print(f"  - {p}", file=sys.stderr)
        print("Run `python -m dashboard validate <data dir>` for the full report.", file=sys.stderr)
        raise SystemExit(3) from None
    except SettingsError as exc:
        print(f"The dashboard cannot start: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
