/* The camera icon of each chart gives the slide image: the same PNG as the share panel's link (rendered on the server
   at 1600x900, twice the pixels, with title, filters, source and the view's link inside), not a copy of the chart as
   laid out on this screen (whose legend and source lines are cut at slide size in ru and ky). The button keeps its
   place and its translated tooltip: a click on it is caught before plotly's own handler sees it. If the server
   cannot render images (503: no Chromium for kaleido) or cannot be reached, plotly draws the image in the browser at
   the same size. Same origin only; no request leaves the server. */
(function () {
  var SLIDE = { format: "png", width: 1600, height: 900, scale: 2 };
  var CHARTS = ["map", "stock", "remittances"];

  // plotly 4 keeps its modebar's buttons and their names in two parallel arrays
  function isCamera(button, gd) {
    var bar = gd && gd._fullLayout && gd._fullLayout._modeBar;
    if (!bar || !bar.buttonElements || !bar.buttonsNames) { return false; }
    return bar.buttonsNames[bar.buttonElements.indexOf(button)] === "toImage";
  }

  // the view's query as in the address bar, pinned to the data version shown (as the share panel's links are)
  function slideUrl(chart) {
    var params = new URLSearchParams(window.location.search);
    var version = document.getElementById("data-version");
    if (!params.has("v") && version && version.textContent.trim()) { params.set("v", version.textContent.trim()); }
    params.delete("lang");
    var lang = document.documentElement.lang || "en";
    params.set("lang", lang);
    // under the same prefix as the page (/{lang}/ sits below KGM_PUBLIC_URL's path, if it has one)
    var at = window.location.pathname.indexOf("/" + lang + "/");
    var prefix = at > 0 ? window.location.pathname.slice(0, at) : "";
    return prefix + "/download/" + chart + ".png?" + params.toString();
  }

  function fileName(response, chart) {
    var m = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") || "");
    return m ? m[1] : "kg-migration-" + chart + ".png";
  }

  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 10000);
  }

  function inBrowser(gd, chart) {
    var opts = Object.assign({}, SLIDE, { filename: "kg-migration-" + chart });
    return window.Plotly.downloadImage(gd, opts);
  }

  // -> a promise that settles once the image is saved; the button says it is busy meanwhile
  function slide(gd, chart, button) {
    button.setAttribute("aria-busy", "true");
    button.classList.add("kgm-busy");
    var done = function () { button.removeAttribute("aria-busy"); button.classList.remove("kgm-busy"); };
    return fetch(slideUrl(chart), { credentials: "same-origin" }).then(function (response) {
      var png = (response.headers.get("Content-Type") || "").indexOf("image/png") === 0;
      if (!response.ok || !png) { return inBrowser(gd, chart); }
      return response.blob().then(function (blob) { save(blob, fileName(response, chart)); });
    }, function () { return inBrowser(gd, chart); }).then(done, done);
  }

  // the chart's name is the id of its dcc.Graph on the page, or the last part of an embed's path (/ru/embed/map)
  function chartOf(gd) {
    for (var el = gd; el; el = el.parentElement) {
      if (CHARTS.indexOf(el.id) >= 0) { return el.id; }
    }
    var m = /\/embed\/([a-z]+)\/?$/.exec(window.location.pathname);
    return m && CHARTS.indexOf(m[1]) >= 0 ? m[1] : null;
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest(".modebar-btn");
    var gd = button && button.closest(".js-plotly-plot");
    var chart = gd && chartOf(gd);
    if (!chart || !isCamera(button, gd)) { return; }
    ev.preventDefault();
    ev.stopImmediatePropagation();  // capture phase: plotly's own handler on the button never runs
    if (button.getAttribute("aria-busy") !== "true") { slide(gd, chart, button); }
  }, true);

  window.kgmExport = { slideUrl: slideUrl };
})();
