/* Plotly.react told only what changed (window.Plotly.react, wrapped as plotly.js arrives). plotly.js takes a new object
   in a layout for a change (its "immutable" contract: objects and arrays are compared by identity) and draws the
   whole figure again for a new template or a new list of axis ticks. dcc.Graph hands plotly a deep copy of the
   figure's layout at every update (Graph.react.js getLayout), so each chart Dash was given, even with the figure it
   already showed, was drawn again whole: the official sources' chart in 60-80 ms. Here each part of a new layout equal
   to the part the graph holds is handed over as the graph's own; nothing a caller passed is changed.
   Our layouts keep in meta the words a chart was built from (dashboard/figures/theme.py: for print and export), and
   plotly draws the whole plot again when meta changes, since a text template could read it ("%{meta...}"). None of
   our figures does (tests/unit/test_figure_meta.py), so each graph's meta is one object of this file's, which takes
   the new words in place: plotly sees no change of meta and draws what else changed. Each graph also keeps how long
   its last drawing took (kgmDrawMs, in the call; without what plotly finishes later), so that a year step can plan
   its slices of work (assets/30-callbacks.js kgmStep). A chart's first drawing far from the viewport waits (below). */
(function () {
  var has = Object.prototype.hasOwnProperty;
  function isContainer(value) { return value !== null && typeof value === "object"; }
  // `next` with each part deep-equal to the same part of `held` replaced by held's; `held` itself when all of it is
  function kept(next, held) {
    if (next === held || !isContainer(next) || !isContainer(held) || Array.isArray(next) !== Array.isArray(held)) {
      return next;
    }
    var keys = Object.keys(next), out = Array.isArray(next) ? [] : {};
    var equal = keys.length === Object.keys(held).length, swapped = false;
    keys.forEach(function (key) {
      var value = has.call(held, key) ? kept(next[key], held[key]) : next[key];
      out[key] = value;
      if (value !== next[key]) { swapped = true; }
      if (value !== held[key]) { equal = false; }
    });
    return equal ? held : swapped ? out : next;
  }
  // the graph's own meta object, holding the words of `meta`
  function ownMeta(gd, meta) {
    var own = gd.kgmMeta || (gd.kgmMeta = {});
    Object.keys(own).forEach(function (key) { delete own[key]; });
    return Object.assign(own, meta);
  }
  // An axis plotly ranges itself (autorange) has the range plotly worked out written into the layout it holds; a new
  // layout (Dash's, the server's) has none. In a partial drawing plotly then places annotations and shapes on its
  // default range (a line chart's year label was dropped as off-screen), where a whole drawing works the range out
  // again. So a new axis that sets no range, and does not turn autorange off, takes the range plotly holds.
  var AXIS = /^[xy]axis\d*$/;
  function withRanges(layout, held) {
    var out = layout;
    Object.keys(layout).forEach(function (key) {
      var axis = layout[key], before = held[key];
      if (!AXIS.test(key) || !isContainer(axis) || !isContainer(before) || axis === before) { return; }
      if (axis.range !== undefined || axis.autorange === false || before.range === undefined) { return; }
      if (out === layout) { out = Object.assign({}, layout); }
      out[key] = Object.assign({}, axis, { range: before.range, autorange: axis.autorange === undefined || axis.autorange });
    });
    return out;
  }
  // A map inside the globe paints its sea as its background (dashboard/figures/maps.py destinations_geo). Zoomed out
  // (the modebar's "Zoom out": a projection scale under 1), the globe's edge may show, so its sea is drawn as the
  // globe's disc on white again, as the world frame draws it. Every drawing passes here, dcc.Graph's too, which
  // hands plotly its figure, with the zoom, again after each zoom.
  function seaOnZoomOut(layout) {
    var geo = layout.geo, scale = isContainer(geo) && isContainer(geo.projection) ? geo.projection.scale : undefined;
    if (!isContainer(geo) || geo.showocean !== false || !(scale < 1)) { return layout; }
    var sea = { showocean: true, oceancolor: geo.bgcolor, bgcolor: "white" };
    return Object.assign({}, layout, { geo: Object.assign({}, geo, sea) });
  }
  function layoutFor(gd, layout) {
    if (!gd || !isContainer(layout) || Array.isArray(layout)) { return layout; }
    layout = seaOnZoomOut(layout);
    var out = gd.layout ? withRanges(kept(layout, gd.layout), gd.layout) : layout;
    if (isContainer(out.meta) && !Array.isArray(out.meta) && out.meta !== gd.kgmMeta) {
      out = Object.assign({}, out, { meta: ownMeta(gd, out.meta) });
    }
    return out;
  }
  /* A first drawing far from the viewport (more than FAR_SCREENS screens below or above it) waits until the page's
     other first drawings have settled (the map's countries too, when its borders came late), then for an idle
     moment, one chart at a time; or until the reader comes within a screen of it, or prints. At load the charts
     were all drawn in one task: the ones at the foot of the page held back those the reader sees. The caller gets
     a promise that settles once the chart is drawn (what dcc.Graph waits for before it binds its events); a later
     drawing of a waiting chart replaces its figure. */
  var FAR_SCREENS = 3, waiting = new Map(), settling = [], scheduled = false, observer = null;
  function farAway(el) {
    if (!el || el._fullLayout || el.kgmReleased || !el.getBoundingClientRect) { return false; }
    if (document.documentElement.classList.contains("kgm-print")) { return false; }
    var box = el.getBoundingClientRect(), screen = window.innerHeight;
    return box.width > 0 && Math.max(box.top - screen, -box.bottom) > FAR_SCREENS * screen;
  }
  function drawWaiting(el) {
    var item = waiting.get(el);
    if (!item) { return; }
    waiting.delete(el);
    el.kgmReleased = true;
    el.style.minHeight = "";
    if (observer) { observer.unobserve(el); }
    try {
      Promise.resolve(window.Plotly.react.apply(window.Plotly, item.args)).then(item.resolve, item.reject);
    } catch (error) {
      item.reject(error);
    }
  }
  function idle(fn) {
    return window.requestIdleCallback ? window.requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 50);
  }
  function distance(el) {
    var box = el.getBoundingClientRect();
    return Math.max(0, box.top - window.innerHeight, -box.bottom);
  }
  // the waiting chart nearest the viewport, then the next at the next idle moment
  function drawOneWhenIdle() {
    var nearest = null;
    waiting.forEach(function (item, el) { if (!nearest || distance(el) < distance(nearest)) { nearest = el; } });
    if (!nearest) { return; }
    drawWaiting(nearest);
    if (waiting.size) { idle(drawOneWhenIdle); }
  }
  // once the task that asked for the first drawings is over, all of them have begun: after they settle, when idle
  function afterFirstDrawings() {
    if (scheduled) { return; }
    scheduled = true;
    setTimeout(function () {
      var begun = settling;
      settling = [];
      scheduled = false;
      Promise.all(begun.map(function (drawn) { return drawn.catch(function () {}); })).then(function () {
        idle(drawOneWhenIdle);
      });
    }, 0);
  }
  function watch(el) {
    if (!observer && window.IntersectionObserver) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) { if (entry.isIntersecting) { drawWaiting(entry.target); } });
      }, { rootMargin: "100% 0px" });
    }
    if (observer) { observer.observe(el); }
  }
  // the height a figure asks for (its layout's), kept free for it while it waits, so the page does not grow later
  function heightOf(args) {
    var layout = isContainer(args[1]) && !Array.isArray(args[1]) ? args[1].layout : args[2];
    return isContainer(layout) && typeof layout.height === "number" ? layout.height : null;
  }
  function wait(el, args) {
    var item = waiting.get(el), height = heightOf(args);
    el.style.minHeight = height ? height + "px" : "";
    if (item) { item.args = args; return item.promise; }
    item = { args: args };
    item.promise = new Promise(function (resolve, reject) { item.resolve = resolve; item.reject = reject; });
    waiting.set(el, item);
    watch(el);
    afterFirstDrawings();
    return item.promise;
  }
  // printing takes the page as it is: every waiting chart drawn first (this file's listener runs before the others')
  window.addEventListener("beforeprint", function () { Array.from(waiting.keys()).forEach(drawWaiting); });
  // the graphs whose first drawing waits (the browser tests' "settled" waits for none)
  window.kgmFarCharts = { pending: function () { return Array.from(waiting.keys()); } };

  function wrap(Plotly) {
    if (!Plotly || typeof Plotly.react !== "function" || Plotly.react.kgmKeeps) { return; }
    var react = Plotly.react;
    // react(gd, data, layout, config) or react(gd, {data, layout, frames, config})
    // A partial drawing is one of plotly's less travelled paths: where one throws (plotly.js 4.1.1's map, when its
    // frame was never laid out, has no background to bind its mouse handlers to), the figure is drawn whole instead,
    // from what the caller passed, as it was before this file.
    Plotly.react = function (gd, data, layout) {
      var passed = Array.prototype.slice.call(arguments), args = passed.slice();
      var el = typeof gd === "string" ? document.getElementById(gd) : gd, began = performance.now(), drawn;
      if (waiting.has(el) || farAway(el)) { return wait(el, passed); }
      if (isContainer(data) && !Array.isArray(data)) {
        args[1] = Object.assign({}, data, { layout: layoutFor(el, data.layout) });
      } else if (args.length > 2) {
        args[2] = layoutFor(el, layout);
      }
      try {
        drawn = react.apply(this, args);
      } catch (error) {
        if (args[1] === passed[1] && args[2] === passed[2]) { throw error; }
        drawn = react.apply(this, passed);
      }
      if (el) { el.kgmDrawMs = performance.now() - began; }  // what its last drawing took (kgmStep plans by it)
      if (el && window.kgmKeepMapPaths) { window.kgmKeepMapPaths(el); }  // a map's shapes (16-map-paths-kept.js)
      if (el && !el.kgmDrawnOnce) { el.kgmDrawnOnce = true; settling.push(Promise.resolve(drawn)); }
      return drawn;
    };
    Plotly.react.kgmKeeps = true;
    Plotly.react.kgmPlain = react;  // plotly's own, for a drawing that changes nothing (30-callbacks.js rehearse)
  }
  /* The world map's borders, asked for by the page's head (dashboard/components/page.py WORLD_MAP_ID), are handed
     to plotly.js where it looks before fetching them itself (PlotlyGeoAssets, by the file's name, "world_110m"):
     the map is then drawn whole in its first pass, not its countries in a task after the other charts. If they are
     late or fail, plotly asks for them as before. */
  var worldMap = document.getElementById("kgm-world-map");
  if (worldMap && window.fetch) {
    fetch(worldMap.href).then(function (response) { return response.ok ? response.json() : null; })
      .then(function (borders) {
        var assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
        var name = worldMap.href.split("/").pop().replace(/\.json$/, "");
        assets.topojson = assets.topojson || {};
        if (borders && !assets.topojson[name]) { assets.topojson[name] = borders; }
      }).catch(function () {});
  }
  // plotly.js comes after this file (Dash loads it with the first graph): wrapped as it is set
  var current = window.Plotly;
  wrap(current);
  Object.defineProperty(window, "Plotly", {
    configurable: true, enumerable: true,
    get: function () { return current; },
    set: function (value) { wrap(value); current = value; }
  });
})();
