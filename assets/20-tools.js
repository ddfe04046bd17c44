/* Page tools that need the browser: copying (also on plain-http intranets, where navigator.clipboard is missing),
   the native share sheet, and charts resized to the paper width while printing. No outside requests. */
window.kgm = (function () {
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacy(text); });
    }
    return Promise.resolve(legacy(text));
  }
  function legacy(text) {
    var ta = document.createElement("textarea");
    ta.value = text; ta.setAttribute("readonly", ""); ta.style.position = "fixed"; ta.style.opacity = "0";
    document.body.appendChild(ta); ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    return ok;
  }
  // A copy answers a click: Dash also calls this when new copy buttons appear (a share panel opened), with the
  // first new one as the trigger and no click on it; each button's count of clicks is kept to tell them apart.
  var lastClicks = {};
  function copyFromButtons(clicks) {
    var ctx = window.dash_clientside.callback_context;
    var out = [];
    var triggered = (ctx.triggered_id || {}).target;
    var inputs = ctx.inputs_list[0] || [];
    inputs.forEach(function (inp) {
      var target = inp.id.target;
      var el = document.getElementById(target);
      // Dash writes pattern-matching ids as JSON with sorted keys
      var btn = document.getElementById('{"target":"' + target + '","type":"copy"}');
      var label = btn ? (btn.dataset.label || btn.textContent) : "Copy";
      if (btn && !btn.dataset.label) { btn.dataset.label = label; }
      var clicked = (inp.value || 0) > (lastClicks[target] || 0);
      lastClicks[target] = inp.value || 0;
      if (target === triggered && el && clicked) {
        copyText(el.value !== undefined && el.tagName !== "SPAN" ? el.value : el.textContent);
        out.push((btn && btn.dataset.copied) || "Copied");
        setTimeout(function () { if (btn) { btn.textContent = btn.dataset.label; } }, 2000);
      } else {
        out.push(btn ? btn.dataset.label : window.dash_clientside.no_update);
      }
    });
    return out;
  }
  function nativeShare(n, url) {
    if (!navigator.share) { return true; }           // hidden where the browser has no share sheet
    if (n && url) { navigator.share({ title: document.title, url: url }).catch(function () {}); }
    return false;
  }
  // Printing: plotly draws at the screen width; redraw each chart at the paper width, then back (the page's own
  // charts: 40-print.js lays them out for paper).
  function eachGraph(fn) {
    document.querySelectorAll(".js-plotly-plot:not(.grid .js-plotly-plot)").forEach(function (gd) {
      if (window.Plotly) { fn(gd); }
    });
  }
  window.addEventListener("beforeprint", function () {
    eachGraph(function (gd) { window.Plotly.relayout(gd, { width: 680 }); });
  });
  window.addEventListener("afterprint", function () {
    eachGraph(function (gd) { window.Plotly.relayout(gd, { width: null, autosize: true }); });
  });
  // Phones: charts are laid out on the server for a desktop panel. Rewrap titles, subtitles and source lines for the
  // phone's width, zoom the destinations map so Kyrgyzstan and its neighbours stay legible and drop its colour bar
  // (a third of the width; values stay in the hover, summary and table), then give the header and footer the height
  // their text now takes (the legend wraps into more rows too), keeping the plot area as tall as the server drew
  // it. Runs after every redraw; changes nothing when everything already fits, so it settles after two passes.
  // where the title is anchored, in px from the top (plotly draws its text from about 13 px above that): a page's
  // bold title under the modebar's row of icons with room to spare, an embed's subtitle (its title is the heading
  // above the chart) right under the icons; and the room under the plot for an x axis
  var PHONE_MAX = 600, PHONE_TITLE_TOP = 52, EMBED_TITLE_TOP = 44, AXIS_PX = 34, MAP_AXIS_PX = 8;
  // Lines are measured in pixels with the chart's own font (a canvas measures text without drawing it): counting
  // characters cut Cyrillic and capitals, which are wider than the average letter.
  var measure = document.createElement("canvas").getContext("2d");
  function textWidth(text, px, bold) {
    measure.font = (bold ? "bold " : "") + px + "px 'Noto Sans', 'DejaVu Sans', Arial, sans-serif";
    return measure.measureText(text.replace(/<[^>]+>/g, "")).width;
  }
  // a word wider than the line (the view's link) is broken after its '?', '&' or '/' so it never runs out
  function pieces(word, maxPx, px, bold) {
    if (textWidth(word, px, bold) <= maxPx) { return [word]; }
    var parts = word.split(/(?<=[?&\/])/), out = [], cur = "";
    parts.forEach(function (part) {
      if (cur && textWidth(cur + part, px, bold) > maxPx) { out.push(cur); cur = part; } else { cur += part; }
    });
    if (cur) { out.push(cur); }
    return out.map(function (piece, i) { return i ? GLUE + piece : piece; });  // pieces join without a space
  }
  var GLUE = "\u0000";
  function rewrap(text, maxPx, px, bold) {
    // breaks at plain spaces only: a no-break space keeps a number ('750 000') or a unit with its figure
    var words = [].concat.apply([], String(text).replace(/<br>/g, " ").split(/[ \t\r\n]+/).filter(Boolean)
      .map(function (w) { return pieces(w, maxPx, px, bold); })), lines = [], cur = "";
    words.forEach(function (w) {
      var glued = w.charAt(0) === GLUE, word = glued ? w.slice(1) : w;
      var next = cur ? cur + (glued ? "" : " ") + word : word;
      if (cur && textWidth(next, px, bold) > maxPx) { lines.push(cur); cur = word; } else { cur = next; }
    });
    if (cur) { lines.push(cur); }
    return lines.join("<br>");
  }
  var TITLE = /^<b>([\s\S]*?)<\/b><br><span style='([^']*)'>([\s\S]*)<\/span>$/;
  function phoneTexts(gd, width, left) {
    var upd = {}, title = (gd.layout.title || {}).text || "", m = title.match(TITLE), geo = gd.layout.geo;
    if (geo && geo.projection && geo.projection.type === "azimuthal equidistant" && geo.projection.scale < 4.5) {
      upd["geo.projection.scale"] = 4.5;
    }
    if (hasScale(gd)) { upd["geo.domain.x"] = [0, 1]; }
    if (m) {
      // an embed's title is its page's heading (dashboard/embed.py title_in_heading): the subtitle alone, from the top
      var sub = "<span style='" + m[2] + "'>" + rewrap(m[3], width - 20, 12, false) + "</span>";
      var text = m[1] ? "<b>" + rewrap(m[1], width - 20, 15, true) + "</b><br>" + sub : sub;
      if (text !== title) { upd["title.text"] = text; }
      if (((gd.layout.title || {}).font || {}).size !== 15) { upd["title.font.size"] = 15; }
      // no veil behind the modebar's icons: it would fade the title's first line under it
      if ((gd.layout.modebar || {}).bgcolor !== "rgba(0,0,0,0)") { upd["modebar.bgcolor"] = "rgba(0,0,0,0)"; }
    }
    (gd.layout.annotations || []).forEach(function (a, i) {
      if (a.name !== "source") { return; }
      var t = rewrap(a.text, width - 20, 11, false);
      if (t !== a.text) { upd["annotations[" + i + "].text"] = t; }
      if (a.xshift !== 8 - left) { upd["annotations[" + i + "].xshift"] = 8 - left; }  // from the chart's left edge
    });
    return upd;
  }
  // the room the x axis takes under the plot: its tick labels (tilted ones run deeper) and title, at least AXIS_PX
  function axisPx(gd, full, svg) {
    var plotBottom = svg.getBoundingClientRect().top + full._size.t + full._size.h, deepest = 0;
    gd.querySelectorAll(".xaxislayer-above, .g-xtitle").forEach(function (el) {
      var box = el.getBoundingClientRect();
      if (box.height) { deepest = Math.max(deepest, box.bottom - plotBottom); }
    });
    return Math.max(AXIS_PX, Math.ceil(deepest) + 8);
  }
  function phoneBox(gd) {
    var full = gd._fullLayout, svg = gd.querySelector(".main-svg");
    if (!full || !svg) { return {}; }
    var height = function (el) {
      return el ? el.getBoundingClientRect().height : 0;
    };
    var title = gd.querySelector(".gtitle"), legend = full.showlegend ? gd.querySelector("g.legend") : null;
    var index = (gd.layout.annotations || []).findIndex(function (a) { return a.name === "source"; });
    var source = index < 0 ? null : gd.querySelector(".annotation[data-index='" + index + "']");
    if (gd._kgmPlotHeight === undefined) {  // the plot area as the server laid it out
      gd._kgmPlotHeight = Math.max(220, full.height - full.margin.t - full.margin.b);
    }
    // the title starts below the modebar's row (a touch screen shows the modebar after a tap, over the title)
    var top = /^<b>/.test((gd.layout.title || {}).text || "") ? PHONE_TITLE_TOP : EMBED_TITLE_TOP;
    var axis = full.geo ? MAP_AXIS_PX : axisPx(gd, full, svg);  // a map has no x axis under it
    var t = Math.ceil(top + (title ? height(title) : 24) + 14);
    var legendH = legend ? Math.ceil(height(legend)) + 10 : 0, sourceH = Math.ceil(height(source)) + 10;
    var b = axis + legendH + sourceH, h = t + gd._kgmPlotHeight + b, upd = {};
    if (Math.abs(full.margin.t - t) > 2 || Math.abs(full.margin.b - b) > 2 || Math.abs(full.height - h) > 2) {
      upd = { "margin.t": t, "margin.b": b, height: h, "title.y": 1 - top / h };
      if (legend && (gd.layout.legend || {}).yref === "container") { upd["legend.y"] = sourceH / h; }
      if (index >= 0) { upd["annotations[" + index + "].yshift"] = -(axis + legendH); }
    }
    return upd;
  }
  function hasScale(gd) {  // the map's colour bar, still shown
    return !!(gd.data && gd.data[0] && gd.data[0].showscale !== false && gd.data[0].colorbar);
  }
  // Changes go through Plotly.react, not relayout/restyle: dcc.Graph answers a relayout event by re-plotting its own
  // figure (server layout, server height), which would undo the fit and start it again.
  function redraw(gd, upd) {
    var layout = JSON.parse(JSON.stringify(gd.layout));
    Object.keys(upd).forEach(function (key) {
      var parts = key.replace(/\[(\d+)\]/g, ".$1").split("."), node = layout;
      parts.slice(0, -1).forEach(function (p) { node = node[p] = node[p] || {}; });
      node[parts[parts.length - 1]] = upd[key];
    });
    var data = hasScale(gd) ? gd.data.map(function (trace, i) {
      return i === 0 ? Object.assign({}, trace, { showscale: false }) : trace;
    }) : gd.data;
    return window.Plotly.react(gd, data, layout);
  }
  function fitPhone(gd) {
    if (!window.Plotly || window.innerWidth > PHONE_MAX || !gd._fullLayout) { return; }
    if (document.documentElement.classList.contains("kgm-print")) { return; }  // laid out for paper (40-print.js)
    if (gd._kgmFitting) { gd._kgmAgain = true; return; }  // a redraw during a fit: fit again after it
    gd._kgmFitting = true;
    gd._kgmAgain = false;
    var done = function () {
      gd._kgmFitting = false;
      if (gd._kgmAgain) { setTimeout(function () { fitPhone(gd); }, 0); return; }
      gd.setAttribute("data-kgm-phone-fit", String(gd._fullLayout.height));
    };
    var texts = phoneTexts(gd, gd._fullLayout.width, gd._fullLayout.margin.l);
    var step = Object.keys(texts).length ? redraw(gd, texts) : Promise.resolve();
    step.then(function () {
      var box = phoneBox(gd);
      if (!Object.keys(box).length) { return null; }
      // the graph's own box too: a responsive graph sizes itself to it on every resize (else it snaps back)
      gd.style.height = box.height + "px";
      return redraw(gd, box);
    }).then(done, done);
  }
  function hookPhones() {
    if (!window.Plotly || window.innerWidth > PHONE_MAX) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (!gd._kgmHooked && gd.on) {
        gd._kgmHooked = true;
        gd.on("plotly_afterplot", function () { setTimeout(function () { fitPhone(gd); }, 0); });
        fitPhone(gd);
      }
    });
  }
  setInterval(hookPhones, 500);

  // Accessibility repairs for Dash 4 markup (checked with axe-core in the browser tests):
  // radio groups are rendered as role=listbox holding role=option labels that contain real radio inputs
  // (nested interactive, unnamed); the slider thumb has no name; a dropdown's hidden focus target is focusable.
  function repair(root) {
    root.querySelectorAll(".dash-options-list-option").forEach(function (el) {
      // only radio groups and checklists; a dropdown's options stay options (they hold a checkbox too)
      if (el.closest(".dash-dropdown-content, .dash-dropdown, [class*='dropdown']")) { return; }
      if (!el.querySelector("input[type='radio'], input[type='checkbox']")) { return; }
      if (el.hasAttribute("role")) { el.removeAttribute("role"); }
      if (el.hasAttribute("aria-selected")) { el.removeAttribute("aria-selected"); }
    });
    root.querySelectorAll("[role='listbox'][id]").forEach(function (el) {
      if (el.closest(".dash-dropdown-content, .dash-dropdown") || el.classList.contains("dash-dropdown-options")) {
        return;
      }
      if (el.querySelector("input[type='radio'], input[type='checkbox']")) {
        el.setAttribute("role", el.querySelector("input[type='radio']") ? "radiogroup" : "group");
      }
    });
    root.querySelectorAll("[role='radiogroup'][id], [role='group'][id], [role='listbox'][id]").forEach(function (el) {
      var label = document.getElementById(el.id + "-label");
      if (label && !el.hasAttribute("aria-labelledby")) { el.setAttribute("aria-labelledby", label.id); }
    });
    root.querySelectorAll(".dash-slider-thumb").forEach(function (el) {
      var wrap = el.closest("[id]");
      var label = wrap && document.getElementById(wrap.id + "-label");
      if (label && !el.hasAttribute("aria-labelledby")) { el.setAttribute("aria-labelledby", label.id); }
    });
    // a dropdown's tab stop is a hidden input marked aria-hidden: keep it reachable, name it, stop hiding it
    root.querySelectorAll(".dash-dropdown-focus-target[aria-hidden='true']").forEach(function (el) {
      el.removeAttribute("aria-hidden");
      var field = el.closest(".field");
      var label = field && field.querySelector(".field-label[id]");
      if (label && !el.hasAttribute("aria-labelledby")) { el.setAttribute("aria-labelledby", label.id); }
    });
    // the year slider runs over positions: tell screen readers the year, not the position
    root.querySelectorAll("#f-year [role='slider']").forEach(function (el) {
      var marks = Array.prototype.slice.call(document.querySelectorAll("#f-year .dash-slider-mark"))
        .map(function (m) { return m.textContent.trim(); });
      var year = marks[Number(el.getAttribute("aria-valuenow"))];
      if (year && el.getAttribute("aria-valuetext") !== year) { el.setAttribute("aria-valuetext", year); }
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(function () { pending = false; repair(document); });
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true,
                                         attributeFilter: ["role", "aria-selected", "aria-hidden", "tabindex",
                                                           "aria-valuenow"] });
  // Playing through the years updates the address in place: the first step adds one history entry, the later ones
  // replace it, so one Back press returns to the view Play started from. dcc.Location can only push, so during a
  // play session its pushes become replacements. A session starts with Play and lasts until the reader's next own
  // input once the player has stopped (the last step's address arrives after the player stopped).
  var play = { session: false, running: false, pushed: false };
  var push = window.history.pushState;
  window.history.pushState = function () {
    if (play.session && play.pushed) { return window.history.replaceState.apply(window.history, arguments); }
    play.pushed = play.session;
    return push.apply(window.history, arguments);
  };
  function playing(run) {
    if (run && !play.session) { play.session = true; play.pushed = false; }
    play.running = run;
  }
  function readerInput(e) {
    var onPlay = e.target && e.target.closest && e.target.closest("#play");
    if (!play.running && !onPlay) { play.session = false; }
  }
  window.addEventListener("pointerdown", readerInput, true);
  window.addEventListener("keydown", readerInput, true);
  // Back or Forward while playing pauses the player: the reader left the played view
  window.addEventListener("popstate", function () {
    var button = document.getElementById("play");
    if (play.running && button) { button.click(); }
    play.session = false;
  });
  // A card's route stands out on the map: its line at full strength, the other lines faint. Browser-only (the URL
  // has no word for it), kept across redraws; when no line is the card's country's, every line is drawn as sent.
  var focus = null;
  function mapDiv() { return document.querySelector("#map .js-plotly-plot"); }
  function highlightRoute() {
    var gd = mapDiv();
    if (!gd || !gd.data || !window.Plotly) { return; }
    var countries = gd.data[0] || {}, i = (countries.locations || []).indexOf(focus);
    var name = focus && i >= 0 && countries.customdata ? countries.customdata[i][0] + ": " : null;
    var lines = [], opacity = [];
    gd.data.forEach(function (tr, j) {
      // the flow lines: named lines, not in the legend (the legend's width key is not a route)
      if (tr.type === "scattergeo" && String(tr.mode).indexOf("lines") >= 0 && tr.name && tr.showlegend !== true) {
        lines.push(j); opacity.push(name && tr.name.indexOf(name) === 0 ? 1 : 0.25);
      }
    });
    if (opacity.indexOf(1) < 0) { opacity = opacity.map(function () { return 1; }); }
    var same = lines.every(function (j, k) {
      return (gd.data[j].opacity === undefined ? 1 : gd.data[j].opacity) === opacity[k];
    });
    if (lines.length && !same) { window.Plotly.restyle(gd, { opacity: opacity }, lines); }
  }
  function focusRoute(iso) {
    focus = iso;
    var gd = mapDiv();
    if (gd && gd.on && !gd._kgmFocus) { gd._kgmFocus = true; gd.on("plotly_afterplot", highlightRoute); }
    highlightRoute();
  }
  // the destinations with a figure on the map (its country layer), largest first: the flows of an empty choice
  // are the first MAX_FLOWS of them
  function largestOnMap() {
    var gd = mapDiv(), tr = gd && gd.data && gd.data[0];
    if (!tr || tr.type !== "choropleth" || !tr.z) { return []; }
    return (tr.locations || []).map(function (loc, k) { return [loc, Number(tr.z[k])]; })
      .filter(function (p) { return /^[A-Z]{3}$/.test(p[0]) && p[1] === p[1]; })
      .sort(function (a, b) { return b[1] - a[1]; }).map(function (p) { return p[0]; });
  }
  // cheap check; charts are redrawn by callbacks at unknown times
  return { copyText: copyText, copyFromButtons: copyFromButtons, nativeShare: nativeShare, playing: playing,
           focusRoute: focusRoute, largestOnMap: largestOnMap, rewrap: rewrap };
})();
