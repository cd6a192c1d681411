// Draw every vega-lite chart whose spec is in a json_script element named by data-vega-spec.
(function () {
  "use strict";
  if (typeof vegaEmbed === "undefined") return;
  document.querySelectorAll("[data-vega-spec]").forEach((el) => {
    const source = document.getElementById(el.dataset.vegaSpec);
    if (!source) return;
    vegaEmbed(el, JSON.parse(source.textContent), { actions: false, renderer: "svg" }).catch(() => { el.hidden = true; });
  });
})();
