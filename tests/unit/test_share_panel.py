"""A chart's share panel: not in the page until opened, then built whole for the view by the server, in its language."""

from __future__ import annotations

import json

import pytest
from dash import no_update
from plotly.io.json import to_json_plotly as to_json

from dashboard import callbacks as cb
from dashboard.app import create_app
from dashboard.charts import CHART_IDS, REGISTRY
from dashboard.i18n import LANGUAGES, translator
from dashboard.settings import Settings

from .conftest import DATA_DIR
from .test_app import component_props

FIELDS = ("link", "embed", "cite")
HOST = "http://h"


def opened(chart: str) -> list[int]:
    """Toggle clicks with only `chart`'s panel open."""
    return [1 if chart_id == chart else 0 for chart_id in CHART_IDS]


def answer_of(ctx, chart: str, lang: str, query: str = "year=2020") -> tuple[list, list]:
    """(the whole answer, the open panel's children as the renderer receives them)."""
    out = cb.share_update(ctx, opened(chart), {"q": query, "lang": lang}, HOST)
    index = CHART_IDS.index(chart) * 3
    return out, json.loads(to_json(out[index + 2]))


def test_the_page_holds_no_share_fields_until_a_panel_is_opened(bundle):
    app = create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests"), bundle=bundle)
    layout = app.server.test_client().get("/en/_dash-layout").get_data(as_text=True)
    for chart in CHART_IDS:
        assert f'"share-{chart}"' in layout and f'"share-{chart}-toggle"' in layout
        for field in (*FIELDS, "dl"):
            assert f'"{field}-{chart}' not in layout, f"{field}-{chart} is built only when its panel opens"


@pytest.mark.parametrize("chart", CHART_IDS)
def test_an_opened_panel_holds_its_view_texts_and_downloads(ctx, chart):
    out, body = answer_of(ctx, chart, "en")
    texts = cb.share_texts(ctx, chart, {"q": "year=2020", "lang": "en"}, HOST)
    assert out[CHART_IDS.index(chart) * 3:CHART_IDS.index(chart) * 3 + 2] == [False, "true"]
    for field in FIELDS:
        assert component_props(body, f"{field}-{chart}")["value"] == getattr(texts, field)
    assert texts.link.startswith(f"{HOST}/en/?year=2020&v=")
    for ext in ("csv", "pptx"):
        assert component_props(body, f"dl-{chart}-{ext}")["href"] == getattr(texts, ext)
    for ext in ("png", "svg"):
        if REGISTRY[chart].has_image:
            assert component_props(body, f"dl-{chart}-{ext}")["href"] == getattr(texts, ext)
        else:
            assert getattr(texts, ext) is None and f"dl-{chart}-{ext}" not in json.dumps(body)
    # the images' size is said where there are images to download
    assert ("1600×900" in json.dumps(body, ensure_ascii=False)) == REGISTRY[chart].has_image
    # each field named by its label, and each copy button described by it
    for field in FIELDS:
        assert component_props(body, f"{field}-{chart}-label")["htmlFor"] == f"{field}-{chart}"


def test_closed_panels_are_left_as_they_are(ctx):
    out, _ = answer_of(ctx, "stock", "en")
    for chart in CHART_IDS:
        if chart != "stock":
            index = CHART_IDS.index(chart) * 3
            assert out[index:index + 3] == [True, "false", no_update]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_opened_panel_speaks_the_view_language(ctx, lang):
    t = translator(lang)
    _, body = answer_of(ctx, "map", lang)
    assert component_props(body, "link-map-label")["children"] == t("Link to this view")
    assert component_props(body, "dl-map-pptx")["children"] == t("PowerPoint (editable)")
    assert f"/{lang}/" in component_props(body, "link-map")["value"]
