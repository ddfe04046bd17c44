"""Callback bodies as plain functions: URL <-> controls <-> view store, and figure/card/source updates."""

from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path

import pytest
from dash import Patch, no_update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plotly.io.json import to_json_plotly as to_json

from dashboard import callbacks as cb
from dashboard import patches
from dashboard.context import MEMO_SIZE, Context, view_from_store, view_to_store
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES
from dashboard.state import MAX_DEST, ViewState, parse, to_query

UN2024, UN2020, KNOMAD = "UNDESA_IMS2024_VIA_ANDREEV", "UNDESA_IMS2020_VIA_ANDREEV", "KNOMAD_BMM_2021"
DEFAULTS = [7, [], None, "both", UN2024, "destinations", "migrants", "abs", "top", "usd", "region", []]
DEFAULTS += [[1960, 2026]]  # the year range's whole extent (no from=/to=): every year the time series hold
KEYS = [k for k, _ in cb.CONTROLS]
DEFAULTS.insert(KEYS.index("wm"), "counts")  # women and men (wm=): head counts, wherever its control sits
DEFAULTS.insert(KEYS.index("oview"), "rank")  # oblasts compared: the ranking (oview=)
DEFAULTS.insert(KEYS.index("vs"), "poverty")  # and its scatter against poverty (vs=)
DEFAULTS.insert(KEYS.index("partner"), "RUS")  # the corridor's sending country: the one with most reported figures
DEFAULTS.insert(KEYS.index("events"), "on")  # dated events on the time series: shown (events=)
FIXTURES_OK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def values(**changes) -> list:
    """Control values as the browser holds them: the defaults with some changed."""
    out = list(DEFAULTS)
    for k, v in changes.items():
        out[KEYS.index(k)] = v
    return out


def store(q: str = "") -> dict:
    return {"q": q, "lang": "en"}


def is_no_update(x) -> bool:
    return x is no_update


def text(component) -> str:
    return to_json(component)


def apply_patch(target, patch: Patch):
    """What the Dash renderer does with a Patch: here only Assign operations are expected."""
    ops = patch.to_plotly_json()["operations"]
    assert ops
    for op in ops:
        assert op["operation"] == "Assign", op
        *head, last = op["location"]
        node = target
        for key in head:
            node = node[key]
        node[last] = op["params"]["value"]
    return target


def test_control_values_of_the_default_view(opts):
    assert cb.control_values(ViewState(), opts) == DEFAULTS
    assert [cid for _, cid in cb.CONTROLS][:6] == ["f-year", "f-dest", "f-oblast", "f-sex", "f-src", "f-layer"]


# --- sync_view: page load and back/forward --------------------------------------------------------------------


def test_page_load_deep_link(ctx):
    search, view, ctrl, notices = cb.sync_view(ctx, None, "?year=2020&dest=RUS~KAZ&sex=x&foo=1", "en", DEFAULTS)
    assert is_no_update(search)  # the URL is not rewritten on load
    assert view == store("year=2020&dest=RUS~KAZ")
    assert ctrl[:2] == [6, ["RUS", "KAZ"]]
    assert all(is_no_update(v) for v in ctrl[2:])  # unchanged controls are left alone
    rendered = text(notices)
    assert "sex=x" in rendered and "'foo'" in rendered
    assert "Some parts of this link could not be used." in rendered


def test_page_load_without_query(ctx):
    search, view, ctrl, notices = cb.sync_view(ctx, None, "", "en", DEFAULTS)
    assert is_no_update(search) and view == store("") and notices == []
    assert all(is_no_update(v) for v in ctrl)
    assert cb.sync_view(ctx, None, None, "en", DEFAULTS)[1] == store("")


def test_page_load_sets_every_control(ctx, opts):
    q = ("year=2000&dest=TUR&oblast=KG-J&sex=male&src=un2020&measure=wage&per=per1000&layer=oblasts&frame=asia"
         "&tab=compare&rem=country&oview=scatter&vs=wage&wm=share&events=off&city=yekaterinburg")
    _, view, ctrl, notices = cb.sync_view(ctx, None, "?" + q, "en", DEFAULTS)
    assert notices == []
    assert view == store(q)
    assert is_no_update(ctrl.pop(KEYS.index("partner")))  # no partner=: the corridor's default country, unchanged
    assert [ctrl.pop(KEYS.index(key)) for key in ("vs", "oview")] == ["wage", "scatter"]  # oblasts compared
    assert ctrl.pop(KEYS.index("events")) == "off"  # dated events hidden (events=)
    assert ctrl.pop(KEYS.index("wm")) == "share"  # women and men (wm=)
    assert is_no_update(ctrl[-1])  # no from=/to=: the year-range control stays at its whole extent
    assert ctrl[:-1] == [2, ["TUR"], "KG-J", "male", UN2020, "oblasts", "wage", "per1000", "compare", "country", "asia",
                    ["yekaterinburg"]]


