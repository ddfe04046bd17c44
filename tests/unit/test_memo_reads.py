"""The memo of figures, summaries and cards by the view fields they read (charts/reads.py, patches.py): a figure kept
for every year of its view, with its year marker drawn afterwards, is the chart's own figure for each year; a view
that differs in a field the output read is worked out again; nested memos report what they read; and no data
version is answered with another's figures."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from plotly.io.json import to_json_plotly as to_json

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.charts.base import per_request
from dashboard.charts.reads import ReadsMemo, TrackedView, run_noting
from dashboard.context import Context, view_to_store
from dashboard.patches import FIGURES, GRAPHS, TEXTS, build, cards_json, summary_text
from dashboard.state import ViewState, parse, replace

from .test_memo_versions import changed  # noqa: F401 (a fixture: the package with doubled counts)

VIEWS = (
    "",
    "dest=KAZ",
    "dest=RUS,KAZ&events=off",
    "tab=compare&dest=TUR",
    "rem=gdp&from=2010",
    "layer=oblasts&sex=female",
    "dest=KOR&wm=share&src=un2019",
    "rem=corridor&partner=RUS&to=2020",
)


def direct(b, opts, name: str, s: ViewState, lang: str) -> str:
    return to_json(REGISTRY[name].figure(ChartRequest(b, s, opts, lang)))


@pytest.mark.parametrize("query", VIEWS)
def test_every_year_of_a_view_gets_the_charts_own_figure_and_words(bundle, opts, query):
    FIGURES.clear()
    TEXTS.clear()
    c = Context(bundle, opts)
    s, _ = parse(query, opts)
    for year in opts.years[s.src][-4:]:  # the first year fills the memo, the others read it
        at = replace(s, year=year)
        view = view_to_store(at, "ru")
        for name in GRAPHS:
            assert to_json(build(c, name, view)) == direct(bundle, opts, name, at, "ru"), (name, year)
            req = ChartRequest(bundle, at, opts, "ru")
            assert summary_text(c, name, view) == REGISTRY[name].describe(req, REGISTRY[name].rows(req))


def test_a_field_read_is_part_of_the_key_and_one_not_read_is_not():
    memo = ReadsMemo(16)
    calls = []

    def compute(view: ViewState) -> str:
        calls.append(1)
        return view.rem + (view.dest[0] if view.rem == "gdp" else "")

    assert memo.answer("k", ViewState(rem="usd", dest=("RUS",)), compute) == "usd"
    assert memo.answer("k", ViewState(rem="usd", dest=("KAZ",), year=2001), compute) == "usd"  # dest, year unread
    assert len(calls) == 1
    assert memo.answer("k", ViewState(rem="gdp", dest=("RUS",)), compute) == "gdpRUS"
    assert memo.answer("k", ViewState(rem="gdp", dest=("KAZ",)), compute) == "gdpKAZ"  # now dest was read
    assert len(calls) == 3


def test_a_nested_memo_reports_what_its_first_computation_read(bundle, opts):
    """A heading served by the per-request memo still counts the fields its computation read."""

    class Probe:
        id = "probe"

        @per_request
        def heading(self, req: ChartRequest) -> str:
            return req.view.sex

    probe = Probe()
    req = ChartRequest(bundle, ViewState(sex="female"), opts, "en")
    probe.heading(req)  # memoised, untracked
    tracked = ChartRequest(bundle, TrackedView(sex="female"), opts, "en")
    value, reads = run_noting(lambda: probe.heading(tracked))
    assert value == "female" and reads == ("sex",)


def test_a_heading_is_shared_by_views_that_differ_in_fields_it_never_read(bundle, opts, changed):  # noqa: F811
    """The per-request memo keeps an answer under the fields it read: another destination reuses a heading that
    reads only the sex, while another sex, language or data version works it out again."""
    calls = []

    class Probe:
        id = "sharing"  # not the other tests' probe: its answers stay in the memo

        @per_request
        def heading(self, req: ChartRequest) -> str:
            calls.append(req.lang)
            return req.view.sex

    probe = Probe()
    probe.heading(ChartRequest(bundle, ViewState(sex="female", dest=("RUS",)), opts, "en"))
    assert probe.heading(ChartRequest(bundle, ViewState(sex="female", dest=("KAZ",)), opts, "en")) == "female"
    assert len(calls) == 1
    assert probe.heading(ChartRequest(bundle, ViewState(sex="male", dest=("KAZ",)), opts, "en")) == "male"
    probe.heading(ChartRequest(bundle, ViewState(sex="male"), opts, "ru"))
    probe.heading(ChartRequest(changed, ViewState(sex="male"), opts, "ru"))
    assert len(calls) == 4


@pytest.mark.parametrize("query", ["dest=RUS&year=2020", "tab=compare&dest=RUS", "year=2020"])
def test_no_version_is_answered_with_another_versions_figures(bundle, opts, changed, query):  # noqa: F811
    FIGURES.clear()
    TEXTS.clear()
    s, _ = parse(query, opts)
    view = view_to_store(s, "en")
    mine, theirs = Context(bundle, opts), Context(changed, opts)
    first = {name: json.dumps(build(mine, name, view)) for name in ("stock", "official", "map")}
    cards = cards_json(mine, view)
    for name in first:
        assert to_json(build(theirs, name, view)) == direct(changed, opts, name, s, "en") != first[name]
        assert json.dumps(build(mine, name, view)) == first[name]
    assert cards_json(mine, view) == cards


def test_memoised_parts_come_back_as_each_callers_own(bundle, opts):
    """The events, their labels, the official hovers and the empty events frame are kept once; a caller that
    changes what it got changes nothing another caller gets."""
    from dashboard.charts.events import chart_events, no_events
    from dashboard.charts.official import frame_for, hover_words
    from dashboard.figures.events import event_labels

    req = ChartRequest(bundle, parse("year=2015", opts)[0], opts, "en")
    positions = [float(year) for year in range(2000, 2024)]
    events = chart_events(req, positions)
    assert len(events)
    events["added"] = 1
    events.loc[0, "text"] = "changed"
    again = chart_events(req, positions)
    assert "added" not in again and again.loc[0, "text"] != "changed"
    labels = event_labels(again, "en")
    labels[0]["font"]["size"] = 99
    assert event_labels(again, "en")[0]["font"]["size"] != 99
    empty = no_events()
    empty["added"] = 1
    assert list(no_events().columns) == [c for c in empty.columns if c != "added"]
    row = next(frame_for(ChartRequest(bundle, parse("dest=RUS", opts)[0], opts, "en")).itertuples())
    words = hover_words(row, req)
    words[0] = "changed"
    assert hover_words(row, req)[0] != "changed"


def test_events_follow_the_data_version(bundle, opts):
    """A data version that rewords an event marks the new words, however often the first version was asked."""
    from dataclasses import replace as replace_bundle
    from types import MappingProxyType

    from dashboard.charts.events import chart_events

    frames = dict(bundle.frames)
    frames["events"] = frames["events"].assign(event_en="reworded")
    other = replace_bundle(bundle, digest=bundle.digest + "-events", frames=MappingProxyType(frames))
    positions = [float(year) for year in range(2000, 2024)]
    first = chart_events(ChartRequest(bundle, ViewState(), opts, "en"), positions)
    assert "reworded" not in set(first["text"])
    assert set(chart_events(ChartRequest(other, ViewState(), opts, "en"), positions)["text"]) == {"reworded"}
    assert chart_events(ChartRequest(bundle, ViewState(), opts, "en"), positions).equals(first)


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"a": [1, 2], "b": [0.5, float("nan")], "c": ["x", None]}, index=[7, 3]),
        pd.DataFrame({"year": pd.array([2001, None], dtype="Int64")}),
        pd.DataFrame([[1, 2]], columns=["same", "same"]),
        pd.DataFrame([[1, 2]], columns=[0, "class"]),
        pd.DataFrame(columns=["a", "b"]),
        pd.DataFrame(
            {
                "when": pd.to_datetime(["2001-02-03", None]),
                "kind": pd.Categorical(["a", "b"]),
                "zoned": pd.to_datetime(["2001", "2002"], utc=True),
                "flag": [True, False],
                "text": pd.array(["x", None], "string"),
                "big": pd.array([1.5, None], dtype="Float64"),
                "small": pd.array([1, 2], dtype="int8"),
            }
        ),
    ],
)
def test_rows_are_pandas_own(frame):
    """data/rows.itertuples gives what DataFrame.itertuples() gives: the same fields and values, in order."""
    from dashboard.data.rows import itertuples

    ours, theirs = list(itertuples(frame)), list(frame.itertuples())
    assert [row._fields for row in ours] == [row._fields for row in theirs]
    assert [repr(tuple(row)) for row in ours] == [repr(tuple(row)) for row in theirs]
    assert [[type(value) for value in row] for row in ours] == [[type(value) for value in row] for row in theirs]


def test_rows_without_pandas_block_manager_are_pandas_own_too(monkeypatch):
    """A pandas whose block manager has no iget_values (not public API) reads each column as a Series instead."""
    from dashboard.data.rows import itertuples

    frame = pd.DataFrame({"a": [1, 2], "b": [0.5, float("nan")], "c": ["x", None]}, index=[7, 3])
    monkeypatch.delattr(type(frame._mgr), "iget_values")
    ours, theirs = list(itertuples(frame)), list(frame.itertuples())
    assert [repr(tuple(row)) for row in ours] == [repr(tuple(row)) for row in theirs]
    assert [[type(value) for value in row] for row in ours] == [[type(value) for value in row] for row in theirs]


def test_official_hovers_follow_the_data_version(bundle, opts):
    """A version that renames a publisher, every count unchanged, names the new publisher in the official hovers
    (kept per row: the row's values alone would answer it with the old name)."""
    from dataclasses import replace as replace_bundle
    from types import MappingProxyType

    from .test_memo_versions import OFFICIAL_SOURCE

    frames = dict(bundle.frames)
    sources = frames["sources"].copy()
    sources.loc[sources["source_id"] == OFFICIAL_SOURCE, "publisher"] = "Renamed Publisher"
    frames["sources"] = sources
    other = replace_bundle(bundle, digest=bundle.digest + "-publisher", frames=MappingProxyType(frames))
    s, _ = parse("dest=RUS", opts)
    hovers = [json.dumps(REGISTRY["official"].figure(ChartRequest(b, s, opts, "en"))["data"]) for b in (bundle, other)]
    assert "Renamed Publisher" in hovers[1] and "Renamed Publisher" not in hovers[0]


def test_each_build_is_the_callers_own(bundle, opts):
    """A caller may patch the figure or cards it got (the first view's layout, the frames' base): the kept ones and
    every later build stay as built."""
    FIGURES.clear()
    TEXTS.clear()
    c = Context(bundle, opts)
    view = view_to_store(parse("dest=KAZ&year=2015", opts)[0], "en")
    first, cards = build(c, "stock", view), cards_json(c, view)
    expected, expected_cards = json.dumps(first), json.dumps(cards)
    first["data"][0]["y"][0] = -1.0
    first["layout"]["title"] = "changed"
    cards[0] = "changed"
    assert json.dumps(build(c, "stock", view)) == expected
    assert json.dumps(cards_json(c, view)) == expected_cards
