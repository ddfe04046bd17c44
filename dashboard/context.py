"""Context: the data every callback and route reads, swapped whole when a new version is published.

Also the view store: how a view travels between callbacks (its canonical query string and language), because the
context's memo of canonical queries is what makes reading it cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TypeVar

from . import state as st
from .data import Bundle
from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .lru import BoundedLRU
from .state import Options, ViewState

T = TypeVar("T")
MEMO_SIZE = 4096
VERSION_IN_QUERY = re.compile(r"(?:^|[?&])v=([0-9A-Za-z._-]{1,32})(?:&|$)")


class Context:
    """What every callback and route reads: the current bundle, its options, and older published versions kept so
    that links pinned with v= keep showing what their author saw. `swap` replaces all three at once (one tuple
    assignment) when a new version is published; a request never sees half of an update."""

    def __init__(self, bundle: Bundle, opts: Options, archive: Mapping[str, Bundle] | None = None,
                 newest: Bundle | None = None):
        self._state: tuple[Bundle, Options, dict[str, Bundle], BoundedLRU, dict[str, Context]] = (
            bundle, opts, dict(archive or {}), BoundedLRU(MEMO_SIZE), {})
        self.newest = newest or bundle  # for an archived version's context: the current data

    @property
    def bundle(self) -> Bundle:
        return self._state[0]

    @property
    def opts(self) -> Options:
        return self._state[1]

    @property
    def archive(self) -> dict[str, Bundle]:
        return self._state[2]

    def swap(self, bundle: Bundle) -> None:
        old = self.bundle
        archive = {**self.archive, old.version: old}
        archive.pop(bundle.version, None)
        self._state = (bundle, Options.from_bundle(bundle), archive, BoundedLRU(MEMO_SIZE), {})
        self.newest = bundle

    def memo(self, key: tuple, compute: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
        """A small in-process memo for this data version (replaced by `swap`; least recently used entries leave past
        MEMO_SIZE): URL parsing is most of what a cached callback costs. `keep` decides whether a value is worth
        holding (small ones only). Values are shared between requests: never mutate them."""
        return self._state[3].get_or_compute(key, compute, keep)

    def forget(self) -> None:
        """Empty the in-process memo (benchmarks measure the uncached cost with it)."""
        self._state[3].clear()

    def canonical(self, q: object, lang: object) -> str | None:
        """'view store -> lang?canonical query', memoised. None when q or lang is not a short string: the caller
        parses those the slow, safe way."""
        if not isinstance(q, str) or not isinstance(lang, str) or len(q) > st.MAX_QUERY:
            return None

        def compute() -> str:
            s, lang_ok = view_from_store(self, {"q": q, "lang": lang})
            return f"{lang_ok}?{st.to_query(s)}"

        return self.memo(("canonical", q, lang), compute)

    @property
    def is_archived(self) -> bool:
        """True for the context of an older version a link pinned (v=) while the server holds newer data."""
        return self.bundle is not self.newest

    def at_version(self, version: str | None) -> Context:
        """The context a view pinned to `version` is drawn from: that version's data and options while the server
        still holds it, else this (current) one. Built once per version and kept until the next swap."""
        if not version or version == self.bundle.version or version not in self.archive:
            return self
        children = self._state[4]
        child = children.get(version)
        if child is None:
            archived = self.archive[version]
            child = children[version] = Context(archived, Options.from_bundle(archived), newest=self.bundle)
        return child

    def for_query(self, query: object) -> Context:
        """at_version for the v= of a URL query or a view store's query (read without parsing the whole query)."""
        return self.at_version(version_in(query))

    def for_view(self, data: object) -> Context:
        return self.for_query(data.get("q")) if isinstance(data, dict) else self

    def bundle_for(self, version: str | None) -> Bundle:
        return self.archive.get(version, self.bundle) if version else self.bundle

    def options_for(self, b: Bundle) -> Options:
        return self.opts if b is self.bundle else Options.from_bundle(b)


def version_in(query: object) -> str | None:
    """The v= of a query string, if any (the one key read without parsing the whole query)."""
    found = VERSION_IN_QUERY.search(query) if isinstance(query, str) and len(query) <= st.MAX_QUERY else None
    return found.group(1) if found else None


def view_to_store(s: ViewState, lang: str) -> dict:
    """The view travels between callbacks as its canonical query string: short on the wire, and the same grammar
    as the URL, so there is one parser."""
    return {"q": st.to_query(s), "lang": lang}


def view_from_store(c: Context, data: dict | None) -> tuple[ViewState, str]:
    if not data or not isinstance(data, dict):
        return ViewState(), DEFAULT_LANGUAGE
    query = str(data.get("q", ""))
    # every panel of an answer reads the same two views (a ViewState is frozen: shared, never changed)
    s = c.memo(("view", query), lambda: st.parse(query, c.opts)[0]) if len(query) <= st.MAX_QUERY else \
        st.parse(query, c.opts)[0]
    lang = data.get("lang")
    return s, lang if isinstance(lang, str) and lang in LANGUAGES else DEFAULT_LANGUAGE
