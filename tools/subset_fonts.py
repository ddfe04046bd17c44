"""Cut the self-hosted Noto Sans to what the dashboard's texts use: writes assets/fonts/*.woff2 and assets/00-fonts.css.

Why: a browser downloads a font file as soon as the page uses one code point of its unicode-range, and the files as
@fontsource ships them hold whole scripts. A Kyrgyz page paid 45 KB (two weights of "cyrillic-ext", 350 letters of
Abkhaz, Chuvash, Old Cyrillic...) for the six letters Ңң Өө Үү.

Input: tools/fonts-src/, the files exactly as npm @fontsource/noto-sans 5.3.0 ships them (SIL OFL 1.1, which allows
modified versions; Noto Sans declares no Reserved Font Name, so the cut files keep the name). Every output file keeps
a fixed base set for its script (BASE) and every character the app's texts use in its range (shown_characters), no
hinting, and only the OpenType features that change how these texts look (kerning, marks, composition, ligatures).
"latin-ext" keeps all its letters: no text uses one today, so no page downloads it, and a future name with ş, ğ or ā
still draws in Noto Sans. The stylesheet's unicode-ranges are written from what each file really holds, disjoint per
weight, so the browser never picks a file that lacks a glyph. tests/unit/test_fonts.py fails when a text uses a
character no face serves: then run this again.

    .venv/bin/python tools/subset_fonts.py
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "tools" / "fonts-src"
FONT_DIR = ROOT / "assets" / "fonts"
STYLESHEET = ROOT / "assets" / "00-fonts.css"
WEIGHTS = (400, 600)
LANGS = ("ky", "ru", "en")
FEATURES = ["kern", "mark", "mkmk", "ccmp", "liga", "calt", "rlig"]  # browsers apply these by default
SCRIPTS = ["DFLT", "latn", "cyrl"]  # the sources also carry Greek and Devanagari lookups


def code_points(spec: str) -> set[int]:
    """'U+0400-045F,U+2116' -> the code points it names."""
    out: set[int] = set()
    for part in spec.replace(" ", "").split(","):
        first, _, last = part.removeprefix("U+").partition("-")
        out.update(range(int(first, 16), int(last or first, 16) + 1))
    return out


def unicode_range(points: Iterable[int]) -> str:
    """The code points as a CSS unicode-range, consecutive ones joined: 'U+0020-007E,U+00A0-00FF'."""
    runs: list[list[int]] = []
    for point in sorted(points):
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ",".join(f"U+{first:04X}" + (f"-{last:04X}" if last > first else "") for first, last in runs)


# @fontsource's unicode-range of each file: what it was cut for (the files also map a few characters outside it)
SOURCE_RANGES = {
    "latin": code_points(
        "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
        "U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"
    ),
    "cyrillic": code_points("U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116"),
    "cyrillic-ext": code_points("U+0460-052F,U+1C80-1C8A,U+20B4,U+2DE0-2DFF,U+A640-A69F,U+FE2E-FE2F"),
    "latin-ext": code_points(
        "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,"
        "U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,"
        "U+A720-A7FF"
    ),
}
# Kept whatever the texts say today: what en / ru / ky prose and numbers are written with, as far as each source
# holds it. Basic Latin and Latin-1 (letters of names in sources, « » · × ° and the no-break space browsers and CLDR
# put in ru / ky numbers); ı Œ œ and the apostrophes ʻ ʼ of Turkish, French and Uzbek names, ˆ ˚ ˜; spaces (en, em,
# thin, hair, figure), dashes, quotes, • … ‰ ′ ″ ‹ › ⁄, €, ™, ↑ ↓, − (minus) and ∕; the Russian alphabet with Ёё
# and №; Kyrgyz Ңң Өө Үү. None: the whole file ("latin-ext": see the module's docstring).
BASE: dict[str, set[int] | None] = {
    "latin": code_points(
        "U+0020-007E,U+00A0-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,"
        "U+2002-200A,U+2010-2015,U+2018-201E,U+2020-2022,U+2026,U+2030,U+2032-2033,U+2039-203A,"
        "U+2044,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215"
    ),
    "cyrillic": code_points("U+0401,U+0410-044F,U+0451,U+2116"),
    "cyrillic-ext": code_points("U+04A2-04A3,U+04AE-04AF,U+04E8-04E9"),
    "latin-ext": None,
}
SUBSETS = tuple(BASE)  # a code point several sources hold goes to the first of these
SPACES = "\u00a0\u2007\u2009\u202f"  # no-break, figure, thin, narrow no-break: not "printable" to Python
# Characters the sources lack that a file gets as another's glyph: Russian dates put a narrow no-break space before
# "г." (CLDR), and the thin space is its width.
ALIASES = {0x202F: 0x2009}
# Characters the texts use that no Noto Sans file here holds (the sources lack them too): the next font in the
# stack draws them (DejaVu Sans on Debian). Listed so that a new one is a decision, not an accident.
FALLBACK = {
    "\u2191": "↑ and → in a chart's axis note (@fontsource's range claims ↑, its file lacks it)",
    "\u2192": "→ in prose",
    "\u23f8": "⏸ the Pause button",
    "\u25b6": "▶ the Play button",
    "\u25b8": "▸ a closed <details>",
    "\u25be": "▾ an open <details>",
}


def po_texts() -> Iterator[tuple[str, str]]:
    """Every msgid (the English) and msgstr (Kyrgyz, Russian) of the translations."""
    from babel.messages.pofile import read_po

    for path in sorted((ROOT / "dashboard" / "i18n").rglob("*.po*")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            for text in (message.id, message.string):
                for part in text if isinstance(text, tuple | list) else (text,):
                    if part:
                        yield str(path.relative_to(ROOT)), part


def json_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def data_texts() -> Iterator[tuple[str, str]]:
    """Every cell of the data's tables (current and past versions: the changes page shows both) and every string of
    its JSON (presentation, descriptor, boundaries' names)."""
    data = ROOT / "data"
    for path in sorted(data.rglob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text("utf-8"))):
            for cell in row:
                yield str(path.relative_to(ROOT)), cell
    for path in sorted([*data.rglob("*.json"), *data.rglob("*.geojson")]):
        for text in json_strings(json.loads(path.read_text("utf-8"))):
            yield str(path.relative_to(ROOT)), text


