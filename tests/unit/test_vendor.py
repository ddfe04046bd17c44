"""The vendored plotly.js bundles (geo for the page, basic for the embeds of the other charts; both built for the
dashboard by tools/build_plotly.sh) are the plotly.js release the `plotly` package ships (vendor/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.offline
import pytest

VENDOR = Path(__file__).resolve().parents[2] / "dashboard" / "vendor"
# each bundle's name in its banner: the dashboard's own builds, not plotly's partial bundles
BUNDLES = {"geo": "geo, kgm-dashboard", "basic": "basic, kgm-dashboard"}
REBUILD = "rebuild it with tools/build_plotly.sh for plotly.js {v} (its VERSION, tools/plotly/ and the lock)"
BANNER = r"plotly\.js \({name} - minified\) v(\d+\.\d+\.\d+)"
RUNTIME_VERSION = re.compile(r'\.version="(\d+\.\d+\.\d+)"')


def vendored_versions(text: str, name: str) -> tuple[str, str]:
    """(the version in the banner naming the bundle `name`, the version the code reports as Plotly.version)."""
    banner, runtime = re.search(BANNER.format(name=re.escape(name)), text[:500]), RUNTIME_VERSION.search(text)
    assert banner and runtime, "the vendored bundle has no recognisable version: was it replaced by another file?"
    return banner.group(1), runtime.group(1)


@pytest.mark.parametrize("bundle", BUNDLES)
def test_vendored_bundle_matches_the_plotly_package(bundle):
    text = (VENDOR / f"plotly-{bundle}.min.js").read_text(encoding="utf-8")
    banner, runtime = vendored_versions(text, BUNDLES[bundle])
    shipped = plotly.offline.get_plotlyjs_version()
    assert banner == runtime == shipped, (
        f"dashboard/vendor/plotly-{bundle}.min.js is plotly.js {banner} (code says {runtime}), the plotly package "
        f"ships {shipped}: {REBUILD.format(v=shipped)} (see vendor/README.md)")


def test_the_version_check_reads_another_release():
    """The parse above can tell releases apart (so the comparison is not vacuous)."""
    assert vendored_versions('/**\n* plotly.js (geo, kgm-dashboard - minified) v3.0.1\n*/ h_.version="3.0.1"',
                             "geo, kgm-dashboard") == ("3.0.1", "3.0.1")


@pytest.mark.parametrize("bundle", BUNDLES)
def test_a_bundle_is_the_dashboards_build_not_plotlys_partial_bundle(bundle):
    """plotly's own partial bundle (with world calendars and every core component) does not pass for the dashboard's."""
    with pytest.raises(AssertionError, match="no recognisable version"):
        vendored_versions(f'/**\n* plotly.js ({bundle} - minified) v4.1.1\n*/ h_.version="4.1.1"', BUNDLES[bundle])
