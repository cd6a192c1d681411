// Draw every vega-lite spec found in [data-vega-spec] (charts for numbers people compare).
(function () {
  "use strict";
  document.querySelectorAll("[data-vega-spec]").forEach((el) => {
    try {
      const spec = JSON.parse(el.dataset.vegaSpec);
      if (!spec.data || !spec.data.values || spec.data.values.length === 0) return;
      // CSP forbids eval: compile to an AST and run it with vega-interpreter.
      window.vegaEmbed(el, spec, { actions: false, renderer: "svg", ast: true, expr: window.vegaInterpreter.expressionInterpreter });
    } catch (e) { el.textContent = ""; }
  });
})();
