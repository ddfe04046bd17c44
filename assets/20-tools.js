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
      if (target === triggered && el) {
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
  // Printing: plotly draws at the screen width; redraw each chart at the paper width, then back.
  function eachGraph(fn) {
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) { if (window.Plotly) { fn(gd); } });
  }
  window.addEventListener("beforeprint", function () {
    eachGraph(function (gd) { window.Plotly.relayout(gd, { width: 680 }); });
  });
  window.addEventListener("afterprint", function () {
    eachGraph(function (gd) { window.Plotly.relayout(gd, { width: null, autosize: true }); });
  });
  // Phones: the destinations map is drawn for a wide panel; zoom in so Kyrgyzstan and its neighbours stay legible.
  function fitSmallScreens() {
    if (!window.Plotly || window.innerWidth > 600) { return; }
    document.querySelectorAll("#map .js-plotly-plot, #embed-graph .js-plotly-plot").forEach(function (gd) {
      var geo = gd.layout && gd.layout.geo;
      if (geo && geo.projection && geo.projection.type === "azimuthal equidistant" && geo.projection.scale < 4.5) {
        window.Plotly.relayout(gd, { "geo.projection.scale": 4.5 });
      }
      // a colour bar takes a third of a phone's width: drop it (values are in the hover, summary and table)
      if (gd.data && gd.data[0] && gd.data[0].showscale !== false && gd.data[0].colorbar) {
        window.Plotly.restyle(gd, { showscale: false }, [0]);
        window.Plotly.relayout(gd, { "geo.domain.x": [0, 1] });
      }
    });
  }
  setInterval(fitSmallScreens, 1500);

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
  // cheap check; charts are redrawn by callbacks at unknown times
  return { copyText: copyText, copyFromButtons: copyFromButtons, nativeShare: nativeShare };
})();
