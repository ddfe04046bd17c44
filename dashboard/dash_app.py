"""Dash without the component bundle this dashboard never uses.

Dash 4 puts dash_table's bundle (34 KB, 10 KB on the wire) on every page whether or not a DataTable is drawn. The
dashboard's tables are Markdown, so nothing needs it: DashApp leaves its script out of the index pages, and
precompressed.py answers its URL with 404, so a DataTable added one day fails at once in the browser tests instead of
loading a bundle nobody asked for.
"""

from __future__ import annotations

import re

from dash import Dash

# Component-suite files (package/folder/) no page loads.
UNUSED_BUNDLES = ("dash/dash_table/",)
UNUSED_SCRIPT = re.compile(r'<script src="[^"]*/_dash-component-suites/(?:'
                           + "|".join(re.escape(folder) for folder in UNUSED_BUNDLES) + r')[^"]*"></script>\n?')


def without_unused_bundles(scripts: str) -> str:
    """Dash's script tags for an index page, minus those of UNUSED_BUNDLES."""
    return UNUSED_SCRIPT.sub("", scripts)


class DashApp(Dash):
    """A Dash app whose index pages load only the component bundles the dashboard uses."""

    def interpolate_index(self, **kwargs) -> str:
        kwargs["scripts"] = without_unused_bundles(kwargs.get("scripts", ""))
        return super().interpolate_index(**kwargs)
