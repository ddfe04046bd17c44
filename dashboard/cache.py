"""A cache shared by every worker and instance when KGM_CACHE_URL names a Redis server, else one per process.

Flask-Caching with its Redis backend: several stateless app instances behind a load balancer render an image or a
figure once between them. Keys carry the data digest, so a new data version never reads an old entry. If Redis is
unreachable the app computes instead of failing: the cache is a speed-up, never a dependency.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from flask_caching import Cache

log = logging.getLogger(__name__)
EXTENSION = "kgm_cache"
EXTENSION_LARGE = "kgm_cache_large"
# In-process caches are bounded by entry count; figures, patches and texts are at most ~20 KB pickled (2000 of them
# ~40 MB), rendered images up to a few hundred KB, so they get a cache of their own with room for far fewer. A worker
# then stays within its memory budget however many different views and images are asked for.
THRESHOLD = 2000
THRESHOLD_LARGE = 48


def init_cache(server: Flask, url: str) -> Cache:
    if url.startswith(("redis://", "rediss://", "unix://")):  # one shared store: Redis' maxmemory bounds it
        config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url, "CACHE_KEY_PREFIX": "kgm:",
                  "CACHE_DEFAULT_TIMEOUT": 7 * 24 * 3600, "CACHE_OPTIONS": {"socket_timeout": 0.5,
                                                                          "socket_connect_timeout": 0.5}}
        cache = large = Cache(config=config)
        cache.init_app(server)
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": THRESHOLD, "CACHE_DEFAULT_TIMEOUT": 0}
        cache = Cache(config=config)
        cache.init_app(server)
        large = Cache(config={**config, "CACHE_THRESHOLD": THRESHOLD_LARGE})
        large.init_app(server)
    server.extensions[EXTENSION] = cache
    server.extensions[EXTENSION_LARGE] = large
    server.config["KGM_CACHE_KIND"] = config["CACHE_TYPE"]
    return cache


def cached(key: str, compute: Callable[[], Any], large: bool = False, memoised: bool = False) -> tuple[Any, bool]:
    """(value, hit). `large`: a value of hundreds of KB (an image), kept in the smaller cache. `memoised`: compute()
    answers from a memo of this process already (a figure, a summary), so only a cache shared between processes
    (Redis) saves work; the one in this process would pickle the value again for nothing. Works outside an app
    context too (plain function tests): then it just computes."""
    try:
        cache = current_app.extensions.get(EXTENSION_LARGE if large else EXTENSION)
        in_process = current_app.config.get("KGM_CACHE_KIND") == "SimpleCache"
    except RuntimeError:
        cache = None
    if cache is None or (memoised and in_process):
        return compute(), False
    try:
        hit = cache.get(key)
    except Exception as exc:  # redis down or timed out: serve without the cache
        log.warning("cache read failed (%s); computing", exc)
        hit = None
    if hit is not None:
        return hit, True
    value = compute()
    try:
        cache.set(key, value)
    except Exception as exc:
        log.warning("cache write failed (%s)", exc)
    return value, False
