// The product page's map of origin: the province outline and, when known, the shop's position.
(function () {
  "use strict";
  const el = document.getElementById("origin-map");
  if (!el || typeof L === "undefined") return;
  const map = L.map(el, { scrollWheelZoom: false, attributionControl: false });
  fetch(el.dataset.shape).then((r) => r.json()).then((shape) => {
    const layer = L.geoJSON(shape, { style: { color: "#1f6f43", weight: 2, fillOpacity: 0.15 } }).addTo(map);
    if (layer.getLayers().length) map.fitBounds(layer.getBounds());
    else map.setView([13.7, 100.5], 5);
    if (el.dataset.lat && el.dataset.lng) {
      L.circleMarker([parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)], { radius: 7, color: "#b71c1c" })
        .addTo(map).bindTooltip(el.dataset.label || "");
    }
  }).catch(() => { el.hidden = true; });
})();