@pytest.mark.parametrize("query,reason_text", [
    ("year=1800", "which the chosen source does not publish"),
    ("year=abc", "is not a valid value"),
    ("oblast=KG-X", "is not a valid value"),
    ("v=2020.1.1", "data version 2020.1.1"),
    ("x" * 2100, "too long"),
])
def test_page_load_notices(ctx, query, reason_text):
    _, view, _, notices = cb.sync_view(ctx, None, "?" + query, "en", DEFAULTS)
    assert reason_text in text(notices)
    if query.startswith("x"):
        assert view == store("")


def test_back_forward_sets_the_controls(ctx):
    current = values(year=6, dest=["RUS"], sex="female")
    search, view, ctrl, notices = cb.sync_view(ctx, "url", "?year=2000&layer=flows", "en", current)
    assert is_no_update(search)
    assert view == store("year=2000&layer=flows")
    assert ctrl[KEYS.index("year")] == 2
    assert ctrl[KEYS.index("dest")] == []
    assert ctrl[KEYS.index("sex")] == "both"
    assert ctrl[KEYS.index("layer")] == "flows"
    assert is_no_update(ctrl[KEYS.index("src")])
    assert notices == []


def _literal_reasons(node: ast.expr, where: str) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _literal_reasons(node.body, where) | _literal_reasons(node.orelse, where)
    raise AssertionError(f"{where}:{node.lineno}: a notice reason this test cannot read; make it a literal")


def _reason_argument(call: ast.Call, position: int) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == "reason"), None)


