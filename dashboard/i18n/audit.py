"""Checks any text a reader sees for the two slips a translated statistics product must not make: an English
interface string left untranslated on a ru/ky page, and a number printed as Python prints floats.

Used by the test matrix (every chart x output x language) on figures, summaries, tables, CSVs, pages and images.
"""

from __future__ import annotations

import re
from functools import cache

from babel.messages.pofile import read_po

from . import DEFAULT_LANGUAGE, catalog_path

PLACEHOLDER = re.compile(r"\{[^}]*\}")
# 2017.5236911022544 or 93616.0: no language writes numbers like that; a data version (2026.11.1) or a licence
# (CC BY 3.0) is not one
RAW_FLOAT = re.compile(r"(?<![\d.,])(?:\d+\.\d{5,}|\d{3,}\.0)(?![\d.])")
MIN_FRAGMENT = 14  # shorter pieces ("Source", "Data") are too often the same word in a name or a code


@cache
def english_fragments(lang: str) -> tuple[str, ...]:
    """Pieces of English msgids (between placeholders) whose translation differs: one of them on a ru or ky page
    means a string was not translated."""
    if lang == DEFAULT_LANGUAGE:
        return ()
    with catalog_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    out = set()
    for message in catalog:
        msgid = message.id if isinstance(message.id, str) else (message.id[0] if message.id else "")
        msgstr = message.string if isinstance(message.string, str) else (message.string[0] if message.string else "")
        if not msgid or not msgstr or msgstr == msgid:
            continue
        for piece in PLACEHOLDER.split(msgid):
            piece = piece.strip(" .,:;()'\"")
            if len(piece) >= MIN_FRAGMENT and piece not in msgstr:
                out.add(piece)
    return tuple(sorted(out))


def untranslated(text: str, lang: str) -> list[str]:
    return [piece for piece in english_fragments(lang) if piece in text]


def raw_floats(text: str) -> list[str]:
    return RAW_FLOAT.findall(text)
