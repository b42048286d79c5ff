// Small behaviours of the base layout (no framework beyond htmx).
"use strict";

// Close an open dropdown menu when clicking elsewhere.
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.menu[open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
});

// Forms with data-confirm="question" ask before they are sent (an inline onsubmit handler would
// need 'unsafe-inline' scripts in the Content-Security-Policy). Capturing runs this first.
document.addEventListener(
  "submit",
  (event) => {
    const question = event.target.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true,
);

// Toasts pushed over the notifications websocket disappear after a while; click to dismiss.
document.addEventListener("DOMContentLoaded", () => {
  const area = document.getElementById("toasts");
  if (!area) return;
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        node.addEventListener("click", () => node.remove());
        setTimeout(() => node.remove(), 8000);
      }
    }
  }).observe(area, { childList: true });
});
