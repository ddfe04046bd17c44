"""The destinations map inside the globe paints its sea as its background, so no sea layer is projected again at
every drawing (dashboard/figures/maps.py destinations_geo). Zoomed out with the modebar until the globe's edge shows,
the sea is drawn as the globe's disc on white again, as the world frame draws it (seaOnZoomOut in
assets/15-plotly-react.js)."""

from __future__ import annotations

import io

from PIL import Image

SEA_RGB = (247, 249, 251)  # maps.SEA, #f7f9fb

SEA_JS = """() => { const gd = document.querySelector('#map .js-plotly-plot');
  return {layer: gd.querySelectorAll('.geo .layer.ocean path').length,
          background: gd.querySelector('.geo .layer.bg rect').style.fill}; }"""


def plot_corner_rgb(page) -> tuple[int, int, int]:
    """The colour a reader sees in the top left corner of the map's plot area."""
    box = page.locator("#map .js-plotly-plot").bounding_box()
    size = page.evaluate("() => document.querySelector('#map .js-plotly-plot')._fullLayout._size")
    shot = page.screenshot(clip={"x": box["x"] + size["l"] + 3, "y": box["y"] + size["t"] + 3, "width": 2, "height": 2})
    return Image.open(io.BytesIO(shot)).convert("RGB").getpixel((0, 0))


def zoom_out(page, times: int) -> None:
    page.locator("#map").hover()
    for _ in range(times):
        page.locator("#map .modebar-btn[data-title='Zoom out']").click()


def test_the_sea_is_the_background_then_the_globe_when_zoomed_out(page, dash):
    dash.open()
    assert page.evaluate(SEA_JS) == {"layer": 0, "background": "rgb(247, 249, 251)"}
    zoom_out(page, 3)
    page.wait_for_function("() => document.querySelectorAll('#map .geo .layer.ocean path').length > 0")
    assert page.evaluate(SEA_JS)["background"] == "rgb(255, 255, 255)"
    assert plot_corner_rgb(page) == (255, 255, 255)  # outside the globe's disc: white, not sea


def test_the_world_frame_draws_its_disc_from_the_start(page, dash):
    dash.open("?frame=world")
    assert page.evaluate(SEA_JS) == {"layer": 1, "background": "rgb(255, 255, 255)"}
    assert plot_corner_rgb(page) == (255, 255, 255)
