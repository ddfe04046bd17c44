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
      if (frames && frames.lang === view.lang) { keep(key, frames); showSources(key, frames); rehearse(); }
      else { askSources(key); }
    }).catch(function () { askSources(key); }).then(function () { delete asked[key]; });
  }
  // a prop as Dash holds it now (its layout store), for the steps no callback carries
  function dashProp(id, prop) {
    var api = window.dash_component_api, node = api && api.getLayout && api.getLayout(id);
    return node && node.props ? node.props[prop] : undefined;
  }
  // whether the page lists no sources yet and still shows the view whose frames are `key`
  function listWanted(key) {
    return !dashProp("sources-rendered", "data") && keyOf(dashProp("view", "data")) === key;
  }
  // The Sources list of the view shown, from its frames, when the page lists none yet: the first layout leaves it
  // out (dashboard/patches.py first_view), so that a first load carries it once. Set as a step from memory sets it.
  function showSources(key, frames) {
    var view = dashProp("view", "data");
    if (!listWanted(key)) { return; }
    var found = frames.frames.filter(function (f) { return (f.q || "") === (view.q || ""); })[0];
    if (!found || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
    window.dash_clientside.set_props("sources", { children: frames.sources[found.sources] });
    window.dash_clientside.set_props("sources-rendered", { data: found.sources });
  }
  // Without the frames, the Sources list of the view shown asked for alone (dashboard/callbacks.py, sources-ask)
  function askSources(key) {
    if (listWanted(key) && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props("sources-ask", { data: Date.now() });
    }
  }
  // A promise kept once the page lists its sources (asked for now if they are not on their way), or after `waitMs`
  // at most: the print button prints the list, not the line that stands for it while it comes.
  function sourcesShown(waitMs) {
    var box = document.getElementById("sources");
    if (!box || box.children.length) { return Promise.resolve(); }
    load(dashProp("view", "data"));
    return new Promise(function (resolve) {
      var observer = new MutationObserver(function () { if (box.children.length) { done(); } });
      var timer = setTimeout(done, waitMs);
      function done() { observer.disconnect(); clearTimeout(timer); resolve(); }
      observer.observe(box, { childList: true });
    });
  }
  // Once the page can step from memory: each chart drawn again from what it holds, which changes nothing, one chart
  // per idle moment, so that plotly's code for a redrawing (its defaults for every part of a figure, most of what a
  // step costs) is compiled before the reader's first step, not during it (input to all three charts about 7 %
  // sooner on a first step). Once a page: a later view's frames find it compiled.
  var rehearsal = null;
  function rehearse() {
    var idle = window.kgmLater.idle;  // defined below this one, called once the frames are in
    if (rehearsal) { return; }
    rehearsal = Array.prototype.slice.call(document.querySelectorAll(".js-plotly-plot"));
    idle(function next() {
      var plain = window.Plotly && window.Plotly.react && window.Plotly.react.kgmPlain, gd = rehearsal.shift();
      if (!plain || !gd) { return; }
      if (gd.isConnected && gd._fullLayout && gd.data && gd.layout) {
        try { plain(gd, gd.data, gd.layout); } catch (error) { /* it stays as drawn */ }
      }
      idle(next);
    });
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
      // what to send for the graph showing `shownKey`: a patch, or the whole figure; null when nothing differs
      update: function (name, shownKey) {
        var step = patch(frames, name, shownKey, found);
        if (step && !step.operations.length) { return null; }
        return step || figure(frames.base[name], found.figures[name]);
      }
    };
  }
  return { load: load, at: at, keyOf: keyOf, sourcesShown: sourcesShown, dashProp: dashProp };
})();

/* Charts hidden from the page wait (kgmLater): a year step drawn from the frames draws the charts on the page
   (kgmStep below), and each hidden one (with its summary) when it comes into view or when the browser is idle. A
   waiting chart keeps its rendered key (what it shows) until it is drawn; a view that has moved on meanwhile (a
   filter answered by the server) drops what waited. Printing draws every waiting chart first. kgmLater also holds
   the helpers both share and the view's followers, set once the step is painted (afterPaint). */
