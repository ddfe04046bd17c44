"""The self-hosted Noto Sans draws every character the app's texts use, in both weights.

tools/subset_fonts.py cuts the fonts to those characters; these tests read what the stylesheet declares
(assets/00-fonts.css) and what each woff2 file really holds (its cmap), so a new text with a new letter, or a face
whose unicode-range claims a glyph its file lacks (the browser would then draw a box or a fallback font), fails here
until the fonts are cut again."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
STYLESHEET = ROOT / "assets" / "00-fonts.css"
FACE = re.compile(r"@font-face\s*\{(?P<body>[^}]*)\}")
KYRGYZ = "ҢңӨөҮү"


def subset_tool():
    spec = importlib.util.spec_from_file_location("subset_fonts", ROOT / "tools" / "subset_fonts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return subset_tool()


@pytest.fixture(scope="module")
def faces(tool) -> list[dict]:
    """Each @font-face of the stylesheet: weight, file, the code points of its unicode-range, those its file maps."""
    out = []
    for match in FACE.finditer(STYLESHEET.read_text("utf-8")):
        body = match.group("body")
        url = re.search(r'url\("(?P<url>[^"]+)"\)', body).group("url")
        declared = tool.code_points(re.search(r"unicode-range:\s*(?P<spec>[^;]+);", body).group("spec"))
        held = set(TTFont(STYLESHEET.parent / url).getBestCmap())
        out.append(
            {
                "weight": int(re.search(r"font-weight:\s*(\d+)", body).group(1)),
                "file": url,
                "declared": declared,
                "held": held,
            }
        )
    return out


@pytest.fixture(scope="module")
def shown(tool) -> dict[str, str]:
    return tool.shown_characters()


def named(chars) -> list[str]:
    return [f"U+{ord(char):04X} {char} {unicodedata.name(char, '?')}" for char in sorted(chars)]


def test_the_stylesheet_declares_both_weights_of_every_file(faces, tool):
    assert sorted((face["weight"], face["file"]) for face in faces) == sorted(
        (weight, f"fonts/noto-sans-{name}-{weight}-normal.woff2") for weight in tool.WEIGHTS for name in tool.SUBSETS
    )


def test_every_face_holds_a_glyph_for_every_code_point_of_its_range(faces):
    """The browser picks a file by its unicode-range alone: a code point the file lacks would not be drawn in it."""
    lacking = {face["file"]: named(map(chr, face["declared"] - face["held"])) for face in faces}
    assert not {file: chars for file, chars in lacking.items() if chars}


def test_the_faces_of_a_weight_do_not_overlap(faces):
    for face in faces:
        for other in faces:
            if other is not face and other["weight"] == face["weight"]:
                assert not face["declared"] & other["declared"], (face["file"], other["file"])


@pytest.mark.parametrize(
    ("source", "expected"),
    [("po_texts", "ңөүӨҮё«»—"), ("data_texts", "Өөô’"), ("code_texts", "·…–‹›"), ("formatted_texts", "\u00a0\u202f")],
)
def test_each_kind_of_text_is_read(tool, source, expected):
    """The scan itself finds what each kind of text is known to hold: Kyrgyz's own letters in the translations and
    the data, the UI's punctuation in the code, the no-break spaces Babel puts in Russian numbers and dates."""
    found = {char for _, text in getattr(tool, source)() for char in text}
    assert set(expected) <= found, sorted(set(expected) - found)


def test_every_character_the_texts_use_is_drawn_in_noto_sans_in_both_weights(faces, shown, tool):
    for weight in tool.WEIGHTS:
        covered = set().union(*(face["declared"] & face["held"] for face in faces if face["weight"] == weight))
        missing = {
            char: where for char, where in shown.items() if ord(char) not in covered and char not in tool.FALLBACK
        }
        assert not missing, f"{weight}: run tools/subset_fonts.py; " + "; ".join(
            f"{label} (in {missing[char]})" for char, label in zip(sorted(missing), named(missing), strict=True)
        )


def test_what_falls_back_to_another_font_is_in_no_source_file(tool):
    """A character left to the next font of the stack is one Noto Sans' files here never had."""
    held = set().union(*(set(TTFont(path).getBestCmap()) for path in tool.SOURCE_DIR.glob("*.woff2")))
    assert not named(char for char in tool.FALLBACK if ord(char) in held)


def test_a_kyrgyz_page_downloads_six_letters_not_a_script(faces):
    """ң ө ү live outside Russian's block: their file, fetched by every Kyrgyz page and embed, holds little more."""
    for face in faces:
        if {ord(char) for char in KYRGYZ} & face["declared"]:
            assert face["declared"] == {ord(char) for char in KYRGYZ}, face["file"]
            assert (STYLESHEET.parent / face["file"]).stat().st_size < 2_000, face["file"]
