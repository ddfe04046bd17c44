"""Numbers are written with Babel's patterns and locales parsed once and shared (i18n.format_pattern): the text is
Babel's own format_decimal and format_percent, byte for byte but for a negative number's sign, typeset as the minus
sign (U+2212, as on the charts' axes) instead of Babel's hyphen, in every language, for every pattern the app writes,
however often a shared pattern was used before."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal, format_percent

from dashboard.i18n import BABEL_LOCALE, LANGUAGES, MINUS, babel_locale, format_pattern


def typeset(text: str) -> str:
    return MINUS + text[1:] if text.startswith("-") else text

PATTERNS = ("#,##0.##", "#,##0", "#,##0.0", "#,##0.00", "#,##0.###", "#,##0.############")
VALUES = (0, 1, -1, 7, 12.5, 0.125, 93616, 93616.0, -4321.987, 1784999.967, 640000, 2.675, 1e-9, 3.05e9,
          Decimal("115.50"), Decimal("0.10"), Decimal("1784999.967"), Decimal("-0.005"))


@pytest.mark.parametrize("lang", [*LANGUAGES, "xx"])
@pytest.mark.parametrize("quantized", [True, False])
def test_a_shared_pattern_writes_what_babel_writes(lang, quantized):
    for _ in range(2):  # the second round uses the patterns the first parsed
        for pattern in PATTERNS:
            for value in VALUES:
                expected = typeset(format_decimal(value, format=pattern, locale=BABEL_LOCALE.get(lang, "en"),
                                                  decimal_quantization=quantized))
                assert format_pattern(value, pattern, lang, decimal_quantization=quantized) == expected, \
                    (value, pattern)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_shared_percent_pattern_writes_what_babel_writes(lang):
    base = babel_locale(lang).percent_formats[None].pattern
    for places in range(4):
        pattern = base.replace("#,##0", "#,##0" + ("." + "#" * places if places else ""), 1)
        for value in (Decimal("0.3256"), Decimal("0.05"), Decimal("-0.0012"), 1.25, 0):
            assert format_pattern(value, pattern, lang, decimal_quantization=False) == typeset(format_percent(
                value, format=pattern, locale=BABEL_LOCALE[lang], decimal_quantization=False)), (value, pattern)


@pytest.mark.parametrize("lang,expected", [("en", "\u22123.2"), ("ru", "\u22123,2"), ("ky", "\u22124\u00a0335")])
def test_a_negative_number_carries_the_minus_sign_the_axes_draw(lang, expected):
    """'−3,2' in a sentence as '−5 000' on an axis: one sign for a negative number everywhere a reader sees it (the
    facts and summaries wrote Babel's hyphen, '-3,2')."""
    from dashboard.i18n import fmt_number
    value = -4335 if lang == "ky" else -3.2
    assert fmt_number(value, lang) == expected
