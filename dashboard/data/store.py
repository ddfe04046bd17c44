"""A data store of published versions: STORE/versions/<version>/ (each a whole data package) and STORE/current, a
symlink to the version being served.

Publishing validates first, copies into a temporary folder, renames it into versions/ (atomic on one filesystem), then
swaps the `current` symlink with os.replace (atomic too). A reader therefore sees either the old or the new version,
never a half-written one. Old versions stay, so links and embeds pinned with v= keep showing what they showed.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from .bundle import Bundle, load_bundle
from .problems import DataPackageError, Problem

log = logging.getLogger(__name__)
CURRENT = "current"
VERSIONS = "versions"


class PublishError(Exception):
    pass


def publish(source: str | Path, store: str | Path) -> Bundle:
    """Validate `source` and make it the current version of `store`. Raises DataPackageError (validation) or
    PublishError (a different package already published under the same version)."""
    src, root = Path(source), Path(store)
    bundle = load_bundle(src)  # refuses with every problem listed; nothing is written before this passes
    versions = root / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    target = versions / bundle.version
    if target.exists():
        existing = load_bundle(target)
        if existing.digest != bundle.digest:
            raise PublishError(f"version {bundle.version} is already published with different content; give the new "
                               "package a new 'version' in its datapackage.json")
    else:
        tmp = versions / f".incoming-{bundle.version}-{os.getpid()}"
        if tmp.exists():
            shutil.rmtree(tmp)
        shutil.copytree(src, tmp)
        load_bundle(tmp)  # the copy itself must be whole and valid before it becomes visible
        os.rename(tmp, target)
    link_tmp = root / f".{CURRENT}-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(Path(VERSIONS) / bundle.version, link_tmp)
    os.replace(link_tmp, root / CURRENT)
    return load_bundle(root / CURRENT)


def current_version(store: str | Path) -> str | None:
    link = Path(store) / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def open_store(store: str | Path) -> tuple[Bundle, dict[str, Bundle]]:
    """(current bundle, every other valid published version). A broken old version is skipped with a warning; a
    broken current version is an error (start-up refuses, a running app keeps its last good data)."""
    root = Path(store)
    if not (root / CURRENT).exists():
        raise DataPackageError([Problem(str(root / CURRENT), None, None,
                                        "the data store has no current version: publish one first")])
    current = load_bundle(root / CURRENT)
    archive = {}
    for folder in sorted((root / VERSIONS).glob("*")):
        if folder.name.startswith(".") or folder.name == current.version:
            continue
        try:
            archive[folder.name] = load_bundle(folder)
        except DataPackageError as exc:
            log.warning("skipping published version %s: %s", folder.name, exc)
    return current, archive
