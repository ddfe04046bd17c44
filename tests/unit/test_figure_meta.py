"""No figure reads its layout's meta in a text template ("%{meta...}"). The page's Plotly.react wrapper
(assets/15-plotly-react.js) rests on this: it gives each graph one meta object and writes a figure's new meta words
into it, so plotly, which redraws a whole plot when meta changes, draws only what else changed. A template that read
meta would then show the words of an earlier figure; this test says so before a chart ships one."""

from __future__ import annotations

import pytest

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.i18n import LANGUAGES
from dashboard.state import parse

CASES = [(chart_id, query, lang) for chart_id, chart in REGISTRY.items() for query in chart.examples
         for lang in LANGUAGES]
CASE_IDS = [f"{chart_id}-{query or 'default'}-{lang}" for chart_id, query, lang in CASES]


def example_figure(bundle, opts, chart_id: str, query: str, lang: str) -> dict:
    """The chart's figure for one of its example views (skips the test when the view draws none)."""
    figure = REGISTRY[chart_id].figure(ChartRequest(bundle, parse(query, opts)[0], opts, lang))
    if figure is None:
        pytest.skip("this chart draws no figure for the view")
    return figure


def strings(node) -> list[str]:
    """Every string in a figure (its keys' values, at any depth)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for value in node.values() for text in strings(value)]
    if isinstance(node, list | tuple):
        return [text for value in node for text in strings(value)]
    return []


@pytest.mark.parametrize(("chart_id", "query", "lang"), CASES, ids=CASE_IDS)
def test_no_text_template_reads_meta(bundle, opts, chart_id, query, lang):
    figure = example_figure(bundle, opts, chart_id, query, lang)
    assert [text for text in strings(figure) if "%{meta" in text] == []


def test_the_check_finds_a_template_that_reads_meta():
    figure = {"data": [{"hovertemplate": "%{y}<extra></extra>"}],
              "layout": {"title": {"text": "%{meta.kgm_sub}"}, "meta": {"kgm_sub": "x"}}}
    assert [text for text in strings(figure) if "%{meta" in text] == ["%{meta.kgm_sub}"]
