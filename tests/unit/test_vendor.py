"""The vendored plotly.js partial bundles (geo for the map, basic for the embeds of the other charts) are the plotly.js
release the `plotly` package ships (vendor/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.offline
import pytest

VENDOR = Path(__file__).resolve().parents[2] / "dashboard" / "vendor"
BUNDLES = ("geo", "basic")
BANNER = re.compile(r"plotly\.js \((?:geo|basic) - minified\) v(\d+\.\d+\.\d+)")
RUNTIME_VERSION = re.compile(r'\.version="(\d+\.\d+\.\d+)"')


def vendored_versions(text: str) -> tuple[str, str]:
    """(the banner's version, the version the code reports as Plotly.version)."""
    banner, runtime = BANNER.search(text[:500]), RUNTIME_VERSION.search(text)
    assert banner and runtime, "the vendored bundle has no recognisable version: was it replaced by another file?"
    return banner.group(1), runtime.group(1)


@pytest.mark.parametrize("bundle", BUNDLES)
def test_vendored_bundle_matches_the_plotly_package(bundle):
    banner, runtime = vendored_versions((VENDOR / f"plotly-{bundle}.min.js").read_text(encoding="utf-8"))
    shipped = plotly.offline.get_plotlyjs_version()
    assert banner == runtime == shipped, (
        f"dashboard/vendor/plotly-{bundle}.min.js is plotly.js {banner} (code says {runtime}), the plotly package "
        f"ships {shipped}: replace the bundle with plotly.js-{bundle}-dist-min@{shipped} (see vendor/README.md)")


def test_the_version_check_reads_another_release():
    """The parse above can tell releases apart (so the comparison is not vacuous)."""
    assert vendored_versions('/**\n* plotly.js (geo - minified) v3.0.1\n*/ h_.version="3.0.1"') == ("3.0.1", "3.0.1")
