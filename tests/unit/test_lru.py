"""The one in-process cache mechanism (dashboard/lru.py) and the memos built on it."""

from __future__ import annotations

import threading

import pytest

from dashboard import exports
from dashboard.context import MEMO_SIZE, Context
from dashboard.data.memo import memoized
from dashboard.lru import BoundedLRU


def test_evicts_the_least_recently_used_not_everything():
    lru = BoundedLRU(3)
    for key in "abc":
        lru.put(key, key.upper())
    assert lru.get("a") == "A"  # a is now the most recently used
    lru.put("d", "D")
    assert "b" not in lru and all(k in lru for k in "acd") and len(lru) == 3


def test_caches_none_and_computes_once():
    lru = BoundedLRU(2)
    calls = []
    for _ in range(3):
        assert lru.get_or_compute("k", lambda: calls.append(1)) is None
    assert calls == [1]


def test_keep_decides_what_is_held():
    lru = BoundedLRU(4)
    lru.get_or_compute("big", lambda: "x" * 100, keep=lambda v: len(v) < 10)
    assert "big" not in lru


def test_rejects_a_size_below_one():
    with pytest.raises(ValueError):
        BoundedLRU(0)


def test_threads_never_exceed_the_bound():
    lru = BoundedLRU(50)

    def work(offset: int) -> None:
        for i in range(500):
            lru.get_or_compute((offset, i), lambda i=i: i)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(lru) == 50


class FakeBundle:
    def __init__(self, digest: str):
        self.digest = digest


def test_memoized_queries_cache_none_and_key_by_digest():
    calls = []

    @memoized
    def query(b, key):
        calls.append((b.digest, key))
        return None

    one, two = FakeBundle("d1"), FakeBundle("d2")
    assert query(one, "x") is None and query(one, "x") is None
    query(two, "x")
    assert calls == [("d1", "x"), ("d2", "x")]


def test_context_memo_keeps_recent_entries_past_its_size(bundle, opts):
    ctx = Context(bundle, opts)
    ctx.memo(("first",), lambda: 1)
    for i in range(MEMO_SIZE):
        ctx.memo(("first",), lambda: 2)  # used again and again: never the least recent
        ctx.memo(("other", i), lambda i=i: i)
    assert ctx.memo(("first",), lambda: 3) == 1, "a full memo drops the oldest entry, not everything"


def test_data_package_zip_is_built_once_per_digest(bundle, monkeypatch):
    first = exports.data_package_zip(bundle)
    monkeypatch.setattr(exports, "_zip_of", lambda b: pytest.fail("rebuilt"))
    assert exports.data_package_zip(bundle) is first
