// Draw every vega-lite chart on the page: <div class="chart" data-vega-spec="ID"> with the spec in
// {{ spec|json_script:"ID" }} (or the spec itself as JSON in the attribute). Every chart's figures
// are also in a table on the page, so nothing is lost when scripts are off.
(function () {
  "use strict";
  if (typeof window.vegaEmbed === "undefined") return;
  document.querySelectorAll("[data-vega-spec]").forEach((el) => {
    const ref = el.dataset.vegaSpec.trim();
    let spec;
    try {
      spec = ref.startsWith("{") ? JSON.parse(ref) : JSON.parse(document.getElementById(ref).textContent);
    } catch (e) {
      el.hidden = true;
      return;
    }
    if (spec.data && Array.isArray(spec.data.values) && spec.data.values.length === 0) return;
    // The CSP forbids eval: vega parses expressions to an AST and runs them with vega-interpreter.
    const options = { actions: false, renderer: "svg", ast: true, expr: window.vega.expressionInterpreter };
    window.vegaEmbed(el, spec, options).catch(() => { el.hidden = true; });
  });
})();
