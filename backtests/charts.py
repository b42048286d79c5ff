"""Plotly figures (plain dicts) from a backtest result document (LEAN's BacktestResult shape).

The results page renders them with plotly.js; the PDF report reuses the same functions
(`plotly.io` accepts these dicts). Times in the document are unix seconds (UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

FONT = "Inter, system-ui, -apple-system, Segoe UI, DejaVu Sans, sans-serif"
EQUITY_COLOR = "#f5ae29"  # QuantConnect's equity orange
BENCHMARK_COLOR = "#5a8dee"
DRAWDOWN_COLOR = "#e05252"
PALETTE = ["#f5ae29", "#5a8dee", "#2fb380", "#e05252", "#9b6ddc", "#16a2b8", "#f07c3a", "#7a8794"]
BUILT_IN = (
    "Strategy Equity",
    "Drawdown",
    "Benchmark",
    "Exposure",
    "Capacity",
    "Portfolio Turnover",
    "Assets Sales Volume",
)
# LEAN SeriesType values
LINE, SCATTER, CANDLE, BAR, FLAG, STACKED_AREA, PIE = 0, 1, 2, 3, 4, 5, 6


def iso_time(ts: Any) -> str:
    return datetime.fromtimestamp(int(ts), tz=UTC).strftime("%Y-%m-%d %H:%M:%S")


def figure_layout(
    title: str = "", *, height: int = 320, y_title: str = "", y_format: str = ""
) -> dict:
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": 64, "r": 24, "t": 40 if title else 16, "b": 40},
        "font": {"family": FONT, "size": 12, "color": "#2b3440"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "hovermode": "x unified",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.12},
        "xaxis": {"type": "date", "gridcolor": "#e9edf2", "linecolor": "#c8d0da"},
        "yaxis": {"gridcolor": "#e9edf2", "zerolinecolor": "#c8d0da", "title": {"text": y_title}},
    }
    if y_format:
        layout["yaxis"]["tickformat"] = y_format
    if title:
        layout["title"] = {"text": title, "x": 0, "xanchor": "left", "font": {"size": 14}}
    return layout


def _chart(result: dict, name: str) -> dict:
    return ((result or {}).get("charts") or {}).get(name) or {}


def _series_points(series: dict) -> tuple[list[str], list[float | None]]:
    xs: list[str] = []
    ys: list[float | None] = []
    for point in series.get("values") or []:
        if isinstance(point, dict):  # {"x":..., "y":...} variant
            t, y = point.get("x"), point.get("y")
        elif len(point) >= 5:  # candle: close
            t, y = point[0], point[4]
        elif len(point) >= 2:
            t, y = point[0], point[1]
        else:
            continue
        if t is None:
            continue
        xs.append(iso_time(t))
        ys.append(y)
    return xs, ys


def equity_series(result: dict) -> tuple[list[str], list[float | None]]:
    series = (_chart(result, "Strategy Equity").get("series") or {}).get("Equity") or {}
    return _series_points(series)


def benchmark_as_equity(result: dict, start_equity: float | None) -> tuple[list[str], list[float]]:
    """The benchmark's price rescaled to start at the strategy's starting equity."""
    series = (_chart(result, "Benchmark").get("series") or {}).get("Benchmark") or {}
    xs, ys = _series_points(series)
    base = next((y for y in ys if y), None)
    if not base or not start_equity:
        return [], []
    pairs = [(x, start_equity * y / base) for x, y in zip(xs, ys, strict=False) if y]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def equity_figure(result: dict, *, benchmark: bool = True, height: int = 420) -> dict:
    """Strategy Equity: equity (and the rescaled benchmark) above, daily returns below."""
    xs, ys = equity_series(result)
    data: list[dict] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Equity",
            "x": xs,
            "y": ys,
            "line": {"color": EQUITY_COLOR, "width": 2},
            "hovertemplate": "$%{y:,.2f}<extra>Equity</extra>",
            "yaxis": "y",
        }
    ]
    start = next((y for y in ys if y), None)
    if benchmark:
        bx, by = benchmark_as_equity(result, start)
        if bx:
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": "Benchmark",
                    "x": bx,
                    "y": by,
                    "line": {"color": BENCHMARK_COLOR, "width": 1.5, "dash": "dot"},
                    "hovertemplate": "$%{y:,.2f}<extra>Benchmark</extra>",
                    "yaxis": "y",
                }
            )
    returns = (_chart(result, "Strategy Equity").get("series") or {}).get("Return") or {}
    rx, ry = _series_points(returns)
    layout = figure_layout(height=height)
    if rx:
        data.append(
            {
                "type": "bar",
                "name": "Daily Performance",
                "x": rx,
                "y": ry,
                "marker": {"color": [("#2fb380" if (v or 0) >= 0 else DRAWDOWN_COLOR) for v in ry]},
                "hovertemplate": "%{y:.2f}%<extra>Return</extra>",
                "yaxis": "y2",
            }
        )
        layout["yaxis"].update({"domain": [0.3, 1.0], "tickprefix": "$", "tickformat": ",.0f"})
        layout["yaxis2"] = {
            "domain": [0.0, 0.22],
            "gridcolor": "#e9edf2",
            "ticksuffix": "%",
            "zerolinecolor": "#c8d0da",
        }
    else:
        layout["yaxis"].update({"tickprefix": "$", "tickformat": ",.0f"})
    return {"data": data, "layout": layout}


def drawdown_figure(result: dict, *, height: int = 240) -> dict:
    series = (_chart(result, "Drawdown").get("series") or {}).get("Equity Drawdown") or {}
    xs, ys = _series_points(series)
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Equity Drawdown",
                "x": xs,
                "y": ys,
                "fill": "tozeroy",
                "line": {"color": DRAWDOWN_COLOR, "width": 1.5},
                "fillcolor": "rgba(224,82,82,0.18)",
                "hovertemplate": "%{y:.2f}%<extra>Drawdown</extra>",
            }
        ],
        "layout": {**figure_layout(height=height), "showlegend": False}
        | {"yaxis": {"gridcolor": "#e9edf2", "ticksuffix": "%", "zerolinecolor": "#c8d0da"}},
    }


def _trace(series: dict, index: int) -> dict:
    name = series.get("name") or f"Series {index + 1}"
    kind = series.get("seriesType", LINE)
    color = series.get("color") or PALETTE[index % len(PALETTE)]
    if isinstance(color, str) and color.startswith("#") and len(color) == 9:  # #AARRGGBB
        color = "#" + color[3:]
    if kind == CANDLE:
        points = [p for p in series.get("values") or [] if isinstance(p, list) and len(p) >= 5]
        return {
            "type": "candlestick",
            "name": name,
            "x": [iso_time(p[0]) for p in points],
            "open": [p[1] for p in points],
            "high": [p[2] for p in points],
            "low": [p[3] for p in points],
            "close": [p[4] for p in points],
        }
    xs, ys = _series_points(series)
    if name == "Benchmark" and ys and not ys[0]:  # LEAN samples 0 before the first price
        first = next((i for i, y in enumerate(ys) if y), len(ys))
        xs, ys = xs[first:], ys[first:]
    if kind == PIE:
        return {"type": "pie", "labels": [name], "values": ys[-1:] or [0], "name": name}
    if kind == BAR:
        return {"type": "bar", "name": name, "x": xs, "y": ys, "marker": {"color": color}}
    trace = {"type": "scatter", "name": name, "x": xs, "y": ys}
    if kind in (SCATTER, FLAG):
        trace.update({"mode": "markers", "marker": {"color": color, "size": 7}})
    elif kind == STACKED_AREA:
        trace.update({"mode": "lines", "stackgroup": "one", "line": {"color": color}})
    else:
        trace.update({"mode": "lines", "line": {"color": color, "width": 1.5}})
    return trace


def chart_figure(result: dict, name: str, *, height: int = 300) -> dict | None:
    """Any chart of the document (user `plot()` charts included), series by series."""
    chart = _chart(result, name)
    series = list((chart.get("series") or {}).values())
    series = [s for s in series if s.get("values")]
    if not series or max(len(s["values"]) for s in series) < 2 and name in BUILT_IN:
        return None  # a built-in chart with a single sample (a run that stopped at once)
    data = [_trace(s, i) for i, s in enumerate(series)]
    layout = figure_layout(height=height)
    unit = series[0].get("unit") or ""
    if unit == "$":
        layout["yaxis"]["tickprefix"] = "$"
    elif unit == "%":
        layout["yaxis"]["ticksuffix"] = "%"
    if any(t["type"] == "pie" for t in data):
        layout.pop("xaxis")
        layout.pop("yaxis")
    if any(t["type"] == "candlestick" for t in data):
        layout["xaxis"]["rangeslider"] = {"visible": False}
    return {"data": data, "layout": layout}


def custom_chart_names(result: dict) -> list[str]:
    charts = (result or {}).get("charts") or {}
    return [name for name in charts if name not in BUILT_IN]


def other_figures(result: dict) -> list[tuple[str, dict]]:
    """Every chart after equity and drawdown: user charts first, then the remaining built-ins."""
    names = custom_chart_names(result) + [n for n in BUILT_IN[2:]]
    figures = []
    for name in names:
        figure = chart_figure(result, name)
        if figure is not None:
            figures.append((name, figure))
    return figures


def compare_equity_figure(
    results: list[tuple[str, dict]], *, normalize: bool = True, height: int = 420
) -> dict:
    """Equity curves of several backtests on one chart (rebased to 100 when `normalize`)."""
    data = []
    for index, (label, result) in enumerate(results):
        xs, ys = equity_series(result)
        base = next((y for y in ys if y), None)
        if normalize and base:
            ys = [(y / base * 100 if y is not None else None) for y in ys]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": label,
                "x": xs,
                "y": ys,
                "line": {"color": PALETTE[index % len(PALETTE)], "width": 2},
            }
        )
    layout = figure_layout(height=height, y_title="Equity (start = 100)" if normalize else "Equity")
    return {"data": data, "layout": layout}
