// Draw every <div data-chart="ID"> from the JSON in <script type="application/json" id="ID">.
(function () {
  "use strict";
  function draw() {
    if (typeof vegaEmbed !== "function") return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source || el.dataset.drawn) return;
      el.dataset.drawn = "1";
      // The CSP forbids eval: vega parses expressions to an AST and runs them with vega-interpreter.
      var options = { actions: false, renderer: "svg", ast: true, expr: window.vega && window.vega.expressionInterpreter };
      vegaEmbed(el, JSON.parse(source.textContent), options).catch(function (error) {
        if (window.console) console.error(error);
        el.textContent = el.dataset.fallback || "";
      });
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
