// The dashboard's live part: htmx asks for it every few seconds with the version it has;
// the server answers 204 (nothing to swap) when nothing changed. A refresh waits while the
// host types in it, and a swap keeps the details the host opened and the roster's search.
(function () {
  "use strict";
  let open = [];
  let searching = null; // the search box's caret while it has focus, restored after a swap
  const isLive = (element) => element && element.id === "live";
  const live = () => document.getElementById("live");

  document.addEventListener("htmx:configRequest", (event) => {
    if (!isLive(event.detail.elt)) return;
    const version = document.getElementById("live-version");
    if (version) event.detail.parameters.v = version.dataset.v;
  });
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (!isLive(event.detail.elt)) return;
    const active = document.activeElement;
    if (active && active.id !== "roster-search" && active.closest("#live form")) {
      event.preventDefault(); // the host is typing a fix: refresh after
    }
  });
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (!isLive(event.detail.target)) return;
    const active = document.activeElement;
    if (active && active.id !== "roster-search" && active.closest("#live form")) {
      event.detail.shouldSwap = false; // began typing after the request left: keep it
      return;
    }
    open = Array.from(live().querySelectorAll("details[open][data-key]"), (d) => d.dataset.key);
    // Browsers without moveBefore take a preserved box out of the page for a moment,
    // and it loses focus: remember where the caret was.
    searching = active && active.id === "roster-search"
      ? [active.selectionStart, active.selectionEnd] : null;
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    if (!isLive(event.detail.target)) return;
    for (const key of open) {
      const details = live().querySelector(`details[data-key="${key}"]`);
      if (details) details.open = true;
    }
    const box = document.getElementById("roster-search");
    if (searching && box && document.activeElement !== box) {
      box.focus();
      box.setSelectionRange(searching[0], searching[1]);
    }
    searching = null;
    filter();
  });
  document.addEventListener("input", (event) => {
    if (event.target.id === "roster-search") filter();
  });

  function filter() {
    const box = document.getElementById("roster-search");
    if (!box) return;
    const words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    const rows = document.querySelectorAll("#roster tbody tr");
    for (const row of rows) {
      const hit = words.every((word) => row.dataset.search.includes(word));
      row.hidden = !hit;
      shown += hit ? 1 : 0;
    }
    const count = document.getElementById("roster-shown");
    if (count) count.textContent = words.length ? `${shown} of ${rows.length}` : "";
  }
})();
