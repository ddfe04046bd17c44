"""Catalogs complete, placeholders intact, numbers / units / plurals per language, names from the reviewed table."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dashboard.i18n import LANGUAGES, catalog_path, fmt_km, fmt_number, translator
from dashboard.i18n.plotly_locale import graph_locale_config, plotly_locale
from dashboard.labels import names, place_name
from dashboard.views.cards import km_text

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"\{\w+\}")


def catalog(lang: str):
    with catalog_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def template_ids() -> set[str]:
    """The msgids the code uses now, extracted afresh (not the committed .pot, which could be stale)."""
    out = ROOT / "build-test.pot"
    try:
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                        "-k", "t", "-k", "N_", "-k", "n:1,2", "--no-location", "-o", str(out), str(ROOT / "dashboard")],
                       check=True, capture_output=True, cwd=ROOT)
        with out.open("rb") as f:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    finally:
        out.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def used_ids() -> set[str]:
    ids = template_ids()
    assert len(ids) > 150, "extraction found too few strings: the check would pass vacuously"
    return ids


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_string_the_code_uses_is_translated(lang, used_ids):
    cat = catalog(lang)
    have = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in cat if m.id}
    missing = sorted(used_ids - set(have))
    assert not missing, f"not in the {lang} catalog (run `make i18n` and translate): {missing}"
    empty = sorted(i for i in used_ids if not (all(have[i].string) if isinstance(have[i].string, tuple)
                                               else have[i].string))
    assert not empty, f"untranslated in {lang}: {empty}"
    fuzzy = sorted(m.id for m in cat if m.id and m.fuzzy)
    assert not fuzzy, f"fuzzy (unchecked) entries in {lang}: {fuzzy}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_survive_translation(lang):
    for m in catalog(lang):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want = sorted(PLACEHOLDER.findall(ids[0]))
        for s in strings:
            assert sorted(PLACEHOLDER.findall(s)) == want, (lang, m.id, s)


def test_plural_forms_per_language():
    assert catalog("ru").num_plurals == 3
    assert catalog("ky").num_plurals == 1
    t = translator("ru")
    one, few, many = (t.n("{n} unit without data (white)", "{n} units without data (white)", n) for n in (1, 3, 5))
    assert len({one, few, many}) == 3


def test_kyrgyzstan_is_never_kirgiziya():
    for lang in TRANSLATED:
        assert "Киргиз" not in catalog_path(lang).read_text(encoding="utf-8")
    countries = (ROOT / "data" / "countries.csv").read_text(encoding="utf-8")
    assert "Киргиз" not in countries


@pytest.mark.parametrize(("lang", "km", "text"), [
    ("en", 3067.4, "3,067 km"),
    ("ru", 3067.4, "3\u00a0067 километров"),
    ("ru", 2, "2 километра"),
    ("ru", 21, "21 километр"),
    ("ru", 3663.2, "3\u00a0663 километра"),
    ("ky", 3067.4, "3\u00a0067 километр"),
])
def test_distance_units_and_plurals(lang, km, text):
    assert fmt_km(km, lang).replace("\u202f", "\u00a0") == text


@pytest.mark.parametrize(("lang", "text"), [("en", "333,664"), ("ru", "333\u00a0664"), ("ky", "333\u00a0664")])
def test_number_grouping(lang, text):
    assert fmt_number(333664, lang, 0).replace("\u202f", "\u00a0") == text


def test_decimal_mark():
    assert fmt_number(32.56, "en") == "32.56"
    assert fmt_number(32.56, "ru") == "32,56"


def test_card_headline_translated():
    assert km_text(3067.4, "en") == "3,067 km from home"
    assert km_text(3067.4, "ru").replace("\u202f", "\u00a0") == "3\u00a0067 километров от дома"
    assert "километр" in km_text(3067.4, "ky")


def test_names_from_the_reviewed_tables(bundle):
    ru, ky = names(bundle, "ru"), names(bundle, "ky")
    assert ru["KGZ"] == "Кыргызстан" and ky["KGZ"] == "Кыргызстан"
    assert ru["RUS"] == "Россия" and ky["KAZ"] == "Казакстан"
    assert ru["KG-GB"] == "г. Бишкек" and ky["KG-Y"] == "Ысык-Көл"
    assert place_name(bundle, "moscow", "ru") == "Москва" and place_name(bundle, "jalal-abad", "ky") == "Жалал-Абад"


def test_plotly_locales_from_cldr():
    ky = plotly_locale("ky")
    assert ky["name"] == "ky" and len(ky["format"]["months"]) == 12 and len(ky["format"]["days"]) == 7
    assert ky["dictionary"]["Zoom in"] != "Zoom in"
    assert plotly_locale("ru")["format"]["decimal"] == ","
    assert graph_locale_config("en") == {"locale": "en"}
    assert "ru" in graph_locale_config("ru")["locales"]


GETTEXT_KEYWORDS = {"t", "n", "N_"}  # the names `make i18n` and template_ids() extract calls of


def bound_names(node: ast.AST) -> list[str]:
    """The names a statement or expression node binds (assignment targets, loop and with variables, parameters,
    definitions, imports, walrus and except names)."""
    def names_in(*targets: ast.AST | None) -> list[str]:
        return [x.id for target in targets if target is not None for x in ast.walk(target) if isinstance(x, ast.Name)]
    match node:
        case ast.Assign(targets=targets):
            return names_in(*targets)
        case ast.AnnAssign(target=target) | ast.AugAssign(target=target) | ast.NamedExpr(target=target):
            return names_in(target)
        case ast.For(target=target) | ast.AsyncFor(target=target) | ast.comprehension(target=target):
            return names_in(target)
        case ast.With(items=items):
            return names_in(*(item.optional_vars for item in items))
        case ast.arg(arg=name) | ast.FunctionDef(name=name) | ast.ClassDef(name=name) | ast.alias(asname=name):
            return [name] if name else []
        case ast.ExceptHandler(name=name):
            return [name] if name else []
    return []


def keyword_bindings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every place a gettext keyword name is bound to something other than `translator(...)`: such a local makes
    the extractor read ordinary calls as translatable strings (babel 2.19 took `t = str(text)` for one)."""
    found = []
    for node in ast.walk(tree):
        is_translator = (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                         and getattr(node.value.func, "id", None) == "translator")
        found += [(getattr(node, "lineno", 0), name) for name in bound_names(node)
                  if name in GETTEXT_KEYWORDS and not is_translator]
    return found


# Where the keywords are defined: the marker function N_ and the plural method Translator.n.
KEYWORD_DEFINITIONS = {("dashboard/i18n/__init__.py", "N_"), ("dashboard/i18n/__init__.py", "n")}


def test_no_name_shadows_a_gettext_keyword():
    shadowing = [f"{path.relative_to(ROOT)}:{line} binds {name!r}"
                 for path in sorted((ROOT / "dashboard").rglob("*.py"))
                 for line, name in keyword_bindings(ast.parse(path.read_text(), str(path)))
                 if (path.relative_to(ROOT).as_posix(), name) not in KEYWORD_DEFINITIONS]
    assert not shadowing, "rename these (only `t = translator(lang)` may bind a gettext keyword):\n" + "\n".join(
        shadowing)


@pytest.mark.parametrize("source", [
    "def f(text):\n    t = str(text)\n", "for n in range(3):\n    pass\n", "xs = [n for n in range(3)]\n",
    "def f(n=5):\n    pass\n", "f = lambda v, t=1: v\n", "import gettext as N_\n"])
def test_the_shadowing_check_catches(source):
    assert keyword_bindings(ast.parse(source))


def test_the_translator_may_be_called_t():
    assert not keyword_bindings(ast.parse("t = translator(lang)\nlabel = t('Year')\n"))


@pytest.mark.parametrize(("licence", "lang", "expected"), [
    ("copyright 24.kg; only individual facts are reproduced", "ru", "© 24.kg; воспроизводятся только отдельные факты"),
    ("copyright Asia-Plus; only individual facts are reproduced", "ky", "© Asia-Plus; айрым фактылар гана келтирилет"),
    ("NSC official statistics, public; citation of the source required", "ru",
     "официальная статистика НСК, общедоступна; ссылка на источник обязательна"),
    ("CC BY 4.0", "ru", "CC BY 4.0"),  # a licence's name is the same in every language
    ("copyright 24.kg; only individual facts are reproduced", "en",
     "copyright 24.kg; only individual facts are reproduced"),
])
def test_licence_notes_in_the_page_language(licence, lang, expected):
    from dashboard.labels import licence_label
    assert licence_label(licence, lang) == expected


