"""What a worker keeps in process for a view nobody has asked for: to_query's memo writes each view as it always was,
and figures, summaries and cards, which memos of their own hold already, are not pickled a second time into the
in-process cache (only a cache shared between processes, Redis, keeps them), while each build stays the caller's
own."""

from __future__ import annotations

import json

import pytest

from dashboard import cache as kc
from dashboard import state as st
from dashboard.app import create_app
from dashboard.context import view_to_store
from dashboard.patches import GRAPHS, build, panels_update
from dashboard.settings import Settings
from dashboard.state import ViewState, parse, replace

from .conftest import DATA_DIR

QUERIES = ("", "dest=KAZ", "dest=RUS~KAZ&events=off", "tab=compare&dest=TUR&sex=female", "rem=gdp&from=2010",
           "layer=oblasts&per=per1000", "src=un2019&wm=share", "rem=corridor&partner=RUS&to=2020", "v=0&year=2015",
           "oblast=KG-B&measure=population&oview=series", "frame=world&layer=flows", "city=RUS-MOW~KAZ-ALA")


def written_afresh(s: ViewState) -> str:
    return st._query(s)


def test_a_memoised_query_is_the_query_written_afresh(opts):
    st.QUERIES.clear()
    views = [parse(q, opts)[0] for q in QUERIES]
    views += [replace(s, year=year) for s in views for year in opts.years[s.src][-3:]]
    for s in views * 2:  # the second round is answered from the memo
        assert st.to_query(s) == written_afresh(s), s


def test_equal_values_of_another_type_are_written_as_such():
    """2020 and 2020.0 are equal (and hash alike) but are written differently: the memo tells them apart."""
    st.QUERIES.clear()
    assert st.to_query(ViewState(year=2020)) == "year=2020"
    assert st.to_query(ViewState(year=2020.0)) == "year=2020.0"
    assert st.to_query(ViewState(year=2020)) == "year=2020"


def test_a_view_holding_a_list_is_written_without_the_memo():
    assert st.to_query(ViewState(dest=["RUS", "KAZ"])) == "dest=RUS~KAZ"


@pytest.fixture
def app(bundle):
    return create_app(Settings(data_dir=DATA_DIR, secret_key="unit-tests"), bundle=bundle)


def kept(app) -> list[str]:
    return list(app.server.extensions[kc.EXTENSION].cache._cache)


def step(app, query: str, lang: str = "ru") -> tuple:
    context = app.server.extensions["kgm_context"]
    s, _ = parse(query, context.opts)
    years = context.opts.years[s.src]
    before = f"{lang}?{st.to_query(replace(s, year=years[-2]))}"
    view = view_to_store(replace(s, year=years[-1]), lang)
    return panels_update(context, view, [before] * (len(GRAPHS) + 1) + [None])


def test_figures_summaries_and_cards_are_not_pickled_again_in_process(app):
    with app.server.app_context():
        step(app, "dest=KAZ&from=2005")
    prefixes = {key.split(":", 1)[0] for key in kept(app)}
    assert "upd" in prefixes and not prefixes & {"fig", "sum", "cards"}, prefixes


def test_a_cache_shared_between_processes_still_keeps_them(app):
    """The Redis path (KGM_CACHE_KIND RedisCache) stores figures, summaries and cards as before; here the backend is
    the in-process one standing in for Redis."""
    app.server.config["KGM_CACHE_KIND"] = "RedisCache"
    with app.server.app_context():
        step(app, "dest=TUR&from=2005")
    prefixes = {key.split(":", 1)[0] for key in kept(app)}
    assert {"fig", "sum", "cards", "upd"} <= prefixes, prefixes


def test_a_build_changed_by_its_caller_changes_no_later_build(app):
    context = app.server.extensions["kgm_context"]
    view = view_to_store(parse("dest=KAZ&sex=female", context.opts)[0], "ky")
    with app.server.app_context():
        for name in GRAPHS:
            first = build(context, name, view)
            expected = json.dumps(first, sort_keys=True, default=str)
            first["layout"]["title"] = "changed"
            first["data"].append({"type": "scatter"})
            assert json.dumps(build(context, name, view), sort_keys=True, default=str) == expected, name
