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
   its slices of work (assets/30-callbacks.js kgmStep). */
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
      return drawn;
    };
    Plotly.react.kgmKeeps = true;
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