def notice_reasons_in_code() -> set[str]:
    """Every reason the code can give a Notice, read from its source: Notice(key, value, REASON) anywhere in the
    package, state.parse's bad(key, REASON) and bad's default. Read, not listed by hand, so a new reason is checked."""
    found: set[str] = set()
    for path in sorted(Path(cb.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "bad" and path.name == "state.py":
                found |= _literal_reasons(node.args.defaults[-1], path.name)
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            arg = _reason_argument(node, 2) if name == "Notice" else \
                _reason_argument(node, 1) if name == "bad" and path.name == "state.py" else None
            if isinstance(arg, ast.Name) and arg.id == "reason":  # inside bad(): its callers are read instead
                continue
            if arg is not None:
                found |= _literal_reasons(arg, path.name)
    return found


def test_notice_reasons_are_read_from_the_code():
    assert {"unknown-key", "invalid", "not-available", "too-long", "version", "unknown-codes", "too-many",
            "not-available-sex"} <= notice_reasons_in_code()


@pytest.mark.parametrize("reason", sorted(notice_reasons_in_code()))
def test_every_notice_reason_has_a_translated_text(reason):
    from dashboard.components.page import NOTICE_TEXT, notices_block
    from dashboard.i18n import translator
    from dashboard.state import Notice

    assert reason in NOTICE_TEXT, f"state.parse can give notice reason {reason!r}, which has no text"
    english = NOTICE_TEXT[reason].format(key="sex", value="x")
    for lang in ("ru", "ky"):
        assert translator(lang)(NOTICE_TEXT[reason]) != NOTICE_TEXT[reason], f"{reason} is not translated to {lang}"
    rendered = text(notices_block([Notice("sex", "x", reason)], "en"))
    assert "Some parts of this link could not be used." in rendered and english in rendered
    assert "{key}" not in rendered and "{value}" not in rendered
    assert text(notices_block([], "en")) == "[]"


# --- sync_view: a control changed ------------------------------------------------------------------------------


def test_control_change_builds_the_search(ctx):
    search, view, ctrl, notices = cb.sync_view(ctx, "controls", "", "en", values(year=6, dest=["RUS"]))
    assert search == "?year=2020&dest=RUS"
    assert view == store("year=2020&dest=RUS")
    assert all(is_no_update(v) for v in ctrl)
    assert notices == []


def test_control_change_defaults_dropped(ctx):
    search, view, _, _ = cb.sync_view(ctx, "controls", "", "en", list(DEFAULTS))
    assert is_no_update(search)  # nothing to change in the URL
    assert view == store("")
    search, view, _, _ = cb.sync_view(ctx, "controls", "?sex=female", "en", values(sex="both"))
    assert search == ""
    assert view == store("")


def test_latest_year_is_not_written(ctx):
    search, view, _, _ = cb.sync_view(ctx, "controls", "?year=2020", "en", values(year=7))
    assert search == ""  # links keep following new data
    assert "year" not in view["q"]


def test_control_change_keeps_the_version_pin(ctx):
    search, view, _, _ = cb.sync_view(ctx, "controls", "?year=2020&v=2025.1.0", "en", values(year=6, sex="female"))
    assert search == "?year=2020&sex=female&v=2025.1.0"
    assert view == store("year=2020&sex=female&v=2025.1.0")


def test_control_change_key_order_is_canonical(ctx):
    search, _, _, _ = cb.sync_view(ctx, "controls", "", "en",
                                   values(rem="gdp", tab="compare", layer="flows", oblast="KG-O", year=0))
    assert search == "?year=1990&oblast=KG-O&layer=flows&tab=compare&rem=gdp"


def test_bad_control_value_is_reset(ctx):
    search, view, ctrl, _ = cb.sync_view(ctx, "controls", "", "en", values(sex="x", layer="globe"))
    assert is_no_update(search) and view == store("")
    assert ctrl[KEYS.index("sex")] == "both" and ctrl[KEYS.index("layer")] == "destinations"


def test_source_change_keeps_the_year_when_published(ctx):
    # URL says 2020 (UN 2024 slider position 6); the user picks UN 2020, which also publishes 2020 (its latest)
    search, view, ctrl, _ = cb.sync_view(ctx, "controls", "?year=2020", "en", values(year=6, src=UN2020))
    assert search == "?src=un2020"
    assert parse(view["q"], ctx.opts)[0].effective_year(ctx.opts) == 2020
    assert is_no_update(ctrl[KEYS.index("year")])  # 2020 is position 6 for UN 2020 too
    # 2005 is published by UN 2020 but is not its latest: kept in the URL
    search, _, ctrl, _ = cb.sync_view(ctx, "controls", "?year=2005", "en", values(year=3, src=UN2020))
    assert search == "?year=2005&src=un2020"


def test_source_change_to_a_source_without_the_year(ctx):
    search, view, ctrl, _ = cb.sync_view(ctx, "controls", "?year=2020", "en", values(year=6, src=KNOMAD))
    assert search == "?src=knomad2021"
    assert ctrl[KEYS.index("year")] == 0  # KNOMAD publishes 2021 only
    assert parse(view["q"], ctx.opts)[0].effective_year(ctx.opts) == 2021


def test_source_change_resets_an_unpublished_sex(ctx, bundle):
    from dashboard.charts import figure_for

    search, view, ctrl, _ = cb.sync_view(ctx, "controls", "?sex=female", "en", values(sex="female", src=KNOMAD))
    s, _ = view_from_store(ctx, view)
    assert figure_for("map", bundle, s, ctx.opts, "en")["data"][0]["locations"], "the map shows something"
    assert ctrl[KEYS.index("sex")] == "both"
    assert search == "?src=knomad2021"


@FIXTURES_OK
@given(data=st.data())
def test_controls_then_url_is_stable(ctx, data):
    """What a control change writes to the URL, reloading that URL gives back: same view, same controls."""
    opts = ctx.opts
    src = data.draw(st.sampled_from(opts.sources))
    n = len(opts.years[src])
    vals = values(
        year=data.draw(st.integers(0, n - 1)), src=src,
        dest=data.draw(st.lists(st.sampled_from(["RUS", "KAZ", "TUR", "DEU", "KOR"]), unique=True, max_size=3)),
        oblast=data.draw(st.sampled_from([None, "KG-B", "KG-GB"])), sex=data.draw(st.sampled_from(opts.sexes[src])),
        layer=data.draw(st.sampled_from(["destinations", "flows", "oblasts"])))
    search = "?" + to_query(ViewState(src=src))
    search = "" if search == "?" else search
    out, view, ctrl, _ = cb.sync_view(ctx, "controls", search, "en", vals)
    new_search = search if is_no_update(out) else out
    _, view2, ctrl2, notices = cb.sync_view(ctx, None, new_search, "en", vals)
    assert view2 == view
    assert notices == []
    assert all(is_no_update(c) for c in ctrl), "the controls were already right"
    assert all(is_no_update(c) for c in ctrl2)


# --- year_at ---------------------------------------------------------------------------------------------------


def test_year_at_maps_positions_to_years(ctx, opts):
    for src in opts.sources:
        current = ViewState(src=src)
        for i, year in enumerate(opts.years[src]):
            assert cb.year_at(ctx, current, src, i) == year
            assert cb.year_at(ctx, current, None, i) == year
            assert cb.year_at(ctx, current, src, str(i)) == year


@pytest.mark.parametrize("index", [None, "x", "", 99, 8, -1, [1]])
def test_year_at_bad_positions(ctx, index):
    assert cb.year_at(ctx, ViewState(), UN2024, index) is None


def test_year_at_on_source_change(ctx):
    assert cb.year_at(ctx, ViewState(year=2020), UN2020, 6) == 2020
    assert cb.year_at(ctx, ViewState(year=2000), UN2020, 2) == 2000
    assert cb.year_at(ctx, ViewState(year=2024), UN2020, 7) is None  # UN 2020 ends in 2020: its latest
    assert cb.year_at(ctx, ViewState(), UN2020, 7) is None
    assert cb.year_at(ctx, ViewState(year=2020), KNOMAD, 6) is None
    assert cb.year_at(ctx, ViewState(src=KNOMAD), UN2024, 0) is None


# --- view store ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [None, "garbage", 123, [], {}, {"q": 5}, {"q": None}, {"lang": None},
                                  {"q": "year=abc", "lang": "xx"}, {"q": ["year=2020"], "lang": ["en"]}])
