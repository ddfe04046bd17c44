"""Share, embed, cite, download and print, as a reader does them: in the page, with clicks, downloads and the
clipboard of a real Chromium."""

from __future__ import annotations

import csv
import html as html_lib
import io
import re
import zipfile
from urllib.parse import parse_qs, urlsplit

import pandas as pd
from playwright.sync_api import expect

from dashboard.charts import rows_for as chart_rows
from dashboard.state import Options, parse

IFRAME = re.compile(r'^<iframe src="(?P<src>[^"]+)" title="(?P<title>[^"]+)" width="100%" height="\d+" '
                    r'style="[^"]*" loading="lazy"></iframe><script src="(?P<script>[^"]+)" async></script>$')


def copy_button(page, target: str):
    # Dash writes a pattern-matching id as JSON with sorted keys
    return page.locator(f"""[id='{{"target":"{target}","type":"copy"}}']""")


# every text written to the clipboard, counted (a copy is a click's answer, never a panel's opening)
COUNT_CLIPBOARD_WRITES_JS = """() => {
  window.__clipboardWrites = 0;
  const write = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = (text) => { window.__clipboardWrites += 1; return write(text); };
}"""


def copy_and_read(page, target: str) -> str:
    """Click the Copy button of `target`; -> the clipboard's text (the button must say 'Copied' meanwhile)."""
    page.evaluate("navigator.clipboard.writeText('')")
    button = copy_button(page, target)
    button.click()
    expect(button).to_have_text("Copied")
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    return page.evaluate("navigator.clipboard.readText()")


def provenance_line(line: str) -> str | None:
    """The text of a '# key: value' line (one CSV cell, quoted when it holds a comma or a quote), else None."""
    cells = next(csv.reader([line]), [])
    return cells[0] if len(cells) == 1 and cells[0].startswith("# ") else None


def csv_parts(body: bytes) -> tuple[list[str], pd.DataFrame]:
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").split("\n")
    meta = []
    while lines and provenance_line(lines[0]) is not None:
        meta.append(provenance_line(lines.pop(0)))
    return meta, pd.read_csv(io.StringIO("\n".join(lines)), dtype=str, keep_default_na=False)


def download(page, selector: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.locator(selector).click()
    dl = info.value
    assert dl.failure() is None, dl.failure()
    with open(dl.path(), "rb") as f:
        return dl.suggested_filename, f.read()


def test_share_panel_copy_download_embed(page, context, dash, shot, bundle, live_server, outside_requests,
                                         console_errors):
    from PIL import Image

    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    dash.open("?year=2020")
    toggle = page.locator("#share-map-toggle")
    expect(toggle).to_have_text("Share, embed, cite, download")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#share-map")).to_be_hidden()
    page.evaluate(COUNT_CLIPBOARD_WRITES_JS)
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#share-map")).to_be_visible()
    expect(page.locator("#link-map")).not_to_have_value("")
    # Opening the panel copies nothing: the copy callback has run for its new buttons (it names each by its word)
    expect(copy_button(page, "link-map")).to_have_attribute("data-label", "Copy")
    assert page.evaluate("window.__clipboardWrites") == 0
    assert copy_button(page, "link-map").text_content() == "Copy"

    # The link: this view, pinned to the data version.
    link = page.locator("#link-map").input_value()
    assert link.startswith(f"{live_server}/en/?"), link
    assert parse_qs(urlsplit(link).query) == {"year": ["2020"], "v": [bundle.version]}
    assert copy_and_read(page, "link-map") == link

    # The embed code: a responsive, lazy, titled iframe of this view's map.
    code = page.locator("#embed-map").input_value()
    assert copy_and_read(page, "embed-map") == code
    m = IFRAME.match(code)
    assert m, code
    src = html_lib.unescape(m["src"])
    assert src == f"{live_server}/en/embed/map?year=2020&v={bundle.version}"
    assert m["title"] == "Where Kyrgyz migrants live: 2020"

    # The citation names the chart, the source, the data version and the link.
    cite = page.locator("#cite-map").input_value()
    assert "Where Kyrgyz migrants live: 2020" in cite and f"Data version {bundle.version}" in cite and link in cite
    assert "UN DESA International Migrant Stock, 2024 revision" in cite

    page.locator("#share-map").scroll_into_view_if_needed()
    shot("share-panel-map-open")

    # CSV: provenance lines, then the 2020 rows the map draws.
    name, body = download(page, "#dl-map-csv")
    assert name == f"kg-migration-map-{bundle.version}.csv"
    meta, table = csv_parts(body)
    assert meta[0] == "# title: Where Kyrgyz migrants live: 2020"
    assert any(line.startswith("# sources: UNDESA_IMS2024_VIA_ANDREEV: ") for line in meta), meta
    assert any(line.startswith("# cite as: ") for line in meta) and f"# view: {link}" in meta
    assert any(line.startswith(f"# data version: {bundle.version} ") for line in meta), meta
    opts = Options.from_bundle(bundle)
    expected = chart_rows(bundle, parse("year=2020", opts)[0], opts, "map", "en")
    expected = pd.read_csv(io.StringIO(expected.to_csv(index=False)), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(table, expected)
    assert set(table["year"]) == {"2020"} and len(table) > 20

    # PNG: 1600x900 at double resolution.
    name, body = download(page, "#dl-map-png")
    assert name == f"kg-migration-map-{bundle.version}.png"
    img = Image.open(io.BytesIO(body))
    assert img.format == "PNG" and img.size == (3200, 1800)

    # SVG: the same chart as a vector.
    name, body = download(page, "#dl-map-svg")
    svg = body.decode()
    assert name.endswith(".svg") and svg.lstrip().startswith("<svg") and "Where Kyrgyz migrants live: 2020" in svg

    # The embed, opened from the embed code: the chart draws, with the link back, and nothing leaves the origin.
    page.goto(src)
    page.wait_for_function("() => document.querySelectorAll('#embed-graph .main-svg').length > 0 && "
                           "document.querySelectorAll('#embed-graph path.choroplethlocation').length >= 9",
                           timeout=20_000)
    expect(page.locator("h1.embed-title")).to_have_text("Where Kyrgyz migrants live: 2020")
    back = page.locator("a.embed-back")
    expect(back).to_have_attribute("href", link)
    expect(back).to_have_attribute("target", "_blank")
    expect(page.locator(".notice")).to_have_count(0)
    shot("embed-map-2020")
    assert outside_requests == []
    assert console_errors == []


def test_embed_draws_inside_another_sites_iframe(page, live_server, bundle, other_site, shot):
    """Another site may frame the embed (frame-ancestors *), never the dashboard page itself."""
    src = f"{live_server}/en/embed/stock?year=2020&v={bundle.version}"
    article = other_site(f'<!doctype html><title>Article</title><h1>An article</h1>'
                         f'<iframe id="e" src="{src}" width="900" height="560" title="chart"></iframe>'
                         f'<iframe id="p" src="{live_server}/en/" width="300" height="200" title="page"></iframe>')
    assert not article.startswith(live_server)
    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text) if "frame" in msg.text.lower() else None)
    # Chromium says it refused to frame the dashboard page: wait for that before looking for what is not there
    with page.expect_console_message(lambda msg: "frame" in msg.text.lower(), timeout=20_000):
        page.goto(article)
    frame = page.frame_locator("#e")
    expect(frame.locator("#embed-graph .scatterlayer .trace").first).to_be_attached(timeout=20_000)
    expect(frame.locator("h1.embed-title")).to_contain_text("Migrant stock by destination")
    expect(frame.locator("a.embed-back")).to_have_attribute("href", f"{live_server}/en/?year=2020&v={bundle.version}")
    # the framed dashboard page is refused: its document never gets the app's markup
    expect(page.frame_locator("#p").locator("#react-entry-point")).to_have_count(0)
    assert any("frame" in m.lower() for m in blocked), blocked  # Chromium says why it refused
    shot("embed-stock-in-other-site")


