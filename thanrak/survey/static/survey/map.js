// Choropleth of provinces or districts; codes without a shape are listed below the map, not dropped.
(function () {
  "use strict";
  const el = document.getElementById("survey-map");
  if (!el || !window.L) return;
  const map = L.map(el, { attributionControl: true }).setView([13.5, 101], 5);
  const colour = (v, max) => {
    if (v === undefined) return "#eeeeee";
    const t = max > 0 ? v / max : 0;
    const shades = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
    return shades[Math.min(shades.length - 1, Math.floor(t * shades.length))];
  };
  fetch(el.dataset.url, { credentials: "same-origin" }).then((r) => r.json()).then((data) => {
    const key = data.level === 2 ? "ADM1_PCODE" : "ADM2_PCODE";
    const values = data.values;
    const max = Math.max(0, ...Object.values(values).map((x) => x.value));
    fetch(data.geojson).then((r) => r.json()).then((shapes) => {
      const layer = L.geoJSON(shapes, {
        style: (f) => {
          const code = f.properties[key].slice(2);
          return { color: "#666", weight: 0.5, fillOpacity: 0.8, fillColor: colour(values[code] && values[code].value, max) };
        },
        onEachFeature: (f, lyr) => {
          const code = f.properties[key].slice(2);
          const v = values[code];
          const name = data.names[code] || f.properties.ADM1_TH || f.properties.ADM2_TH || code;
          lyr.bindTooltip(v ? `${name}: ${v.value.toFixed(2)} (${data.measure}) · ${v.poor}/${v.persons}` : name);
        },
      }).addTo(map);
      const withData = layer.getLayers().filter((l) => values[l.feature.properties[key].slice(2)]);
      if (withData.length) map.fitBounds(L.featureGroup(withData).getBounds(), { maxZoom: 9 });
    });
    const box = document.getElementById("survey-map-unmatched");
    if (box && data.unmatched.length) {
      const p = document.createElement("p");
      p.textContent = `${el.dataset.unmatchedLabel}: ` + data.unmatched.map((c) => `${data.names[c] || c} (${c})`).join(", ");
      p.className = "field-error";
      box.appendChild(p);
    }
  });
})();
