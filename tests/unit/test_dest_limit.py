"""More destinations chosen than a view holds (the dropdown's "Select all"): the largest are kept, the rest named."""

from __future__ import annotations

import pytest
from dash import no_update

from dashboard import callbacks as cb
from dashboard.components.controls import dest_limit_block
from dashboard.context import view_from_store
from dashboard.data.stock import stock_by_destination, stock_years
from dashboard.labels import names
from dashboard.state import MAX_DEST, SOURCE_ALIASES, parse
from dashboard.views import page_data

KEYS = [k for k, _ in cb.CONTROLS]


def values(ctx, **changes) -> list:
    out = cb.control_values(parse("", ctx.opts)[0], ctx.opts)
    for key, value in changes.items():
        out[KEYS.index(key)] = value
    return out


def select_all(ctx, src: str, lang: str = "en") -> list[str]:
    """What "Select all" sends: every option of the destinations dropdown, in its (alphabetical) order."""
    s = parse(f"?src={src}", ctx.opts)[0]
    return [code for code, _ in page_data.filter_options(ctx.bundle, s, ctx.opts, lang)["countries"]]


def largest(ctx, src_id: str, year: int, n: int) -> list[str]:
    stock = stock_by_destination(ctx.bundle, src_id, "both", year)
    return list(stock.nlargest(n, "value")["destination_iso3"])


def notice_text(notices) -> str:
    assert len(notices) == 1 and "notice" in notices[0].className and notices[0].role == "status"
    return notices[0].children


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_select_all_keeps_the_largest_destinations_and_names_the_rest(ctx, lang):
    src_id = SOURCE_ALIASES["un2024"]
    year = stock_years(ctx.bundle, src_id)[-1]
    chosen = select_all(ctx, "un2024", lang)
    assert len(chosen) > MAX_DEST and chosen.index("RUS") >= MAX_DEST, "the case of the bug: Russia is not first"
    search, view, ctrl, notices = cb.sync_view(ctx, "controls", "", lang, values(ctx, dest=chosen))
    s, _ = view_from_store(ctx, view)
    top = largest(ctx, src_id, year, MAX_DEST)
    assert list(s.dest) == top and s.dest[0] == "RUS"
    assert search == "?dest=" + "~".join(top)
    assert ctrl[KEYS.index("dest")] == top, "the dropdown shows what is kept"
    text = notice_text(notices)
    country = names(ctx.bundle, lang)
    left_out = [d for d in largest(ctx, src_id, year, len(chosen)) if d not in top]
    assert all(country[d] in text for d in left_out[:6]) and country["RUS"] not in text
    assert str(year) in text and str(MAX_DEST) in text


def test_the_ranking_follows_the_chosen_source(ctx):
    src_id = SOURCE_ALIASES["un2020"]  # Germany is among its largest
    year = stock_years(ctx.bundle, src_id)[-1]
    _, view, _, _ = cb.sync_view(ctx, "controls", "?src=un2020", "en",
                                 values(ctx, src="un2020", year=len(stock_years(ctx.bundle, src_id)) - 1,
                                        dest=select_all(ctx, "un2020")))
    s, _ = view_from_store(ctx, view)
    assert list(s.dest) == largest(ctx, src_id, year, MAX_DEST) and "DEU" in s.dest


def test_up_to_the_limit_nothing_changes_and_nothing_is_said(ctx):
    chosen = ["TUR", "RUS", "KAZ"]
    search, view, ctrl, notices = cb.sync_view(ctx, "controls", "", "en", values(ctx, dest=chosen))
    assert search == "?dest=TUR~RUS~KAZ" and notices == []
    assert ctrl[KEYS.index("dest")] is no_update, "the reader's order stays"


def test_destinations_without_a_figure_rank_last_and_junk_is_ignored(ctx):
    no_figure = ["KOR", "USA"]  # no UN 2024 figure for Kyrgyz-born people there
    chosen = [*no_figure, 7, None, "xx", "rus", *select_all(ctx, "un2024")[:MAX_DEST]]
    kept, left_out = cb.keep_largest(ctx, dict(zip(KEYS, values(ctx, dest=chosen), strict=True)))
    assert kept[0] == "RUS" and not set(no_figure) & set(kept)
    assert left_out[-2:] == no_figure, "no figure ranks last, in the reader's order"
    assert not {"XX", 7, None} & {*kept, *left_out}


def test_the_notice_lists_a_few_names_and_counts_the_rest():
    text = dest_limit_block([f"C{i}" for i in range(10)], MAX_DEST, 2024, "ru")[0].children
    assert "C5" in text and "C6" not in text and "ещё 4" in text and "2024" in text
