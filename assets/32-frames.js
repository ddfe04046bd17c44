/* A view's frames (GET /frames, dashboard/frames.py): the server's answer for every year of the view's source,
   fetched once after the view is drawn, so that a year step draws from memory with no request. Kept per view
   without its year (a few views at most); a frame is found only for the view the page shows, in its language. */
window.kgmFrames = (function () {
  var KEEP = 4, held = {}, order = [], asked = {};
  // the view's query without its year: every year of one view shares its frames
  function keyOf(view) {
    if (!view || typeof view.q !== "string") { return null; }
    var rest = view.q.split("&").filter(function (part) { return part && !/^year=/.test(part); });
    return view.lang + "?" + rest.join("&");
  }
  function keep(key, frames) {
    held[key] = frames;
    order = order.filter(function (k) { return k !== key; }).concat([key]);
    while (order.length > KEEP) { delete held[order.shift()]; }
  }
  // asks for the view's frames unless they are held or on their way
  function load(view) {
    var key = keyOf(view);
    if (!key || held[key] || asked[key]) { return; }
    asked[key] = true;
    var url = "/frames?" + (view.q ? view.q + "&" : "") + "lang=" + encodeURIComponent(view.lang);
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (frames) {
      if (frames && frames.lang === view.lang) { keep(key, frames); }
    }).catch(function () {}).then(function () { delete asked[key]; });
  }
  function clone(value) { return JSON.parse(JSON.stringify(value)); }
  // the figure of one frame: the base figure with the frame's assignments applied (figures.diff.apply)
  function figure(base, entry) {
    if (entry.whole) { return clone(entry.whole); }
    var out = clone(base);
    entry.steps.forEach(function (step) {
      var path = step[0], node = out;
      for (var i = 0; i < path.length - 1; i++) { node = node[path[i]]; }
      node[path[path.length - 1]] = clone(step[1]);
    });
    return out;
  }
  function valueAt(value, path) { return path.reduce(function (node, key) { return node[key]; }, value); }
  function assign(path, value) { return { operation: "Assign", location: path, params: { value: clone(value) } }; }
  // The figure as a Dash patch from the frame shown (`shownKey`, a rendered key) to `target`: the paths the shown
  // frame set go back to the base, then the target's are set. Dash applies it to the figure it holds, keeping every
  // part that did not change, so plotly redraws only what did. null: no frame of these is shown (send it whole).
  function patch(frames, name, shownKey, target) {
    var shown = frames.frames.filter(function (f) { return f.rendered === shownKey; })[0];
    var from = shown && shown.figures[name], to = target.figures[name];
    if (!from || from.whole || to.whole) { return null; }
    var set = {};
    to.steps.forEach(function (step) { set[JSON.stringify(step[0])] = true; });
    var ops = from.steps.filter(function (step) { return !set[JSON.stringify(step[0])]; }).map(function (step) {
      return assign(step[0], valueAt(frames.base[name], step[0]));
    }).concat(to.steps.map(function (step) { return assign(step[0], step[1]); }));
    return { __dash_patch_update: "__dash_patch_update", operations: ops };
  }
  // the frame of `view` at `year` (a year label), or null when its frames are not held
  function at(view, year) {
    var frames = held[keyOf(view)];
    if (!frames) { return null; }
    var found = frames.frames.filter(function (f) { return String(f.year) === String(year); })[0];
    if (!found) { return null; }
    return {
      q: found.q, rendered: found.rendered, summaries: found.summaries, cards: found.cards,
      sourcesKey: found.sources, sources: frames.sources[found.sources],
      figure: function (name) { return figure(frames.base[name], found.figures[name]); },
      // what to send for the graph showing `shownKey`: a patch, or the whole figure
      update: function (name, shownKey) {
        return patch(frames, name, shownKey, found) || figure(frames.base[name], found.figures[name]);
      }
    };
  }
  return { load: load, at: at, keyOf: keyOf };
})();