def test_view_from_store_tolerates_garbage(ctx, data):
    s, lang = view_from_store(ctx, data)
    assert isinstance(s, ViewState)
    assert lang == "en"


def test_view_store_round_trip(ctx):
    s = ViewState(year=2015, dest=("RUS", "KAZ"), layer="flows", v="2025.1.0")
    assert view_to_store(s, "en") == store("year=2015&dest=RUS~KAZ&layer=flows&v=2025.1.0")
    assert view_from_store(ctx, view_to_store(s, "en")) == (s, "en")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                         lambda k: st.lists(k, max_size=3) | st.dictionaries(st.sampled_from(["q", "lang", "x"]), k,
                                                                             max_size=3), max_leaves=8))
def test_view_from_store_never_raises(ctx, data):
    s, lang = view_from_store(ctx, data)
    assert isinstance(s, ViewState)
    asked = data.get("lang") if isinstance(data, dict) else None
    assert lang == (asked if asked in LANGUAGES else DEFAULT_LANGUAGE)


# --- graph_update ----------------------------------------------------------------------------------------------


def figure_uncached(ctx, name: str, q: str) -> dict:
    """The figure straight from the view code (no cache, no memo): what a callback's answer must equal."""
    from dashboard.charts import figure_for
    return figure_for(name, ctx.bundle, parse(q, ctx.opts)[0], ctx.opts, "en")


def json_equal(a, b) -> bool:
    """Equal as the browser receives them (tuples and lists, numpy and Python numbers alike)."""
    return json.loads(to_json(a)) == json.loads(to_json(b))


@pytest.mark.parametrize("name", ["map", "stock", "remittances"])
def test_graph_first_render_is_a_full_figure(ctx, name):
    from dashboard.charts import summary_for
    fig, rendered, summary = patches.graph_update(ctx, name, store("year=2020"), None)
    assert isinstance(fig, dict) and json_equal(fig, figure_uncached(ctx, name, "year=2020"))
    assert rendered == "en?year=2020"
    assert summary and summary == summary_for(name, ctx.bundle, parse("year=2020", ctx.opts)[0], ctx.opts, "en")


@pytest.mark.parametrize("name", ["map", "stock", "remittances"])
def test_graph_year_change_is_a_patch(ctx, name):
    old_view, new_view = store("year=2020"), store("year=2015")
    old = patches.build(ctx, name, old_view)
    new = patches.build(ctx, name, new_view)
    out, rendered, _ = patches.graph_update(ctx, name, new_view, "en?year=2020")
    assert isinstance(out, Patch)
    assert rendered == "en?year=2015"
    assert apply_patch(copy.deepcopy(old), out) == new
    assert len(json.dumps(out.to_plotly_json())) < len(json.dumps(new)) * 0.7


@pytest.mark.parametrize("name", ["map", "stock", "remittances"])
def test_graph_nothing_changed(ctx, name):
    out, rendered, summary = patches.graph_update(ctx, name, store("year=2020"), "en?year=2020")
    assert is_no_update(out) and is_no_update(summary)
    assert rendered == "en?year=2020"


