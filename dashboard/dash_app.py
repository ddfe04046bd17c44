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
"""

from __future__ import annotations

import re

from dash import Dash

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
    """A Dash app whose index pages load only the scripts the dashboard uses."""

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
