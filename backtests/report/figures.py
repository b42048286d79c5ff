"""The report's sections: a title, a sentence, and a Plotly figure (or why there is none).

Figures are plain dicts in the style of `backtests.charts` (same layout helper and fonts), so the
report page draws them with plotly.js like the results page, and the PDF renders the very same
dicts to SVG (PNG for the heat map) with kaleido.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from backtests.charts import figure_layout
from backtests.report import data

STRATEGY = "#1f6fd1"  # as QuantConnect's report: blue for the algorithm
STRATEGY_LIGHT = "#7fb2ee"
BENCHMARK = "#9aa3ad"  # and grey for the benchmark
NEGATIVE = "#9aa3ad"
AVERAGE = "#d9534f"
DRAWDOWN_COLORS = ("#e05252", "#f0ad4e", "#9b6ddc", "#16a2b8", "#2fb380")
PIE_COLORS = (
    "#1f6fd1",
    "#f5ae29",
    "#2fb380",
    "#e05252",
    "#9b6ddc",
    "#16a2b8",
    "#f07c3a",
    "#7a8794",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class Section:
    id: str
    title: str
    text: str
    figure: dict | None = None
    empty: str = ""  # why there is no figure
    raster: bool = False  # the PDF embeds it as PNG (heat maps)
    group: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _dates(series: pd.Series) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in series.index]


def _values(series: pd.Series, digits: int = 4) -> list[float | None]:
    return [None if pd.isna(v) else round(float(v), digits) for v in series.to_numpy()]


def _line(name: str, series: pd.Series, color: str, *, width: float = 2, dash: str = "") -> dict:
    trace = {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": _dates(series),
        "y": _values(series),
        "line": {"color": color, "width": width},
    }
    if dash:
        trace["line"]["dash"] = dash
    return trace


def _percent_layout(height: int = 300, *, legend: bool = True) -> dict:
    layout = figure_layout(height=height)
    layout["yaxis"]["ticksuffix"] = "%"
    layout["showlegend"] = legend
    layout["margin"] = {"l": 60, "r": 20, "t": 30 if legend else 12, "b": 36}
    return layout


# -- sections --------------------------------------------------------------------------------------
def cumulative_section(equity: pd.Series, benchmark: pd.Series) -> Section:
    text = "Cumulative return of the algorithm (blue) and the benchmark (grey)."
    if len(equity) < 2:
        return Section("cumulative", "Cumulative Returns", text, empty=NO_EQUITY)
    traces = [_line("Algorithm", data.cumulative_returns(equity), STRATEGY)]
    bench = data.aligned_benchmark(equity, benchmark).dropna()
    empty_bench = ""
    if len(bench) >= 2:
        traces.append(_line("Benchmark", data.cumulative_returns(bench), BENCHMARK, width=1.5))
    else:
        empty_bench = "This backtest has no benchmark series, so only the algorithm is shown."
    section = Section(
        "cumulative", "Cumulative Returns", text, {"data": traces, "layout": _percent_layout(320)}
    )
    section.extra["note"] = empty_bench
    return section


def annual_section(equity: pd.Series) -> Section:
    text = "Return of each calendar year; the dotted line is the average of the annual returns."
    annual = data.annual_returns(equity)
    if annual.empty:
        return Section("annual", "Annual Returns", text, empty=NO_EQUITY)
    years = [str(y) for y in annual.index]
    mean = float(annual.mean())
    layout = _percent_layout(260, legend=False)
    layout["xaxis"] = {"type": "category", "linecolor": "#c8d0da"}
    layout["bargap"] = max(0.2, 0.85 - 0.12 * len(years))  # no wall-to-wall bar for one year
    layout["shapes"] = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": mean,
            "y1": mean,
            "line": {"color": AVERAGE, "dash": "dot", "width": 2},
        }
    ]
    figure = {
        "data": [
            {
                "type": "bar",
                "name": "Annual return",
                "x": years,
                "y": _values(annual, 2),
                "marker": {"color": STRATEGY},
                "text": [f"{v:.1f}%" for v in annual],
                "textposition": "outside",
                "cliponaxis": False,
            }
        ],
        "layout": layout,
    }
    return Section("annual", "Annual Returns", text, figure)


def monthly_section(equity: pd.Series) -> Section:
    text = (
        "Return of each month in percent: green months gained, red months lost, darker cells "
        "moved more; blank cells are outside the backtest."
    )
    table = data.monthly_returns(equity)
    if table.empty:
        return Section("monthly", "Monthly Returns", text, empty=NO_EQUITY, raster=True)
    z = [[None if pd.isna(v) else round(float(v), 2) for v in row] for row in table.to_numpy()]
    finite = [abs(v) for row in z for v in row if v is not None]
    bound = max(finite) if finite else 1.0
    bound = bound or 1.0
    labels = [["" if v is None else f"{v:.1f}" for v in row] for row in z]
    layout = figure_layout(height=70 + 34 * len(table.index))
    layout.update(
        {
            "showlegend": False,
            "hovermode": "closest",
            "margin": {"l": 60, "r": 20, "t": 12, "b": 30},
            "xaxis": {"type": "category", "side": "bottom", "showgrid": False},
            "yaxis": {"type": "category", "autorange": "reversed", "showgrid": False},
        }
    )
    figure = {
        "data": [
            {
                "type": "heatmap",
                "x": list(MONTHS),
                "y": [str(y) for y in table.index],
                "z": z,
                "text": labels,
                "texttemplate": "%{text}",
                "hovertemplate": "%{y} %{x}: %{z:.2f}%<extra></extra>",
                "zmin": -bound,
                "zmax": bound,
                "xgap": 2,
                "ygap": 2,
                "colorscale": [
                    [0.0, "#b2182b"],
                    [0.35, "#f4a582"],
                    [0.5, "#ffe08a"],
                    [0.65, "#a6dba0"],
                    [1.0, "#1b7837"],
                ],
                "colorbar": {"ticksuffix": "%", "thickness": 12},
            }
        ],
        "layout": layout,
    }
    return Section("monthly", "Monthly Returns", text, figure, raster=True)


def daily_section(equity: pd.Series) -> Section:
    text = "Return of each day: blue bars are profitable days, grey bars unprofitable days."
    returns = data.daily_returns(equity) * 100.0
    if returns.empty:
        return Section("daily", "Daily Returns", text, empty=NO_EQUITY)
    layout = _percent_layout(240, legend=False)
    figure = {
        "data": [
            {
                "type": "bar",
                "name": "Daily return",
                "x": _dates(returns),
                "y": _values(returns, 3),
                "marker": {"color": [STRATEGY if v >= 0 else NEGATIVE for v in returns]},
            }
        ],
        "layout": layout,
    }
    return Section("daily", "Daily Returns", text, figure)


def _histogram(name: str, values: list[float], color: str) -> dict:
    layout = figure_layout(height=240)
    layout.update({"showlegend": False, "hovermode": "closest", "bargap": 0.05})
    layout["margin"] = {"l": 50, "r": 20, "t": 12, "b": 40}
    layout["xaxis"] = {"ticksuffix": "%", "gridcolor": "#e9edf2", "title": {"text": "Return"}}
    layout["yaxis"]["title"] = {"text": "Count"}
    return {
        "data": [{"type": "histogram", "name": name, "x": values, "marker": {"color": color}}],
        "layout": layout,
    }


def distribution_section(equity: pd.Series) -> Section:
    text = "How often each size of daily return occurred."
    returns = data.daily_returns(equity) * 100.0
    if len(returns) < 2:
        return Section("distribution", "Daily Returns Distribution", text, empty=NO_EQUITY)
    values = [round(float(v), 4) for v in returns]
    return Section(
        "distribution",
        "Daily Returns Distribution",
        text,
        _histogram("Daily returns", values, STRATEGY),
        group="pair",
    )


def trades_section(result: dict) -> Section:
    text = "Distribution of the returns of the closed trades (profit over entry value)."
    values = data.trade_returns(result)
    if not values:
        return Section(
            "per-trade",
            "Returns per Trade",
            text,
            empty="The algorithm closed no trades, so there are no returns per trade to show.",
            group="pair",
        )
    return Section(
        "per-trade",
        "Returns per Trade",
        text,
        _histogram("Trade returns", [round(v, 4) for v in values], STRATEGY_LIGHT),
        group="pair",
    )


def drawdown_section(equity: pd.Series) -> Section:
    text = (
        "Percent below the previous equity peak each day; the five deepest drawdown periods "
        "are shaded."
    )
    periods = data.top_drawdowns(equity)
    if len(equity) < 2:
        return Section("drawdown", "Drawdown", text, empty=NO_EQUITY)
    drawdown = data.drawdown_series(equity)
    layout = _percent_layout(260, legend=False)
    last_day = equity.index[-1].strftime("%Y-%m-%d")
    layout["shapes"] = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": p.start.isoformat(),
            "x1": p.recovery.isoformat() if p.recovery else last_day,
            "y0": 0,
            "y1": 1,
            "fillcolor": DRAWDOWN_COLORS[i % len(DRAWDOWN_COLORS)],
            "opacity": 0.18,
            "line": {"width": 0},
            "layer": "below",
        }
        for i, p in enumerate(periods)
    ]
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Drawdown",
                "x": _dates(drawdown),
                "y": _values(drawdown, 3),
                "fill": "tozeroy",
                "line": {"color": "#c0392b", "width": 1.2},
                "fillcolor": "rgba(192,57,43,0.25)",
            }
        ],
        "layout": layout,
    }
    section = Section("drawdown", "Drawdown", text, figure)
    section.extra["periods"] = [
        {
            "rank": i + 1,
            "color": DRAWDOWN_COLORS[i % len(DRAWDOWN_COLORS)],
            "start": p.start.isoformat(),
            "trough": p.trough.isoformat(),
            "recovery": p.recovery.isoformat() if p.recovery else "Not recovered",
            "depth": f"{p.depth:.2f}%",
            "days": p.days,
        }
        for i, p in enumerate(periods)
    ]
    if not periods:
        section.extra["periods_empty"] = "The equity never fell below a previous peak."
    return section


def _rolling_section(
    sid: str, title: str, text: str, series: list[tuple[str, pd.Series]], why: str
) -> Section:
    colors = (STRATEGY_LIGHT, STRATEGY)
    traces = [
        _line(name, s, colors[i % 2], width=1.8) for i, (name, s) in enumerate(series) if len(s)
    ]
    missing = [name for name, s in series if not len(s)]
    if not traces:
        return Section(sid, title, text, empty=why)
    layout = figure_layout(height=260)
    layout["margin"] = {"l": 60, "r": 20, "t": 30, "b": 36}
    section = Section(sid, title, text, {"data": traces, "layout": layout})
    if missing:
        section.extra["note"] = (
            f"No {' or '.join(m.split()[0] + '-month' for m in missing)} line: the backtest has "
            f"fewer trading days than the window."
        )
    return section


def rolling_beta_section(equity: pd.Series, benchmark: pd.Series) -> Section:
    text = (
        "Beta to the benchmark over trailing 6-month (light blue) and 12-month (dark blue) windows."
    )
    bench = data.aligned_benchmark(equity, benchmark)
    if bench.dropna().empty:
        return Section(
            "rolling-beta",
            "Rolling Portfolio Beta",
            text,
            empty="This backtest has no benchmark series, so there is no beta to compute.",
        )
    returns, bench_returns = data.daily_returns(equity), data.daily_returns(bench.dropna())
    series = [
        (f"{label} beta", data.rolling_beta(returns, bench_returns, window))
        for label, window in data.ROLLING_WINDOWS
    ]
    return _rolling_section(
        "rolling-beta",
        "Rolling Portfolio Beta",
        text,
        series,
        f"The backtest has {len(returns)} daily returns; a rolling 6-month beta needs at least "
        f"{data.ROLLING_WINDOWS[0][1]}.",
    )


def rolling_sharpe_section(equity: pd.Series) -> Section:
    text = "Annualised Sharpe ratio over trailing 6-month (light blue) and 12-month (dark blue) windows."
    returns = data.daily_returns(equity)
    series = [
        (f"{label} Sharpe", data.rolling_sharpe(returns, window))
        for label, window in data.ROLLING_WINDOWS
    ]
    return _rolling_section(
        "rolling-sharpe",
        "Rolling Sharpe Ratio",
        text,
        series,
        f"The backtest has {len(returns)} daily returns; a rolling 6-month Sharpe ratio needs at "
        f"least {data.ROLLING_WINDOWS[0][1]}.",
    )


def leverage_section(result: dict, equity: pd.Series) -> Section:
    text = "Gross leverage: the absolute value of all holdings over the portfolio value."
    lev = data.leverage(result, equity.index)
    if lev.empty or not (lev > 0).any():
        return Section(
            "leverage",
            "Leverage",
            text,
            empty="The algorithm held no positions, so its leverage was zero throughout.",
        )
    layout = figure_layout(height=240)
    layout["showlegend"] = False
    layout["margin"] = {"l": 60, "r": 20, "t": 12, "b": 36}
    trace = _line("Leverage", lev, STRATEGY, width=1.5)
    trace["fill"] = "tozeroy"
    trace["fillcolor"] = "rgba(31,111,209,0.15)"
    return Section("leverage", "Leverage", text, {"data": [trace], "layout": layout})


def exposure_section(result: dict, equity: pd.Series) -> Section:
    text = (
        "Long (above zero) and short (below zero) exposure by asset class, as a fraction of equity."
    )
    parts = data.exposure_by_class(result, equity.index)
    if not parts or not any((s != 0).any() for s in parts.values()):
        return Section(
            "exposure",
            "Long-Short Exposure by Asset Class",
            text,
            empty="The algorithm held no positions, so it had no long or short exposure.",
        )
    traces = []
    for i, (name, series) in enumerate(sorted(parts.items())):
        color = PIE_COLORS[i % len(PIE_COLORS)]
        trace = _line(name.replace(" Ratio", ""), series, color, width=1.2)
        trace["fill"] = "tozeroy"
        traces.append(trace)
    layout = figure_layout(height=260)
    layout["margin"] = {"l": 60, "r": 20, "t": 30, "b": 36}
    layout["yaxis"]["tickformat"] = ".0%"
    return Section(
        "exposure",
        "Long-Short Exposure by Asset Class",
        text,
        {"data": traces, "layout": layout},
    )


def allocation_section(result: dict, data_dir: Any = None) -> Section:
    text = (
        "Time-weighted average of the absolute holdings value of each asset (valued at its fill "
        'prices); assets under 2% are shown as "Others".'
    )
    allocation = data.asset_allocation(result, data_dir=data_dir)
    if not allocation:
        return Section(
            "allocation",
            "Asset Allocation",
            text,
            empty="The algorithm filled no orders, so it never held any asset.",
        )
    layout = figure_layout(height=280)
    layout.pop("xaxis")
    layout.pop("yaxis")
    layout.update(
        {
            "hovermode": "closest",
            "margin": {"l": 20, "r": 20, "t": 12, "b": 12},
            "legend": {"orientation": "v", "x": 1.0, "y": 0.5},
        }
    )
    figure = {
        "data": [
            {
                "type": "pie",
                "labels": [name for name, _ in allocation],
                "values": [round(share * 100, 3) for _, share in allocation],
                "hole": 0.45,
                "sort": False,
                "textinfo": "label+percent",
                "marker": {"colors": list(PIE_COLORS)},
            }
        ],
        "layout": layout,
    }
    return Section("allocation", "Asset Allocation", text, figure)


def crisis_sections(equity: pd.Series, benchmark: pd.Series) -> list[Section]:
    out = []
    for window in data.crisis_windows(equity, benchmark):
        event = window.event
        traces = [_line("Algorithm", window.strategy, STRATEGY)]
        if len(window.benchmark):
            traces.append(_line("Benchmark", window.benchmark, BENCHMARK, width=1.5))
        layout = _percent_layout(230)
        layout["title"] = {
            "text": event.name,
            "x": 0,
            "xanchor": "left",
            "font": {"size": 13},
        }
        layout["margin"] = {"l": 50, "r": 16, "t": 58, "b": 32}
        layout["legend"] = {"orientation": "h", "x": 0, "y": 1.16}
        out.append(
            Section(
                f"crisis-{event.slug}",
                event.name,
                f"{event.start:%b %-d, %Y} – {event.end:%b %-d, %Y}",
                {"data": traces, "layout": layout},
                group="crisis",
                extra={"start": event.start.isoformat(), "end": event.end.isoformat()},
            )
        )
    return out


NO_EQUITY = (
    "The backtest recorded fewer than two daily equity values, so there is nothing to chart."
)


def build_sections(result: dict, *, data_dir: Any = None) -> dict[str, Any]:
    """Every section of the report, grouped as the template lays them out (`data_dir`: the data
    folder whose symbol properties give the contracts' multipliers)."""
    equity = data.daily_equity(result)
    benchmark = data.daily_benchmark(result)
    return {
        "equity": equity,
        "returns": [
            cumulative_section(equity, benchmark),
            annual_section(equity),
            monthly_section(equity),
            daily_section(equity),
        ],
        "distributions": [distribution_section(equity), trades_section(result)],
        "drawdown": drawdown_section(equity),
        "rolling": [rolling_beta_section(equity, benchmark), rolling_sharpe_section(equity)],
        "exposure": [
            leverage_section(result, equity),
            exposure_section(result, equity),
            allocation_section(result, data_dir),
        ],
        "crisis": crisis_sections(equity, benchmark),
    }


def all_sections(sections: dict[str, Any]) -> list[Section]:
    out: list[Section] = []
    for key in ("returns", "distributions", "drawdown", "rolling", "exposure", "crisis"):
        value = sections[key]
        out.extend(value if isinstance(value, list) else [value])
    return out
