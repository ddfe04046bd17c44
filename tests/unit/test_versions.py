"""A link pinned to an older data version (v=) that the server still holds opens on that version on the main page,
not on the current data under a false "no longer holds" notice; a banner offers the same view on the newest data."""

from __future__ import annotations

import json

import pytest
from dash import Patch

from dashboard import callbacks as cb
from dashboard import patches
from dashboard.app import create_app
from dashboard.context import Context

OLD_VERSION = "2025.1.0"  # the old_bundle fixture's (conftest.py)
NOW, OLD = "333,664", "333,999"  # the 2024 UN DESA figure for Russia, now and in the archived copy


@pytest.fixture()
def pinned_ctx(bundle, opts, old_bundle) -> Context:
    return Context(bundle, opts, {OLD_VERSION: old_bundle})


def controls(ctx: Context) -> list:
    return [None] * len(cb.CONTROLS)


def text(value) -> str:
    return json.dumps(value, default=lambda o: o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o),
                      ensure_ascii=False)


def test_load_of_a_pinned_link_shows_that_version_with_a_banner(pinned_ctx, bundle):
    _, view, _, notices = cb.sync_view(pinned_ctx, None, f"?v={OLD_VERSION}", "en", controls(pinned_ctx))
    assert view["q"] == f"v={OLD_VERSION}"
    shown = text(notices)
    assert "no longer holds" not in shown
    assert f"data version {OLD_VERSION}" in shown and f"version {bundle.version}" in shown
    assert '"href": "?"' in shown, "the banner links to the same view without the pin"


def test_a_version_the_server_does_not_hold_still_says_so(pinned_ctx):
    _, view, _, notices = cb.sync_view(pinned_ctx, None, "?v=1999.1.1", "en", controls(pinned_ctx))
    assert "no longer holds" in text(notices)


def test_panels_of_a_pinned_view_draw_the_archived_figures(pinned_ctx):
    previous = [None] * (len(patches.GRAPHS) + 2)
    out = patches.panels_update(pinned_ctx, {"q": f"v={OLD_VERSION}", "lang": "en"}, previous)
    map_figure = text(out[0])
    assert OLD in map_figure and NOW not in map_figure
    now = text(patches.panels_update(pinned_ctx, {"q": "", "lang": "en"}, previous)[0])
    assert NOW in now and OLD not in now


def test_leaving_the_pin_sends_whole_figures_not_a_patch_against_the_old_data(pinned_ctx):
    pinned = {"q": f"v={OLD_VERSION}", "lang": "en"}
    first = patches.panels_update(pinned_ctx, pinned, [None] * (len(patches.GRAPHS) + 2))
    rendered = [first[1 + 3 * i] for i in range(len(patches.GRAPHS))] + [first[-3], first[-1]]
    out = patches.panels_update(pinned_ctx, {"q": "", "lang": "en"}, rendered)
    assert not isinstance(out[0], Patch) and NOW in text(out[0])


def test_the_page_layout_opens_on_the_pinned_version(bundle, old_bundle):
    client = create_app(bundle=bundle, archive={OLD_VERSION: old_bundle}).server.test_client()
    layout = client.get("/en/_dash-layout", headers={"Referer": f"http://localhost/en/?v={OLD_VERSION}"}).get_data(
        as_text=True)
    assert OLD in layout and NOW not in layout
    assert OLD_VERSION in layout
    current = client.get("/en/_dash-layout", headers={"Referer": "http://localhost/en/"}).get_data(as_text=True)
    assert NOW in current


def test_share_texts_of_a_pinned_view_keep_the_pin(pinned_ctx):
    link, *_ = cb.share_texts(pinned_ctx, "map", {"q": f"v={OLD_VERSION}", "lang": "en"}, "http://h")
    assert link == f"http://h/en/?v={OLD_VERSION}"


def test_a_layout_is_built_once_per_query_and_data_version(bundle, old_bundle, monkeypatch):
    """The layout's JSON is kept (DashApp.layout_key): the same page asking again gets it without a build, another
    query is built, and a newly published version is never answered from the old data's layout."""
    from dashboard import app as app_module

    server = create_app(bundle=old_bundle).server
    client, built = server.test_client(), []
    build = app_module.page_layout
    monkeypatch.setattr(app_module, "page_layout", lambda *args, **kwargs: built.append(1) or build(*args, **kwargs))

    def layout(query: str) -> str:
        return client.get("/en/_dash-layout", headers={"Referer": f"http://localhost/en/{query}"}).get_data(as_text=True)

    first = layout("")
    assert OLD in first and NOW not in first and len(built) == 1
    assert layout("") == first and len(built) == 1
    assert "migrants live: 2015" in layout("?year=2015") and len(built) == 2
    server.extensions["kgm_context"].swap(bundle)  # a new version is published
    current = layout("")
    assert NOW in current and OLD not in current and len(built) == 3
    assert OLD in layout(f"?v={OLD_VERSION}") and len(built) == 4  # the old version, now archived, for pinned links
