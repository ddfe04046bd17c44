"""Memoise pure queries per bundle: the same view asked twice costs a dictionary lookup, not a pandas pipeline.

Keyed by the bundle's content digest, so a new data version never sees an old answer; bounded (least recently used
out) by the app's one in-process cache mechanism, lru.BoundedLRU. DataFrames, lists and dicts come back as
(shallow) copies: a caller that adds a column or an item cannot corrupt the cache.
"""

from __future__ import annotations

from functools import wraps

import pandas as pd

from ..lru import BoundedLRU

MAX_ENTRIES = 2048


def _freeze(v):
    if isinstance(v, list | tuple):
        return tuple(_freeze(x) for x in v)
    return v


def memoized(fn):
    cache: BoundedLRU = BoundedLRU(MAX_ENTRIES)

    @wraps(fn)
    def wrapper(b, *args, **kwargs):
        key = (b.digest, _freeze(args), tuple(sorted((k, _freeze(v)) for k, v in kwargs.items())))
        hit = cache.get_or_compute(key, lambda: fn(b, *args, **kwargs))
        if isinstance(hit, pd.DataFrame):
            return hit.copy(deep=False)  # copy-on-write (pandas 3): a caller's change copies, never reaches the memo
        if isinstance(hit, list | dict):
            return hit.copy()
        return hit

    wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
    return wrapper
