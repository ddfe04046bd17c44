/* Printing the view as an A4 briefing. From beforeprint to afterprint <html> has the class kgm-print, under which the
   print rules of 10-style.css hold on screen as on paper: the page is laid out at the paper's width and can be
   measured before it prints. Then:
   - a header: the dashboard's title, the data version and its date, the view's filters in words (read from the
     filter bar: its labels and chosen values are in the page's language and always the current view), the link;
   - each chart redrawn at the paper's width (title, subtitle and source line rewrapped to it; the country facts and
     the official counts in two columns), with a short paragraph from its summary (whole sentences) and its note;
   - the charts planned onto pages: a page break before the first chart of each page, each plot stretched or shrunk
     within its bounds so that a page is full (only the last may be short) and no chart is split;
   - the foot of every page in the page margin (@page margin boxes): dashboard, data version, the view's link and
     "page / pages", so it never covers content (a fixed element at the bottom of each page hid the map's note).
   Everything is put back after printing. No request, no inline script. */
(function () {
  var PAPER_W = 718;                 // A4 less 10 mm side margins (190 mm), in CSS px
  var PAPER_H = 1035;                // A4 less 9 mm top and 14 mm bottom margins (274 mm)
  var SAFETY = 4;                    // px kept free on each page: rounding, a line that wraps on paper only
  // the plot band of each chart, in px: [floor, least, preferred, most] (below its least only to save a page);
  // official: per row of its panels
  var PLOT = { map: [240, 280, 390, 460], oblasts: [180, 200, 230, 300], stock: [110, 130, 190, 280],
               sexes: [110, 130, 190, 280], remittances: [110, 130, 190, 280], official: [56, 64, 84, 110] };
  var LEVELS = ["floor", "min", "pref", "max"];
  var TITLE_TOP = 12;                // px above a chart's title
  var BRIEF_CHARS = 220;             // a summary's paragraph: whole sentences and clauses, two or three lines
  var FIELDS = ["f-year", "f-sex", "f-dest", "f-oblast", "f-src", "f-range", "f-city", "f-events"];

  function text(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }

  // the chosen value of one filter, as the filter bar shows it
  function chosen(id) {
    var root = document.getElementById(id);
    if (!root) { return ""; }
    if (id === "f-range") { return text(document.getElementById("f-range-words")); }
    if (id === "f-events") {  // named only when the events are hidden: shown is the usual view
      var off = root.querySelector("input[value='off']:checked");
      return off ? text(off.closest("label")) : "";
    }
    var slider = root.querySelector("[role='slider']");
    if (slider) {
      var marks = root.querySelectorAll(".dash-slider-mark");
      return slider.getAttribute("aria-valuetext") || text(marks[Number(slider.getAttribute("aria-valuenow"))]);
    }
    var radio = root.querySelector("input:checked");
    if (radio) { return text(radio.closest("label")); }
    var items = document.querySelectorAll("#" + id + "-value .dash-dropdown-value-item");
    if (items.length) { return Array.prototype.map.call(items, text).join(", "); }
    return text(document.getElementById(id + "-value"));
  }

  // "Год: 2020 · Пол: Женщины · Страны назначения: Россия, Казахстан · Область: Баткенская · Источник: ..."
  function viewLine() {
    return FIELDS.map(function (id) {
      var label = text(document.getElementById(id + "-label")), value = chosen(id);
      return value ? (label ? label + ": " : "") + value : "";
    }).filter(Boolean).join(" · ");
  }

  function line(cls, content) {
    var el = document.createElement("p");
    el.className = cls;
    el.textContent = content;
    return el;
  }

  // outside Dash's root: React would trip over an element it did not make among its own
  function header() {
    var el = document.getElementById("print-view");
    if (!el) {
      el = document.createElement("div");
      el.id = "print-view";
      el.className = "print-view";
      document.body.insertBefore(el, document.body.firstChild);
    }
    var title = line("print-title", text(document.querySelector(".header h1")));
    title.appendChild(line("print-version", text(document.querySelector(".header .version"))));
    el.replaceChildren(title, line("print-filters", viewLine()),
                       line("print-link", text(document.getElementById("link-page"))));
  }

  // CSS strings: backslash and quote escaped, line breaks dropped
  function cssString(s) { return '"' + String(s).replace(/[\\"]/g, "\\$&").replace(/[\r\n]+/g, " ") + '"'; }

  function pageFoot() {
    var style = document.getElementById("print-page-style");
    if (!style) {
      style = document.createElement("style");
      style.id = "print-page-style";
      document.head.appendChild(style);
    }
    var foot = text(document.getElementById("print-footer")) || text(document.getElementById("print-footer-text"));
    var look = "font: 7.5pt 'Noto Sans', 'DejaVu Sans', sans-serif; color: #333; vertical-align: top; " +
      "padding-top: 2mm; border-top: 1px solid #999;";
    style.textContent = "@page { @bottom-left { content: " + cssString(foot) + "; width: 170mm; " + look + " }" +
      " @bottom-right { content: counter(page) ' / ' counter(pages); width: 20mm; text-align: right; " + look + " } }";
  }

  // --- a short paragraph from each summary ------------------------------------------------------------------------

  // where a sentence may end: '. ' before a capital or a digit, outside brackets, not after what may be an
  // abbreviation ('г.', 'млн.', 'долл.', 'vs.') or a rank ('1. Batken'); a clause ends at '; ' outside brackets
  function breaks(summary) {
    var ends = [], clauses = [], depth = 0;
    for (var i = 0; i < summary.length - 2; i++) {
      var ch = summary.charAt(i);
      depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
      if (depth > 0 || summary.charAt(i + 1) !== " ") { continue; }
      if (ch === ";") { clauses.push(i); }
      if (ch === "." && /[A-ZА-ЯЁӨҮҢ0-9«"]/.test(summary.charAt(i + 2))) {
        var word = summary.slice(summary.lastIndexOf(" ", i - 1) + 1, i);
        if (!/^([а-яёөүң]{1,4}|[a-z]{1,2}|\d{1,2})$/.test(word)) { ends.push(i + 1); }
      }
    }
    return { ends: ends, clauses: clauses };
  }

  // the summary's first sentences and clauses up to BRIEF_CHARS (at least its first clause), '…' where it is cut
  function brief(summary) {
    summary = summary.replace(/\s+/g, " ").trim();
    if (summary.length <= BRIEF_CHARS) { return summary; }
    var at = breaks(summary), cuts = at.ends.concat(at.clauses).sort(function (a, b) { return a - b; });
    var fits = cuts.filter(function (i) { return i <= BRIEF_CHARS; });
    var cut = fits.length ? fits[fits.length - 1] : cuts.length ? cuts[0] : summary.length;
    return cut >= summary.length ? summary : summary.slice(0, cut) + " …";
  }

  function writeBriefs() {
    document.querySelectorAll(".grid .chart-summary").forEach(function (summary) {
      var el = document.createElement("p");
      el.className = "print-brief";
      el.textContent = brief(text(summary));
      summary.insertAdjacentElement("afterend", el);  // removed after printing, before React could see it
    });
  }

  // --- charts at the paper's width --------------------------------------------------------------------------------

  function copy(o) { return JSON.parse(JSON.stringify(o)); }
  function box(el) { return el ? el.getBoundingClientRect().height : 0; }
  function sourceIndex(layout) {
    return (layout.annotations || []).findIndex(function (a) { return a.name === "source"; });
  }

  // Title, subtitle and source line wrapped for the paper (the server wraps them for a half-width panel), from the
  // words as the chart module wrote them (meta: no-break spaces intact), else as the figure shows them; in the
  // smaller type of print, in px: about 11 pt title, 8 pt subtitle and axes, 7 pt source line and legend.
  var TYPE = { title: 15, sub: 11, source: 9.5, axes: 10.5, legend: 9.5 };
  function rewrapTexts(layout) {
    var wrap = window.kgm && window.kgm.rewrap, meta = layout.meta || {}, title = (layout.title || {}).text || "";
    var parts = title.match(/^<b>([\s\S]*?)<\/b><br><span style='([^']*)'>([\s\S]*)<\/span>$/);
    if (!wrap) { return; }
    layout.font = Object.assign({}, layout.font, { size: TYPE.axes });
    if (parts) {
      var head = meta.kgm_title || parts[1], sub = meta.kgm_title ? meta.kgm_sub || "" : parts[3];
      var style = parts[2].replace(/font-size:\s*\d+px/, "font-size:" + TYPE.sub + "px");
      // the subtitle's size is the title's own, so its lines are spaced for it; the heading is set larger
      layout.title = Object.assign({}, layout.title, { font: Object.assign({}, layout.title.font, { size: TYPE.sub }),
        text: "<b><span style='font-size:" + TYPE.title + "px'>" + wrap(head, PAPER_W - 24, TYPE.title, true) +
          "</span></b><br><span style='" + style + "'>" + wrap(sub, PAPER_W - 24, TYPE.sub, false) + "</span>" });
    }
    var index = sourceIndex(layout);
    if (index >= 0) {
      var source = layout.annotations[index];
      source.text = wrap(meta.kgm_src || source.text, PAPER_W - 16, TYPE.source, false);
      source.font = Object.assign({}, source.font, { size: TYPE.source });
    }
    if (layout.legend) {  // two releases' names to a legend row instead of one
      layout.legend = Object.assign({}, layout.legend, {
        font: Object.assign({}, layout.legend.font, { size: TYPE.legend }) });
    }
  }

  // the country facts in two columns of blocks, the first column as long as the second or a little longer
  function factsColumns(layout) {
    var notes = (layout.annotations || []).filter(function (a) { return /^fact-/.test(a.name || ""); });
    if (notes.length < 2) { return null; }
    var GAP = 0.8, SIZE = 12, LINE = SIZE * 1.3, lines = notes.map(function (a) { return a.text.split("<br>").length; });
    var height = function (from, to) {
      var part = lines.slice(from, to);
      return part.reduce(function (s, n) { return s + n; }, 0) + GAP * Math.max(part.length - 1, 0);
    };
    var split = 1;
    for (var k = 1; k < lines.length; k++) {
      if (Math.max(height(0, k), height(k)) < Math.max(height(0, split), height(split))) { split = k; }
    }
    var total = Math.max(height(0, split), height(split)), shapes = [];
    [[0, split], [split, lines.length]].forEach(function (range, column) {
      var top = 0;
      for (var i = range[0]; i < range[1]; i++) {
        notes[i].x = column * 0.52;
        notes[i].y = -top;
        notes[i].font = Object.assign({}, notes[i].font, { size: SIZE });
        top += lines[i] + GAP;
        if (i < range[1] - 1) {
          var y = -(top - GAP / 2);
          shapes.push({ type: "line", xref: "paper", yref: "y", x0: column * 0.52, x1: column * 0.52 + 0.46,
                        y0: y, y1: y, line: { color: "#5f6b7a", width: 0.5 }, layer: "below" });
        }
      }
    });
    layout.shapes = shapes;
    layout.yaxis = Object.assign({}, layout.yaxis, { range: [-total, 0] });
    return Math.round(total * LINE) + 8;
  }

  // the official counts' panels two to a row, each row as tall as its taller heading plus `rowPlot` px of plot
  function officialColumns(layout, rowPlot) {
    var TICKS = 26, notes = (layout.annotations || []).filter(function (a) { return /^panel-\d+$/.test(a.name || ""); });
    if (!notes.length) { return null; }
    var columns = notes.length > 1 ? 2 : 1, rows = [];
    notes.forEach(function (note, i) {
      var n = Number(note.name.slice(6)), axis = n === 1 ? "" : String(n);
      var bold = (note.text.match(/^<b>([\s\S]*?)<\/b>/) || ["", ""])[1].split("<br>").length;
      var small = note.text.split("<br>").length - bold;
      var row = Math.floor(i / columns);
      rows[row] = rows[row] || { head: 0, plot: 0, panels: [] };
      rows[row].head = Math.max(rows[row].head, 18 * bold + 15 * small + 12);
      if ((layout["yaxis" + axis] || {}).visible) { rows[row].plot = rowPlot + TICKS; }
      rows[row].panels.push({ note: note, axis: axis, column: i % columns });
    });
    var total = rows.reduce(function (s, r) { return s + r.head + r.plot; }, 0), top = total;
    var domains = columns === 2 ? [[0, 0.44], [0.56, 1]] : [[0, 1]];
    rows.forEach(function (row) {
      var upper = (top - row.head) / total, lower = (top - row.head - Math.max(row.plot - TICKS, 0)) / total;
      row.panels.forEach(function (p) {
        layout["xaxis" + p.axis] = Object.assign({}, layout["xaxis" + p.axis], { domain: domains[p.column] });
        layout["yaxis" + p.axis] = Object.assign({}, layout["yaxis" + p.axis],
                                                 { domain: [Math.max(lower, 0), Math.min(upper, 1)] });
        p.note.x = domains[p.column][0];
        p.note.y = upper;
      });
      top -= row.head + row.plot;
    });
    return { plot: total, parts: rows.filter(function (r) { return r.plot; }).length };
  }

  // Title above and legend + source below take what their text needs at the paper's width; the plot gets `plot` px.
  // Same conventions as the server's layout and the phone fit in 20-tools.js: the legend and the source line sit in
  // the bottom margin, the legend on top of the source (the map's legend hangs from its plot, the source under it).
  function refit(gd, plot) {
    var layout = copy(gd.layout), title = gd.querySelector(".gtitle");
    var legend = gd._fullLayout.showlegend ? gd.querySelector("g.legend") : null, index = sourceIndex(layout);
    var source = index < 0 ? null : gd.querySelector(".annotation[data-index='" + index + "']");
    var axis = (layout.meta || {}).kgm_axis_px, top = TITLE_TOP + (title ? Math.ceil(box(title)) : 16) + 10;
    var axisPx = layout.geo ? 4 : Math.round((axis === undefined ? 40 : axis) * TYPE.axes / 13);  // 13 px on screen
    var legendH = legend ? Math.ceil(box(legend)) + 6 : 0, sourceH = Math.ceil(box(source)) + 6;
    layout.margin = Object.assign({}, layout.margin, { t: top, b: axisPx + legendH + sourceH });
    layout.height = top + plot + layout.margin.b;
    if (legend && (layout.legend || {}).yref === "container") { layout.legend.y = sourceH / layout.height; }
    if (index >= 0) { layout.annotations[index].yshift = -(axisPx + legendH); }
    layout.title = Object.assign({}, layout.title, { y: 1 - TITLE_TOP / layout.height });
    return window.Plotly.react(gd, gd.data, layout);
  }

  // draw one chart for paper, each of its flexible parts (the plot; the official counts' rows) `unit` px tall;
  // -> how many flexible parts it has (the facts none: their text sets their height)
  function draw(gd, id, unit) {
    var layout = copy(saved[id].layout), plot = unit, parts = 1, was = saved[id].layout;
    layout.width = PAPER_W;
    rewrapTexts(layout);
    if (id === "facts" || !PLOT[id]) {
      plot = (id === "facts" && factsColumns(layout)) || was.height - was.margin.t - was.margin.b;
      parts = 0;
    } else if (id === "official") {
      var rows = officialColumns(layout, unit);
      plot = rows ? rows.plot : 120;
      parts = rows ? rows.parts : 0;
    }
    layout.height = (layout.margin.t || 0) + plot + (layout.margin.b || 0);
    window.Plotly.react(gd, legendNames(saved[id].data), layout);  // drawn synchronously: measured right away
    refit(gd, plot);
    return parts;
  }

  var saved = {}, charts = [];
  function findCharts() {
    return Array.prototype.map.call(document.querySelectorAll(".grid .panel [role='figure'] .js-plotly-plot"),
      function (gd) {
        return { gd: gd, id: gd.closest(".panel").id.replace(/^panel-/, ""), panel: gd.closest(".panel") };
      }).filter(function (c) { return c.gd._fullLayout && window.Plotly; });
  }

  // the figures as on screen, the layouts without a width (the page's charts take their panel's) and with the
  // height drawn: a responsive chart's layout may hold none after a resize, and would take the paper's
  function save() {
    charts.forEach(function (c) {
      if (saved[c.id]) { return; }
      saved[c.id] = { layout: copy(c.gd.layout), data: c.gd.data };
      delete saved[c.id].layout.width;
      saved[c.id].layout.height = saved[c.id].layout.height || c.gd._fullLayout.height;
    });
  }

  // legend entries on one line: the server stacks a long one for a phone's width
  function legendNames(data) {
    return data.map(function (trace) {
      return /<br>/.test(trace.name || "") ? Object.assign({}, trace, { name: trace.name.replace(/<br>/g, " ") }) : trace;
    });
  }

  // --- pages ------------------------------------------------------------------------------------------------------

  function outer(el) {
    var style = getComputedStyle(el);
    return el.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
  }

  // A chart's note (what to know to read it right) prints where its page has room; the map's always (grey is "no
  // figure", not zero), in the chart's block.
  function optionalNote(c) {
    var note = c.panel.querySelector(".panel-note");
    return c.id !== "map" && note && text(note) ? note : null;
  }

  function noteHeight(note) {
    if (!note) { return 0; }
    note.style.display = "block";
    var height = outer(note);
    note.style.display = "";
    return height;
  }

  // each chart's block, in print order: its fixed height (all but its flexible plot and optional note), its
  // plot's bounds and its note's height
  function blocks() {
    return charts.map(function (c) {
      var bounds = (PLOT[c.id] || [0, 0, 0, 0]).map(function (px) { return px * c.parts; }), note = optionalNote(c);
      return { chart: c, fixed: outer(c.panel) - bounds[2], floor: bounds[0], min: bounds[1], pref: bounds[2],
               max: bounds[3], note: note, noteH: noteHeight(note), top: c.panel.getBoundingClientRect().top };
    }).sort(function (a, b) { return a.top - b.top; });
  }

  function sum(list, key) { return list.reduce(function (s, b) { return s + b[key]; }, 0); }
  function room() { return PAPER_H - SAFETY; }

  // How many pages the blocks after the charts (cards, sources, footer) add after a chart page with `left` px
  // free: none when they fit; else they flow on, each card and source whole, which leaves some space at a page's
  // foot. And how much of them the chart page then holds.
  var FLOW = 1.06;
  function tailPages(tail, left) { return tail <= left ? 0 : Math.ceil((tail * FLOW - left) / room()); }
  function tailHere(tail, left) {
    var pages = tailPages(tail, left);
    return pages ? Math.max(tail * FLOW - pages * room(), 0) : tail;
  }

  // Charts onto pages in their order: fewest pages in all; then plots squeezed below their least as little as may
  // be, and the least empty space on the pages of charts (a plot stretches up to its most); the last chart page
  // counted at its plots' floor, to leave the tail room.
  function plan(list, headerH, tail) {
    var best = [{ cost: 0, pages: 0, cuts: [] }];
    for (var end = 1; end <= list.length; end++) {
      best[end] = null;
      for (var start = 0; start < end; start++) {
        var page = list.slice(start, end), fixed = sum(page, "fixed") + (start === 0 ? headerH : 0);
        if (!best[start] || (fixed + sum(page, "floor") > room() && page.length > 1)) { continue; }
        var last = end === list.length, gap = last ? 0 : Math.max(room() - fixed - sum(page, "max"), 0) / room();
        var squeeze = Math.max(fixed + sum(page, "min") - room(), 0) / room();
        var cand = { pages: best[start].pages + 1 + (last ? tailPages(tail, room() - fixed - sum(page, "floor")) : 0),
                     cost: best[start].cost + gap * gap + 4 * squeeze * squeeze,
                     cuts: best[start].cuts.concat([start]) };
        if (!best[end] || cand.pages < best[end].pages ||
            (cand.pages === best[end].pages && cand.cost < best[end].cost)) { best[end] = cand; }
      }
    }
    return best[list.length].cuts;
  }

  // the plots of a page for `target` px in all: each the same way between the two levels around the target
  function heights(page, target) {
    var totals = LEVELS.map(function (level) { return sum(page, level); }), k = 0;
    while (k < LEVELS.length - 2 && target > totals[k + 1]) { k++; }
    var span = totals[k + 1] - totals[k], f = span ? Math.max(Math.min((target - totals[k]) / span, 1), 0) : 0;
    return page.map(function (b) {
      return Math.floor(b[LEVELS[k]] + (b[LEVELS[k + 1]] - b[LEVELS[k]]) * f);
    });
  }

  // One page of charts: its notes where the preferred plots leave room for them (the last chart page: with the
  // part of the tail it must hold), then the plots shrunk or stretched within their bounds to fill the page; the
  // last chart page keeps its preferred heights, or shrinks to hold its part of the tail (when it holds none of
  // it, the tail starts on the next page and this one is filled).
  function fillPage(page, fixed, tail) {
    var free = room() - fixed, pref = sum(page, "pref");
    var need = tail === null ? 0 : tailHere(tail, free - sum(page, "floor"));
    page.forEach(function (b) {
      if (b.note && free - need - pref >= b.noteH) { b.note.style.display = "block"; free -= b.noteH; }
    });
    var target = tail === null || need === 0 ? free : Math.min(pref, free - need);  // none of the tail: fill it
    heights(page, target).forEach(function (flex, i) {
      var c = page[i].chart;
      if (c.parts && Math.abs(flex - page[i].pref) > 1) { draw(c.gd, c.id, flex / c.parts); }
    });
  }

  function layOut() {
    charts.forEach(function (c) { c.parts = draw(c.gd, c.id, PLOT[c.id] ? PLOT[c.id][2] : 0); });
    if (!charts.length) { return; }
    var list = blocks(), first = list[0].chart.panel, lastPanel = list[list.length - 1].chart.panel;
    var headerH = first.getBoundingClientRect().top - document.body.getBoundingClientRect().top;
    var tail = document.querySelector(".page").getBoundingClientRect().bottom -
      lastPanel.getBoundingClientRect().bottom - parseFloat(getComputedStyle(lastPanel).marginBottom);
    var cuts = plan(list, headerH, tail).concat([list.length]);
    window.kgmPrint.lastPlan = { header: headerH, tail: tail, cuts: cuts, blocks: list.map(function (b) {
      return [b.chart.id, Math.round(b.fixed), b.min, b.pref, b.max, Math.round(b.noteH)]; }) };  // to debug
    for (var p = 0; p < cuts.length - 1; p++) {
      var page = list.slice(cuts[p], cuts[p + 1]);
      fillPage(page, sum(page, "fixed") + (p === 0 ? headerH : 0), p === cuts.length - 2 ? tail : null);
      if (p > 0) { page[0].chart.panel.style.breakBefore = "page"; }
    }
  }

  // the page's own elements as React made them: no paragraph, page break or shown note of a print
  function unmark() {
    document.querySelectorAll(".print-brief").forEach(function (el) { el.remove(); });
    document.querySelectorAll(".grid > .panel").forEach(function (panel) {
      panel.style.breakBefore = "";
      var note = panel.querySelector(".panel-note");
      if (note) { note.style.display = ""; }
    });
  }

  function enter() {
    unmark();
    charts = findCharts();
    header();
    pageFoot();
    save();
    document.documentElement.classList.add("kgm-print");
    writeBriefs();
    layOut();
  }

  // after the print layout is gone: during afterprint the page is still laid out for paper, and a chart sized to
  // its box then would keep the paper's width on screen
  function leave() {
    setTimeout(function () {
      document.documentElement.classList.remove("kgm-print");
      unmark();
      charts.forEach(function (c) {
        if (!saved[c.id]) { return; }
        var figure = saved[c.id];
        delete saved[c.id];
        window.Plotly.react(c.gd, figure.data, figure.layout);  // no width: the panel's again
      });
    }, 0);
  }

  window.addEventListener("beforeprint", enter);
  window.addEventListener("afterprint", leave);
  window.kgmPrint = { viewLine: viewLine, brief: brief, enter: enter, leave: leave };
})();