@pytest.mark.parametrize("name,changes", [("map", True), ("stock", False), ("remittances", False)])
def test_graph_summary_is_resent_only_when_it_changes(ctx, name, changes):
    """The line charts' summaries span all years: a year change that keeps the same top destinations leaves them
    as they are (no bytes sent)."""
    _, _, summary = patches.graph_update(ctx, name, store("year=2020"), "en?")
    assert is_no_update(summary) is not changes
    if changes:
        assert summary == patches.summary_text(ctx, name, store("year=2020"))
    _, _, summary = patches.graph_update(ctx, name, {"q": "", "lang": "ru"}, "en?")  # another language: resent
    assert summary == patches.summary_text(ctx, name, {"q": "", "lang": "ru"})


def test_map_frame_is_part_of_the_view(ctx):
    """The whole-world frame is a view key (frame=world): the rendered key is the view's, and the step from the
    regional map is a patch of the frame (no re-sent figure)."""
    old = patches.build(ctx, "map", store(""))
    out, rendered, _ = patches.graph_update(ctx, "map", store("frame=world"), "en?")
    assert rendered == "en?frame=world"
    assert patches.previous_render(rendered) == store("frame=world")
    assert isinstance(out, Patch)
    assert apply_patch(copy.deepcopy(old), out) == patches.build(ctx, "map", store("frame=world"))


def test_a_rendered_key_from_before_the_frame_key_sends_the_whole_figure(ctx):
    """A page loaded before the frame joined the view remembers 'en+world?...': not a language, so not trusted."""
    assert patches.previous_render("en+world?year=2020") is None
    out, rendered, _ = patches.graph_update(ctx, "map", store("frame=world"), "en+world?")
    assert out == patches.build(ctx, "map", store("frame=world")) and rendered == "en?frame=world"


PAIRS = [
    ("map", "", "layer=oblasts"), ("map", "layer=oblasts", "layer=oblasts&measure=wage"),
    ("map", "layer=oblasts", "layer=oblasts&oblast=KG-O"), ("map", "", "dest=RUS"), ("map", "", "layer=flows"),
    ("map", "sex=female", "sex=female&src=un2020"), ("stock", "", "tab=compare"), ("stock", "", "dest=KAZ~TUR"),
    ("stock", "tab=compare", "tab=compare&dest=KAZ"), ("remittances", "", "rem=gdp"),
    ("remittances", "", "rem=country"), ("remittances", "rem=country", "rem=country&year=2000"),
]


@pytest.mark.parametrize("name,before,after", PAIRS)
def test_graph_update_always_yields_the_new_figure(ctx, name, before, after):
    old, new = patches.build(ctx, name, store(before)), patches.build(ctx, name, store(after))
    out, _, _ = patches.graph_update(ctx, name, store(after), patches.rendered_key(ctx, store(before)))
    if old == new:
        assert is_no_update(out)
    elif isinstance(out, Patch):
        assert apply_patch(copy.deepcopy(old), out) == new
    else:
        assert out == new


@pytest.mark.parametrize("previous", [{"view": None}, {}, {"view": "garbage"}, "garbage", [], "xx?year=2020",
                                      "?year=2020", "en", "en+world" + "?" * 5000, 7])
def test_graph_update_with_a_broken_previous_render(ctx, previous):
    """A previous render the server cannot read is not trusted for a patch: the whole figure is sent."""
    out, rendered, summary = patches.graph_update(ctx, "stock", store("year=2020"), previous)
    assert out == patches.build(ctx, "stock", store("year=2020"))
    assert rendered == "en?year=2020" and isinstance(summary, str)


def test_rendered_key_is_canonical_and_reads_back(ctx):
    """The key names the view drawn, not the text sent: defaults dropped, bad values gone, language kept."""
    assert patches.rendered_key(ctx, {"q": "sex=x&zzz=1&year=2020", "lang": "ru"}) == "ru?year=2020"
    assert patches.rendered_key(ctx, {"q": "frame=world&dest=KAZ", "lang": "ky"}) == "ky?dest=KAZ&frame=world"
    assert patches.previous_render("ky?dest=KAZ&frame=world") == {"q": "dest=KAZ&frame=world", "lang": "ky"}
    assert patches.previous_render("en?") == {"q": "", "lang": "en"}


# --- cards_update / sources_update -------------------------------------------------------------------------------


def test_cards_first_render(ctx):
    out, rendered = patches.cards_update(ctx, store(""), None)
    assert out == patches.cards_json(ctx, store(""))
    assert rendered == "en?"
    assert "3,067 km from home" in json.dumps(out)


