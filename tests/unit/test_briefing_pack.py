"""The briefing pack (dashboard/briefing_pack.py): every file listed, each opens, each is the page's own download.

The deck is the real one in the route test at the end; the pack's own tests pass a stand-in so that they check the
pack, not the slides (tests/unit/test_pptx.py checks those).
"""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from PIL import Image

from dashboard import state as st
from dashboard.briefing_pack import PACK_LANGUAGES, briefing_zip, citations
from dashboard.chart_files import ViewFiles, chart_csv
from dashboard.charts import CHART_IDS, FIGURE_IDS, REGISTRY
from dashboard.i18n.audit import untranslated

VIEW = "dest=KAZ&oblast=KG-C&from=2010&to=2020"
HOST = "http://testserver"


def stand_in_deck(files: ViewFiles) -> bytes:
    return f"deck {files.lang}".encode()


@pytest.fixture(scope="module")
def files(bundle, opts) -> ViewFiles:
    view, _ = st.parse(VIEW, opts)
    return ViewFiles(bundle, view, opts, "en", HOST)


@pytest.fixture(scope="module")
def pack(files) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(briefing_zip(files, stand_in_deck)))


def test_every_language_has_the_deck_each_charts_picture_and_csv_and_the_citations(pack, files):
    root = f"kg-migration-briefing-{files.bundle.version}"
    expected = {f"{root}/README.txt"}
    for lang in PACK_LANGUAGES:
        expected |= {f"{root}/{lang}/briefing.pptx", f"{root}/{lang}/citations.txt"}
        for number, chart_id in enumerate(CHART_IDS, start=1):
            expected.add(f"{root}/{lang}/{number:02d}-{chart_id}.csv")
            if chart_id in FIGURE_IDS:
                expected.add(f"{root}/{lang}/{number:02d}-{chart_id}.png")
    assert set(pack.namelist()) == expected
    assert pack.read(f"{root}/ky/briefing.pptx") == b"deck ky"


def test_each_picture_is_a_slide_sized_png(pack):
    for name in (n for n in pack.namelist() if n.endswith(".png")):
        chart_id = name.rsplit("-", 1)[1].removesuffix(".png")
        preset = REGISTRY[chart_id].presets["slide"]
        with Image.open(io.BytesIO(pack.read(name))) as image:
            assert image.size == (preset.width * preset.scale, preset.height * preset.scale), name


def test_each_csv_is_the_charts_own_download_in_its_language(pack, files):
    from dataclasses import replace

    for name in (n for n in pack.namelist() if n.endswith(".csv")):
        lang, stem = name.split("/")[-2:]
        chart_id = stem.split("-", 1)[1].removesuffix(".csv")
        own = chart_csv(replace(files, lang=lang), chart_id)
        assert pack.read(name) == own, name
        rows = list(csv.reader(io.StringIO(own.decode("utf-8-sig"))))
        assert rows, name


def test_readme_names_every_file_and_the_data_version_in_three_languages(pack, files):
    root = f"kg-migration-briefing-{files.bundle.version}"
    readme = pack.read(f"{root}/README.txt").decode()
    for name in pack.namelist():
        if not name.endswith("README.txt"):
            assert name in readme, name
    assert readme.count(files.bundle.version) >= 3 + 3  # each section: the pack's data version and its view's link
    assert "Данные" in readme or "данных" in readme
    assert "маалымат" in readme.lower()
    for words in ("Destinations: Kazakhstan", "Страны назначения: Казахстан",
                  "Years shown in the time series: 2010–2020"):
        assert words in readme, words  # the view's filters, named in each language


def test_citations_name_every_source_with_its_link_in_the_packs_language(files, bundle):
    from dataclasses import replace

    for lang in ("ru", "ky"):
        text = citations(replace(files, lang=lang))
        ours = text
        for title in bundle.sources["title"]:  # sources keep their own titles, as published
            ours = ours.replace(title, "")
        assert not untranslated(ours, lang), untranslated(ours, lang)
        for chart_id in CHART_IDS:
            req = replace(files, lang=lang).request()
            for sid in REGISTRY[chart_id].source_ids(req, REGISTRY[chart_id].rows(req)):
                url = bundle.sources.set_index("source_id").loc[sid, "url"]
                assert url in text, (lang, chart_id, sid)


def test_the_route_gives_every_language_with_real_decks_and_neutralises_what_the_link_sent(bundle):
    from pptx import Presentation

    from dashboard.app import create_app

    client = create_app(bundle=bundle).server.test_client()
    hostile = "=HYPERLINK(\"http://evil\")"
    response = client.get(f"/download/briefing.zip?{VIEW}&year=2019&city={hostile}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    name = f"kg-migration-briefing-{bundle.version}"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}.zip"'
    pack = zipfile.ZipFile(io.BytesIO(response.data))
    assert pack.testzip() is None
    titles = {}
    for lang in PACK_LANGUAGES:
        deck = Presentation(io.BytesIO(pack.read(f"{name}/{lang}/briefing.pptx")))
        titles[lang] = deck.slides[0].shapes.title.text_frame.text
        assert len(deck.slides) > len(CHART_IDS)
    assert len(set(titles.values())) == 3, titles  # each deck in its own language
    assert any(letter in titles["ky"] + pack.read(f"{name}/ky/citations.txt").decode() for letter in "ңөү")
    for member in pack.namelist():
        if member.endswith((".txt", ".csv")):
            assert "HYPERLINK(\"http" not in pack.read(member).decode("utf-8-sig").replace("'=HYPERLINK", ""), member
    assert client.get("/download/briefing.zip?year=abc").status_code == 200  # a bad value falls back, like the page
