// Draw every vega-lite chart whose spec is in a json_script element named by data-vega-spec.
(function () {
  "use strict";
  if (typeof vegaEmbed === "undefined") return;
  document.querySelectorAll("[data-vega-spec]").forEach((el) => {
    const source = document.getElementById(el.dataset.vegaSpec);
    if (!source) return;
    // The page's CSP forbids eval: vega evaluates expressions with its interpreter instead.
    const options = { actions: false, renderer: "svg", ast: true, expr: window.vega && vega.expressionInterpreter };
    vegaEmbed(el, JSON.parse(source.textContent), options).catch((err) => { console.error("chart", err); el.hidden = true; });
  });
})();
