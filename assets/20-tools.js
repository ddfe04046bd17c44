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
        copyText(el.value !== undefined ? el.value : el.textContent);
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
  return { copyText: copyText, copyFromButtons: copyFromButtons, nativeShare: nativeShare };
})();
