/* Render Plotly figures built in Python (backtests/charts.py) into [data-figure] elements: from an
   inline script, or (the results page) fetched from the backtest's chart-data URL; draw a running
   backtest's partial equity as the websocket updates it. */
(function () {
  "use strict";
  var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] };

  var fetched = {}; // chart-data URL -> its figures (the results page fetches them after the HTML)
  var loading = {};

  // The results page: its figures come from the chart-data URL (stored when the backtest ended,
  // sent compressed and cached by ETag), fetched once per page.
  function loadCharts(root) {
    (root || document).querySelectorAll("[data-chart-url]").forEach(function (holder) {
      var url = holder.dataset.chartUrl;
      if (fetched[url] || loading[url]) return;
      loading[url] = true;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("chart data: HTTP " + response.status);
          return response.json();
        })
        .then(function (figures) { fetched[url] = figures; render(document); })
        .catch(function (error) { holder.dataset.chartError = String(error); })
        .finally(function () { loading[url] = false; });
    });
  }

  function render(root) {
    if (!window.Plotly) return;
    var figures = null;
    var script = document.getElementById("backtest-figures");
    if (script) figures = JSON.parse(script.textContent);
    (root || document).querySelectorAll("[data-figure], [data-figure-script]").forEach(function (el) {
      if (el.dataset.rendered) return;
      var figure = null;
      var holder = el.closest("[data-chart-url]");
      if (el.dataset.figureScript) {
        var s = document.getElementById(el.dataset.figureScript);
        if (s) figure = JSON.parse(s.textContent);
      } else if (holder) {
        figure = (fetched[holder.dataset.chartUrl] || {})[el.dataset.figure];
      } else if (figures) {
        figure = figures[el.dataset.figure];
      }
      if (!figure) return;
      el.dataset.rendered = "1";
      Plotly.newPlot(el, figure.data, figure.layout, config);
    });
  }

  // A running backtest: its equity so far, redrawn when the websocket brings a new snapshot.
  var partialDrawn = "";
  function drawPartial() {
    var script = document.getElementById("bt-partial-figure");
    var el = document.getElementById("bt-partial-chart");
    if (!script || !el || !window.Plotly || script.textContent === partialDrawn) return;
    partialDrawn = script.textContent;
    var figure = JSON.parse(partialDrawn);
    document.getElementById("bt-partial-equity").hidden = false;
    Plotly.react(el, figure.data, figure.layout, config);
  }

  // The chart selector: one chart, or all of them.
  document.addEventListener("change", function (event) {
    if (event.target.id !== "chart-selector") return;
    var chosen = event.target.value;
    document.querySelectorAll("[data-chart-card]").forEach(function (card) {
      card.hidden = Boolean(chosen) && card.dataset.chartCard !== chosen;
      var chart = card.querySelector("[data-figure]");
      if (!card.hidden && chart && chart.dataset.rendered) Plotly.Plots.resize(chart);
    });
  });

  function refresh() {
    loadCharts(document);
    render(document);
    drawPartial();
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

  document.addEventListener("DOMContentLoaded", refresh);
  document.addEventListener("htmx:afterSettle", refresh);
  document.addEventListener("htmx:wsAfterMessage", drawPartial);
})();
