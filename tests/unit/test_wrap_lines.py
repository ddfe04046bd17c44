"""theme.wrap_px carries a line's width on from word to word instead of measuring every candidate line from its
start: the lines must break exactly where measuring each whole line with text_px breaks them, in every language,
size, weight, width and font scale, markup included."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dashboard.figures import theme

LOCALES = Path(theme.__file__).resolve().parents[1] / "i18n" / "locales"


def measured_whole(text: str, width_px: float, size: float, bold: bool, scale: float) -> str:
    """The wrapping as text_px measures it: each candidate line whole."""
    words = text.replace("<br>", " ").split()
    return theme.greedy_lines(words, lambda line: theme.text_px(line, size, bold) * scale > width_px)


def sample_texts() -> list[str]:
    """Titles, subtitles and notes as the charts write them: the translations' own sentences, with digits, capitals,
    Cyrillic, punctuation, non-breaking spaces and a few with markup."""
    texts = []
    for po in sorted(LOCALES.glob("*/LC_MESSAGES/messages.po")):
        lines = po.read_text(encoding="utf-8").splitlines()
        texts += [line.split('"', 1)[1][:-1] for line in lines if line.startswith(('msgid "', 'msgstr "'))]
    rnd = random.Random(7)
    texts = [t for t in texts if len(t.split()) > 3]
    rnd.shuffle(texts)
    joined = [" ".join(rnd.sample(texts, 3)) for _ in range(200)]
    marked = [f"<b>{a}</b> {b}<br>{c}" for a, b, c in zip(texts[:50], texts[50:100], texts[100:150], strict=True)]
    return texts[:400] + joined + marked + ["", "word", "1\u00a0234\u00a0567 persons, 2015–2024 (UN DESA)"]


@pytest.mark.parametrize(("size", "bold", "scale"), [(16, True, 1.0), (12, False, 1.0), (11, False, 1.2),
                                                     (16, True, theme.EXPORT_FONT_SCALE), (12, False, 0.9)])
def test_wrap_px_breaks_where_whole_lines_are_measured(size, bold, scale):
    theme.wrap_px.cache_clear()
    checked = 0
    for text in sample_texts():
        for width in (120, 276, 476, 501.5, 876):
            assert theme.wrap_px(text, width, size, bold, scale) == measured_whole(text, width, size, bold, scale), \
                (text, width)
            checked += 1
    assert checked > 3000


def test_the_minus_sign_is_measured_as_wide_as_a_digit():
    """Numbers now carry U+2212 (Noto Sans: 0.572 em, a digit's width), not the hyphen (0.322 em): measured as
    narrow punctuation, a line of negative figures would run past its edge."""
    from dashboard.figures.theme import text_px
    assert text_px("\u22123,2", 13) == text_px("03,2", 13)
