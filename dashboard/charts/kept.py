"""A chart's lines kept apart from the words around them.

A filter such as the oblast, the sex or the events switch often changes only a chart's notes (its subtitle), not the
lines it draws: the stock, sexes and remittance charts keep their traces under what they are made of (the rows, their
names and the language), pickled, so a view that differs only there no longer works the lines out again.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Hashable

from ..lru import BoundedLRU

TRACES: BoundedLRU[bytes] = BoundedLRU(384)  # a figure's lines, pickled, a few KB each


def kept_traces(key: Hashable, make: Callable[[], list[dict]]) -> list[dict]:
    """The traces kept under `key` (each key starts with a name of its own: "top", "compare", "sexes",
    "remittances"), else make()'s. Unpickled for each call: the caller's own."""
    return pickle.loads(TRACES.get_or_compute(key, lambda: pickle.dumps(make(), protocol=pickle.HIGHEST_PROTOCOL)))
