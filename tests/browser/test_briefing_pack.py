"""The briefing pack as a reader finds it: "Briefing pack (zip)" in the page tools follows the view as it changes
(assets/30-callbacks.js) and downloads the view in three languages."""

from __future__ import annotations

import re
import zipfile

from playwright.sync_api import expect


def test_the_pack_link_follows_the_view_and_gives_every_language(page, dash, bundle, console_errors):
    dash.open("?dest=TUR&year=2020")
    pack = page.get_by_role("link", name="Briefing pack (zip)")
    expect(pack).to_be_visible()
    expect(pack).to_have_attribute("href", re.compile(r"^/download/briefing\.zip\?(?=.*year=2020)(?=.*dest=TUR)"
                                                      rf"(?=.*v={re.escape(bundle.version)})"))
    dash.radio("f-tab", "Sources disagree")
    expect(pack).to_have_attribute("href", re.compile(r"tab=compare"))
    with page.expect_download(timeout=120_000) as info:
        pack.click()
    download = info.value
    assert download.failure() is None, download.failure()
    root = f"kg-migration-briefing-{bundle.version}"
    assert download.suggested_filename == f"{root}.zip"
    names = zipfile.ZipFile(download.path()).namelist()
    for lang in ("ky", "ru", "en"):
        assert f"{root}/{lang}/briefing.pptx" in names and f"{root}/{lang}/citations.txt" in names
    assert f"{root}/README.txt" in names
    assert console_errors == []
