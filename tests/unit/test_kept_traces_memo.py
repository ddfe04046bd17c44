"""The stock chart's lines (top destinations and the compare tab) and the sexes chart's are kept under the rows they
are made of and the language (charts/kept.py kept_traces, keyed in charts/stock.py and charts/sexes.py): the
figure with kept lines is the figure worked out afresh, for every view and language; another data version's lines are
its own; and a caller's change reaches no later answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace as replace_request

import pytest

from dashboard.charts import ChartRequest, kept
from dashboard.charts.sexes import SEXES
from dashboard.charts.stock import STOCK
from dashboard.i18n import LANGUAGES
from dashboard.state import parse

from .test_memo_versions import changed  # noqa: F401 (a fixture: the package with doubled counts)


@dataclass(frozen=True)
class Case:
    """A chart whose lines are kept: how its figure is built, the views tried, and those a caller changes."""

    figure: Callable[[ChartRequest], dict]
    queries: tuple[str, ...]
    changed_by_caller: tuple[str, ...]
    caller_lang: str


CASES = {
    "stock": Case(STOCK.series_figure,
                  ("", "dest=KAZ", "dest=RUS~KAZ~TUR&oblast=KG-B", "oblast=KG-O&events=off", "from=2005&to=2015",
                   "src=un2019&sex=female", "src=knomad2021", "tab=compare&dest=TUR&sex=female", "tab=compare&dest=KAZ",
                   "tab=compare&dest=KAZ&oblast=KG-N&from=2010", "year=2000", "year=2020&oblast=KG-T"),
                  ("dest=RUS~KAZ", "tab=compare&dest=KAZ"), "ky"),
    "sexes": Case(SEXES.figure,
                  ("dest=TUR", "dest=TUR&sex=female", "dest=TUR&oblast=KG-B", "dest=RUS&wm=share",
                   "dest=RUS&wm=share&oblast=KG-O&sex=male", "dest=KAZ&from=2000&to=2024",
                   "dest=KAZ&from=2000&to=2024&sex=male", "", "oblast=KG-N", "dest=KOR"),
                  ("dest=RUS", "dest=RUS&wm=share"), "ru"),
}


def requests(case: Case, b, opts):
    for query in case.queries:
        for lang in LANGUAGES:
            yield ChartRequest(b, parse(query, opts)[0], opts, lang)


def afresh(case: Case, req: ChartRequest) -> str:
    kept.TRACES.clear()
    return repr(case.figure(req))  # repr: a NaN equals itself there


@pytest.mark.parametrize("name", CASES)
def test_figures_with_kept_lines_are_the_figures_worked_out_afresh(bundle, opts, name):
    case = CASES[name]
    expected = [(req, afresh(case, req)) for req in requests(case, bundle, opts)]
    for req, figure in expected:  # each view's lines kept by the views before it, where they share them
        assert repr(case.figure(req)) == figure, req.view
    assert 0 < len(kept.TRACES) < len(expected)


@pytest.mark.parametrize("name", CASES)
def test_another_data_version_gets_its_own_lines(bundle, opts, changed, name):  # noqa: F811
    case = CASES[name]
    kept.TRACES.clear()
    for req in requests(case, bundle, opts):
        case.figure(req)
    differ = 0
    for req in requests(case, changed, opts):
        figure = repr(case.figure(req))
        differ += figure != repr(case.figure(replace_request(req, bundle=bundle)))
        assert figure == afresh(case, req)
    assert differ > 0


@pytest.mark.parametrize("name", CASES)
def test_lines_changed_by_a_caller_change_no_later_answer(bundle, opts, name):
    case = CASES[name]
    for query in case.changed_by_caller:
        req = ChartRequest(bundle, parse(query, opts)[0], opts, case.caller_lang)
        expected = afresh(case, req)
        figure = case.figure(req)
        figure["data"][0]["y"][0] = -1
        figure["data"][0]["customdata"][0][0] = "changed"
        figure["data"].append({"type": "bar"})
        assert repr(case.figure(req)) == expected
