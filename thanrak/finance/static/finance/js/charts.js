// Draw every <div data-chart="ID"> from the JSON in <script type="application/json" id="ID">.
(function () {
  "use strict";
  function draw() {
    if (typeof vegaEmbed !== "function") return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source || el.dataset.drawn) return;
      el.dataset.drawn = "1";
      vegaEmbed(el, JSON.parse(source.textContent), { actions: false, renderer: "svg" }).catch(function () {
        el.textContent = el.dataset.fallback || "";
      });
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
