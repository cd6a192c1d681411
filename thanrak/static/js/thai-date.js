// A calendar for the Thai date boxes (input[data-thai-date], from thanrak.core.forms.ThaiDateInput).
// It opens from the text box, shows Thai months and Buddhist-era years (Christian era on English
// pages) and writes dd/mm/yyyy as the box expects. Typing still works: the server reads 8/12/2569,
// ๘/๑๒/๒๕๖๙, 8 ธ.ค. 2569 and 2569-12-08 alike. No library, no network.
(function () {
  "use strict";
  const BE = 543;
  const TH_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  const EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const TH_DAYS = ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"];
  const EN_DAYS = ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"];
  const thai = () => !(document.documentElement.lang || "th").startsWith("en");
  const pad = (n) => String(n).padStart(2, "0");
  const arabic = (text) => text.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));

  function read(text) {
    const t = arabic(text || "").trim();
    let m = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
    let y, mo, d;
    if (m) { [y, mo, d] = [+m[1], +m[2], +m[3]]; }
    else if ((m = t.match(/^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$/))) { [d, mo, y] = [+m[1], +m[2], +m[3]]; }
    else return null;
    if (y >= 2400) y -= BE;
    const date = new Date(y, mo - 1, d);
    return date.getMonth() === mo - 1 ? date : null;
  }

  function write(date) {
    const year = date.getFullYear() + (thai() ? BE : 0);
    return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${year}`;
  }

  let popup = null;
  let target = null;
  let shown = null; // first day of the month on show

  function close() {
    if (popup) popup.remove();
    popup = null;
    target = null;
  }

  function render() {
    const th = thai();
    const months = th ? TH_MONTHS : EN_MONTHS;
    const year = shown.getFullYear();
    const month = shown.getMonth();
    const chosen = read(target.value);
    const today = new Date();
    popup.innerHTML = "";
    const head = document.createElement("div");
    head.className = "thai-date-head";
    const prev = button("‹", th ? "เดือนก่อน" : "Previous month", () => move(-1));
    const next = button("›", th ? "เดือนถัดไป" : "Next month", () => move(1));
    const monthSelect = document.createElement("select");
    monthSelect.setAttribute("aria-label", th ? "เดือน" : "Month");
    months.forEach((name, i) => monthSelect.add(new Option(name, String(i), false, i === month)));
    monthSelect.addEventListener("change", () => { shown = new Date(year, +monthSelect.value, 1); render(); });
    const yearBox = document.createElement("input");
    yearBox.type = "text";
    yearBox.inputMode = "numeric";
    yearBox.size = 4;
    yearBox.value = String(year + (th ? BE : 0));
    yearBox.setAttribute("aria-label", th ? "ปี พ.ศ." : "Year");
    yearBox.addEventListener("change", () => {
      let y = parseInt(arabic(yearBox.value), 10);
      if (!Number.isFinite(y)) return;
      if (y >= 2400) y -= BE;
      if (y >= 1900 && y <= 2100) { shown = new Date(y, month, 1); render(); }
    });
    head.append(prev, monthSelect, yearBox, next);
    popup.append(head);
    const grid = document.createElement("div");
    grid.className = "thai-date-grid";
    grid.setAttribute("role", "grid");
    (th ? TH_DAYS : EN_DAYS).forEach((d) => {
      const cell = document.createElement("span");
      cell.textContent = d;
      cell.className = "thai-date-dow";
      grid.append(cell);
    });
    for (let i = 0; i < new Date(year, month, 1).getDay(); i++) grid.append(document.createElement("span"));
    const days = new Date(year, month + 1, 0).getDate();
    for (let d = 1; d <= days; d++) {
      const date = new Date(year, month, d);
      const b = button(String(d), write(date), () => { target.value = write(date); target.dispatchEvent(new Event("change", { bubbles: true })); const t = target; close(); t.focus(); });
      if (chosen && chosen.getTime() === date.getTime()) b.setAttribute("aria-pressed", "true");
      if (date.toDateString() === today.toDateString()) b.classList.add("thai-date-today");
      grid.append(b);
    }
    popup.append(grid);
  }

  function button(text, label, action) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", (e) => { e.preventDefault(); action(); });
    return b;
  }

  function move(step) {
    shown = new Date(shown.getFullYear(), shown.getMonth() + step, 1);
    render();
  }

  function open(input) {
    if (target === input) return;
    close();
    target = input;
    const start = read(input.value) || new Date();
    shown = new Date(start.getFullYear(), start.getMonth(), 1);
    popup = document.createElement("div");
    popup.className = "thai-date-popup";
    popup.setAttribute("role", "dialog");
    const box = input.getBoundingClientRect();
    const width = Math.min(288, document.documentElement.clientWidth - 16);
    popup.style.width = `${width}px`;
    popup.style.top = `${box.bottom + window.scrollY + 4}px`;
    popup.style.left = `${Math.max(8, Math.min(box.left + window.scrollX, document.documentElement.clientWidth - width - 8))}px`;
    document.body.append(popup);
    render();
  }

  const style = document.createElement("style");
  style.textContent = `
.thai-date-popup { position: absolute; z-index: 1000; background: var(--pico-background-color, #fff);
  border: 1px solid var(--pico-muted-border-color, #ccc); border-radius: 6px; padding: .4rem;
  box-shadow: 0 4px 16px rgba(0,0,0,.15); box-sizing: border-box; font-size: .9rem; }
.thai-date-head { display: flex; gap: .25rem; align-items: center; margin-bottom: .3rem; }
.thai-date-head select, .thai-date-head input { margin: 0; padding: .2rem .3rem; height: auto; font-size: .9rem; }
.thai-date-head select { flex: 1 1 auto; min-width: 0; }
.thai-date-head input { width: 4.2em; flex: 0 0 auto; }
.thai-date-popup button { margin: 0; padding: .25rem 0; width: auto; font-size: .9rem; line-height: 1.2;
  background: none; color: inherit; border: 1px solid transparent; }
.thai-date-head button { padding: .2rem .5rem; }
.thai-date-grid { display: grid; grid-template-columns: repeat(7, 1fr); gap: 2px; text-align: center; }
.thai-date-dow { color: var(--pico-muted-color, #666); font-size: .8rem; }
.thai-date-grid button:hover { border-color: var(--pico-primary, #1f6f43); }
.thai-date-grid button[aria-pressed="true"] { background: var(--pico-primary, #1f6f43); color: #fff; }
.thai-date-today { font-weight: bold; text-decoration: underline; }`;
  document.head.append(style);

  document.addEventListener("click", (event) => {
    const input = event.target.closest && event.target.closest("input[data-thai-date]");
    if (input) { open(input); return; }
    if (popup && !popup.contains(event.target)) close();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && popup) { const t = target; close(); if (t) t.focus(); }
  });
  document.addEventListener("focusin", (event) => {
    if (popup && !popup.contains(event.target) && event.target !== target) close();
  });
})();
