// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Forms marked data-once disable their submit buttons after the first submit (no double posts).
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once")) return;
    if (form.dataset.submitted) { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach((b) => b.setAttribute("aria-busy", "true"));
  });
  // Elements with data-confirm ask before their action.
  document.addEventListener("click", (event) => {
    const el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.dataset.confirm)) event.preventDefault();
  });
})();
