"""The data table under each chart in the page's language (dashboard.i18n.cells, components.page.data_table):
separators, published digits without float noise, dates as dates, the data's codes in words; the CSV keeps values."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from dashboard import state as st
from dashboard.charts import rows_for
from dashboard.components.page import data_table
from dashboard.i18n.cells import fmt_cell_number, format_cell, is_computed, table_cells

NOISE = re.compile(r"\d[.,]\d{5,}|[.,]0$")  # 2017.5236911022544, 93616.0
VIEWS = ["", "tab=compare&dest=KAZ", "tab=compare&dest=RUS", "rem=gdp", "rem=country", "layer=oblasts",
         "layer=oblasts&measure=migrants&per=per1000"]
CHARTS = ["map", "stock", "remittances", "cards"]


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.parametrize(("column", "value", "lang", "text"), [
    ("value", 93616.0, "ru", "93 616"), ("value", 93616.0, "en", "93,616"),
    ("value", 1784999.967, "ru", "1 784 999,967"),
    ("value", 2017.5236911022544, "en", "2,017.52"), ("value", 2017.5236911022544, "ky", "2 017,52"),
    ("value", 0.000012345678, "en", "0.00001"), ("value", 0, "en", "0"), ("value_max", float("nan"), "en", ""),
    ("value", None, "ru", ""), ("value", pd.NA, "ru", ""),
    ("reference_date_decimal", 2000.8060109289618, "en", "October 2000"),
    ("reference_date_decimal", 2020.5, "ru", "середина 2020 г."), ("period", "2018-11", "ru", "ноябрь 2018 г."),
    ("period_start", "2021-01-01", "en", "January 1, 2021"), ("year", 2013.0, "en", "2013"),
    ("year", 2013, "ru", "2013"), ("unit", "persons", "ru", "человек"), ("unit", "persons", "ky", "адам"),
    ("unit", "US$ million", "ru", "млн долл. США"),
    ("kind", "census/register", "ru", "перепись/регистр"), ("kind", "census/register", "ky", "эл каттоо/каттоо"),
    ("sex", "female", "en", "women"), ("universe", "born", "ru", "уроженцы Кыргызстана"),
    ("estimate", "model", "ru", "модельная оценка"), ("qualifier", "about", "ru", "около"),
    ("series", "DEST_born", "en", "Censuses/registers abroad: born in Kyrgyzstan"),
    ("series", "KNOMAD_BMM_2021", "en", "World Bank-KNOMAD bilateral migration matrix 2021"),
    ("source_id", "KNOMAD_BMM_2021", "ru", "KNOMAD_BMM_2021"),  # the key of the sources list stays a key
    ("note", "as stated", "ru", "as stated"), ("n_destinations", 12, "en", "12"),
])
def test_format_cell(column, value, lang, text):
    assert plain(format_cell(column, value, lang)) == text


def test_computed_values_are_flagged():
    assert is_computed(2017.5236911022544)
    assert not is_computed(1784999.967) and not is_computed(7085.0) and not is_computed(float("nan"))
    assert not is_computed(True) and not is_computed("2017.5236911022544")
    assert fmt_cell_number(float("nan"), "en") == ""


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
@pytest.mark.parametrize("query", VIEWS)
def test_no_float_noise_and_no_untranslated_codes(bundle, opts, query, lang):
    s, _ = st.parse(query, opts)
    for chart in CHARTS:
        rows = rows_for(bundle, s, opts, chart, lang)
        for row in table_cells(rows, lang):
            for col, cell in zip(rows.columns, row, strict=True):
                if col in ("note", "detail", "denominator", "indicator"):
                    continue  # text of the source, shown as published
                assert not NOISE.search(cell), (chart, col, cell)
                if lang != "en" and col in ("unit", "kind", "sex", "status", "universe", "measure", "estimate"):
                    assert not re.search(r"[A-Za-z]{3}", cell.replace("US", "")), (chart, col, cell)


def cells_of(component) -> list[str]:
    """The <td> texts of data_table's HTML (one Markdown component holds the whole table)."""
    return [plain(html.unescape(cell)) for cell in re.findall(r"<td>(.*?)</td>", component[0].children)]


def test_data_table_in_russian(bundle, opts):
    s, _ = st.parse("tab=compare&dest=KAZ", opts)
    out = data_table(rows_for(bundle, s, opts, "stock", "ru"), "caption", "ru")
    cells = cells_of(out)
    assert "93 616" in cells and "93616.0" not in cells
    assert "перепись/регистр" in cells and "census/register" not in cells
    assert "человек" in cells and "persons" not in cells
    assert not any(re.fullmatch(r"\d{4}\.\d+", c) for c in cells)


def test_data_table_says_when_it_shows_fewer_digits_than_the_csv(bundle, opts):
    s, _ = st.parse("rem=country", opts)
    out = data_table(rows_for(bundle, s, opts, "remittances", "en"), "caption", "en")
    assert "2,017.52" in cells_of(out)
    assert any("the CSV download has every digit" in str(getattr(p, "children", "")) for p in out[1:])
    s, _ = st.parse("", opts)
    plain_out = data_table(rows_for(bundle, s, opts, "map", "en"), "caption", "en")
    assert len(plain_out) == 1


def test_data_table_escapes_every_text_and_keeps_its_structure():
    """Text from the data or a link never becomes markup; headings keep scope=col and the CSV key beneath."""
    rows = pd.DataFrame({"note": ["<script>alert(1)</script>", "a & b"], "value": [1.5, 2.0]})
    text = data_table(rows, "caption <b>", "en")[0].children
    assert "<script>" not in text and "&lt;script&gt;" in text and "a &amp; b" in text
    assert "<caption>caption &lt;b&gt;</caption>" in text
    assert '<th scope="col">Value<span class="col-key">value</span></th>' in text
    assert "\n\n" not in text  # a blank line would end Markdown's raw HTML block


def test_every_column_of_every_chart_table_has_a_heading_in_words(bundle, opts):
    """A column the table shows under its data name alone ('source') is English on a ru or ky page: every column
    of every chart's rows, in each of its example views, has a heading in COLUMN_LABEL (translated by the catalog
    tests)."""
    from dashboard.charts import REGISTRY
    from dashboard.labels import COLUMN_LABEL
    unnamed = set()
    for chart in REGISTRY.values():
        for query in chart.examples:
            rows = rows_for(bundle, st.parse(query, opts)[0], opts, chart.id, "ru")
            unnamed |= {(chart.id, column) for column in rows.columns if column not in COLUMN_LABEL}
    assert sorted(unnamed) == []


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_every_remittance_indicator_and_flow_the_data_names_reads_in_words(bundle, lang):
    """The remittance tables' indicator and flow columns hold the sources' English words or World Bank codes
    ('BX.TRF.PWKR.CD.DT', 'inflow (NBKR, as reported)'): each shipped one is written in the page's language."""
    shown = {("indicator", value): format_cell("indicator", value, lang) for value in
             bundle["remittances"]["indicator"].dropna().unique()}
    shown |= {("flow", value): format_cell("flow", value, lang) for value in
              bundle["remittances_by_country"]["flow"].dropna().unique()}
    english = sorted(key for key, text in shown.items() if not re.search(r"[а-яА-ЯөүңӨҮҢ]", text))
    assert len(shown) > 20 and english == []
