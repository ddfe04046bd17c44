/* Embeds tell the page that frames them how tall they are, so the host's iframe can fit them (as Datawrapper and
   Flourish embeds do). Message: {"kgm-embed": {"height": <px>, "chart": "<id>"}}, posted to the parent on load,
   on resize and whenever the content changes size (Dash re-renders, the phone fit in 20-tools.js redraws a chart).
   It only sends: nothing from the parent is read or trusted. The host page runs /embed.js to apply the height.
   Loaded by the embeds' pages only (dashboard/dash_app.py EMBED_ONLY_ASSETS); it does nothing outside a frame. */
(function () {
  var match = /^\/[a-z]{2}\/embed\/([a-z]+)\/?$/.exec(window.location.pathname);
  if (!match || window.parent === window) { return; }
  var chart = match[1], queued = false, last = 0;
  // the content's own height, not the viewport's: a frame taller than its content must be able to shrink
  function height() {
    var body = document.body, style = window.getComputedStyle(body);
    return Math.ceil(body.getBoundingClientRect().height + parseFloat(style.marginTop) +
                     parseFloat(style.marginBottom));
  }
  // only a height and our chart's id: nothing private, so any parent may hear it ("*")
  function send(again) {
    queued = false;
    var h = height();
    if (h > 0 && (h !== last || again)) {
      last = h;
      window.parent.postMessage({ "kgm-embed": { height: h, chart: chart } }, "*");
    }
  }
  // timers, not animation frames: a browser pauses those in frames scrolled out of view
  function schedule() {
    if (!queued) { queued = true; setTimeout(function () { send(false); }, 50); }
  }
  window.addEventListener("load", schedule);
  window.addEventListener("resize", schedule);
  // Dash re-rendering the chart, a redrawn figure, a late web font: anything that changes the content's size
  if (window.ResizeObserver) {
    new window.ResizeObserver(schedule).observe(document.body);
  } else {
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  }
  // a host script that starts after the first messages (it loads async, beside the frame) still hears these
  [1000, 3000, 8000].forEach(function (ms) { setTimeout(function () { send(true); }, ms); });
  schedule();
})();
