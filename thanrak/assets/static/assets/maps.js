// Maps of community assets, drawn without tiles (no internet): district outlines for bearings,
// forests or a boundary on top; a tap-to-draw polygon tool and GPS walking for boundary forms.
(function () {
  "use strict";
  if (!window.L) return;
  const outline = { color: "#888", weight: 0.6, fill: false };
  const forest = { color: "#1b5e20", weight: 1.5, fillColor: "#4caf50", fillOpacity: 0.5 };

  // The zoom buttons' names in the page's language, from the script tag (Leaflet's own are English).
  const words = (document.currentScript && document.currentScript.dataset) || {};

  function newMap(el) {
    const map = L.map(el, { attributionControl: true, zoomControl: false }).setView([18.9, 100], 8);
    L.control.zoom({ zoomInTitle: words.zoomIn || "Zoom in", zoomOutTitle: words.zoomOut || "Zoom out" }).addTo(map);
    return map;
  }

  function fit(map, layer) {
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { maxZoom: 16 });
  }

  document.querySelectorAll("[data-assets-map]").forEach((el) => {
    const map = newMap(el);
    if (el.dataset.geojson) {
      const data = JSON.parse(document.getElementById(el.dataset.geojson).textContent);
      fit(map, L.geoJSON(data, { style: forest }).addTo(map));
      return;
    }
    fetch(el.dataset.url, { credentials: "same-origin" }).then((r) => r.json()).then((doc) => {
      const districts = L.geoJSON(doc.districts, {
        style: outline,
        onEachFeature: (f, l) => l.bindTooltip(f.properties.name),
      }).addTo(map);
      const forests = L.geoJSON(doc, {
        style: forest,
        onEachFeature: (f, l) => l.bindPopup(`<a href="../${f.id}/">${f.properties.name}</a><br>${f.properties.rai.toFixed(2)} ${el.dataset.raiLabel}`),
      }).addTo(map);
      fit(map, forests.getLayers().length ? forests : districts);
    });
  });

  // The monitoring dashboard's layers: shapes (forests, sites) and counts per district (plots, machinery).
  const palette = ["#1b5e20", "#6d4c41", "#1565c0", "#ef6c00"];
  document.querySelectorAll("[data-assets-layers]").forEach((el) => {
    const map = newMap(el);
    fetch(el.dataset.url, { credentials: "same-origin" }).then((r) => r.json()).then((doc) => {
      const districts = L.geoJSON(doc.districts, {
        style: outline,
        onEachFeature: (f, l) => l.bindTooltip(f.properties.name),
      }).addTo(map);
      const overlays = {};
      doc.layers.forEach((layer, i) => {
        const color = palette[i % palette.length];
        let group;
        if (layer.shapes) {
          group = L.geoJSON(layer.shapes, {
            style: { color: color, weight: 1.5, fillColor: color, fillOpacity: 0.4 },
            onEachFeature: (f, l) => l.bindPopup(`${f.properties.name}<br>${f.properties.rai.toFixed(2)} ${el.dataset.raiLabel}`),
          });
        } else {
          group = L.layerGroup(layer.counts.map((c) => L.circleMarker([c.lat, c.lon], {
            radius: 6 + Math.min(14, Math.sqrt(c.count) * 2), color: color, fillOpacity: 0.6,
          }).bindTooltip(`${layer.name}: ${c.count}`)));
        }
        overlays[layer.name] = group.addTo(map);
      });
      L.control.layers(null, overlays, { collapsed: false }).addTo(map);
      fit(map, districts);
    });
  });

  document.querySelectorAll("[data-assets-draw]").forEach((el) => {
    const form = el.closest("form");
    const output = form.querySelector("[data-draw-output]");
    const gps = form.querySelector("[data-gps-output]");
    const map = newMap(el);
    let points = [];
    const shape = L.polygon([], forest).addTo(map);
    const marks = L.layerGroup().addTo(map);
    if (el.dataset.outlineUrl) {
      fetch(el.dataset.outlineUrl, { credentials: "same-origin" }).then((r) => r.json()).then((doc) => {
        const layer = L.geoJSON(doc.districts, { style: outline }).addTo(map);
        if (!points.length && !el.dataset.geojson) fit(map, layer);
      });
    }
    if (el.dataset.geojson) {
      fit(map, L.geoJSON(JSON.parse(document.getElementById(el.dataset.geojson).textContent), { style: outline }).addTo(map));
    }
    function redraw() {
      shape.setLatLngs(points);
      marks.clearLayers();
      points.forEach((p) => L.circleMarker(p, { radius: 5 }).addTo(marks));
      output.value = points.length >= 3
        ? JSON.stringify({ type: "Polygon", coordinates: [[...points, points[0]].map((p) => [p[1], p[0]])] })
        : "";
    }
    // A drawing sent back with a refusal is shown again, to be mended rather than drawn anew.
    if (output.value) {
      try {
        const ring = JSON.parse(output.value).coordinates[0];
        points = ring.slice(0, -1).map((c) => [c[1], c[0]]);
        redraw();
        fit(map, shape);
      } catch (e) {
        output.value = "";
      }
    }
    map.on("click", (e) => { points.push([e.latlng.lat, e.latlng.lng]); redraw(); });
    form.querySelector("[data-draw-undo]").addEventListener("click", () => { points.pop(); redraw(); });
    form.querySelector("[data-draw-clear]").addEventListener("click", () => { points = []; redraw(); });
    const add = form.querySelector("[data-gps-add]");
    if (add && gps) {
      add.addEventListener("click", () => {
        if (!navigator.geolocation) { alert(add.dataset.gpsError); return; }
        navigator.geolocation.getCurrentPosition(
          (pos) => {
            const line = `${pos.coords.latitude.toFixed(6)}, ${pos.coords.longitude.toFixed(6)}`;
            gps.value = gps.value ? `${gps.value.trim()}\n${line}` : line;
            L.circleMarker([pos.coords.latitude, pos.coords.longitude], { radius: 5, color: "#d32f2f" }).addTo(marks);
            map.setView([pos.coords.latitude, pos.coords.longitude], 17);
          },
          () => alert(add.dataset.gpsError),
          { enableHighAccuracy: true, timeout: 20000 },
        );
      });
    }
  });
})();