window.kgmLater = (function () {
  var waiting = {}, currentQ = null, observer = null, idleAsked = false, MARGIN = 200;
  function idle(fn) {
    return window.requestIdleCallback ? window.requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(fn, 50);
  }
  function graphDiv(id) { var el = document.getElementById(id); return el && el.querySelector(".js-plotly-plot"); }
  // a summary's text as React keeps it (its one text node), so the reader sees it with its chart
  function setText(id, text) {
    var el = document.getElementById(id);
    if (el && el.firstChild && el.firstChild.nodeType === 3 && el.childNodes.length === 1) {
      el.firstChild.nodeValue = text;
    }
  }
  // in the viewport or within MARGIN px of it; a hidden chart (no box) is not
  function inView(id) {
    var el = document.getElementById(id), box = el && el.getBoundingClientRect();
    return !!box && box.width > 0 && box.bottom > -MARGIN && box.top < window.innerHeight + MARGIN;
  }
  // how far a chart on the page is from the viewport (px; 0 in it), or null when it is hidden (no box)
  function distance(id) {
    var el = document.getElementById(id), box = el && el.getBoundingClientRect();
    if (!box || !box.width) { return null; }
    return Math.max(0, box.top - window.innerHeight, -box.bottom);
  }
  function draw(id) {
    var item = waiting[id];
    delete waiting[id];
    if (observer) { observer.unobserve(document.getElementById(id) || document.body); }
    if (item && item.q === currentQ) { item.draw(window.dash_clientside.set_props); }
  }
  function drawOneWhenIdle() {
    idleAsked = false;
    var ids = Object.keys(waiting);
    if (!ids.length) { return; }
    draw(ids[0]);
    if (ids.length > 1) { askIdle(); }
  }
  function askIdle() {
    if (!idleAsked) { idleAsked = true; idle(drawOneWhenIdle); }
  }
  function watch(id) {
    if (!observer && window.IntersectionObserver) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) { if (entry.isIntersecting) { draw(entry.target.id); } });
      }, { rootMargin: MARGIN + "px 0px" });
    }
    var el = document.getElementById(id);
    if (observer && el) { observer.observe(el); }
  }
  // a graph out of sight: the frame's figure as a patch over `shown` (if anything differs), its rendered key and its
  // summary, to be drawn for the view `q`
  function wait(id, q, frame, shown, renderedId, summaryId) {
    waiting[id] = { q: q, frame: frame, summaryId: summaryId, draw: function (set) {
      var figure = frame.update(id, shown);
      if (figure) { set(id, { figure: figure }); }
      set(renderedId, { data: frame.rendered });
      set(summaryId, { children: frame.summaries[id] });
    } };
    watch(id);
    askIdle();
  }
  // the view the page shows now (a step from the frames, or the server's answer): what waited for another is dropped
  function showing(q) {
    currentQ = q;
    Object.keys(waiting).forEach(function (id) { if (waiting[id].q !== q) { delete waiting[id]; } });
  }
  // before printing (the print takes the page as it is, with no time for Dash to render): every waiting chart drawn
  // now, straight into its graph, and its summary's text set in the text node React keeps; the page's state follows
  // when idle, with the same figure and text
  window.addEventListener("beforeprint", function () {
    Object.keys(waiting).forEach(function (id) {
      var gd = graphDiv(id), item = waiting[id];
      if (!gd || !window.Plotly || item.q !== currentQ) { return; }
      window.Plotly.react(gd, item.frame.figure(id));
      setText(item.summaryId, item.frame.summaries[id]);
    });
  });
  // props set once the browser has painted the step (the view's followers: its links, its frames, open panels), so
  // that they never hold back the frame that shows it; a later step's props replace those still waiting
  var afterPaintProps = {};
  function afterPaint(id, props) {
    var first = !afterPaintProps[id];
    afterPaintProps[id] = props;
    if (!first) { return; }
    window.requestAnimationFrame(function () {
      setTimeout(function () {
        var latest = afterPaintProps[id];
        delete afterPaintProps[id];
        window.dash_clientside.set_props(id, latest);
      }, 0);
    });
  }
  function pending() { return Object.keys(waiting).concat(Object.keys(afterPaintProps)); }
  return { inView: inView, distance: distance, wait: wait, showing: showing, afterPaint: afterPaint, idle: idle,
           pending: pending, graphDiv: graphDiv, setText: setText };
})();

