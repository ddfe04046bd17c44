"""A view's frames (frames.py) are the server's own answer for every year of its source: the same figures, summaries,
cards and sources, and the same view store (so the same address) the URL sync writes for that year's slider position.
"""

from __future__ import annotations

import copy
import json

import pytest
from dash import no_update
from plotly.io.json import to_json_plotly as to_json

from dashboard import state as st
from dashboard.callbacks import control_values, sync_view
from dashboard.context import view_to_store
from dashboard.figures.diff import apply
from dashboard.frames import frames_for
from dashboard.patches import GRAPHS, panels_update
from dashboard.state import ViewState

PREVIOUS_NONE = [None] * (len(GRAPHS) + 2)  # no panel drawn yet: the server sends every panel whole


def plain(value):
    """As the browser receives it: Dash's JSON (numbers, NaN as null, components as dicts)."""
    return json.loads(to_json(value))


def views(opts) -> list[dict]:
    """Every source in English; the default view also in Russian and Kyrgyz, and with chosen destinations as flows."""
    out = [view_to_store(st.replace(ViewState(), src=src), "en") for src in opts.years]
    out += [view_to_store(ViewState(), lang) for lang in ("ru", "ky")]
    out.append({"q": "dest=RUS,KAZ&layer=flows&sex=female", "lang": "en"})
    return out


def drawn(frames: dict, frame: dict) -> dict:
    """What the browser draws for one frame (kgmFrames in assets/30-callbacks.js does the same assignments)."""
    figures = {}
    for name in GRAPHS:
        entry = frame["figures"][name]
        steps = [(tuple(path), value) for path, value in entry.get("steps") or []]
        figures[name] = entry["whole"] if "whole" in entry else apply(copy.deepcopy(frames["base"][name]), steps)
    return figures


@pytest.mark.parametrize("index", range(8))
def test_frames_are_the_servers_answer_for_every_year(ctx, opts, index):
    all_views = views(opts)
    if index >= len(all_views):
        pytest.skip("fewer views")
    view = all_views[index]
    frames = frames_for(ctx, view)
    s, lang = st.parse(view["q"], opts)[0], view["lang"]
    assert frames["years"] == list(opts.years[s.src])
    for i, frame in enumerate(frames["frames"]):
        # the address: what the URL sync answers when the slider is moved to this year
        values = control_values(s, opts)
        values[0] = i
        _, synced, _, _ = sync_view(ctx, "controls", f"?{view['q']}", lang, values)
        assert frame["q"] == synced["q"] and frame["year"] == opts.years[s.src][i]
        answer = panels_update(ctx, synced, PREVIOUS_NONE)
        figures = drawn(frames, frame)
        for k, name in enumerate(GRAPHS):
            figure, rendered, summary = answer[3 * k: 3 * k + 3]
            assert plain(figures[name]) == plain(figure), (view, frame["year"], name)
            assert frame["rendered"] == rendered and frame["summaries"][name] == summary
        cards, cards_rendered, sources, sources_key = answer[3 * len(GRAPHS):]
        assert plain(frame["cards"]) == plain(cards) and frame["rendered"] == cards_rendered
        assert sources is not no_update and plain(frames["sources"][frame["sources"]]) == plain(sources)
        assert frame["sources"] == sources_key


def test_frames_route_answers_json_and_refuses_an_unknown_language(ctx):
    from dashboard.app import create_app

    client = create_app().server.test_client()
    ok = client.get("/frames?year=2010&sex=female&lang=ru", headers={"Accept-Encoding": "gzip"})
    assert ok.status_code == 200 and ok.mimetype == "application/json"
    assert ok.headers.get("Content-Encoding") in ("gzip", "br", "zstd")
    bad = client.get("/frames?year=2010&lang=xx")
    assert bad.status_code == 400 and "ky, ru, en" in bad.get_json()["error"]
    garbage = client.get("/frames?year=%00%ff&dest=<script>&lang=en")
    assert garbage.status_code == 200 and garbage.get_json()["lang"] == "en"


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_a_year_step_leaves_the_facts_panel_its_size(ctx, opts, lang):
    """The country facts are the latest the data hold at every year: a year step rewrites the note that says so and
    nothing else, so the panel never grows or shrinks (and is never drawn whole again) as the slider moves, also
    from the latest year, where every visit starts."""
    for view in ({"q": "", "lang": lang}, {"q": "oblast=KG-B&sex=female", "lang": lang}):
        frames = frames_for(ctx, view)
        for frame in frames["frames"]:
            entry = frame["figures"]["facts"]
            assert "whole" not in entry, f"{frame['year']}: the facts figure drawn whole"
            changed = {tuple(path[:2]) for path, _ in entry["steps"]}
            assert changed <= {("layout", "title"), ("layout", "meta")}, f"{frame['year']}: {sorted(changed)}"
