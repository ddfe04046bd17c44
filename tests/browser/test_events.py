"""Dated events on the time series: drawn and named by default, gone from the chart, its summary and the link when
the reader switches them off, and back with Back."""

from __future__ import annotations

from playwright.sync_api import expect

EVENT_LABELS_JS = """(id) => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  return (gd.layout.annotations || []).filter(a => a.name === 'event').length;
}"""


def drawn_event_labels(page, chart: str) -> list[str]:
    """The event labels plotly actually drew (their text), from the chart's SVG."""
    return page.evaluate("""(id) => {
      const gd = document.querySelector('#' + id + ' .js-plotly-plot');
      const events = (gd.layout.annotations || []).map((a, i) => [a, i]).filter(([a]) => a.name === 'event');
      return events.map(([, i]) => gd.querySelector(".annotation[data-index='" + i + "'] .annotation-text"))
        .filter(Boolean).map(el => el.textContent);
    }""", chart)


def test_switching_events_off_and_back(page, dash, shot):
    dash.open()
    for chart in ("stock", "remittances"):
        labels = drawn_event_labels(page, chart)
        assert labels and labels[0] == "1", labels
        expect(page.locator(f"#summary-{chart}")).to_contain_text("Dated events marked on the chart:")
    assert page.evaluate("""() => document.querySelector('#stock .js-plotly-plot').layout.annotations
        .some(a => a.name === 'event' && a.hovertext.replace(/<br>/g, ' ').includes('Eurasian Economic Union'))""")
    expect(page.locator("#stock .annotation-text", has_text="Events:").first).to_be_attached()
    shot("events-on")

    dash.radio("f-events", "Hide them")
    dash.expect_url(r"/en/\?events=off$")
    page.wait_for_function(f"() => ({EVENT_LABELS_JS})('stock') === 0 && ({EVENT_LABELS_JS})('remittances') === 0")
    for chart in ("stock", "remittances"):
        assert drawn_event_labels(page, chart) == []
        expect(page.locator(f"#summary-{chart}")).not_to_contain_text("Dated events marked")
    assert not page.evaluate("""() => [...document.querySelectorAll('#stock .annotation-text')]
        .some(el => el.textContent.includes('Events:'))""")
    assert dash.checked("f-events") == "off"
    shot("events-off")

    page.go_back()
    dash.expect_url(r"/en/$")
    page.wait_for_function(f"() => ({EVENT_LABELS_JS})('stock') > 0")
    assert dash.checked("f-events") == "on"
    expect(page.locator("#summary-stock")).to_contain_text("Dated events marked")
