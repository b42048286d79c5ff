/* Render Plotly figures built in Python (backtests/charts.py) into [data-figure] elements. */
(function () {
  "use strict";
  var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] };

  function render(root) {
    if (!window.Plotly) return;
    var figures = null;
    var script = document.getElementById("backtest-figures");
    if (script) figures = JSON.parse(script.textContent);
    (root || document).querySelectorAll("[data-figure], [data-figure-script]").forEach(function (el) {
      if (el.dataset.rendered) return;
      var figure = null;
      if (el.dataset.figureScript) {
        var s = document.getElementById(el.dataset.figureScript);
        if (s) figure = JSON.parse(s.textContent);
      } else if (figures) {
        figure = figures[el.dataset.figure];
      }
      if (!figure) return;
      el.dataset.rendered = "1";
      Plotly.newPlot(el, figure.data, figure.layout, config);
    });
  }

  // The list's "Compare selected": exactly two picked backtests become ?a=&b=.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "compare-form") return;
    var picked = Array.prototype.map.call(
      document.querySelectorAll("input[name=pick]:checked"), function (e) { return e.value; });
    if (picked.length !== 2) {
      event.preventDefault();
      alert("Pick two completed backtests.");
      return;
    }
    form.elements.a.value = picked[0];
    form.elements.b.value = picked[1];
  });

  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSettle", function () { render(document); });
})();
