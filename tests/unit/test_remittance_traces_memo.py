"""The remittance series' traces are kept per data version, measure, year range and language
(charts/remittances.py series_traces, in charts/kept.py): the traces a fresh computation gives, for every view and
language; another data version's own traces; and a caller's change reaching no later answer."""

from __future__ import annotations

from dataclasses import replace as replace_bundle
from types import MappingProxyType

import pytest

from dashboard.charts import ChartRequest
from dashboard.charts import remittances as rem
from dashboard.charts.kept import TRACES
from dashboard.figures import series
from dashboard.i18n import LANGUAGES
from dashboard.labels import source_label
from dashboard.state import parse

QUERIES = ("", "rem=gdp", "from=2010", "from=2005&to=2015", "oblast=KG-B&sex=female", "rem=gdp&to=2012&oblast=KG-O",
           "sex=male&from=2015&to=2024", "from=2030")


def fresh(req: ChartRequest) -> list[dict]:
    frame = rem.series_frame(req)
    labels = {sid: source_label(sid, req.lang, req.bundle.sources) for sid in frame["source_id"].unique()}
    return series.remittance_traces(frame, labels, req.view.rem == "gdp", req.lang)


def kept(req: ChartRequest) -> list[dict]:
    frame = rem.series_frame(req)
    labels = {sid: source_label(sid, req.lang, req.bundle.sources) for sid in frame["source_id"].unique()}
    return rem.series_traces(req, frame, labels)


def requests(b, opts):
    for query in QUERIES:
        for lang in LANGUAGES:
            yield ChartRequest(b, parse(query, opts)[0], opts, lang)


@pytest.fixture
def tripled(bundle):
    """The shipped package with every remittance figure tripled: another data version."""
    frames = dict(bundle.frames)
    frames["remittances"] = frames["remittances"].assign(value=frames["remittances"]["value"] * 3)
    return replace_bundle(bundle, digest=bundle.digest + "-tripled", frames=MappingProxyType(frames))


def test_kept_traces_are_the_traces_worked_out_afresh(bundle, opts):
    TRACES.clear()
    for _ in range(2):  # the second round reads the memo
        for req in requests(bundle, opts):
            assert repr(kept(req)) == repr(fresh(req)), req.view  # repr: a NaN equals itself there
    assert 0 < len(TRACES) < len(QUERIES) * len(LANGUAGES)  # the oblast and the sex share the lines


def test_another_data_version_gets_its_own_traces(bundle, opts, tripled):
    TRACES.clear()
    for req in requests(bundle, opts):
        kept(req)
    differ = 0
    for req in requests(tripled, opts):
        assert repr(kept(req)) == repr(fresh(req))
        differ += repr(kept(req)) != repr(kept(replace_bundle(req, bundle=bundle)))
    assert differ > 0


def test_traces_changed_by_a_caller_change_no_later_answer(bundle, opts):
    TRACES.clear()
    req = ChartRequest(bundle, parse("from=2005", opts)[0], opts, "ru")
    traces = kept(req)
    traces[0]["y"][0] = -1
    traces[0]["customdata"][0][0] = "changed"
    traces.append({"type": "bar"})
    assert repr(kept(req)) == repr(fresh(req))
