"""dashboard/precompressed.py and dash_app.py as plain functions: what is kept on disk is checked before it is used,
an asset edited while the server runs is no longer answered from memory, request paths map to known files only, and
the index pages lose dash_table's script and nothing else."""

from __future__ import annotations

import gzip
import hashlib
import os

import brotli

from dashboard import precompressed as pc
from dashboard.dash_app import without_unused_bundles

BODY = b"function f(){return 42}\n" * 200


def test_compressed_once_then_read_back_and_checked(tmp_path):
    first = pc.precompress(BODY, "text/javascript", store=tmp_path)
    assert brotli.decompress(first.br) == BODY and gzip.decompress(first.gzip) == BODY
    assert len(first.br) == len(brotli.compress(BODY, quality=11))
    digest = hashlib.sha256(BODY).hexdigest()
    assert {p.name for p in tmp_path.iterdir()} == {f"{digest}.11.br", f"{digest}.9.gz"}
    assert first.digest == digest[:16]

    calls = []
    again = pc.stored(tmp_path, f"{digest}.11.br", lambda: calls.append(1) or b"",
                      lambda data: brotli.decompress(data) == BODY)
    assert again == first.br and calls == []  # read back, not compressed again


def test_a_damaged_or_stale_stored_file_is_compressed_again(tmp_path):
    entry = pc.precompress(BODY, "text/javascript", store=tmp_path)
    (br_file,) = tmp_path.glob("*.br")
    br_file.write_bytes(b"not brotli")
    assert pc.precompress(BODY, "text/javascript", store=tmp_path).br == entry.br
    assert brotli.decompress(br_file.read_bytes()) == BODY  # and stored again
    br_file.write_bytes(brotli.compress(b"another file", quality=1))
    assert brotli.decompress(pc.precompress(BODY, "text/javascript", store=tmp_path).br) == BODY


def test_a_store_that_cannot_be_written_costs_only_time(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    entry = pc.precompress(BODY, "text/javascript", store=blocked / "store")
    assert brotli.decompress(entry.br) == BODY and gzip.decompress(entry.gzip) == BODY


def test_an_asset_edited_after_start_up_is_no_longer_answered_from_memory(tmp_path):
    asset = tmp_path / "20-tools.js"
    asset.write_bytes(BODY)
    entry = pc.precompress(BODY, "text/javascript", store=tmp_path / "store", path=asset)
    assert entry.current()
    asset.write_bytes(BODY + b"// edited\n")
    assert not entry.current()
    asset.unlink()
    assert not entry.current()


def test_request_paths_name_known_files_only():
    assert pc.key_for("/en/_dash-component-suites/dash/dcc/dash_core_components.v4_4_1m1796120805.js") == \
        "suite:dash/dcc/dash_core_components.js"
    assert pc.key_for("/ky/embed/_dash-component-suites/plotly/package_data/plotly.min.js") == f"suite:{pc.PLOTLY_KEY}"
    assert pc.key_for("/ru/embed/assets/topojson/world_110m.json") == "asset:topojson/world_110m.json"
    for other in ("/xx/assets/10-style.css", "/en/download/map.csv", "/assets/10-style.css", "/en/assets/",
                  "/en/_dash-layout", "/en/assets/a b.css"):
        assert pc.key_for(other) is None, other
    table = pc.table()
    for sneaky in ("/en/assets/../dashboard/settings.py", "/en/assets/topojson/../../pyproject.toml",
                   "/en/_dash-component-suites/dash/../dash/dash.py"):
        assert pc.key_for(sneaky) not in table, sneaky  # only files compressed at start-up are answered


def test_the_table_holds_plotly_the_map_and_dashs_scripts():
    table = pc.table()
    plotly = table[f"suite:{pc.PLOTLY_KEY}"]
    assert plotly.body == pc.PARTIAL_PLOTLY.read_bytes() and plotly.mimetype.endswith("javascript")
    assert table["asset:topojson/world_110m.json"].mimetype == "application/json"
    for script in ("dash/dcc/dash_core_components.js", "dash/dcc/async-graph.js",
                   "dash/html/dash_html_components.min.js", "dash/dash-renderer/build/dash_renderer.min.js"):
        assert f"suite:{script}" in table, script
    assert not [key for key in table if "dash_table" in key or key.endswith((".map", ".woff2"))]
    assert os.path.commonpath([pc.STORE, pc.ASSETS_DIR.parent]) == str(pc.ASSETS_DIR.parent)


def test_only_dash_tables_script_and_babels_polyfill_leave_the_index():
    scripts = "\n".join(f'<script src="/en/_dash-component-suites/dash/{path}"></script>' for path in (
        "deps/polyfill@7.v4_4_1m1.12.1.min.js", "deps/react@18.v4_4_1m1.3.1.min.js",
        "dcc/dash_core_components.v4_4_1m1.js", "dash_table/bundle.v7_4_1m1.js", "html/dash_html_components.min.js"))
    kept = without_unused_bundles(scripts)
    assert "dash_table" not in kept and "polyfill" not in kept and kept.count("<script") == 3
    assert "react@18" in kept
    assert "dash_core_components" in kept and "dash_html_components" in kept
