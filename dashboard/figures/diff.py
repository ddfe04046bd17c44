"""Turn 'old figure -> new figure' into the smallest set of assignments, for dash.Patch.

Why: a year change recolours a map and moves a marker; resending the whole figure costs 10-30 KB, the assignments a
few hundred bytes. Figures are cheap to rebuild server-side (dicts, memoised queries), so the server rebuilds the
previous view's figure and diffs instead of keeping per-client state.
"""

from __future__ import annotations

from typing import Any

Path = tuple[Any, ...]
CONTAINERS = (dict, list)  # what diff walks into; anything else is compared whole


def diff(old: Any, new: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    """[(path, new_value)] such that applying them to `old` gives `new`. Lists of equal length recurse (so one
    trace's colour changes alone), except lists of rows where most rows changed; anything else that differs is
    replaced whole. A scalar beside a container is compared in place, without a call of its own (a figure is
    mostly scalars: a tenth of the time), and a container equal to the old one is skipped after one comparison in
    C (most of a year step's figure: 1.3 -> 0.3 ms a new view). One holding NaN is never equal to another unless the
    NaN is the very same object: it is walked, as before."""
    if type(old) is not type(new):
        return [(path, new)]
    if isinstance(old, dict):
        if old.keys() != new.keys():  # compared as sets, without building them
            return [(path, new)]
        ops: list[tuple[Path, Any]] = []
        for k, b in new.items():
            a = old[k]
            if type(a) is not type(b) or not (isinstance(b, CONTAINERS) or a == b):
                ops.append(((*path, k), b))
            elif isinstance(b, CONTAINERS) and a != b:
                ops += diff(a, b, (*path, k))
        return ops
    if isinstance(old, list) and len(old) == len(new):
        kinds = set(map(type, new))  # isinstance of each item, asked once per type
        if any(issubclass(kind, CONTAINERS) for kind in kinds):
            return _diff_items(old, new, path, any(issubclass(kind, dict) for kind in kinds))
    return [] if old == new else [(path, new)]


def _diff_items(old: list, new: list, path: Path, holds_dicts: bool) -> list[tuple[Path, Any]]:
    """diff of two lists of one length holding containers: item by item, or the whole list when most rows (and no
    dict) changed."""
    ops: list[tuple[Path, Any]] = []
    changed = 0
    for i, (a, b) in enumerate(zip(old, new, strict=True)):
        if type(a) is not type(b) or not (isinstance(b, CONTAINERS) or a == b):
            ops.append(((*path, i), b))
            changed += 1
        elif isinstance(b, CONTAINERS) and a != b:
            item = diff(a, b, (*path, i))
            changed += bool(item)
            ops += item
    if changed * 2 > len(new) and not holds_dicts:
        return [(path, new)]  # most rows (e.g. hover customdata) changed: one assignment beats one per row
    return ops


def apply(target: Any, ops: list[tuple[Path, Any]]) -> Any:
    """Apply ops to a Patch (or a plain dict, for tests). An empty path replaces the whole thing (returned)."""
    for path, value in ops:
        if not path:
            return value
        node = target
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return target