def test_cards_year_change_is_a_patch(ctx):
    old, new = patches.cards_json(ctx, store("year=2020")), patches.cards_json(ctx, store("year=2015"))
    out, rendered = patches.cards_update(ctx, store("year=2015"), "en?year=2020")
    assert isinstance(out, Patch)
    assert rendered == "en?year=2015"
    assert apply_patch(copy.deepcopy(old), out) == new
    assert "(2015, both sexes)" in json.dumps(new)


def test_cards_nothing_changed(ctx):
    out, rendered = patches.cards_update(ctx, store("year=2020"), "en?year=2020")
    assert is_no_update(out) and rendered == "en?year=2020"
    # the map layer does not change the cards
    out, _ = patches.cards_update(ctx, store("layer=flows"), "en?")
    assert is_no_update(out)


@pytest.mark.parametrize("before,after", [("", "dest=KAZ"), ("", "oblast=KG-B"), ("dest=KAZ", "dest=KAZ~RUS")])
def test_cards_update_always_yields_the_new_cards(ctx, before, after):
    old, new = patches.cards_json(ctx, store(before)), patches.cards_json(ctx, store(after))
    out, _ = patches.cards_update(ctx, store(after), patches.rendered_key(ctx, store(before)))
    if isinstance(out, Patch):
        assert apply_patch(copy.deepcopy(old), out) == new
    else:
        assert out == new


def test_sources_update(ctx):
    block, ids = patches.sources_update(ctx, store(""), None)
    assert isinstance(ids, str) and len(ids) == 12
    assert UN2024 in text(block)
    assert patches.sources_update(ctx, store("year=2015"), ids) == (no_update, no_update)
    assert patches.sources_update(ctx, store("dest=RUS&layer=flows"), ids) == (no_update, no_update)
    block2, ids2 = patches.sources_update(ctx, store("tab=compare"), ids)
    assert ids2 != ids and not is_no_update(block2)
    assert len(text(block2)) > len(text(block))
    block_ru, ids_ru = patches.sources_update(ctx, {"q": "", "lang": "ru"}, ids)  # same sources, other language
    assert ids_ru != ids and not is_no_update(block_ru)


@pytest.mark.parametrize("shown", [None, "", 5, ["x"], "not-a-key-at-all"])
def test_the_sources_list_asked_for_alone(ctx, shown):
    """Without the view's frames the page asks for its Sources list alone (sources-ask): the view's list, whatever
    the page says it shows, unless it is that very list; a view store no page wrote gives the default view's."""
    block, key = cb.sources_alone(ctx, store("dest=KAZ"), shown)
    assert (block, key) == patches.sources_update(ctx, store("dest=KAZ"), None)
    assert cb.sources_alone(ctx, store("dest=KAZ"), key) == (no_update, no_update)
    assert cb.sources_alone(ctx, "garbage", shown)[1] == patches.sources_update(ctx, store(""), None)[1]


# --- map_click -------------------------------------------------------------------------------------------------


def click(loc) -> dict:
    return {"points": [{"location": loc, "curveNumber": 0}]}


@pytest.mark.parametrize("data", [None, {}, {"points": []}, {"points": [{}]}, {"points": [{"location": None}]},
                                  {"points": [{"location": 3}]}, click("KGZ"), click("XXXX"), click("")])
def test_map_click_that_does_nothing(data):
    assert cb.map_click(data, ["RUS"], "KG-O") == (no_update, no_update)


def test_map_click_on_a_flow_line_toggles_its_destination():
    """A line has no location; its destination's iso3 is its customdata (figures.maps.flow_traces)."""
    line = {"points": [{"curveNumber": 5, "pointNumber": 3, "customdata": "TUR"}]}
    assert cb.map_click(line, ["RUS", "TUR"], None) == (["RUS"], no_update)
    assert cb.map_click(line, ["RUS"], None) == (["RUS", "TUR"], no_update)


def test_map_click_adds_and_removes_a_country():
    assert cb.map_click(click("KAZ"), [], None) == (["KAZ"], no_update)
    assert cb.map_click(click("KAZ"), ["RUS"], None) == (["RUS", "KAZ"], no_update)
    assert cb.map_click(click("KAZ"), ["RUS", "KAZ"], None) == (["RUS"], no_update)
    assert cb.map_click(click("RUS"), ["RUS"], "KG-O") == ([], no_update)


