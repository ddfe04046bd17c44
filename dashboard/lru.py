"""The one in-process cache mechanism: a bounded, thread-safe LRU (beside Flask-Caching for the shared cache).

Every in-process memo of the app is one of these, keyed by the data digest where it holds data, so a new data
version never reads an old answer and a worker's memory stays bounded however many views are asked for. Unlike a
plain dict it evicts the least recently used entry instead of growing or clearing everything, and it caches None.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

V = TypeVar("V")
_MISSING = object()


class BoundedLRU(Generic[V]):
    def __init__(self, maxsize: int):
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, default=None):
        with self._lock:
            value = self._entries.get(key, _MISSING)
            if value is _MISSING:
                return default
            self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def get_or_compute(self, key: Hashable, compute: Callable[[], V],
                       keep: Callable[[V], bool] | None = None) -> V:
        """The cached value, else compute() (outside the lock: two threads may both compute once; both answers
        are equal, as everything cached here is a pure function of its key). `keep` decides whether to hold it."""
        value = self.get(key, _MISSING)
        if value is not _MISSING:
            return value
        value = compute()
        if keep is None or keep(value):
            self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries
