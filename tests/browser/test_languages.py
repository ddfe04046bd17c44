"""The Kyrgyz and Russian dashboards as their readers see them: <html lang>, no English left on the page, Babel's
numbers and plurals in the distance cards, translated chart titles and CSV provenance, the language switch and the
Accept-Language redirect at `/`."""

from __future__ import annotations

import io
import re
from csv import reader as csv_reader

import pytest
from conftest import TEXT_WITHOUT_JS, WITHOUT_TITLES
from playwright.sync_api import expect

from dashboard.i18n import translator
from dashboard.labels import SOURCE_SHORT

NBSP = "\u00a0"  # Babel's (CLDR's) group separator for ru and ky: a normal no-break space, not U+202F

# The visible text of the page without the parts that legitimately stay in their own language: the sources list
# (publication titles are cited as published), the source lines inside the charts and the language switcher.
# Hidden for the reading only, then shown again (the page is shared by several tests).
VISIBLE_TEXT = [["#sources, nav.languages", ""], [".annotation-text", "CC BY"]]

# Proper names and licence names that are written the same in every language.
PROPER_NAMES = ("UN DESA", "World Bank", "KNOMAD", "WDI", "GeoNames", "OCHA", "COD-AB", "Natural Earth", "CC BY",
                "IGO", "WGS84",
                # news outlets' own names, as they write them (the words around them are translated: labels.py)
                "The Times of Central Asia", "The Diplomat", "The Bishkek Herald", "The AsiaN", "Sputnik",
                "Rural 21 - The International Journal for Rural Development", "The Free Library", "migranty.org")
ENGLISH = (" the ", " and ", " of ", "from home", "Migrant", "Remittances", "Destination", "Share", "Download",
           "Show", "people born", "no data", "Year", "Sources", "persons", "billion", "million", "Copy", "Print",
           "Language", "Filters", "Oblast", "both sexes", "Top destinations", "Whole world", "Flows", "Map layer",
           "Skip to", "Data version", "All data", "Publisher", "Licence")

MAP_TITLE = {"ru": "Где проживают мигранты из Кыргызстана: 2024", "ky": "Кыргызстандык мигранттар кайда жашайт: 2024"}
STOCK_TITLE = {"ru": "Численность мигрантов по странам назначения",
               "ky": "Чет өлкөдөгү мигранттардын саны, бара турган өлкөлөр боюнча"}
REMITTANCES_TITLE = {"ru": "Полученные денежные переводы", "ky": "Алынган акча которуулары"}
ENGLISH_TITLES = ("Where Kyrgyz migrants live", "Migrant stock by destination", "Remittances received")

OBLAST_VIEW = "?layer=oblasts&tab=compare&rem=country"


def grouped(n: int) -> str:
    return f"{n:,}".replace(",", NBSP)


def russian_km(n: int) -> str:
    """CLDR plural categories of Russian for integers: one (1, 21, 101...), few (2-4, 22-24...), many (the rest)."""
    if n % 10 == 1 and n % 100 != 11:
        word = "километр"
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = "километра"
    else:
        word = "километров"
    return f"{grouped(n)} {word}"


def english_left(text: str, lang: str) -> list[str]:
    """English words of the interface left in `text`, each with some context, once the stock-source labels (they
    carry publication titles such as 'International Migrant Stock'), proper names and URLs are taken out."""
    t = translator(lang)
    for label in sorted({t(v) for v in SOURCE_SHORT.values()}, key=len, reverse=True):
        # a legend entry wrapped over two lines reads back without the space at the break
        text = re.sub(r"\s*".join(re.escape(word) for word in label.split()), " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    text = re.sub(r"\s+", " ", f" {text} ")
    found = []
    for word in ENGLISH:
        for m in re.finditer(re.escape(word), text, flags=re.IGNORECASE):
            found.append(f"{word.strip()!r} in …{text[max(0, m.start() - 50):m.end() + 50]}…")
    return found


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_page_is_in_its_language(drawn, lang):
    page = drawn(f"/{lang}/")
    assert page.evaluate("document.documentElement.lang") == lang
    text = page.evaluate(TEXT_WITHOUT_JS, WITHOUT_TITLES)
    # The country is Kyrgyzstan (Кыргызстан) in both languages, never the Soviet-era «Киргизия» (save in the title
    # of a publication that says so, quoted as published).
    assert not re.search(r"киргиз", text, flags=re.IGNORECASE), re.findall(r".{0,40}киргиз.{0,40}", text, re.I)
    # Chart titles inside the SVGs are translated.
    titles = [page.locator(f"#{g} .gtitle").text_content() for g in ("map", "stock", "remittances")]
    # a title wrapped over two lines reads back without the space at the break
    flat = [re.sub(r"\s+", "", title) for title in titles]
    assert flat[0].startswith(re.sub(r"\s+", "", MAP_TITLE[lang])), titles
    assert flat[1].startswith(re.sub(r"\s+", "", STOCK_TITLE[lang])), titles
    assert flat[2].startswith(re.sub(r"\s+", "", REMITTANCES_TITLE[lang])), titles
    assert not [t for t in titles if any(e in t for e in ENGLISH_TITLES)], titles


@pytest.mark.parametrize("lang", ["ky", "ru"])
@pytest.mark.parametrize("query", ["", OBLAST_VIEW], ids=["default", "oblasts-compare-country"])
def test_no_english_left(drawn, lang, query):
    page = drawn(f"/{lang}/{query}")
    # The share panel's labels and hints count too: open it (the panel's texts come from the server).
    toggle = page.locator("#share-map-toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    expect(page.locator("#link-map")).not_to_have_value("")
    text = page.evaluate(TEXT_WITHOUT_JS, VISIBLE_TEXT)
    leftovers = sorted(set(re.findall(r"[A-Za-z][A-Za-z'’-]+(?: [A-Za-z][A-Za-z'’-]+)*", text)))
    print(f"/{lang}/{query}: Latin-script words on the page (sources and chart source lines excluded): {leftovers}")
    found = english_left(text, lang)
    assert found == [], "English left on the page:\n" + "\n".join(found)


def test_russian_card_headlines_use_babel_numbers_and_plurals(drawn):
    page = drawn("/ru/")
    moscow = page.locator("#cards button.card", has=page.locator(".card-route", has_text="Ош → Москва"))
    expect(moscow.locator(".card-headline")).to_have_text(f"3{NBSP}067 километров от дома")
    headlines = page.locator("#cards button.card .card-headline").all_text_contents()
    # 3 663 ends in 3: the 'few' form; 456 and 4 627: 'many'.
    assert f"3{NBSP}663 километра от дома" in headlines, headlines
    assert "456 километров от дома" in headlines, headlines
    cards = page.locator("#cards button.card")
    assert cards.count() >= 5
    for i in range(cards.count()):
        km = round(float(cards.nth(i).get_attribute("data-km")))
        expect(cards.nth(i).locator(".card-headline")).to_have_text(f"{russian_km(km)} от дома")


def test_kyrgyz_card_headlines_use_babel_numbers(drawn):
    page = drawn("/ky/")
    moscow = page.locator("#cards button.card", has=page.locator(".card-route", has_text="Ош → Москва"))
    expect(moscow.locator(".card-headline")).to_have_text(f"үйдөн 3{NBSP}067 километр")
    cards = page.locator("#cards button.card")
    assert cards.count() >= 5
    for i in range(cards.count()):
        km = round(float(cards.nth(i).get_attribute("data-km")))
        # Kyrgyz nouns take no plural after a numeral
        expect(cards.nth(i).locator(".card-headline")).to_have_text(f"үйдөн {grouped(km)} километр")


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_oblast_map_source_line_is_translated(drawn, lang):
    page = drawn(f"/{lang}/{OBLAST_VIEW}")
    lines = page.locator("#map .annotation-text").all_text_contents()
    english = [line for line in lines if re.search(r"Boundaries|borders approximate|Ministry", line)]
    assert english == [], english


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_axis_ticks_have_no_latin_suffixes(drawn, lang):
    page = drawn(f"/{lang}/")
    ticks = page.locator("#stock .ytick text").all_text_contents()
    assert ticks and not [t for t in ticks if re.search(r"[A-Za-z]", t)], ticks


def test_language_switch_keeps_the_view(page, dash):
    dash.open("?year=2020&layer=flows")
    link = page.locator("#lang-ru")
    # the links follow the view (a clientside callback writes their hrefs)
    expect(link).to_have_attribute("href", "/ru/?year=2020&layer=flows")
    link.click()
    dash.expect_url(r"/ru/\?year=2020&layer=flows$")
    dash.wait_drawn()
    assert page.evaluate("document.documentElement.lang") == "ru"
    marks = page.locator("#f-year .dash-slider-mark").all_text_contents()
    expect(dash.year_thumb).to_have_attribute("aria-valuenow", str(marks.index("2020")))
    assert dash.checked("f-layer") == "flows"
    expect(page.locator("#map .gtitle")).to_contain_text(": 2020")
    expect(page.locator("#lang-en")).to_have_attribute("href", "/en/?year=2020&layer=flows")
    expect(page.locator("#lang-ru")).to_have_attribute("aria-current", "true")


@pytest.mark.parametrize(("accept", "path", "lang"), [
    ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "/", "ru"),
    ("ky-KG,ky;q=0.9,ru;q=0.8", "/", "ky"),
    ("fr-FR,fr;q=0.9", "/", "en"),
    ("ky", "/?year=2020&layer=flows", "ky"),
], ids=["ru", "ky", "fr-falls-back-to-en", "ky-keeps-query"])
def test_root_redirects_by_accept_language(new_context, live_server, accept, path, lang):
    context = new_context(extra_http_headers={"Accept-Language": accept})
    page = context.new_page()
    response = page.goto(path, wait_until="domcontentloaded")
    assert response is not None and response.ok
    query = path[1:]
    assert page.url == f"{live_server}/{lang}/{query}"
    assert response.request.redirected_from is not None  # it was a redirect, not a page at `/`
    assert page.evaluate("document.documentElement.lang") == lang


def test_russian_csv_has_russian_provenance(drawn, bundle):
    page = drawn("/ru/")
    toggle = page.locator("#share-map-toggle")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    csv = page.locator("#dl-map-csv")
    expect(csv).to_have_text("Данные (CSV)")
    expect(csv).not_to_have_attribute("href", "#")
    with page.expect_download() as info:
        csv.click()
    with open(info.value.path(), "rb") as f:
        body = f.read()
    assert body.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the Cyrillic as UTF-8
    # provenance lines are one CSV cell each (quoted when they hold a comma)
    rows = csv_reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    meta = [row[0] for row in rows if len(row) == 1 and row[0].startswith("# ")]
    keys = [line[2:].split(":", 1)[0] for line in meta]
    # msgids "title", "sources", "cite as", "data version", "view", "notes" in the ru catalog
    assert keys == ["название", "источники", "как цитировать", "версия данных", "вид", "примечания"], meta
    assert meta[0] == "# название: Где проживают мигранты из Кыргызстана: 2024"
    assert meta[3].startswith(f"# версия данных: {bundle.version} "), meta
    assert re.match(r"# вид: http://[^/]+/ru/\?", meta[4]), meta
    assert meta[5] == "# примечания: значения в опубликованном виде; пустые ячейки — отсутствующие данные, а не ноль"
