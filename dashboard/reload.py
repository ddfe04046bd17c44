"""Pick up a newly published data version without restarting: each worker checks the store's `current` link at most
every few seconds (one readlink) and swaps in the new bundle. The store only ever points at validated, complete
versions; should loading still fail, the worker keeps serving its last good data and logs why."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from flask import Flask

from .data import DataPackageError, load_bundle
from .data.store import CURRENT, current_version

log = logging.getLogger(__name__)
CHECK_EVERY_S = 2.0


def watch_store(server: Flask, context, store: Path) -> None:
    last_check = [0.0]

    @server.before_request
    def maybe_reload():
        now = time.monotonic()
        if now - last_check[0] < CHECK_EVERY_S:
            return None
        last_check[0] = now
        refresh(context, store)
        return None


def refresh(context, store: Path) -> bool:
    """Swap in the store's current version if it changed. True if it did."""
    try:
        version = current_version(store)
    except OSError as exc:
        log.warning("cannot read the data store's current version: %s", exc)
        return False
    if not version or version == context.bundle.version:
        return False
    try:
        bundle = context.archive.get(version) or load_bundle(Path(store) / CURRENT)
    except DataPackageError as exc:
        log.error("new data version %s refused, still serving %s: %s", version, context.bundle.version, exc)
        return False
    context.swap(bundle)
    log.info("now serving data version %s", bundle.version)
    return True
