"""gunicorn forks its workers from a master that froze the app's heap (gc.freeze): no request's garbage collection
walks the app's objects, and their pages stay shared. bench/uncached.py freezes the same way, so it measures what a
worker does."""

from __future__ import annotations

import gc
import runpy

from dashboard.app import WORKER_GC_GEN0

from .conftest import REPO


def test_pre_fork_hook_freezes_the_heap():
    hook = runpy.run_path(str(REPO / "gunicorn.conf.py")).get("pre_fork")
    assert callable(hook), "gunicorn.conf.py defines no pre_fork hook"
    gc.unfreeze()
    try:
        hook(None, None)  # gunicorn passes the arbiter and the worker about to be forked; the hook reads neither
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_pre_fork_hook_collects_the_youngest_generation_less_often():
    """A worker inherits the master's collector settings at the fork: the hook sets them."""
    hook = runpy.run_path(str(REPO / "gunicorn.conf.py")).get("pre_fork")
    before = gc.get_threshold()
    gc.set_threshold(700, *before[1:])
    try:
        hook(None, None)
        assert gc.get_threshold() == (WORKER_GC_GEN0, *before[1:])
        assert WORKER_GC_GEN0 > 700
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_bench_freezes_as_the_worker_does():
    source = (REPO / "bench" / "uncached.py").read_text(encoding="utf-8")
    assert source.count("freeze_heap()") == 2  # after each app it builds: the panels' steps and the frames
