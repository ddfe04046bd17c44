"""The sources list is kept as Dash encodes it, by the rows it lists and the language (patches.sources_json), and made
of items kept by their row and the language: the kept list, and a new list made of kept items, is the list Dash
encodes from fresh components, for every view and language; another data version's sources are its own; and what a
caller does with its list reaches no later answer."""

from __future__ import annotations

import json
import pickle

import pytest
from plotly.io.json import to_json_plotly as to_json

from dashboard import patches
from dashboard.components import page as page_c
from dashboard.context import Context
from dashboard.i18n import LANGUAGES
from dashboard.state import parse
from dashboard.views import page_data

from .test_memo_versions import OFFICIAL_SOURCE, changed  # noqa: F401 (a fixture: a source's publisher renamed)

QUERIES = ("", "year=2015", "tab=compare&dest=RUS", "tab=compare&dest=KAZ&sex=female", "layer=oblasts",
           "layer=oblasts&per=per1000&measure=population", "rem=gdp", "rem=country", "src=un2019&dest=TUR")


def fresh(b, query: str, opts, lang: str) -> list:
    rows = page_data.sources_used(b, parse(query, opts)[0], opts)
    return json.loads(to_json(page_c.sources_block(rows, lang)))


def answer(ctx: Context, query: str, lang: str) -> list:
    return patches.sources_update(ctx, {"q": query, "lang": lang}, None)[0]


@pytest.fixture(autouse=True)
def _empty_memos():
    for memo in (patches.SOURCES_JSON, patches.SOURCE_ITEM_JSON, patches.TEXTS):
        memo.clear()
    yield
    for memo in (patches.SOURCES_JSON, patches.SOURCE_ITEM_JSON, patches.TEXTS):
        memo.clear()


def test_kept_sources_are_the_list_dash_encodes(bundle, opts):
    ctx = Context(bundle, opts)
    for _ in range(2):  # the second round reads the memo
        for query in QUERIES:
            for lang in LANGUAGES:
                assert answer(ctx, query, lang) == fresh(bundle, query, opts, lang), (query, lang)
    assert 0 < len(patches.SOURCES_JSON) < len(QUERIES) * len(LANGUAGES)  # views share lists
    kept_items = len(patches.SOURCE_ITEM_JSON)
    patches.SOURCES_JSON.clear()  # every list made again of kept items
    for query in QUERIES:
        for lang in LANGUAGES:
            assert answer(ctx, query, lang) == fresh(bundle, query, opts, lang), (query, lang)
    assert len(patches.SOURCE_ITEM_JSON) == kept_items  # lists share items


def test_another_data_version_gets_its_own_sources(bundle, opts, changed):  # noqa: F811
    mine, theirs = Context(bundle, opts), Context(changed, opts)
    query = "tab=compare&dest=RUS"
    assert OFFICIAL_SOURCE in to_json(answer(mine, query, "en"))
    other = answer(theirs, query, "en")
    assert other == fresh(changed, query, opts, "en") != fresh(bundle, query, opts, "en")
    assert "Test Publisher" in to_json(other)
    assert answer(mine, query, "en") == fresh(bundle, query, opts, "en")  # the first version still shows its own


def test_sources_changed_by_a_caller_change_no_later_answer(bundle, opts):
    ctx = Context(bundle, opts)
    query = "tab=compare&dest=KAZ"
    first = answer(ctx, query, "ru")
    first[0]["props"]["children"][0]["props"]["id"] = "changed"
    first[0]["props"]["children"].append("extra")
    first.append("extra")
    assert answer(Context(bundle, opts), query, "ru") == fresh(bundle, query, opts, "ru")
    patches.SOURCES_JSON.clear()  # the list made again of its kept items
    assert answer(Context(bundle, opts), query, "ru") == fresh(bundle, query, opts, "ru")
    made = pickle.loads(patches.sources_pickled(page_data.sources_used(bundle, parse(query, opts)[0], opts), "ru"))
    made[0]["props"]["children"][0]["props"]["id"] = "changed"
    patches.SOURCES_JSON.clear()
    assert answer(Context(bundle, opts), query, "ru") == fresh(bundle, query, opts, "ru")
