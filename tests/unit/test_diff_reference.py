"""figures/diff.py compares a container's scalars in place instead of calling itself for each: the same assignments,
in the same order, as the one-call-per-value walk it replaced (kept here as the reference), for every chart's year
steps and for the cases that walk decided by type (1 beside 1.0 or True, NaN, rows mostly changed, dicts in a list)."""

from __future__ import annotations

import pickle
from collections import OrderedDict
from typing import Any

import pytest

from dashboard.charts import REGISTRY, ChartRequest
from dashboard.figures.diff import diff
from dashboard.patches import GRAPHS
from dashboard.state import parse, replace


def reference(old: Any, new: Any, path: tuple = ()) -> list:
    if type(old) is not type(new):
        return [(path, new)]
    if isinstance(old, dict):
        if old.keys() != new.keys():
            return [(path, new)]
        ops: list = []
        for k in new:
            ops += reference(old[k], new[k], (*path, k))
        return ops
    if isinstance(old, list) and len(old) == len(new) and any(isinstance(v, (dict, list)) for v in new):
        ops = []
        changed = 0
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            item = reference(a, b, (*path, i))
            changed += bool(item)
            ops += item
        if changed * 2 > len(new) and not any(isinstance(v, dict) for v in new):
            return [(path, new)]
        return ops
    return [] if old == new else [(path, new)]


NAN = float("nan")
CASES = [
    ({"a": 1}, {"a": 1.0}), ({"a": 1}, {"a": True}), ({"a": [1, 2]}, {"a": [1.0, 2]}),
    ([[1, 2], [3, 4], [5, 6]], [[1, 2], [3, 5], [5, 7]]), ([[1, 2], [3, 4], [5, 6]], [[1, 2], [3, 4], [5, 7]]),
    ([[1], 2, "x"], [[1], 3, "y"]), ([[1], 2, "x"], [[2], 2, "y"]), ([{"x": 1}, 2, 3], [{"x": 2}, 4, 5]),
    ([[NAN], [1]], [[NAN], [1]]), ({"y": [NAN, 1]}, {"y": [NAN, 1]}), ({"y": NAN}, {"y": NAN}),
    ({"y": [float("nan")]}, {"y": [float("nan")]}), ([[float("nan")], [1]], [[float("nan")], [1]]),
    ([[1], float("nan")], [[1], float("nan")]), ({"y": float("nan")}, {"y": float("nan")}),
    ([[1, 2], (3, 4)], [[1, 2], [3, 4]]), ([[1, 2], None], [[1, 3], None]), ([], []), ([[]], [[1]]),
    (OrderedDict(a=[1]), OrderedDict(a=[2])), ({"a": OrderedDict(b=1)}, {"a": {"b": 1}}),
    ({"a": {"b": [1, {"c": 2}]}}, {"a": {"b": [1, {"c": 3}]}}), ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
    ([[1, 2], [3, 4]], [[1, 2], [3, 4], [5]]), ({"a": [[1, "a"], [2, "b"]]}, {"a": [[1, "a"], [2, "c"]]}),
]


@pytest.mark.parametrize(("old", "new"), CASES)
def test_the_same_assignments_as_the_reference(old, new):
    assert diff(old, new) == reference(old, new)
    assert repr(diff(old, new)) == repr(reference(old, new))  # 1 and 1.0, True and 1 told apart


@pytest.mark.parametrize("query", ["", "dest=KAZ&sex=female", "tab=compare&dest=RUS", "layer=oblasts&rem=gdp",
                                   "layer=flows&frame=world&oview=series", "src=un2019&wm=share&from=2005"])
def test_every_charts_year_steps_give_the_references_assignments(bundle, opts, query):
    s, _ = parse(query, opts)
    years = opts.years[s.src]
    for name in GRAPHS:
        figures = [pickle.dumps(REGISTRY[name].figure(ChartRequest(bundle, replace(s, year=year), opts, "ru")))
                   for year in years[-4:]]
        for before, after in zip(figures, figures[1:], strict=False):
            old, new = pickle.loads(before), pickle.loads(after)
            assert repr(diff(old, new)) == repr(reference(old, new)), name
            assert repr(diff(new, old)) == repr(reference(new, old)), name


def test_an_equal_container_is_compared_once_not_walked(monkeypatch):
    """A year step leaves most of a figure as it was: those traces and layout parts cost one comparison in C, not a
    call per container inside them."""
    import dashboard.figures.diff as diff_module

    calls = []
    walk = diff_module.diff
    monkeypatch.setattr(diff_module, "diff", lambda old, new, path=(): calls.append(path) or walk(old, new, path))
    trace = {"x": [1, 2, 3], "y": [4, 5, 6], "marker": {"color": ["red", "blue", "red"], "line": {"width": 1}}}
    old = {"data": [trace, pickle.loads(pickle.dumps(trace))], "layout": {"title": {"text": "2019"}}}
    new = pickle.loads(pickle.dumps(old))
    new["layout"]["title"]["text"] = "2020"
    assert diff_module.diff(old, new) == [(("layout", "title", "text"), "2020")]
    assert calls == [(), ("layout",), ("layout", "title")]  # the unchanged data list never walked


def test_the_very_same_nan_inside_an_equal_container_is_no_change():
    """Where the walk compared a NaN with itself as a scalar (never equal) and assigned it again, the container
    holding it now equals its old self: nothing to send. Figures never share a NaN between two views (each is
    unpickled), so a year step's assignments are the reference's (the test above)."""
    assert diff({"a": {"y": NAN}}, {"a": {"y": NAN}}) == []
    assert reference({"a": {"y": NAN}}, {"a": {"y": NAN}}) == [(("a", "y"), NAN)]
    assert diff({"a": {"y": float("nan")}}, {"a": {"y": float("nan")}}) != []
