"""Numbers are written with Babel's patterns and locales parsed once and shared (i18n.format_pattern): the text is
Babel's own format_decimal and format_percent, byte for byte, in every language, for every pattern the app writes,
however often a shared pattern was used before."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal, format_percent

from dashboard.i18n import BABEL_LOCALE, LANGUAGES, babel_locale, format_pattern

PATTERNS = ("#,##0.##", "#,##0", "#,##0.0", "#,##0.00", "#,##0.###", "#,##0.############")
VALUES = (0, 1, -1, 7, 12.5, 0.125, 93616, 93616.0, -4321.987, 1784999.967, 640000, 2.675, 1e-9, 3.05e9,
          Decimal("115.50"), Decimal("0.10"), Decimal("1784999.967"), Decimal("-0.005"))


@pytest.mark.parametrize("lang", [*LANGUAGES, "xx"])
@pytest.mark.parametrize("quantized", [True, False])
def test_a_shared_pattern_writes_what_babel_writes(lang, quantized):
    for _ in range(2):  # the second round uses the patterns the first parsed
        for pattern in PATTERNS:
            for value in VALUES:
                expected = format_decimal(value, format=pattern, locale=BABEL_LOCALE.get(lang, "en"),
                                          decimal_quantization=quantized)
                assert format_pattern(value, pattern, lang, decimal_quantization=quantized) == expected, \
                    (value, pattern)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_shared_percent_pattern_writes_what_babel_writes(lang):
    base = babel_locale(lang).percent_formats[None].pattern
    for places in range(4):
        pattern = base.replace("#,##0", "#,##0" + ("." + "#" * places if places else ""), 1)
        for value in (Decimal("0.3256"), Decimal("0.05"), Decimal("-0.0012"), 1.25, 0):
            assert format_pattern(value, pattern, lang, decimal_quantization=False) == format_percent(
                value, format=pattern, locale=BABEL_LOCALE[lang], decimal_quantization=False), (value, pattern)
