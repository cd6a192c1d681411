// Draw every vega-lite spec found in [data-vega-spec] (charts for numbers people compare).
(function () {
  "use strict";
  document.querySelectorAll("[data-vega-spec]").forEach((el) => {
    try {
      const spec = JSON.parse(el.dataset.vegaSpec);
      if (!spec.data || !spec.data.values || spec.data.values.length === 0) return;
      window.vegaEmbed(el, spec, { actions: false, renderer: "svg" });
    } catch (e) { el.textContent = ""; }
  });
})();
