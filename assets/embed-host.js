/* For the pages that embed our charts (a news site, a blog), not for the dashboard itself: the share panel's embed
   code loads this file beside its iframe. Each embed posts its content height ({"kgm-embed": {"height", "chart"}},
   see 50-embed.js); this sets the matching iframe to it, so the chart is never cut and leaves no empty band, at any
   width. Without this script the iframe keeps its height attribute, the chart's height on a phone.
   Only our own embeds are believed: the message must come from the window of an iframe on this page (event.source)
   whose address is an embed on the server this file came from (event.origin). Nothing else on the page is touched.
   No page of the dashboard loads it (dashboard/dash_app.py HOST_ONLY_ASSETS). */
(function () {
  var script = document.currentScript;
  var ours = script && script.src ? new URL(script.src, document.baseURI).origin : null;
  if (!ours) { return; }
  window.kgmEmbedHosts = window.kgmEmbedHosts || {};
  if (window.kgmEmbedHosts[ours]) { return; }  // every embed code loads it: listen once per dashboard
  window.kgmEmbedHosts[ours] = true;
  var EMBED_PATH = /^\/[a-z]{2}\/embed\/([a-z]+)\/?$/;
  function frameOf(source) {
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) { return frames[i]; }
    }
    return null;
  }
  window.addEventListener("message", function (event) {
    var data = event.data && typeof event.data === "object" ? event.data["kgm-embed"] : null;
    if (!data || event.origin !== ours) { return; }
    var frame = frameOf(event.source);
    if (!frame) { return; }
    var src;
    try { src = new URL(frame.src, document.baseURI); } catch (e) { return; }
    var path = EMBED_PATH.exec(src.pathname);
    if (src.origin !== event.origin || !path || path[1] !== data.chart) { return; }
    var height = Math.ceil(Number(data.height));
    if (!(height >= 100 && height <= 10000)) { return; }  // a number in a sane range, never markup or a string
    if (frame.style.height !== height + "px") { frame.style.height = height + "px"; }
  });
})();
