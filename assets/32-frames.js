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
  // the frame of `view` at `year` (a year label), or null when its frames are not held
  function at(view, year) {
    var frames = held[keyOf(view)];
    if (!frames) { return null; }
    var found = frames.frames.filter(function (f) { return String(f.year) === String(year); })[0];
    if (!found) { return null; }
    return {
      q: found.q, rendered: found.rendered, summaries: found.summaries, cards: found.cards,
      sourcesKey: found.sources, sources: frames.sources[found.sources],
      figure: function (name) { return figure(frames.base[name], found.figures[name]); }
    };
  }
  return { load: load, at: at, keyOf: keyOf };
})();
