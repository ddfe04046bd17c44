"""The page's Sources list names every source a chart on the page draws from: a chart's source line names its
sources or, when they are many, sends the reader to that list ("and 7 more: see Sources on this page")."""

from __future__ import annotations

import json
import re

import pytest

from dashboard import patches
from dashboard.charts import REGISTRY, ChartRequest
from dashboard.state import parse

VIEWS = ("", "year=2015&dest=KAZ&tab=compare", "layer=oblasts&rem=corridor&partner=RUS", "wm=share&oview=series",
         "events=off&src=knomad2021")


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
@pytest.mark.parametrize("query", VIEWS)
def test_the_sources_list_names_every_source_of_every_chart(ctx, bundle, opts, query, lang):
    block, _ = patches.sources_update(ctx, {"q": query, "lang": lang}, None)
    listed = re.findall(r'"id": "src-([^"]+)"', json.dumps(block))
    assert len(listed) == len(set(listed)), "each source once"
    s = parse(query, opts)[0]
    for chart in REGISTRY.values():
        req = ChartRequest(bundle, s, opts, lang)
        missing = set(chart.source_ids(req, chart.rows(req))) - set(listed)
        assert not missing, f"{chart.id}: {sorted(missing)}"
