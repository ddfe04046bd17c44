"""Memoise pure queries per bundle: the same view asked twice costs a dictionary lookup, not a pandas pipeline.

Keyed by the bundle's content digest, so a new data version never sees an old answer. DataFrames, lists and dicts
come back as (shallow) copies: a caller that adds a column or an item cannot corrupt the cache.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import wraps
from threading import Lock

import pandas as pd

MAX_ENTRIES = 2048


def _freeze(v):
    if isinstance(v, list | tuple):
        return tuple(_freeze(x) for x in v)
    return v


def memoized(fn):
    cache: OrderedDict = OrderedDict()
    lock = Lock()

    @wraps(fn)
    def wrapper(b, *args, **kwargs):
        key = (b.digest, _freeze(args), tuple(sorted((k, _freeze(v)) for k, v in kwargs.items())))
        with lock:
            hit = cache.get(key)
            if hit is not None:
                cache.move_to_end(key)
        if hit is None:
            hit = fn(b, *args, **kwargs)
            with lock:
                cache[key] = hit
                if len(cache) > MAX_ENTRIES:
                    cache.popitem(last=False)
        if isinstance(hit, pd.DataFrame | list | dict):
            return hit.copy()
        return hit

    wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
    return wrapper
