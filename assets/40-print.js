/* Printing the view as an A4 briefing (see @media print in 10-style.css):
   - a header line that states the view's filters in words, read from the filter bar itself (its labels and chosen
     values are already in the page's language, and always the current view, whatever was changed since loading);
   - the foot of every page (dashboard, data version, the view's link) in the page margin (@page margin boxes), so it
     never covers content as a fixed element at the bottom of each page did (the map's note went under it);
   - the charts redrawn to the paper's width at heights that put stock and remittances together on one page, their
     title and source margins refitted to what the text takes at that width; put back after printing.
   No request, no inline script. */
(function () {
  var WIDTH = 700;                                           // A4 less 12 mm side margins, in CSS px
  var HEIGHT = { map: 640, stock: 340, remittances: 360 };
  var MIN_PLOT = 150;                                        // px of plot between the axes, at the least
  var FIELDS = ["f-year", "f-sex", "f-dest", "f-oblast", "f-src", "f-city"];  // f-city: the cards' chosen cities

  function text(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }

  // the chosen value of one filter, as the filter bar shows it
  function chosen(id) {
    var root = document.getElementById(id);
    if (!root) { return ""; }
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

  function header() {
    var el = document.getElementById("print-view");
    if (!el) {
      el = document.createElement("p");
      el.id = "print-view";
      el.className = "print-view";
      // outside Dash's root: React would trip over an element it did not make among its own
      document.body.insertBefore(el, document.body.firstChild);
    }
    el.textContent = viewLine();
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
    style.textContent = "@page { @bottom-left { content: " + cssString(foot) + "; width: 165mm; " + look + " }" +
      " @bottom-right { content: counter(page) ' / ' counter(pages); width: 20mm; text-align: right; " + look + " } }";
  }

  function box(el) { return el ? el.getBoundingClientRect().height : 0; }

  // Title above and legend + source below take what their text needs at the paper's width; the plot gets the rest.
  // Same conventions as the server's layout and the phone fit in 20-tools.js: the legend and the source line sit in
  // the bottom margin, the legend on top of the source.
  function refit(gd, height) {
    var full = gd._fullLayout, layout = JSON.parse(JSON.stringify(gd.layout));
    var title = gd.querySelector(".gtitle"), legend = full.showlegend ? gd.querySelector("g.legend") : null;
    var index = (layout.annotations || []).findIndex(function (a) { return a.name === "source"; });
    var source = index < 0 ? null : gd.querySelector(".annotation[data-index='" + index + "']");
    var top = title ? Math.ceil(title.getBoundingClientRect().bottom - gd.getBoundingClientRect().top + 12) : 24;
    var legendH = legend ? Math.ceil(box(legend)) + 8 : 0, sourceH = Math.ceil(box(source)) + 6;
    var bottom = 30 + legendH + sourceH;
    if (!layout.geo) {
      // a long subtitle (every filter named) or many legend rows may take more room: the chart grows, its plot
      // never shrinks below a readable band
      height = Math.max(height, top + bottom + MIN_PLOT);
      layout.height = height;
      layout.margin = Object.assign({}, layout.margin, { t: top, b: bottom });
      if (legend && (layout.legend || {}).yref === "container") { layout.legend.y = sourceH / height; }
      if (index >= 0) { layout.annotations[index].yshift = -(30 + legendH); }
    }
    return window.Plotly.react(gd, gd.data, layout);
  }

  var saved = {};
  function eachChart(fn) {
    Object.keys(HEIGHT).forEach(function (id) {
      var gd = document.querySelector("#" + id + " .js-plotly-plot");
      if (gd && gd._fullLayout && window.Plotly) { fn(gd, id); }
    });
  }

  // the layouts as on screen, without a width: the page's charts take their panel's (20-tools.js's own beforeprint
  // listener, which runs first, has set one already)
  function save() {
    eachChart(function (gd, id) {
      if (saved[id]) { return; }
      saved[id] = JSON.parse(JSON.stringify(gd.layout));
      delete saved[id].width;
    });
  }

  function enter() {
    header();
    pageFoot();
    save();
    eachChart(function (gd, id) {
      var layout = Object.assign(JSON.parse(JSON.stringify(saved[id])), { width: WIDTH, height: HEIGHT[id] });
      if (layout.legend) {  // smaller type: two releases' names to a legend row instead of one
        layout.legend = Object.assign({}, layout.legend, { font: Object.assign({}, layout.legend.font, { size: 10 }) });
      }
      window.Plotly.react(gd, gd.data, layout);  // drawn synchronously: the text can be measured right away
      refit(gd, HEIGHT[id]);
    });
  }

  // after the print layout is gone: during afterprint the page is still laid out for paper, and a chart sized to
  // its box then would keep the paper's width on screen
  function leave() {
    setTimeout(function () {
      eachChart(function (gd, id) {
        if (!saved[id]) { return; }
        var layout = saved[id];
        delete saved[id];
        window.Plotly.react(gd, gd.data, layout).then(function () { window.Plotly.Plots.resize(gd); });
      });
    }, 0);
  }

  window.addEventListener("beforeprint", enter);
  window.addEventListener("afterprint", leave);
  window.kgmPrint = { viewLine: viewLine, enter: enter, leave: leave };
})();
