// Cascading area picker: province → district → subdistrict → village, plus search by name or postcode.
// Plain script, no framework; works offline against the server's /areas/ endpoints.
(function () {
  "use strict";

  function option(code, name, postal) {
    const o = document.createElement("option");
    o.value = code;
    o.textContent = name;
    if (postal && postal.length) o.dataset.postal = postal.join(" ");
    return o;
  }

  function init(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    const hidden = root.querySelector("[data-area-value]");
    const selects = Array.from(root.querySelectorAll("[data-area-level]"));
    const search = root.querySelector("[data-area-search]");
    const results = root.querySelector("[data-area-results]");
    const childrenUrl = root.dataset.childrenUrl;
    const searchUrl = root.dataset.searchUrl;
    const postalTarget = root.dataset.postalTarget ? document.getElementById(root.dataset.postalTarget) : null;
    const placeholder = selects.length ? selects[0].options[0].textContent : "";
    // The areas a person works in: only those, and the levels above them, are offered.
    const within = (root.dataset.within || "").split(" ").filter(Boolean);
    const offered = (code) => !within.length || within.some((w) => code.startsWith(w) || w.startsWith(code));

    function clearFrom(index) {
      for (let i = index; i < selects.length; i++) {
        selects[i].replaceChildren(option("", placeholder));
        selects[i].disabled = true;
      }
    }

    function deepest() {
      let code = "";
      selects.forEach((s) => { if (s.value) code = s.value; });
      return code;
    }

    function fillPostal() {
      if (!postalTarget || selects.length < 3) return;
      const sel = selects[2].selectedOptions[0];
      const codes = sel && sel.dataset.postal ? sel.dataset.postal.split(" ") : [];
      if (codes.length === 1 || (codes.length > 1 && !codes.includes(postalTarget.value))) postalTarget.value = codes[0];
    }

    async function load(index, parentCode, selected) {
      clearFrom(index);
      if (index >= selects.length || !parentCode) return;
      const response = await fetch(childrenUrl + "?code=" + encodeURIComponent(parentCode), { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const data = await response.json();
      const select = selects[index];
      const areas = data.areas.filter((a) => offered(a.code));
      areas.forEach((a) => select.append(option(a.code, a.name, a.postal_codes)));
      select.disabled = areas.length === 0;
      if (selected) select.value = selected;
    }

    selects.forEach((select, index) => {
      select.addEventListener("change", async () => {
        await load(index + 1, select.value);
        hidden.value = deepest();
        if (index === 2) fillPostal();
        hidden.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });

    async function choose(code) {
      const prefixes = [2, 4, 6, 8].filter((n) => n <= code.length).map((n) => code.slice(0, n)).slice(0, selects.length);
      for (let i = 0; i < prefixes.length; i++) {
        if (i > 0) await load(i, prefixes[i - 1], prefixes[i]);
        else selects[0].value = prefixes[0];
      }
      if (prefixes.length < selects.length) await load(prefixes.length, prefixes[prefixes.length - 1]);
      hidden.value = deepest();
      fillPostal();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    let timer = null;
    if (search) {
      search.addEventListener("input", () => {
        clearTimeout(timer);
        const q = search.value.trim();
        if (q.length < 2) { results.hidden = true; return; }
        timer = setTimeout(async () => {
          const response = await fetch(searchUrl + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } });
          if (!response.ok) return;
          const data = await response.json();
          results.replaceChildren();
          const found = data.results.filter((r) => offered(r.code));
          found.forEach((r) => {
            const li = document.createElement("li");
            const button = document.createElement("button");
            button.type = "button";
            button.className = "secondary outline";
            button.textContent = r.name + (r.path ? " — " + r.path : "") + (r.postal_codes.length ? " " + r.postal_codes.join(", ") : "");
            button.addEventListener("click", async () => {
              results.hidden = true;
              search.value = "";
              await choose(r.code);
            });
            li.append(button);
            results.append(li);
          });
          results.hidden = found.length === 0;
        }, 250);
      });
    }
  }

  function scan(node) {
    (node || document).querySelectorAll("[data-area-picker]").forEach(init);
  }
  document.addEventListener("DOMContentLoaded", () => scan());
  document.addEventListener("htmx:afterSettle", (e) => scan(e.target));
})();