def test_map_click_keeps_at_most_max_dest():
    dest = ["RUS", "KAZ", "TUR", "KOR", "USA", "DEU", "GBR", "ISR"]
    assert len(dest) == MAX_DEST
    new, _ = cb.map_click(click("UKR"), dest, None)
    assert len(new) == MAX_DEST and new[-1] == "UKR" and "RUS" not in new


def test_map_click_oblast_selects_and_clears():
    assert cb.map_click(click("KG-O"), [], None) == (no_update, "KG-O")
    assert cb.map_click(click("KG-O"), ["RUS"], "KG-O") == (no_update, None)
    assert cb.map_click(click("KG-B"), [], "KG-O") == (no_update, "KG-B")


@settings(max_examples=100, deadline=None)
@given(dest=st.lists(st.sampled_from(["RUS", "KAZ", "TUR", "KOR", "USA", "DEU", "GBR", "ISR", "UKR", "TJK"]),
                     unique=True, max_size=MAX_DEST),
       loc=st.sampled_from(["RUS", "KAZ", "UKR", "TJK", "CHN"]))
def test_map_click_toggles(dest, loc):
    new, oblast = cb.map_click(click(loc), list(dest), None)
    assert is_no_update(oblast)
    assert len(new) <= MAX_DEST and len(set(new)) == len(new)
    assert (loc in new) != (loc in dest)
    back = cb.map_click(click(loc), new, None)[0]
    if loc not in dest and len(dest) < MAX_DEST:
        assert back == dest  # added then removed
    if loc in dest:
        assert sorted(back) == sorted(dest)  # removed then added again (at the end)


# --- memo ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("trig,search,changes", [
    (None, "", None), ("url", "?year=2000&sex=x", None), ("controls", "", {"year": 6}),
    ("controls", "?year=2020", {"dest": ["KAZ", "RUS"], "layer": "flows"}), ("controls", "", {"year": "x"}),
])
def test_sync_memo_answers_as_sync_view(ctx, trig, search, changes):
    """The memo changes the cost, not the answer: twice through it equals one fresh sync_view."""
    from dashboard.state import Options
    fresh = Context(ctx.bundle, Options.from_bundle(ctx.bundle))
    vals = values(**(changes or {}))
    want = to_json(cb.sync_view(fresh, trig, search, "en", vals))
    assert to_json(cb.sync_memo(fresh, trig, search, "en", vals)) == want
    assert to_json(cb.sync_memo(fresh, trig, search, "en", vals)) == want


@pytest.mark.parametrize("trig,search,odd_dest", [
    ("controls", "", {object()}),  # does not serialise: no key
    ("controls", "?" + "a" * 5000, []),  # too long to keep
    ("url", 7, []),  # not a string
])
def test_sync_memo_takes_any_input(ctx, trig, search, odd_dest):
    """Values that do not serialise, or are huge, skip the memo instead of failing: the answer is sync_view's, and
    nothing is kept."""
    from dashboard.state import Options
    fresh = Context(ctx.bundle, Options.from_bundle(ctx.bundle))
    vals = values(dest=odd_dest)
    want = to_json(cb.sync_view(fresh, trig, search, "en", vals))
    assert to_json(cb.sync_memo(fresh, trig, search, "en", vals)) == want
    assert len(fresh._state[3]) == 0


def test_memo_is_per_data_version(ctx):
    from dashboard.state import Options
    c = Context(ctx.bundle, Options.from_bundle(ctx.bundle))
    assert c.memo(("k",), lambda: 1) == 1 and c.memo(("k",), lambda: 2) == 1
    c.swap(ctx.bundle)
    assert c.memo(("k",), lambda: 2) == 2
    for i in range(MEMO_SIZE + 10):  # bounded
        c.memo(("n", i), lambda: 0)
    assert len(c._state[3]) <= MEMO_SIZE


