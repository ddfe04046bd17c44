"""The changes page (/{lang}/changes) and its CSV (/download/changes.csv) on two versions the server holds: the rows
in ru and ky, a notice for a version it does not hold (never a 500, nothing the link sent repeated raw), "no
changes" for one version twice, the CSV's cells neutralised, and the header's data version linking to it."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard.app import create_app
from dashboard.data import load_bundle
from dashboard.data.history import held_packages, previous_version
from dashboard.i18n.audit import untranslated
from dashboard.settings import Settings

from .changes_fixtures import ADDED_INDICATOR, NEW_SOURCE, NEW_VERSION, copy_of_data, make_store
from .conftest import DATA_DIR

SETTINGS = Settings(data_dir=DATA_DIR, secret_key="unit-tests")
CHANGED_CELLS = '<td class="old-value">333664</td><td class="new-value">333999</td>'
SOURCE_TITLE = "A source only the newer version cites"
HOSTILE = '"><script>alert(1)</script>'
FORMULA = '=HYPERLINK("http://example.invalid","<i>open</i>")'  # a formula in a spreadsheet, markup in a page


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return make_store(tmp_path_factory.mktemp("changes-page"))


@pytest.fixture(scope="module")
def old_version(published) -> str:
    return published["version"]


@pytest.fixture(scope="module")
def client(store, old_version):
    """The app as a store runs it: the newer version current, the shipped one archived."""
    current, old = load_bundle(store / "current"), load_bundle(store / "versions" / old_version)
    return create_app(SETTINGS, bundle=current, archive={old_version: old}).server.test_client()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/html"
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "words"), [("ru", ("Изменённые строки", "Добавленные строки", "Удалённые строки")),
                                             ("ky", ("Өзгөргөн саптар", "Кошулган саптар", "Алынып салынган саптар"))])
def test_the_page_lists_each_change_in_the_pages_language(client, old_version, lang, words):
    html = page(client, f"/{lang}/changes?from={old_version}&to={NEW_VERSION}")
    assert f'<html lang="{lang}">' in html
    assert html.count(CHANGED_CELLS) == 1
    assert html.count(f"<td>{ADDED_INDICATOR}</td>") == 1 and html.count("<td>URY</td>") == 1
    assert html.count(f"<strong>{SOURCE_TITLE}</strong>") == 1
    assert all(word in html for word in words)
    interface = re.sub(r'<td[^>]*>.*?</td>|<ul class="sources-list">.*?</ul>', "", html)  # data stays as published
    assert untranslated(interface, lang) == []


def test_the_defaults_compare_the_current_version_with_the_one_before(client, old_version):
    html = page(client, "/en/changes")
    assert f"From version {old_version} (" in html and f"to version {NEW_VERSION} (" in html
    assert CHANGED_CELLS in html and 'class="notice"' not in html


def test_a_version_not_held_falls_back_with_a_notice(client, old_version):
    html = page(client, "/ru/changes?from=" + HOSTILE + "&to=1999.1.1")
    assert "В ссылке указана конечная версия 1999.1.1, которой нет на этом сервере" in html
    assert "В ссылке указана начальная версия, которой нет на этом сервере" in html  # not repeated
    assert "<script>" not in html and "alert(1)" not in html
    assert CHANGED_CELLS in html  # the defaults are shown


def test_one_version_twice_says_no_changes(client):
    html = page(client, f"/en/changes?from={NEW_VERSION}&to={NEW_VERSION}")
    assert f"Version {NEW_VERSION} compared with itself: no changes." in html and CHANGED_CELLS not in html


def read_csv(response) -> tuple[list[str], pd.DataFrame]:
    text = response.get_data(as_text=True).lstrip("\ufeff")
    provenance = [line for line in text.splitlines() if line.startswith(("#", '"#'))]
    return provenance, pd.read_csv(io.StringIO(text), skiprows=len(provenance), dtype=str, keep_default_na=False)


def test_the_csv_has_the_rows_and_provenance(client, old_version):
    response = client.get(f"/download/changes.csv?from={old_version}&to={NEW_VERSION}&lang=ru")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f"kg-migration-changes-{old_version}-{NEW_VERSION}.csv" in response.headers["Content-Disposition"]
    provenance, rows = read_csv(response)
    assert any(line.startswith(f"# версия данных: {old_version} -> {NEW_VERSION}") for line in provenance)
    assert len(rows) == 4 and rows["source_id"].tolist().count(NEW_SOURCE) == 2  # the source and the row citing it


def test_nothing_the_link_sends_reaches_the_csv_or_its_headers(client):
    response = client.get("/download/changes.csv?from=%3Dcmd%7C%22%0d%0aX-Evil%3A%201&to=" + HOSTILE)
    assert response.status_code == 200
    assert "X-Evil" not in response.headers and "cmd" not in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert "cmd" not in body and "<script>" not in body


@pytest.fixture(scope="module")
def formula_client(tmp_path_factory, bundle):
    """A newer version whose one change is a note that a spreadsheet would run as a formula (with markup in it)."""
    folder = copy_of_data(tmp_path_factory.mktemp("formula") / "data")
    frame = pd.read_csv(folder / "national_counts.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "note"] = FORMULA
    frame.to_csv(folder / "national_counts.csv", index=False)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["version"] = NEW_VERSION
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    newer = load_bundle(folder)
    return create_app(SETTINGS, bundle=newer, archive={bundle.version: bundle}).server.test_client()


def test_csv_cells_are_neutralised(formula_client):
    _, rows = read_csv(formula_client.get("/download/changes.csv"))
    assert rows[["resource", "change", "column"]].values.tolist() == [["national_counts", "changed", "note"]]
    assert rows["new"].iloc[0] == "'" + FORMULA


def test_data_never_becomes_markup_on_the_page(formula_client):
    html = page(formula_client, "/en/changes")
    escaped = "=HYPERLINK(&quot;http://example.invalid&quot;,&quot;&lt;i&gt;open&lt;/i&gt;&quot;)"
    assert f'<td class="new-value">{escaped}</td>' in html
    assert "<i>open" not in html


def layout_json(client, lang: str = "en") -> str:
    response = client.get(f"/{lang}/_dash-layout")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_header_version_links_to_the_changes_since_the_previous_version(client, old_version):
    layout = layout_json(client)
    assert f'"href": "changes?from={old_version}&to={NEW_VERSION}"' in layout.replace('":"', '": "')


def test_without_an_earlier_version_the_header_version_is_no_link(store):
    alone = create_app(SETTINGS, bundle=load_bundle(store / "current")).server.test_client()
    assert "version-link" not in layout_json(alone)
    html = page(alone, "/en/changes")
    assert "there is no earlier version to compare it with" in html


def test_the_shipped_data_compares_with_its_history_out_of_the_box(bundle):
    """`make run` serves data/: data/history/ holds the version before it."""
    shipped = create_app(SETTINGS, bundle=bundle).server.test_client()
    previous = previous_version(bundle.version, held_packages([DATA_DIR]))
    assert previous is not None
    html = page(shipped, "/ky/changes")
    assert f"{previous} (" in html and 'class="notice"' not in html
    assert f"changes?from={previous}&to={bundle.version}" in layout_json(shipped, "ky").replace("\\u0026", "&")


def test_every_id_on_the_page_is_unique(client):
    ids = re.findall(r'\sid="([^"]+)"', page(client, "/en/changes"))
    assert len(ids) > 5 and len(ids) == len(set(ids))


def test_the_data_package_zip_leaves_the_history_out(bundle):
    """data/history/ serves the changes page only: the package a reader downloads is the current one."""
    shipped = create_app(SETTINGS, bundle=bundle).server.test_client()
    names = zipfile.ZipFile(io.BytesIO(shipped.get("/download/data-package.zip").get_data())).namelist()
    assert names and not [name for name in names if "/history/" in name]
