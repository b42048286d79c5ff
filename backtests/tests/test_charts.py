"""Plotly figures from a real result document: valid for plotly, with the expected traces."""

from __future__ import annotations

import plotly.graph_objects as go

from backtests import charts


def test_equity_figure_has_equity_benchmark_and_daily_returns(sample_result):
    figure = charts.equity_figure(sample_result)
    go.Figure(figure)  # validates every property
    names = [trace["name"] for trace in figure["data"]]
    assert names == ["Equity", "Benchmark", "Daily Performance"]
    equity = figure["data"][0]
    assert equity["y"][0] == 100000.0
    benchmark = figure["data"][1]
    assert abs(benchmark["y"][0] - 100000.0) < 1e-6  # rescaled to the starting equity


def test_drawdown_and_other_charts(sample_result):
    go.Figure(charts.drawdown_figure(sample_result))
    others = dict(charts.other_figures(sample_result))
    assert "Moving averages" in others  # the user's plot() chart comes first
    assert list(others)[0] == "Moving averages"
    for figure in others.values():
        go.Figure(figure)
    assert [t["name"] for t in others["Moving averages"]["data"]] == ["fast", "slow"]
    benchmark = others["Benchmark"]["data"][0]
    assert benchmark["y"][0] > 0  # the leading zero sample is dropped


def test_compare_figure_rebases_both_curves(sample_result):
    figure = charts.compare_equity_figure([("A", sample_result), ("B", sample_result)])
    go.Figure(figure)
    assert [t["name"] for t in figure["data"]] == ["A", "B"]
    assert figure["data"][0]["y"][0] == 100.0


def test_empty_documents_give_empty_figures():
    assert charts.equity_figure({})["data"][0]["x"] == []
    assert charts.other_figures({}) == []
    assert charts.chart_figure({"charts": {"X": {"series": {}}}}, "X") is None