/* A year step from the frames (kgmStep): the charts in view are drawn at once, straight into their graphs with
   plotly (the frame's patch applied over what the graph holds, sharing every part it leaves alone, as Dash applies a
   patch) and their summaries' text set in place; then, after the browser has painted, the other charts on the page
   the same way, nearest first, in slices of work short enough to keep inputs answered; then every prop the step
   changed (the view, the address, figures, rendered keys, summaries, cards, sources) goes to Dash in one go, so that
   Dash's own work on them never holds back a frame that shows the year. Until then, a next step builds on the step's
   view and on what the graphs show, not on Dash's state; a view Dash took meanwhile from the server (another filter)
   drops the step. A chart hidden from the page waits for kgmLater. */
window.kgmStep = (function () {
  var queued = null, drawnKey = {}, fromView = null, soon = {}, soonFrame = null, chain = false;
  var graphDiv = window.kgmLater.graphDiv, setText = window.kgmLater.setText;  // shared with kgmLater
  var dashProp = window.kgmFrames.dashProp;
  function copyOf(node) { return Array.isArray(node) ? node.slice() : Object.assign({}, node); }
  // the figure with a Dash patch's assignments made, every part they leave alone shared, not copied
  function patched(figure, operations) {
    var out = copyOf(figure), fresh = new Set([out]);
    operations.forEach(function (operation) {
      var path = operation.location, node = out;
      for (var i = 0; i < path.length - 1; i++) {
        var child = node[path[i]];
        if (!fresh.has(child)) { child = copyOf(child); node[path[i]] = child; fresh.add(child); }
        node = child;
      }
      node[path[path.length - 1]] = operation.params.value;
    });
    return out;
  }
  // the step to Dash, unless Dash has taken another view since it began (the server's answer to a filter: it holds
  // every panel, so what the step drew is drawn over from Dash's figures)
  function stale() { return dashProp("view", "data") !== fromView; }
  function flush() {
    var props = queued, dropped = stale();
    queued = null;
    drawnKey = {};
    soon = {};
    if (!props || dropped) { return; }
    Object.keys(props).forEach(function (id) { window.dash_clientside.set_props(id, props[id]); });
  }
  // fn once the browser has painted: a task queued from the frame's callback, ahead of the page's other tasks where
  // the browser can rank them (Dash's own work on the slider's value waits in those)
  function afterPaint(fn) {
    window.requestAnimationFrame(function () {
      if (window.scheduler && window.scheduler.postTask) {
        window.scheduler.postTask(fn, { priority: "user-blocking" });
      } else {
        setTimeout(fn, 0);
      }
    });
  }
  // After each paint: the next chart out of sight, or, when none is left, the step to Dash; while the slider's thumb
  // is held, when it is let go (Dash takes the slider's value then too: one address for a drag, not one per year).
  var held = false;
  function next() {
    if (drawSoon()) { afterPaint(next); return; }
    chain = false;
    if (queued && !held) { flush(); }
  }
  function queue(props) {
    if (!queued) { fromView = dashProp("view", "data"); }
    queued = Object.assign(queued || {}, props);
    if (!chain) { chain = true; afterPaint(next); }
  }
  // The charts out of sight drawn at the latest step's year, nearest the viewport first, for up to SLICE_MS of work
  // (then the next after a paint, so that an input is never kept waiting longer); false when none was left. A chart
  // whose drawing is expected (drawMs) to take the slice past SLICE_MS waits for the next slice, unless it is the
  // slice's first.
  var SLICE_MS = 40;
  // A step that moves only a chart's marks (the year's line and label, its title, the words kept in meta) has plotly
  // redraw those alone (plotly.js editTypes "arraydraw" and "layoutstyle"; meta is kept in place by
  // assets/15-plotly-react.js): a few ms, where a change of its data, axes or size draws it whole. Expected: the
  // chart's last drawing of the same kind (kgmMarksMs or kgmDrawMs); a first marks-only one MARKS_MS, not the whole
  // drawing made at load (on the first step, that had each chart out of sight wait for a frame of its own).
  var MARKS = { annotations: true, shapes: true, title: true, meta: true }, MARKS_MS = 8;
  function marksOnly(update) {
    return !!(update && update.operations) && update.operations.every(function (operation) {
      return operation.location[0] === "layout" && MARKS[operation.location[1]] === true;
    });
  }
  function drawMs(gd, update) {
    if (!gd || !update) { return 0; }
    return marksOnly(update) ? (gd.kgmMarksMs || MARKS_MS) : (gd.kgmDrawMs || 0);
  }
  function drawSoon() {
    var later = window.kgmLater, names = Object.keys(soon), start = performance.now();
    if (!names.length || !queued || stale()) { soon = {}; return false; }
    names.sort(function (a, b) { return (later.distance(a) || 0) - (later.distance(b) || 0); });
    for (var i = 0; i < names.length; i++) {
      var update = soonFrame.update(names[i], rendered(names[i]));
      if (i > 0 && performance.now() - start + drawMs(graphDiv(names[i]), update) > SLICE_MS) { break; }
      delete soon[names[i]];
      drawChart(names[i], soonFrame, queued, update);
    }
    return true;
  }
  // the view to step from: the one a step not yet handed to Dash shows, else Dash's
  function view(dashView) { return queued && queued.view ? queued.view.data : dashView; }
  // what a panel shows (its rendered key): as a step not yet handed to Dash drew it, else as Dash holds it
  function shownKey(id, dashKey) { return Object.prototype.hasOwnProperty.call(drawnKey, id) ? drawnKey[id] : dashKey; }
  // the figure as Dash holds it, or as a step not yet handed to Dash left it
  function dashFigure(id) { return queued && queued[id] ? queued[id].figure : dashProp(id, "figure"); }
  // The figure to hand to Dash, or null when nothing differs: Dash's own with the frame's patch applied, exactly as
  // Dash would apply it. It is drawn at once with the layout plotly holds patched the same way (dcc.Graph draws a
  // copy of the layout, with its sizing, and plotly writes its ranges there, never into Dash's figure).
  function drawNow(id, update) {
    var gd = graphDiv(id), base = dashFigure(id);
    if (!update || (update.operations && !base)) { return update; }
    var figure = update.operations ? patched(base, update.operations) : update;
    if (!gd || !gd.layout || !window.Plotly) { return figure; }
    var own = function (value) { return JSON.parse(JSON.stringify(value)); };  // plotly may write into what it draws
    var layout = update.operations ? patched({ layout: gd.layout }, update.operations.filter(function (operation) {
      return operation.location[0] === "layout";
    }).map(function (operation) {
      return { location: operation.location, params: { value: own(operation.params.value) } };
    })).layout : own(figure.layout);
    // the graph's box is the one it was drawn in: plotly is not asked to measure it again (with autosize on, each
    // drawing reads the graph's computed style, a layout of the page that the previous chart's drawing left dirty,
    // about 2 ms a chart); a resize turns autosize on again, and Dash's figure, handed after the step, measures it
    layout = Object.assign({}, layout);
    delete layout.autosize;
    try { window.Plotly.react(gd, figure.data, layout); } catch (error) { return figure; }
    if (marksOnly(update)) { gd.kgmMarksMs = gd.kgmDrawMs; }
    return figure;
  }
  // the charts drawn as figures (the year field's data-panels, dashboard/charts FIGURE_IDS); each has a store of
  // its rendered key "<id>-rendered" and a summary "summary-<id>" (dashboard/callbacks.py PANEL_OUTPUTS)
  function graphs() {
    var el = document.querySelector("[data-panels]");
    return el ? el.getAttribute("data-panels").split(" ").filter(Boolean) : [];
  }
  function rendered(id) { return shownKey(id, dashProp(id + "-rendered", "data")); }
  // one chart at the frame's year, drawn now, with its summary; its props for Dash added to `props`; `update` (what
  // frame.update gives for what the chart shows) when the caller has it already
  function drawChart(name, frame, props, update) {
    var figure = drawNow(name, update === undefined ? frame.update(name, rendered(name)) : update);
    if (figure) { props[name] = { figure: figure }; }
    drawnKey[name] = frame.rendered;
    props[name + "-rendered"] = { data: frame.rendered };
    props["summary-" + name] = { children: frame.summaries[name] };
    setText("summary-" + name, frame.summaries[name]);
  }
  // every panel at the frame's year: the charts in view now, the others on the page after the paint (soon)
  function draw(frame, lang) {
    var q = frame.q || "", later = window.kgmLater, props = {};
    props.view = { data: { q: frame.q, lang: lang } };  // the view before the address: urlGate reads it
    props.url = { search: frame.q ? "?" + frame.q : "" };
    later.showing(q);
    soon = {};
    soonFrame = frame;
    // where each chart is, read before any is drawn (a read after a draw would make the browser lay the page out
    // again first)
    var names = graphs(), inView = names.filter(later.inView), onPage = names.filter(function (name) {
      return later.distance(name) !== null;
    });
    names.forEach(function (name) {
      if (inView.indexOf(name) >= 0) { drawChart(name, frame, props); return; }
      if (onPage.indexOf(name) >= 0) { soon[name] = true; return; }
      later.wait(name, q, frame, rendered(name), name + "-rendered", "summary-" + name);
    });
    props.cards = { children: frame.cards };
    props["cards-rendered"] = { data: frame.rendered };
    if (frame.sourcesKey !== rendered("sources")) {
      props.sources = { children: frame.sources };
      props["sources-rendered"] = { data: frame.sourcesKey };
      drawnKey.sources = frame.sourcesKey;
    }
    queue(props);
  }
  // the year a view shows (its query has none for the latest year, the default)
  function yearOf(view, marks) {
    var match = /(?:^|&)year=(\d+)/.exec((view && view.q) || "");
    var last = Object.keys(marks || {}).length - 1;
    return match ? match[1] : String(((marks || {})[last] || {}).label);
  }
  // the view at the slider's position `value`, drawn from its frames: "drawn", "shown" (the view shows that year
  // already) or "missing" (no frame held: the server answers)
  function stepTo(value, marks, dashView) {
    var year = String(((marks || {})[value] || {}).label), current = view(dashView);
    if (!current || year === yearOf(current, marks)) { return "shown"; }
    var frame = window.kgmFrames.at(current, year);
    if (!frame) { return "missing"; }
    draw(frame, current.lang);
    return "drawn";
  }
  // the slider's position as the reader moves it (its thumb's aria-valuenow, written by React before Dash's
  // callbacks run), drawn at once: a click draws when the button goes down, a drag draws each year it crosses.
  // Dash's callback (yearFromFrames) then finds the year shown. Moves made by Dash (previous / next, Play) come the
  // same way.
  function fromSlider() {
    var thumb = document.querySelector("#f-year [role='slider']");
    if (!thumb) { return; }
    stepTo(Number(thumb.getAttribute("aria-valuenow")), dashProp("f-year", "marks"), dashProp("view", "data"));
  }
  document.addEventListener("pointerdown", function (event) {
    held = !!(event.target && event.target.closest && event.target.closest("#f-year"));
  }, true);
  ["pointerup", "pointercancel", "lostpointercapture"].forEach(function (type) {
    document.addEventListener(type, function () {
      held = false;
      if (queued && !chain) { chain = true; afterPaint(next); }
    }, true);
  });
  new MutationObserver(function (records) {
    if (records.some(function (record) { return record.target.closest && record.target.closest("#f-year"); })) {
      fromSlider();
    }
  }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  // a print before the step has reached Dash: every chart drawn and Dash given the step now, so the cards print at
  // the year the charts show (React renders a store change in a microtask, before the browser lays the page out)
  window.addEventListener("beforeprint", function () {
    while (drawSoon()) { /* each chart still to draw */ }
    if (queued) { flush(); }
  });
  function pending() { return queued ? Object.keys(queued).concat(Object.keys(soon)) : []; }
  return { stepTo: stepTo, yearOf: yearOf, pending: pending };
})();

/* The page's clientside callbacks (dashboard/callbacks.py wires them with ClientsideFunction("kgm", name)): steps that
   need no data run in the browser, with no request. Served as a file from 'self', so the Content-Security-Policy
   needs no hash for them. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.kgm = (function () {
  var noUpdate = function () { return window.dash_clientside.no_update; };
  var MAX_DEST = 8, MAX_FLOWS = 10;  // state.MAX_DEST, figures.maps.MAX_FLOWS
  return {
    // a card shows its route on the flows map and highlights it (window.kgm.focusRoute), keeping the destinations
    // already chosen: its country is added when missing. With none chosen the largest are drawn, and stay so; only
    // when the card's country has a figure but is not among them do they become a list (the largest, plus it).
    cardRoute: function (clicks, dest) {
      var ctx = window.dash_clientside.callback_context;
      var id = ctx.triggered_id;
      if (!id || !ctx.triggered.length || !ctx.triggered[0].value) {
        return [noUpdate(), noUpdate()];
      }
      var chosen = Array.isArray(dest) ? dest : [], next = noUpdate();
      if (chosen.length && chosen.indexOf(id.key) < 0) {
        next = chosen.concat([id.key]);
      } else if (!chosen.length) {
        var ranked = window.kgm.largestOnMap();  // no figure there (not ranked): no line to draw, nothing to add
        if (ranked.indexOf(id.key) >= MAX_FLOWS) { next = ranked.slice(0, MAX_DEST - 1).concat([id.key]); }
      }
      window.kgm.focusRoute(id.key);
      return [next, 'flows'];
    },
    // an open share or table panel (odd click count) is re-opened (+2) so its texts follow the new view
    reopenPanels: function (view) {
      var clicks = Array.prototype.slice.call(arguments, 1);
      return clicks.map(function (count) { return (count || 0) % 2 === 1 ? count + 2 : noUpdate(); });
    },
    // link to the view, print footer and language links (one output per language, ids "lang-<code>")
    viewLinks: function (view, version, footerText) {
      if (!view) { return noUpdate(); }
      var q = view.q || '';
      var pinned = q.includes('v=') ? q : (q ? q + '&' : '') + 'v=' + encodeURIComponent(version);
      var url = window.location.origin + '/' + view.lang + '/?' + pinned;
      var langOutputs = window.dash_clientside.callback_context.outputs_list.slice(2);
      var langs = langOutputs.map(function (out) { return '/' + out.id.replace(/^lang-/, '') + '/' + (q ? '?' + q : ''); });
      return [url, footerText + ' · ' + url].concat(langs);
    },
    // the page tools' "Briefing (PowerPoint)" and "Briefing pack (zip)": the view's deck in its language and the
    // pack in all three, both pinned to the data version shown
    briefingHref: function (view, version) {
      if (!view) { return [noUpdate(), noUpdate()]; }
      var q = view.q || '';
      var pinned = q.includes('v=') ? q : (q ? q + '&' : '') + 'v=' + encodeURIComponent(version);
      return ['/download/briefing.pptx?' + pinned + '&lang=' + encodeURIComponent(view.lang),
              '/download/briefing.zip?' + pinned];
    },
    // the address changed: the server reads it (back / forward), unless it is the view the page shows already (the
    // page itself wrote it, after a step drawn from memory): then nothing is asked. On page load the URL sync runs
    // by itself.
    urlGate: function (search, view) {
      if (!window.dash_clientside.callback_context.triggered_id) { return noUpdate(); }
      var parts = function (q) { return q.split('&').filter(Boolean).sort().join('&'); };  // in any order
      if (view && parts((search || '').replace(/^\?/, '')) === parts(view.q || '')) { return noUpdate(); }
      return Date.now();
    },
    // the view, once the browser has painted it (view-shown): what follows the view listens to that
    viewShown: function (view) {
      if (view) { window.kgmLater.showing(view.q || ""); }  // at once: what waited for another view is dropped
      window.kgmLater.afterPaint('view-shown', { data: view });
      return noUpdate();
    },
    // the view's frames (kgmFrames, above) are fetched once the page is idle after drawing it
    loadFrames: function (view) {
      var later = window.requestIdleCallback || function (fn) { return setTimeout(fn, 200); };
      if (view) { later(function () { window.kgmFrames.load(view); }, { timeout: 2000 }); }
      return window.kgmFrames.keyOf(view);
    },
    // a year step (slider, arrow keys, previous / next, Play) draws the view's frame for that year from memory
    // (kgmStep, which has mostly drawn it already, as the slider moved): the address (history as before), the view
    // and every panel, as the server would answer. With no frame held, the server is asked (year-ask).
    yearFromFrames: function (value, marks, view) {
      return window.kgmStep.stepTo(value, marks, view) === "missing" ? Date.now() : noUpdate();
    },
    // the year slider's previous / next buttons
    stepYear: function (prevClicks, nextClicks, value, marks) {
      var count = Object.keys(marks || {}).length;
      var id = window.dash_clientside.callback_context.triggered_id;
      if (!count) { return noUpdate(); }
      var step = Number(value) + (id === 'year-prev' ? -1 : 1);
      return Math.min(Math.max(step, 0), count - 1);
    },
    copy: function (clicks) { return window.kgm.copyFromButtons(clicks); },
    print: function (clicks) {
      if (clicks) { window.kgmFrames.sourcesShown(3000).then(function () { window.print(); }); }
      return noUpdate();
    },
    nativeShare: function (clicks, url) { return window.kgm.nativeShare(clicks, url); },
    mapPanelClass: function (layer) {
      if (layer && layer !== 'flows') { window.kgm.focusRoute(null); }  // a card's highlight lasts while flows show
      return 'panel panel-map layer-' + (layer || 'destinations');
    },
    // Play / pause, and each tick of the player: the next published year, stopping at the last one (the button
    // turns back to play and the status line says it stopped there); Play at the last year starts from the first.
    // The button's name, title and symbol follow its state, in the page's language (its data-play / data-pause).
    // While it plays, its steps replace the history entry instead of adding one each (window.kgm.playing).
    player: function (clicks, ticks, stopped, value, marks, view) {
      var count = Object.keys(marks || {}).length;
      var words = (document.getElementById('play') || { dataset: {} }).dataset;
      // a click and a tick that arrive together come as one call: the click wins
      var tick = !window.dash_clientside.callback_context.triggered.some(function (t) {
        return t.prop_id === 'play.n_clicks';
      });
      var i = Number(value), year = noUpdate(), status = noUpdate(), run;
      if (tick) {
        // a tick queued before a pause; or the server has not yet answered the last step (a slow link): wait, so
        // every year is shown instead of the player running ahead of the page
        if (stopped || !count || window.kgmStep.yearOf(view, marks) !== String((marks[i] || {}).label)) {
          return [0, 1, 2, 3, 4, 5, 6].map(noUpdate);
        }
        year = Math.min(i + 1, count - 1);
        run = year < count - 1;
        if (!run) { status = (words.ended || '{year}').replace('{year}', (marks[year] || {}).label || ''); }
      } else {
        run = !!stopped;
        if (run && i >= count - 1) { year = 0; }
        status = '';
      }
      window.kgm.playing(run);
      var name = run ? words.pause : words.play;
      return [!run, run ? '\u23f8' : '\u25b6', run ? 'true' : 'false', name, name, year, status];
    },
    // the "stopped at the last year" line goes once the reader moves to another year
    playStatus: function (value, marks, stopped, status) {
      var last = Object.keys(marks || {}).length - 1;
      return status && (!stopped || Number(value) !== last) ? '' : noUpdate();
    }
  };
})();
