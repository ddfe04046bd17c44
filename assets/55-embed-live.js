/* An embed opens on the server's picture of its chart (dashboard/embed_static.py): drawn with no script at all.
   This makes it live: on the first pointer, touch, focus or key, or when the browser is idle (at the latest a few
   seconds after load), it loads the plotly.js bundle the chart needs (the geo bundle only for a map) and Dash's
   scripts, in their order, starts Dash's renderer, and swaps the picture for the live graph once that is drawn
   (on a phone, once 20-tools.js has refitted it). The picture stays until then, so nothing blinks or jumps.
   Loaded by the embeds' pages only (dashboard/dash_app.py EMBED_ONLY_ASSETS).
   The document's data-embed attribute says where it is: "static", "loading", "live". */
(function () {
  var listEl = document.getElementById("embed-live");
  var staticEl = document.getElementById("embed-static");
  if (!listEl || !staticEl || window.kgmEmbedLive) { return; }
  window.kgmEmbedLive = true;
  var root = document.documentElement, started = false;
  var EVENTS = ["pointerdown", "pointermove", "touchstart", "focusin", "keydown", "wheel"];
  var IDLE_TIMEOUT_MS = 4000, PHONE_MAX = 600, FIT_WAIT_MS = 3000;
  root.setAttribute("data-embed", "static");

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = src;
      el.async = false;  // in the order given: React before the renderer, the renderer before the components
      el.onload = resolve;
      el.onerror = function () { reject(new Error("could not load " + src)); };
      document.body.appendChild(el);
    });
  }
  function drawn() {
    var gd = document.querySelector("#react-entry-point .js-plotly-plot");
    return gd && gd.querySelector(".main-svg") ? gd : null;
  }
  function swap() {
    if (!staticEl.parentNode) { return; }
    staticEl.parentNode.removeChild(staticEl);
    root.setAttribute("data-embed", "live");
  }
  // the live graph is drawn (and on a phone refitted): the picture goes, the graph takes its place
  function watch() {
    var since = null;
    var timer = setInterval(function () {
      var gd = drawn();
      if (!gd) { return; }
      since = since || Date.now();
      var phone = window.innerWidth <= PHONE_MAX;
      if (!phone || gd.hasAttribute("data-kgm-phone-fit") || Date.now() - since > FIT_WAIT_MS) {
        clearInterval(timer);
        swap();
      }
    }, 50);
  }
  function goLive() {
    if (started) { return; }
    started = true;
    EVENTS.forEach(function (name) { document.removeEventListener(name, goLive, true); });
    root.setAttribute("data-embed", "loading");
    var scripts = Array.prototype.map.call(listEl.content.querySelectorAll("script"), function (el) {
      return el.getAttribute("src");
    });
    // plotly.js first and beside Dash's scripts: dcc's graph uses window.Plotly when it is there
    var plotly = loadScript(listEl.getAttribute("data-plotly"));
    Promise.all([plotly].concat(scripts.map(loadScript))).then(function () {
      watch();
      window.renderer = new window.DashRenderer();
    }).catch(function () {
      root.setAttribute("data-embed", "static");  // the picture stays: the embed is still readable
    });
  }
  EVENTS.forEach(function (name) { document.addEventListener(name, goLive, { capture: true, passive: true }); });
  function whenIdle() {
    if (window.requestIdleCallback) {
      window.requestIdleCallback(goLive, { timeout: IDLE_TIMEOUT_MS });
    } else {
      setTimeout(goLive, 1000);
    }
  }
  if (document.readyState === "complete") { whenIdle(); } else { window.addEventListener("load", whenIdle); }
})();
