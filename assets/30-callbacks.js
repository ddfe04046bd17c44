/* The page's clientside callbacks (dashboard/callbacks.py wires them with ClientsideFunction("kgm", name)): steps that
   need no data run in the browser, with no request. Served as a file from 'self', so the Content-Security-Policy
   needs no hash for them. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.kgm = (function () {
  var noUpdate = function () { return window.dash_clientside.no_update; };
  return {
    // a card shows its route: dest = that country, layer = flows
    cardRoute: function (clicks) {
      var ctx = window.dash_clientside.callback_context;
      var id = ctx.triggered_id;
      if (!id || !ctx.triggered.length || !ctx.triggered[0].value) {
        return [noUpdate(), noUpdate()];
      }
      return [[id.key], 'flows'];
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
    // the year slider's previous / next buttons
    stepYear: function (prevClicks, nextClicks, value, marks) {
      var count = Object.keys(marks || {}).length;
      var id = window.dash_clientside.callback_context.triggered_id;
      if (!count) { return noUpdate(); }
      var step = Number(value) + (id === 'year-prev' ? -1 : 1);
      return Math.min(Math.max(step, 0), count - 1);
    },
    copy: function (clicks) { return window.kgm.copyFromButtons(clicks); },
    print: function (clicks) { if (clicks) { window.print(); } return noUpdate(); },
    nativeShare: function (clicks, url) { return window.kgm.nativeShare(clicks, url); },
    mapPanelClass: function (layer) { return 'panel panel-map layer-' + (layer || 'destinations'); },
    // Play / pause: the timer runs while playing; the button's symbol and aria-pressed follow
    togglePlay: function (clicks, disabled) {
      return [!disabled, disabled ? '\u23f8' : '\u25b6', disabled ? 'true' : 'false'];
    },
    // one tick of the player: the next year, back to the first after the last
    playStep: function (ticks, value, marks) {
      var years = Object.keys(marks || {}).map(Number).sort(function (a, b) { return a - b; });
      if (!years.length) { return noUpdate(); }
      var i = years.indexOf(Number(value));
      return years[(i + 1) % years.length];
    }
  };
})();
