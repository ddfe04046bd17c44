"""Memoise a chart's outputs by the parts of the view they read, per data version.

A view nobody has asked for is rarely new to a chart: the remittance line reads the currency, the year range and
the events switch, not the destination or the map's layer, so every view with those three settings draws the same
remittance figure. The computation runs on a view that notes each field it reads (TrackedView); its answer is
kept under the values of exactly those fields, and a later view with the same values there gets it back. The answer
depends on nothing else the view holds (the code that made it never looked), so it is the same answer, byte for byte.

Nested memos report what they read too: a value another memo holds (charts/base.py's per-request memo) adds the
fields its first computation read, so an outer answer is never kept under fewer fields than it depends on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import fields
from typing import TypeVar

from ..lru import BoundedLRU
from ..state import ViewState

T = TypeVar("T")
FIELDS = frozenset(f.name for f in fields(ViewState))
SHAPES_PER_KEY = 16  # distinct sets of fields one output reads (its branches: a tab, a layer); the newest first
_LOCAL = threading.local()
_MISSING = object()


def _frames() -> list[set[str]]:
    frames = getattr(_LOCAL, "frames", None)
    if frames is None:
        frames = _LOCAL.frames = []
    return frames


def note_reads(names) -> None:
    """Record that the computation under way read these fields of its view (a memo answering for it did)."""
    frames = _frames()
    if frames:
        frames[-1].update(names)


def year_deferred() -> bool:
    """Whether the figure under way leaves its year marker to be drawn later (figures/series.py DEFERRED_YEAR)."""
    return getattr(_LOCAL, "defer_year", False)


def deferring_year(compute: Callable[[], T]) -> T:
    """compute() with the time series' year marker left as a placeholder: the figure's other parts, which every
    year of the view shares, can then be kept once for all of its years."""
    before = year_deferred()
    _LOCAL.defer_year = True
    try:
        return compute()
    finally:
        _LOCAL.defer_year = before


class TrackedView(ViewState):
    """A ViewState that notes each field read while a by_reads computation runs."""

    def __getattribute__(self, name: str):
        if name in FIELDS:
            note_reads((name,))
        return object.__getattribute__(self, name)


def plain(view: ViewState) -> ViewState:
    """The same view as a plain ViewState, read without noting anything (a memo's key, a hash)."""
    if type(view) is ViewState:
        return view
    return ViewState(**{name: object.__getattribute__(view, name) for name in FIELDS})


def tracked(view: ViewState) -> TrackedView:
    if type(view) is TrackedView:
        return view
    return TrackedView(**{name: object.__getattribute__(view, name) for name in FIELDS})


def run_noting(compute: Callable[[], T]) -> tuple[T, tuple[str, ...]]:
    """compute() and the view fields it read (sorted), which the enclosing computation, if any, read too."""
    frames = _frames()
    frames.append(set())
    try:
        value = compute()
    finally:
        reads = tuple(sorted(frames.pop()))
    note_reads(reads)
    return value, reads


class ReadsMemo:
    """answer(key, view, compute): compute(tracked view), kept under `key` (what else it depends on: the chart, the
    data digest, the language) and the values of the view fields it read. Bounded; values are shared: callers copy
    before changing one."""

    def __init__(self, size: int):
        self.values: BoundedLRU = BoundedLRU(size)
        self.shapes: BoundedLRU = BoundedLRU(size)

    def answer(self, key: Hashable, view: ViewState, compute: Callable[[ViewState], T]) -> T:
        known = self.shapes.get(key) or ()
        for names in known:
            values = tuple(object.__getattribute__(view, field) for field in names)
            hit = self.values.get((key, names, values), _MISSING)
            if hit is not _MISSING:
                note_reads(names)
                return hit
        value, names = run_noting(lambda: compute(tracked(view)))
        self.values.put((key, names, tuple(object.__getattribute__(view, field) for field in names)), value)
        self.shapes.put(key, (names, *(shape for shape in known if shape != names))[:SHAPES_PER_KEY])
        return value

    def clear(self) -> None:
        self.values.clear()
        self.shapes.clear()