def test_every_shipped_licence_note_is_readable_in_russian(bundle):
    """No licence note of the package stays in English on a Russian page, except the rare ones kept as published
    (a licence's name, or a note that mixes several licences)."""
    from dashboard.labels import licence_label
    english = [text for text in bundle.sources["licence"].unique() if "only individual facts" in text
               and licence_label(text, "ru") == text]
    assert english == []


@pytest.mark.parametrize("publisher,lang,expected", [
    ("TASS (citing AKIpress)", "ru", "TASS (со ссылкой на AKIpress)"),
    ("Asia-Plus (Dushanbe), citing RFE/RL", "ru", "Asia-Plus (Dushanbe) (со ссылкой на RFE/RL)"),
    ("thecentralasia.com (citing the Ministry of Labour)", "ky",
     "thecentralasia.com (Эмгек министрлиги булагына шилтеме менен)"),
    ("24.kg (archive)", "ru", "24.kg (архив)"),
    ("The Diplomat", "ru", "The Diplomat"),
])
def test_publishers_connecting_words_in_the_page_language(publisher, lang, expected):
    from dashboard.labels import publisher_words
    assert publisher_words(publisher, lang) == expected


def test_no_shipped_publisher_keeps_an_english_connecting_word(bundle):
    from dashboard.labels import publisher_words
    for publisher in bundle["sources"]["publisher"]:
        words = publisher_words(publisher, "ru")
        assert not re.search(r"\b(citing|reproducing|via|reported by|copy of|archive|service)\b", words), words


ENGLISH_DESCRIPTION = re.compile(r"\b(compilers|underlying|data|package|transcription|thesis|aggregator|translated|"
                                 r"edition|Committee|Organization|Wikipedia)\b")


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_no_shipped_publisher_is_described_in_english(bundle, lang):
    """A publisher described in words (the NSC, the compilers of a dataset, a package, an aggregator) is described
    in the page's language; only names stay as their owners write them ('24.kg', 'The Diplomat')."""
    from dashboard.labels import publisher_words
    english = sorted({words for words in map(lambda p: publisher_words(p, lang), bundle["sources"]["publisher"])
                      if ENGLISH_DESCRIPTION.search(words)})
    assert english == []


def test_no_russian_string_puts_a_country_name_after_v_strane():
    """«в стране Россия» is a stopgap a reader notices: Russian declines a country after «в» («в России»), which a
    name inserted as written cannot do. Titles and sentences name the country first ('Россия: …') or in brackets."""
    stopgap = re.compile(r"(в|по) стране \{country\}")
    wrong = sorted(m.id for m in catalog("ru") if m.id and isinstance(m.string, str) and stopgap.search(m.string))
    assert wrong == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_unit_the_data_prints_reads_in_the_page_language(bundle, lang):
    """A table's unit column and a hover's unit in the reader's language ('per 1000 population' was English on
    ru and ky pages); '%' is the same in every language."""
    from dashboard.labels import unit_word
    units = {unit for name in ("context", "oblast_indicators", "national_counts", "remittances_by_country",
                               "remittances") for unit in bundle[name]["unit"].dropna().unique()}
    english = sorted(unit for unit in units if unit_word(unit, lang) == unit and unit != "%")
    assert len(units) > 10 and english == []


@pytest.mark.parametrize("text,lang,expected", [
    ("Трудовые мигранты за рубежом", "ru", "трудовые мигранты за рубежом"),
    ("Чет өлкөдөгү эмгек мигранттары", "ky", "чет өлкөдөгү эмгек мигранттары"),
    ("Labour migrants abroad", "en", "Labour migrants abroad"),
    ("НСК, оценки", "ru", "НСК, оценки"), ("Ош", "ru", "Ош"),
])
def test_a_label_after_a_colon_goes_on_in_lower_case_in_russian_and_kyrgyz(text, lang, expected):
    """«Рейтинг регионов: трудовые мигранты…», not «…: Трудовые…». Only for labels that open with a common word
    (the indicators' names): a name that opened a label of several words would be lowered too."""
    from dashboard.i18n import after_colon
    assert after_colon(text, lang) == expected
