/* A map's shapes projected once per view of the globe, not at every drawing. plotly.js (4.1.1, its geo subplot's
   _render) projects every shape it shows again whenever it draws the map, for a year step's new colours too: the
   land and the countries' borders (150 KB of path), each country it colours, the distance rings; that was most of a
   map's drawing, and the browser then parses each path again. A path depends only on what it outlines and on the
   projection (its scale, translate, rotation, clipping...): a border on the world's outlines plotly holds (the
   topojson) and its layer, a country or a ring on its GeoJSON. So each path keeps the key of what it was drawn from,
   and a drawing with the same key leaves it as it is. A zoom, a pan or a new frame changes the projection, hence
   every key, and all is projected again; the grid lines (lonaxis, lataxis) depend on the layout too and are always
   drawn. plotly's Geo prototype is reached through the first map drawn (gd._fullLayout[geo id]._subplot). */
window.kgmKeepMapPaths = (function () {
  // a projection's type (the map's layout's) and state, as d3-geo's getters give it; those it lacks are null
  var GETTERS = ["scale", "translate", "rotate", "center", "clipAngle", "clipExtent", "precision", "parallels",
                 "angle", "reflectX", "reflectY", "distance", "tilt"];
  var GRID = { lonaxis: true, lataxis: true };
  var worlds = new WeakMap(), worldCount = 0;
  function projectionKey(subplot) {
    var projection = subplot.projection, full = subplot.graphDiv && subplot.graphDiv._fullLayout;
    var geo = full && full[subplot.id], type = geo && geo.projection ? geo.projection.type : null;
    return JSON.stringify([type].concat(GETTERS.map(function (name) {
      return typeof projection[name] === "function" ? projection[name]() : null;
    })));
  }
  // the world's outlines plotly holds, by identity (a new file, or another resolution, is another world)
  function worldKey(topojson) {
    if (!topojson || typeof topojson !== "object") { return "none"; }
    if (!worlds.has(topojson)) { worlds.set(topojson, ++worldCount); }
    return String(worlds.get(topojson));
  }
  // Each group of paths _render draws (plotly's basePaths and dataPaths: d3 selections by name), with the key of
  // what a path in it is drawn from, given its datum
  function pathGroups(subplot) {
    var projection = projectionKey(subplot), world = worldKey(subplot.topojson), groups = [];
    Object.keys(subplot.basePaths || {}).forEach(function (name) {
      if (GRID[name]) { return; }
      groups.push({ holder: subplot.basePaths, name: name,
                    keyOf: function () { return projection + "|" + world + "|" + name; } });
    });
    Object.keys(subplot.dataPaths || {}).forEach(function (name) {
      groups.push({ holder: subplot.dataPaths, name: name,
                    keyOf: function (datum) { return projection + "|" + JSON.stringify(datum && datum.geojson); } });
    });
    return groups.filter(function (group) {
      var selection = group.holder[group.name];
      return selection && typeof selection.filter === "function" && typeof selection.each === "function";
    });
  }
  function keep(proto) {
    var render = proto._render;
    // plotly's drawing, handed for each group only the paths whose key changed; every path then keeps its key
    proto._render = function () {
      var groups = pathGroups(this), stamps = [];
      groups.forEach(function (group) {
        group.all = group.holder[group.name];
        group.holder[group.name] = group.all.filter(function (datum) {
          var key = group.keyOf(datum);
          stamps.push([this, key]);
          return this.kgmDrawnFrom !== key || this.getAttribute("d") === null;
        });
      });
      var drawn;
      try {
        drawn = render.apply(this, arguments);
      } finally {
        groups.forEach(function (group) { group.holder[group.name] = group.all; });
      }
      stamps.forEach(function (stamp) { stamp[0].kgmDrawnFrom = stamp[1]; });
      return drawn;
    };
    proto._render.kgmKeepsPaths = true;
  }
  // plotly's Geo prototype kept from now on (once), and each path of the maps `gd` holds that was drawn before
  // that given its key: with the projection and data the map holds, which are those it was drawn with, since plotly
  // sets a new projection, binds new data and draws with them in one call (Geo.update)
  function keepIn(gd) {
    var full = gd._fullLayout, ids = (full && full._subplots && full._subplots.geo) || [];
    ids.forEach(function (id) {
      var subplot = full[id] && full[id]._subplot;
      if (!subplot || !subplot.projection || typeof subplot._render !== "function") { return; }
      var proto = Object.getPrototypeOf(subplot);
      if (!proto._render.kgmKeepsPaths) { keep(proto); }
      pathGroups(subplot).forEach(function (group) {
        group.holder[group.name].each(function (datum) {
          if (this.kgmDrawnFrom === undefined && this.getAttribute("d") !== null) {
            this.kgmDrawnFrom = group.keyOf(datum);
          }
        });
      });
    });
  }
  // after each drawing of `gd` (assets/15-plotly-react.js), and after plotly has finished it (a map's first drawing
  // creates its subplot after the call returns): the map's next drawing, the first year step's, keeps its paths
  return function (gd) {
    if (!gd) { return; }
    keepIn(gd);
    if (!gd.kgmMapPathsWatched && typeof gd.on === "function") {
      gd.kgmMapPathsWatched = true;
      gd.on("plotly_afterplot", function () { keepIn(gd); });
    }
  };
})();
