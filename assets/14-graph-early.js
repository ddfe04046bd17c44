/* dcc.Graph loads its code (async-graph.js) and plotly.js only when React first renders a graph, once Dash has
   fetched the layout: the graphs are first committed as empty placeholders, and drawn after both scripts have come
   in and run. Here their loading starts as soon as Dash's scripts have run (DOMContentLoaded), so the scripts run
   while Dash fetches and lays out the page, and the charts are drawn sooner (README, Performance).
   dcc starts that loading itself, through a React.lazy inside its Graph (dash_core_components Graph.react.js: the
   Graph renders ControlledPlotlyGraph, a memo whose Suspense holds the lazy RealPlotlyGraph). Calling the lazy's
   initializer runs dcc's own loader, once; React then finds it done or under way. A dcc of another shape is left
   alone and loads as before. The embeds load Dash's scripts, this one among them, only when they go live
   (55-embed-live.js), after DOMContentLoaded: there this does nothing, and the embed loads the bundle its chart
   needs. */
(function () {
  // dcc.Graph's lazy component, or null when dcc is not there or not of the shape this file knows
  function graphLoader() {
    var Graph = window.dash_core_components && window.dash_core_components.Graph;
    if (!Graph || !Graph.prototype || typeof Graph.prototype.render !== "function") { return null; }
    var element = Graph.prototype.render.call({ props: {}, state: { prependData: [], extendData: [] } });
    var memo = element && element.type;
    var suspense = memo && typeof memo.type === "function" ? memo.type({ id: "", className: "" }) : null;
    var lazy = suspense && suspense.props && suspense.props.children && suspense.props.children.type;
    return lazy && typeof lazy._init === "function" && lazy._payload ? lazy : null;
  }
  // where dcc's loader takes plotly.js from: what Dash's renderer sets when it mounts, worked out the same way
  var PLOTLY_PATH = "_dash-component-suites/plotly/package_data/plotly.min.js";
  function plotlyUrl() {
    var config = JSON.parse(document.getElementById("_dash-config").textContent);
    return config.serve_locally ? config.requests_pathname_prefix + PLOTLY_PATH : config.plotlyjs_url;
  }
  document.addEventListener("DOMContentLoaded", function () {
    try {
      var lazy = graphLoader();
      if (!lazy) { return; }
      window._dashPlotlyJSURL = window._dashPlotlyJSURL || plotlyUrl();
      if (window._dashPlotlyJSURL) { lazy._init(lazy._payload); }
    } catch (pendingOrUnknown) {
      // React's initializer throws the loading's promise while it is under way; anything else: Dash loads as before
    }
  });
})();
