"""The page's scripts and stylesheets leave without comments and spare white space, and nothing else changes:
strings (with their `//` and spaces), regular expressions and names are as written; licence comments stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.minify import minified

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def test_a_script_loses_its_comments_and_spaces_and_keeps_its_strings():
    script = b'var url = "http://x  y";  // a note\n/* a block */ var re = /a\\/\\/b/g;\nif (a) {  b(url, re); }\n'
    assert minified(script, ".js") == b'var url="http://x  y";var re=/a\\/\\/b/g;if(a){b(url,re);}'


def test_a_stylesheet_loses_its_comments_and_spaces():
    assert minified(b"a  { color : red ; }  /* note */\n.b::after { content: '/* x */'; }", ".css") == (
        b"a{color:red}.b::after{content:'/* x */'}")


@pytest.mark.parametrize("suffix", [".js", ".css"])
def test_licence_comments_stay(suffix):
    assert minified(b"/*! name | MIT licence */\n/* note */ a", suffix).startswith(b"/*! name | MIT licence */")


def test_other_files_are_left_alone():
    body = b'{"type": "Topology",  "note": "/* kept */"}'
    assert minified(body, ".json") is body


def test_every_asset_is_smaller_and_the_vendored_runtime_keeps_its_copyright():
    for path in [*ASSETS.rglob("*.js"), *ASSETS.rglob("*.css")]:
        assert len(minified(path.read_bytes(), path.suffix)) < path.stat().st_size, path
    runtime = minified((ASSETS / "vendor" / "regenerator-runtime.js").read_bytes(), ".js")
    assert runtime.startswith(b"/*! regenerator-runtime 0.14.1 | Copyright (c) 2014-present, Facebook, Inc.")
