/* The year-range control's words ("2015–2024", or "All years: 1960–2026" at the full extent), written as the
   handles move, with no request: the templates come translated from the element's data attributes
   (components/controls.py range_control), so this script has no catalog of its own. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.kgm = Object.assign(window.dash_clientside.kgm || {}, {
  rangeWords: function (value, min, max) {
    var el = document.getElementById("f-range-words");
    if (!el || !Array.isArray(value) || value.length !== 2) { return window.dash_clientside.no_update; }
    var all = value[0] === min && value[1] === max;
    var template = (all ? el.dataset.all : el.dataset.range) || "{start}–{end}";
    return template.replace("{start}", String(value[0])).replace("{end}", String(value[1]));
  }
});
/* Each handle's name: the control's label and which end it moves ("Years shown in the time series, first year"),
   in the page's language (hidden spans beside the control), instead of Dash's English "Minimum"/"Maximum". */
(function () {
  var ENDS = ["f-range-first", "f-range-last"];
  function name() {
    document.querySelectorAll("#f-range [role='slider']").forEach(function (el, i) {
      var names = "f-range-label " + ENDS[Math.min(i, 1)];
      if (el.getAttribute("aria-labelledby") !== names) { el.setAttribute("aria-labelledby", names); }
      if (el.hasAttribute("aria-label")) { el.removeAttribute("aria-label"); }
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(function () { pending = false; name(); });
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true,
                                         attributeFilter: ["aria-labelledby", "aria-label"] });
})();
