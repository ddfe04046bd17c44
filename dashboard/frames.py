"""A view's frames: what the server answers for every year of its source, sent in one request so that a year step
(slider, arrow keys, previous/next, Play) draws from memory in the browser with no round trip (kgmFrames in
assets/30-callbacks.js).

Every frame is made by the functions that answer a view change (patches.py), for the view at that year, so a frame
and the server's own answer for that year are the same figures, summaries, cards and sources (tests/unit/
test_frames.py compares them for every year of every source). Figures travel as one whole figure (the view's latest
year) and, per year, the assignments that turn it into that year's figure; all of one view's data version.
"""

from __future__ import annotations

import json

from flask import Flask, Response, request
from plotly.io.json import to_json_plotly as to_json

from . import state as st
from .cache import cached
from .context import Context, view_from_store, view_to_store
from .figures.diff import diff
from .i18n import LANGUAGES
from .patches import GRAPHS, build, cards_json, rendered_key, sources_update, summary_text


def year_view(c: Context, view: dict, year: int) -> dict:
    """The view store of `view` at `year`, as the URL sync would write it (the latest year is the default: no year=)."""
    s, lang = view_from_store(c, view)
    latest = c.opts.years[s.src][-1]
    return view_to_store(st.replace(s, year=None if year == latest else year), lang)


def figure_steps(base: dict, figure: dict) -> list | None:
    """The assignments [[path, value], ...] that turn `base` into `figure`, or None when the whole figure differs."""
    ops = diff(base, figure)
    return None if any(not path for path, _ in ops) else [[list(path), value] for path, value in ops]


def frames_for(c: Context, view: dict) -> dict:
    """{"lang", "years", "base": {graph: figure}, "frames": [per year: its view query, rendered key, figure steps (or
    the whole figure), summaries, cards, sources key], "sources": {key: block}} for `view`'s source."""
    c = c.for_view(view)
    s, lang = view_from_store(c, view)
    years = c.opts.years[s.src]
    views = [year_view(c, view, year) for year in years]
    base = {name: build(c, name, views[-1]) for name in GRAPHS}
    frames, sources = [], {}
    for year, at in zip(years, views, strict=True):
        block, key = sources_update(c, at, None)
        sources.setdefault(key, block)
        figures = {}
        for name in GRAPHS:
            figure = build(c, name, at)
            steps = figure_steps(base[name], figure)
            figures[name] = {"steps": steps} if steps is not None else {"whole": figure}
        frames.append({"year": year, "q": at["q"], "rendered": rendered_key(c, at), "figures": figures,
                       "summaries": {name: summary_text(c, name, at) for name in GRAPHS},
                       "cards": cards_json(c, at), "sources": key})
    return {"lang": lang, "years": list(years), "base": base, "frames": frames, "sources": sources}


def frames_json(c: Context, view: dict) -> str:
    """frames_for serialised as Dash serialises a callback's answer, computed once per view (whatever its year: every
    year of a view has the same frames) and data version."""
    c = c.for_view(view)
    s, lang = view_from_store(c, view)
    latest = view_to_store(st.replace(s, year=None), lang)
    return cached(f"frames:{c.bundle.digest}:{rendered_key(c, latest)}", lambda: to_json(frames_for(c, latest)))[0]


def register(server: Flask, context: Context) -> None:
    """GET /frames?<view query>&lang=xx: the view's frames as JSON (compressed by Flask-Compress like every answer)."""

    @server.route("/frames")
    def frames():
        lang = request.args.get("lang", "")
        if lang not in LANGUAGES:  # no language to say it in: the codes speak for themselves
            return Response(json.dumps({"error": f"lang= must be one of {', '.join(LANGUAGES)}"}), status=400,
                            mimetype="application/json", headers={"Cache-Control": "no-store"})
        query = "&".join(part for part in request.query_string.decode("utf-8", "replace").split("&")
                         if part and not part.startswith("lang="))
        body = frames_json(context, {"q": query, "lang": lang})
        return Response(body, mimetype="application/json", headers={"Cache-Control": "no-cache"})

