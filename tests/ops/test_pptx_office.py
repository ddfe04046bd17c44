"""Another office suite opens the decks: LibreOffice Impress (headless, its own throwaway profile) converts the
Russian and Kyrgyz decks of a view to PDF, and poppler draws every page; one page per slide, the Kyrgyz letters in
the PDF's text. The pages are kept in test-artifacts/pptx/ to be looked at (`make test` installs LibreOffice and
poppler-utils; without soffice the test says so and skips)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from dashboard.app import create_app
from dashboard.data import load_bundle

from .conftest import ARTIFACTS, DATA_DIR

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
CONVERT_TIMEOUT_S = 240.0  # a first start of LibreOffice with a new profile on a loaded two-core machine
VIEW = "dest=RUS~KAZ~TUR&from=2010&oblast=KG-O"  # filters that every chart names (or says do not apply)
KYRGYZ_LETTERS = set("ңөү")


def run(command: list[str], timeout: float) -> subprocess.CompletedProcess:
    """A command with a deadline; on timeout its own process (and no other) is killed."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError(f"{command[0]} did not finish within {timeout:g} s") from None
    return subprocess.CompletedProcess(command, process.returncode, out, err)


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, Path]:
    if not Path(SOFFICE).exists():
        pytest.skip("LibreOffice (soffice) is not installed: `make sysdeps` installs libreoffice-impress")
    folder = tmp_path_factory.mktemp("decks")
    client = create_app(bundle=load_bundle(DATA_DIR)).server.test_client()
    out = {}
    for lang in ("ru", "ky"):
        response = client.get(f"/download/briefing.pptx?{VIEW}&lang={lang}", headers={"Host": "localhost"})
        assert response.status_code == 200, response.data[:300]
        out[lang] = folder / f"briefing-{lang}.pptx"
        out[lang].write_bytes(response.data)
    return out


@pytest.fixture(scope="module")
def pdfs(decks, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    profile = (folder / "profile").as_uri()
    result = run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
                  "--outdir", str(folder), *map(str, decks.values())], CONVERT_TIMEOUT_S)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    return {lang: folder / f"{path.stem}.pdf" for lang, path in decks.items()}


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_libreoffice_draws_one_page_per_slide(decks, pdfs, lang):
    slides = len(Presentation(io.BytesIO(decks[lang].read_bytes())).slides)
    pdf = pdfs[lang]
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-"), f"no PDF for the {lang} deck"
    pages = ARTIFACTS / "pptx" / lang
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir(parents=True)
    result = run(["pdftoppm", "-r", "60", "-png", str(pdf), str(pages / "slide")], 120)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    drawn = sorted(pages.glob("slide-*.png"))
    assert len(drawn) == slides, f"{len(drawn)} pages for {slides} slides ({lang})"
    assert all(path.stat().st_size > 5_000 for path in drawn), "a blank page"


def test_the_kyrgyz_letters_reach_the_pdf(pdfs):
    result = run(["pdftotext", "-enc", "UTF-8", str(pdfs["ky"]), "-"], 60)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    text = result.stdout.decode("utf-8")
    assert set(text) >= KYRGYZ_LETTERS, "ң, ө and ү drawn in the Kyrgyz deck"
    assert "Кыргызстандын эмгек миграциясы" in text
