// Choropleth maps (Leaflet); charts are drawn by js/charts.js.
// The page works without this script: every figure is also in a table.
(function () {
  "use strict";
  function esc(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }
  function json(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  document.querySelectorAll("[data-map]").forEach((el) => {
    const data = json(el.dataset.map);
    if (!data || !window.L) return;
    const map = window.L.map(el, { attributionControl: true, scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(el.dataset.credit || "Boundaries: Royal Thai Survey Department 2019, via OCHA / mapthai (MIT)");
    fetch(data.geo_url, { credentials: "same-origin" })
      .then((r) => r.json())
      .then((geo) => {
        const layer = window.L.geoJSON(geo, {
          style: (f) => {
            const a = data.areas[f.properties.code];
            return { color: "#455a64", weight: 1, fillOpacity: 0.8, fillColor: a ? a.colour : "#eceff1" };
          },
          onEachFeature: (f, l) => {
            const a = data.areas[f.properties.code];
            const name = (a && a.name) || f.properties.name;
            const lines = a ? [a.achieved, a.target, a.percent].filter(Boolean) : [el.dataset.nodata || "—"];
            l.bindTooltip(`<strong>${esc(name)}</strong><br>${lines.map(esc).join("<br>")}`);
            if (a && el.dataset.link) {
              l.on("click", () => { window.location = el.dataset.link.replace("AREA", f.properties.code); });
            }
          },
        }).addTo(map);
        map.fitBounds(layer.getBounds());
      })
      .catch(() => { el.textContent = el.dataset.error || "map unavailable"; });
  });
})();
