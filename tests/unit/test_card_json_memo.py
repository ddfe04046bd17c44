"""A corridor card's JSON is kept by the card and the language (patches.cards_pickled): the block made of kept cards is
the block Dash encodes from fresh components, for every view, year and language; another data version's cards are
their own; and what a caller does with its cards reaches no later answer."""

from __future__ import annotations

import json
import pickle

import pytest
from plotly.io.json import to_json_plotly as to_json

from dashboard import patches
from dashboard.components import page as page_c
from dashboard.context import Context
from dashboard.i18n import LANGUAGES
from dashboard.state import parse, replace, to_query
from dashboard.views import cards as cards_v

from .test_memo_versions import changed  # noqa: F401 (a fixture: the package with doubled counts)

QUERIES = ("", "dest=KAZ", "dest=RUS~KAZ~TUR", "dest=TUR&sex=female", "oblast=KG-O&dest=KOR~USA", "src=un2019",
           "sex=male&oblast=KG-B", "src=gbmd&dest=RUS~GBR")


def fresh(b, s, opts, lang: str) -> list:
    return json.loads(to_json(page_c.cards_block(cards_v.corridor_cards(b, s, opts, lang), lang)))


def views(opts):
    for query in QUERIES:
        s, _ = parse(query, opts)
        for year in opts.years[s.src][-4:]:
            yield replace(s, year=year)


@pytest.fixture(autouse=True)
def _empty_memos():
    patches.CARD_JSON.clear()
    patches.TEXTS.clear()
    yield
    patches.CARD_JSON.clear()
    patches.TEXTS.clear()


def test_kept_cards_make_the_block_dash_encodes(bundle, opts):
    for _ in range(2):  # the second round reads the memo
        for s in views(opts):
            for lang in LANGUAGES:
                cards = cards_v.corridor_cards(bundle, s, opts, lang)
                assert pickle.loads(patches.cards_pickled(cards, lang)) == fresh(bundle, s, opts, lang), (s, lang)
    assert len(patches.CARD_JSON) > 0


def test_another_data_version_gets_its_own_cards(bundle, opts, changed):  # noqa: F811
    mine, theirs = Context(bundle, opts), Context(changed, opts)
    for s in views(opts):
        patches.cards_json(mine, {"q": to_query(s), "lang": "en"})
    differ = 0
    for s in views(opts):
        answer = patches.cards_json(theirs, {"q": to_query(s), "lang": "en"})
        assert answer == fresh(changed, s, opts, "en")
        differ += answer != fresh(bundle, s, opts, "en")
    assert differ > 0  # the doubled counts show on the cards


def test_cards_changed_by_a_caller_change_no_later_answer(bundle, opts):
    ctx = Context(bundle, opts)
    view = {"q": "dest=RUS~KAZ&year=2020", "lang": "ru"}
    first = patches.cards_json(ctx, view)
    first[0]["props"]["children"][0]["props"]["children"] = "changed"
    first.append("extra")
    s = parse(view["q"], opts)[0]
    cards = cards_v.corridor_cards(bundle, s, opts, "ru")
    kept = pickle.loads(patches.cards_pickled(cards, "ru"))
    kept[1]["props"]["className"] = "changed"
    assert patches.cards_json(Context(bundle, opts), view) == fresh(bundle, s, opts, "ru")
    assert pickle.loads(patches.cards_pickled(cards, "ru")) == fresh(bundle, s, opts, "ru")

