"""The memos that make an uncached view fast (charts' headings, rows and marked events per request, the official
chart's panels and summary, the facts box, licences, source labels) never answer one data version with another's
figures: a version that changes a count, a licence or a publisher shows the change, however often the other version
was asked before, and asking the first again still shows its own."""

from __future__ import annotations

import json
from dataclasses import replace
from types import MappingProxyType

import pytest
from plotly.io.json import to_json_plotly as to_json

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.state import parse
from dashboard.views.common import licence_of, source_line

OFFICIAL_SOURCE = "N_365INFO_2015_04"  # a news source of the RUS official counts: labelled by its publisher


@pytest.fixture(scope="module")
def changed(bundle):
    """The shipped package with every official count and migrant stock doubled, and one source's licence and
    publisher renamed: another data version (another digest), same options."""
    frames = dict(bundle.frames)
    frames["national_counts"] = frames["national_counts"].assign(value=frames["national_counts"]["value"] * 2)
    frames["migrant_stock"] = frames["migrant_stock"].assign(value=frames["migrant_stock"]["value"] * 2)
    sources = frames["sources"].copy()
    mine = sources["source_id"] == OFFICIAL_SOURCE
    assert mine.sum() == 1
    sources.loc[mine, "licence"] = "test licence"
    sources.loc[mine, "publisher"] = "Test Publisher"
    frames["sources"] = sources
    return replace(bundle, digest=bundle.digest + "-changed", frames=MappingProxyType(frames))


def outputs(b, opts, chart: str, query: str, lang: str) -> tuple:
    s, _ = parse(query, opts)
    req = ChartRequest(b, s, opts, lang)
    ch = REGISTRY[chart]
    rows = ch.rows(req)
    return (json.loads(to_json(ch.figure(req))), ch.describe(req, rows), rows.to_csv(index=False),
            ch.heading(req), ch.marked_events(req).to_csv(index=False))


@pytest.mark.parametrize("chart,query", [("official", "dest=RUS&year=2020"), ("official", "dest=RUS&from=2010"),
                                         ("stock", "year=2020"), ("stock", "tab=compare&dest=RUS"),
                                         ("map", "year=2020"), ("remittances", "")])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_memo_answers_one_version_with_another(bundle, opts, changed, chart, query, lang):
    first = outputs(bundle, opts, chart, query, lang)
    assert outputs(bundle, opts, chart, query, lang) == first  # now memoised
    other = outputs(changed, opts, chart, query, lang)
    if chart == "remittances":  # nothing it draws changed: the same words and numbers, worked out again
        assert other == first
    else:
        assert other[0] != first[0] and other[2] != first[2]  # figure and rows show the doubled counts
        assert other[1] != first[1] or chart == "map" and "dest" not in query  # summaries name the figures
    assert outputs(bundle, opts, chart, query, lang) == first  # the first version still shows its own


def test_licences_and_source_labels_follow_the_data_version(bundle, changed):
    before = source_line(bundle, [OFFICIAL_SOURCE], "en")
    after = source_line(changed, [OFFICIAL_SOURCE], "en")
    assert licence_of(changed, OFFICIAL_SOURCE) == "test licence" != licence_of(bundle, OFFICIAL_SOURCE)
    assert "Test Publisher" in after and "test licence" in after and "Test Publisher" not in before
    assert source_line(bundle, [OFFICIAL_SOURCE], "en") == before


def test_official_words_follow_the_data_version(bundle, opts, changed):
    """The official chart's hovers name the source by its publisher: a renamed publisher shows at once."""
    s, _ = parse("dest=RUS", opts)
    hovers = [json.dumps(REGISTRY["official"].figure(ChartRequest(b, s, opts, "en"))["data"])
              for b in (bundle, changed)]
    assert "Test Publisher" in hovers[1] and "Test Publisher" not in hovers[0]