def docstring_nodes(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def code_texts() -> Iterator[tuple[str, str]]:
    """The UI's own strings: string literals of the package (not docstrings, not comments) and the text of the
    page's scripts and stylesheets without their comments."""
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        skip = docstring_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                yield str(path.relative_to(ROOT)), node.value
    comment = re.compile(r"/\*.*?\*/|(?:^|(?<=\s))//[^\n]*", re.S)
    for path in sorted([*(ROOT / "assets").glob("*.js"), *(ROOT / "assets").glob("*.css")]):
        yield str(path.relative_to(ROOT)), comment.sub("", path.read_text("utf-8"))


def formatted_texts() -> Iterator[tuple[str, str]]:
    """What Babel writes at run time in each language: numbers, percentages, months, days, kilometres."""
    import datetime as dt

    from babel.dates import format_skeleton
    from babel.numbers import format_decimal, format_percent

    from dashboard.i18n import BABEL_LOCALE, fmt_km
    from dashboard.i18n.plotly_locale import plotly_locale

    for lang in LANGS:
        loc = BABEL_LOCALE.get(lang, "en")
        yield "babel", json.dumps(plotly_locale(lang)["format"], ensure_ascii=False)
        yield "babel", format_decimal(-1234567.25, locale=loc) + format_percent(-0.125, locale=loc)
        yield "babel", " ".join(fmt_km(km, lang) for km in (1, 2, 5, 21, 3067))
        for month in range(1, 13):
            day = dt.date(2000, month, 1)
            yield "babel", " ".join(format_skeleton(skeleton, day, locale=loc) for skeleton in ("yMMMM", "MMMMd"))


def shown_characters() -> dict[str, str]:
    """Every character the app can show -> the first place it was found in. Controls and line breaks left out."""
    found: dict[str, str] = {}
    for source in (po_texts(), data_texts(), code_texts(), formatted_texts()):
        for where, text in source:
            for char in text:
                if (char.isprintable() or char in SPACES) and char not in found:
                    found[char] = where
    return found


def source_path(subset_name: str, weight: int) -> Path:
    return SOURCE_DIR / f"noto-sans-{subset_name}-{weight}-normal.woff2"


def plan(weight: int, shown: Iterable[str]) -> dict[str, set[int]]:
    """Which code points each file of one weight keeps: its base set and the texts' characters in its range, that
    its source has a glyph for and no earlier file took."""
    used = {ord(char) for char in shown}
    taken: set[int] = set()
    out: dict[str, set[int]] = {}
    for name in SUBSETS:
        held = set(TTFont(source_path(name, weight), lazy=True).getBestCmap())
        held |= {alias for alias, target in ALIASES.items() if target in held}
        wanted = SOURCE_RANGES[name] if BASE[name] is None else BASE[name] | used
        out[name] = (wanted & (SOURCE_RANGES[name] | set(ALIASES)) & held) - taken
        taken |= out[name]
    return out


def cut(source: Path, target: Path, points: set[int]) -> None:
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.layout_features = FEATURES
    options.layout_scripts = SCRIPTS
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # copyright, names, version, licence and its URL
    options.notdef_outline = True
    font = TTFont(source, recalcTimestamp=False)  # the same input gives the same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    for table in font["cmap"].tables:
        table.cmap.update(
            {alias: table.cmap[target] for alias, target in ALIASES.items() if alias in points and target in table.cmap}
        )
    font.flavor = "woff2"
    font.save(target, reorderTables=False)


STYLESHEET_HEAD = """\
/* Noto Sans, self-hosted: no CDN font (the ministry network is offline, and the tests forbid outside requests).
 * Written by tools/subset_fonts.py: do not edit by hand. Files: npm @fontsource/noto-sans 5.3.0 (tools/fonts-src/),
 * cut to the characters the app's texts use, SIL OFL 1.1 (fonts/OFL.txt); woff2, normal style, 400 and 600.
 * Each unicode-range is exactly what its file holds, disjoint per weight. Browsers fetch a file only when the page
 * uses a code point in its range: latin for every page, cyrillic for ru / ky (and the language menu), cyrillic-ext
 * (Kyrgyz Ңң Өө Үү only, about 2 KB) for ky, latin-ext for no text today.
 * Named 00-* because Dash serves assets/*.css in alphabetical order: faces are declared before they are used. */
"""


def face(name: str, weight: int, points: set[int]) -> str:
    return (
        f'\n/* {name} {weight} */\n@font-face {{\n  font-family: "Noto Sans";\n  font-style: normal;\n'
        f"  font-display: swap;\n  font-weight: {weight};\n"
        f'  src: url("fonts/noto-sans-{name}-{weight}-normal.woff2") format("woff2");\n'
        f"  unicode-range: {unicode_range(points)};\n}}\n"
    )


def main() -> int:
    shown = shown_characters()
    faces = []
    for weight in WEIGHTS:
        for name, points in plan(weight, shown).items():
            target = FONT_DIR / source_path(name, weight).name
            cut(source_path(name, weight), target, points)
            faces.append(face(name, weight, points))
            print(
                f"{target.name}: {len(points)} characters, {target.stat().st_size:,} bytes "
                f"(from {source_path(name, weight).stat().st_size:,})"
            )
    STYLESHEET.write_text(STYLESHEET_HEAD + "".join(faces), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