def test_panels_update_answers_every_panel_in_order(ctx):
    """One request for all panels: map, stock, remittances (figure, rendered key, summary each), then cards and
    sources. The map's frame is a view key: it changes the map only."""
    graphs = len(patches.GRAPHS)
    out = patches.panels_update(ctx, store("year=2015&frame=world"), ["en?year=2020"] * (graphs + 1) + [None])
    assert len(out) == 3 * graphs + 4
    assert patches.GRAPHS[0] == "map" and {"stock", "remittances"} <= set(patches.GRAPHS)
    assert all(out[3 * i + 1] == "en?year=2015&frame=world" for i in range(graphs))
    # each patch turns what the browser shows (year 2020) into the new view (2015; the map also zoomed out); a
    # chart the year does not shape (women and men over time) sends nothing
    for i, name in enumerate(patches.GRAPHS):
        shown = json.loads(to_json(figure_uncached(ctx, name, "year=2020")))
        if shown == json.loads(to_json(figure_uncached(ctx, name, "year=2015&frame=world"))):
            assert is_no_update(out[3 * i]), name
            continue
        assert isinstance(out[3 * i], Patch), name
        assert json_equal(apply_patch(shown, out[3 * i]), figure_uncached(ctx, name, "year=2015&frame=world"))
    shown_cards = json.loads(to_json(patches.cards_json(ctx, store("year=2020"))))
    cards = 3 * graphs
    assert isinstance(out[cards], Patch) and out[cards + 1] == "en?year=2015&frame=world"
    assert json_equal(apply_patch(shown_cards, out[cards]), patches.cards_json(ctx, store("year=2015")))
    assert "2015" in to_json(out[cards].to_plotly_json())  # the cards speak of the new year
    assert not is_no_update(out[cards + 2]) and isinstance(out[cards + 3], str)  # no sources shown yet: sent


def test_panels_update_remembers_patch_answers_only(ctx):
    from dashboard.state import Options
    c = Context(ctx.bundle, Options.from_bundle(ctx.bundle))
    step = ["en?year=2020"] * (len(patches.GRAPHS) + 1) + [patches.sources_update(c, store("year=2020"), None)[1]]
    first = patches.panels_update(c, store("year=2015"), step)
    again = patches.panels_update(c, store("year=2015"), list(step))
    assert again is first  # from memory
    # a non-canonical spelling of the same previous view is the same step
    assert patches.panels_update(c, store("year=2015"), ["en?sex=both&year=2020", *step[1:]]) is first
    # a first render (whole figures) is not kept
    blank = [None] * (len(patches.GRAPHS) + 2)
    whole = patches.panels_update(c, store("year=2015"), blank)
    assert isinstance(whole[0], dict) and patches.panels_update(c, store("year=2015"), list(blank)) is not whole


@pytest.mark.parametrize("lang,word", [("en", "Value"), ("ru", "Значение"), ("ky", "Маани")])
def test_data_table_headings_are_words_with_the_csv_key_beneath(ctx, lang, word):
    """The table under a chart speaks the page's language; the CSV's column key stays visible for matching."""
    clicks = [1 if chart == "stock" else 0 for chart in cb.CHARTS]
    out = cb.tables_update(ctx, clicks, {"q": "", "lang": lang})
    i = cb.CHARTS.index("stock")
    table = out[3 * i + 2][0].children  # the table's HTML
    heads = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert f'{word}<span class="col-key">value</span>' in heads
    assert all('class="col-key"' in h for h in heads)  # every column of this chart has a heading


@pytest.mark.parametrize("query,lang,name,published", [
    ("rem=country", "ru", "Россия", "Russian Federation"), ("rem=country", "ky", "Түркия", "Turkey"),
    ("rem=corridor&partner=RUS", "ru", "Россия", "Russia"),
])
def test_data_table_names_countries_in_the_page_language(ctx, query, lang, name, published):
    """The sending countries' names the data holds as published (English) read in the page's language in the
    table; the CSV keeps them as published, with the ISO code beside them."""
    clicks = [1 if chart == "remittances" else 0 for chart in cb.CHARTS]
    out = cb.tables_update(ctx, clicks, {"q": query, "lang": lang})
    table = out[3 * cb.CHARTS.index("remittances") + 2][0].children
    cells = re.findall(r"<td>(.*?)</td>", table)
    assert name in cells and published not in cells


def test_a_table_column_of_english_text_says_so_in_its_heading(ctx):
    """The official counts' notes and measures are the data's English words: the ru heading says so; a column the
    page writes in Russian (the remittance series' measure) does not."""
    def heads(chart: str, query: str) -> list[str]:
        clicks = [1 if name == chart else 0 for name in cb.CHARTS]
        out = cb.tables_update(ctx, clicks, {"q": query, "lang": "ru"})
        table = out[3 * cb.CHARTS.index(chart) + 2][0].children
        return re.findall(r'<th scope="col">(.*?)<span class="col-key">(.*?)</span></th>', table)

    official = dict((key, words) for words, key in heads("official", "tab=compare&dest=RUS"))
    assert official["note"] == "Примечание (на английском, как в данных)"
    assert official["measure"].endswith("(на английском, как в данных)")
    series = dict((key, words) for words, key in heads("remittances", ""))
    assert "английском" not in series["measure"] and "английском" not in series["unit"]
