"""Turn 'old figure -> new figure' into the smallest set of assignments, for dash.Patch.

Why: a year change recolours a map and moves a marker; resending the whole figure costs 10-30 KB, the assignments a
few hundred bytes. Figures are cheap to rebuild server-side (dicts, memoised queries), so the server rebuilds the
previous view's figure and diffs instead of keeping per-client state.
"""

from __future__ import annotations

from typing import Any

Path = tuple[Any, ...]


def diff(old: Any, new: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    """[(path, new_value)] such that applying them to `old` gives `new`. Lists of equal length recurse (so one
    trace's colour changes alone), except lists of rows where most rows changed; anything else that differs is
    replaced whole."""
    if type(old) is not type(new):
        return [(path, new)]
    if isinstance(old, dict):
        if old.keys() != new.keys():  # compared as sets, without building them
            return [(path, new)]
        ops: list[tuple[Path, Any]] = []
        for k in new:
            ops += diff(old[k], new[k], (*path, k))
        return ops
    if isinstance(old, list) and len(old) == len(new) and any(isinstance(v, (dict, list)) for v in new):
        ops = []
        changed = 0
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            item = diff(a, b, (*path, i))
            changed += bool(item)
            ops += item
        if changed * 2 > len(new) and not any(isinstance(v, dict) for v in new):
            return [(path, new)]  # most rows (e.g. hover customdata) changed: one assignment beats one per row
        return ops
    return [] if old == new else [(path, new)]


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
