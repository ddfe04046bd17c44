"""Dash without the scripts this dashboard never uses.

Dash 4 puts dash_table's bundle (34 KB, 10 KB on the wire) on every page whether or not a DataTable is drawn. The
dashboard's tables are Markdown, so nothing needs it. Dash also loads @babel/polyfill (30 KB on the wire): core-js 2
polyfills for features every browser that runs plotly.js 3 has natively, and regenerator-runtime, the one part Dash's
scripts call (a global `regeneratorRuntime`, when a lazily loaded component is ready), which the dashboard ships
alone (assets/vendor/regenerator-runtime.js, 6 KB). DashApp leaves both scripts out of the index pages, and
precompressed.py answers their URLs with 404, so a page that needs them fails at once in the browser tests instead of
loading what nobody asked for.

Nor does the index page carry a second copy of the layout: a Dash app whose layout is a function puts its
`validation_layout` in the page's config (71 KB, about 10 KB on the wire) for the browser to check the callbacks
against. The browser checks them against the layout it draws instead, which holds the same components; the server
still validates the callbacks against `validation_layout` when it starts.

Dash also sets itself up at a worker's first request, whatever it asks for (/health included), and checks there that
no two components share an id, on the layout its layout function returns: for us a whole page built for the default
view, about 70 ms a language (0.2 s for the first), in every worker, before it answers anything. DashApp runs that
check on `validation_layout` instead, the same components built once at start-up, so a worker answers at once; the
pages of many views are checked for repeated ids by the tests (tests/unit/test_app.py).

And a layout answer is kept: building a view's page and encoding it (200-350 KB of JSON) took 12-15 ms of a
worker for every visit, the most expensive request of a first load, answered while the page's scripts queue for the
same two workers. The app says what its layout depends on (`layout_key`: the asking page's query and the data
versions held), and the JSON is kept under that key, the LAYOUTS_KEPT most recently asked for per language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable

from dash import Dash
from dash._utils import to_json

from .lru import BoundedLRU

LAYOUTS_KEPT = 8  # per language; about 200-350 KB each

# Component-suite files no page loads (the start of their path: package/folder/ or package/folder/name@).
UNUSED_BUNDLES = ("dash/dash_table/", "dash/deps/polyfill@")
UNUSED_SCRIPT = re.compile(r'<script src="[^"]*/_dash-component-suites/(?:'
                           + "|".join(re.escape(folder) for folder in UNUSED_BUNDLES) + r')[^"]*"></script>\n?')


# Files of assets/ that only some pages use (Dash loads every .js and .css of the folder unless told otherwise; the
# others are still served by URL). Embeds alone: their height for the host page, their first paint and its upgrade.
# Neither kind of page: the script a host page loads beside its iframe (views/share.py).
EMBED_ONLY_ASSETS = ("50-embed.js", "55-embed-live.js", "12-embed-static.css")
HOST_ONLY_ASSETS = ("embed-host.js",)


def assets_ignore(names: tuple[str, ...]) -> str:
    """Dash's `assets_ignore`: a pattern that matches exactly these file names."""
    return "^(?:" + "|".join(re.escape(name) for name in names) + ")$"


def without_unused_bundles(scripts: str) -> str:
    """Dash's script tags for an index page, minus those of UNUSED_BUNDLES."""
    return UNUSED_SCRIPT.sub("", scripts)


class DashApp(Dash):
    """A Dash app whose index pages load only the scripts the dashboard uses, and whose layout answers are kept by
    what they depend on when `layout_key` says so (see the module's docstring)."""

    layout_key: Callable[[], Hashable] | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._layouts: BoundedLRU[str] = BoundedLRU(LAYOUTS_KEPT)

    def serve_layout(self):
        """Dash's layout answer, the JSON kept under `layout_key()`; built each time without a key."""
        if self.layout_key is None:
            return super().serve_layout()
        body = self._layouts.get_or_compute(self.layout_key(), lambda: to_json(self.get_layout()))
        return self.backend.make_response(body, mimetype="application/json")

    def interpolate_index(self, **kwargs) -> str:
        kwargs["scripts"] = without_unused_bundles(kwargs.get("scripts", ""))
        return super().interpolate_index(**kwargs)

    def _setup_server(self) -> None:
        """Dash's first-request set-up, its duplicate-id check run on `validation_layout` (see the module's
        docstring); the layout function is put back whatever happens."""
        if self._got_first_request["setup_server"] or not self._layout_is_function or self.validation_layout is None:
            super()._setup_server()
            return
        layout = self._layout
        self._layout, self._layout_is_function = self.validation_layout, False
        try:
            super()._setup_server()
        finally:
            self._layout, self._layout_is_function = layout, True

    def _config(self) -> dict:
        """Dash's page config without the validation layout (see the module's docstring)."""
        config = super()._config()
        config.pop("validation_layout", None)
        return config
