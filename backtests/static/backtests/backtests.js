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

  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSettle", function () { render(document); });
})();
