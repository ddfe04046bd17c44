"""Server-Timing, switched on by KGM_SERVER_TIMING=1 (the benchmarks do; production leaves it off, so no byte is
added to any answer).

The speed budget compares a callback with the time it takes to serialise its own answer. Both are measured here, in
the worker, on the same request: `cb` is the callback function alone, `ser` is Dash's own encoder (plotly's JSON
engine, what Dash runs next) on that function's return value, and `app` is the whole request inside Flask (Dash's
dispatch and compression included). Serialising a second time costs the benchmark a few microseconds per request; it
is never done when the header is off.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, has_request_context
from plotly.io.json import to_json_plotly as to_json

CONFIG_KEY = "KGM_SERVER_TIMING"


def _on() -> bool:
    return has_request_context() and bool(current_app.config.get(CONFIG_KEY))


def timed(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a callback function: with timing on, record its own duration and its answer's serialisation time."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if not _on():
            return fn(*args, **kwargs)
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        t1 = time.perf_counter()
        to_json(out)
        g.kgm_timing = {"cb": t1 - t0, "ser": time.perf_counter() - t1}
        return out
    return wrapper


def register(server: Flask, enabled: bool) -> None:
    server.config[CONFIG_KEY] = enabled
    if not enabled:
        return

    @server.before_request
    def _start():
        g.kgm_t0 = time.perf_counter()

    @server.after_request
    def _header(response):
        t0 = g.get("kgm_t0")
        if t0 is not None:
            parts = [f"app;dur={(time.perf_counter() - t0) * 1000:.3f}"]
            parts += [f"{k};dur={v * 1000:.3f}" for k, v in g.get("kgm_timing", {}).items()]
            response.headers["Server-Timing"] = ", ".join(parts)
        return response
