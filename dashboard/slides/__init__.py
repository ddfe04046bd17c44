"""Editable PowerPoint: one chart's slide (`/download/{chart}.pptx`) and the view's deck (`/download/briefing.pptx`).

The words, rows and source lines are the chart registry's (dashboard/charts), so a slide says what the page says;
this package only lays them out with python-pptx: text.py (fonts, sizes, text boxes), native.py (a chart's native
form as a PowerPoint chart with its data in its own workbook), table.py, picture.py (the map), slide.py (one chart's
slide and its notes), deck.py (the deck, its title and sources slides), routes.py (the download routes).
"""
