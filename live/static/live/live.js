/* The live results page: draw the Plotly figures the server puts in #live-figures (equity and the
   algorithm's charts) and show the controls that fit the status, on load and after every update
   the websocket swaps in. */
(function () {
  "use strict";
  var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  var MAX_LOG_LINES = 2000; // lines kept in the page; the download has them all
  var drawn = ""; // the figures last drawn (a log line alone does not redraw the charts)

  function draw() {
    var script = document.getElementById("live-figures");
    var holder = document.getElementById("live-charts");
    if (!script || !holder || !window.Plotly || script.textContent === drawn) return;
    drawn = script.textContent;
    var figures = JSON.parse(drawn);
    Object.keys(figures).forEach(function (key) {
      var el = holder.querySelector('[data-live-figure="' + key + '"]');
      if (!el) {
        el = document.createElement("div");
        el.className = "live-chart";
        el.id = "live-" + key;
        el.dataset.liveFigure = key;
        holder.appendChild(el);
      }
      var figure = figures[key];
      Plotly.react(el, figure.data, figure.layout, config);
    });
  }

  function controls() {
    var state = document.getElementById("live-state");
    if (!state) return;
    var active = state.dataset.active === "true";
    document.querySelectorAll(".live-when-active").forEach(function (el) { el.hidden = !active; });
    document.querySelectorAll(".live-when-stopped").forEach(function (el) { el.hidden = active; });
  }

  function trimLog() {
    var log = document.getElementById("live-log");
    if (!log) return;
    while (log.children.length > MAX_LOG_LINES) log.removeChild(log.firstElementChild);
    log.scrollTop = log.scrollHeight;
  }

  function refresh() {
    controls();
    draw();
    trimLog();
  }

  // "Create Order" on a holding's row: the order form, filled with that symbol
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-order-symbol]") : null;
    var symbol = document.getElementById("order-symbol");
    if (!button || !symbol) return;
    symbol.value = button.dataset.orderSymbol;
    document.getElementById("live-order-form").scrollIntoView({ block: "center" });
    document.getElementById("order-quantity").focus();
  });

  document.addEventListener("DOMContentLoaded", refresh);
  document.addEventListener("htmx:wsAfterMessage", refresh);
  document.addEventListener("htmx:afterSettle", refresh); // the reconciliation's polling
})();