def test_page_tools_copy_link_print_and_zip(page, context, dash, bundle, live_server, console_errors):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    dash.open("?year=2020")
    # the link the button copies is kept in a hidden element (never a tab stop)
    page.wait_for_function("() => (document.getElementById('link-page') || {}).textContent")
    link = page.locator("#link-page").text_content()
    assert link == f"{live_server}/en/?year=2020&v={bundle.version}"
    expect(page.get_by_role("button", name="Copy link to this view")).to_be_visible()
    assert copy_and_read(page, "link-page") == link

    # "Print / PDF" calls the browser's print (replaced here: a headless print dialog would block).
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    page.get_by_role("button", name="Print / PDF").click()
    page.wait_for_function("() => window.__printed === 1")

    # "All data (zip)": the whole data package.
    with page.expect_download() as info:
        page.get_by_role("link", name="All data (zip)").click()
    with zipfile.ZipFile(info.value.path()) as z:
        assert f"kg-labour-migration-{bundle.version}/datapackage.json" in z.namelist()
    assert console_errors == []


def test_print_media_and_pdf(page, dash, shot, tmp_path, bundle):
    dash.open("?year=2020")
    assert page.evaluate("getComputedStyle(document.querySelector('.filters')).display") != "none"
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.filters')).display") == "none"
    for sel in (".share", ".page-tools"):
        hidden = page.evaluate(f"[...document.querySelectorAll('{sel}')].every(e => !e.offsetParent)")
        assert hidden, f"{sel} is printed"
    pdf = page.pdf(format="A4", print_background=True)
    (tmp_path / "page.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 20_000
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is not a dependency: read the page size from the file itself
        boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        assert boxes, "no page in the PDF"
        sizes = {(float(w), float(h)) for w, h in boxes}
        text = None
    else:
        reader = PdfReader(io.BytesIO(pdf))
        sizes = {(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages}
        text = "\n".join(p.extract_text() for p in reader.pages)
    assert all(abs(w - 595.3) < 1.5 and abs(h - 841.9) < 1.5 for w, h in sizes), sizes  # A4 in points
    if text is not None:
        assert "Where Kyrgyz migrants live: 2020" in text and bundle.version in text
    page.emulate_media(media="screen")
    assert page.evaluate("getComputedStyle(document.querySelector('.filters')).display") != "none"
