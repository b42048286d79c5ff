"""Report series computed from a result document (LEAN's BacktestResult shape). Pure functions, no Django.

Everything starts from the document's daily samples: the "Strategy Equity" chart (equity, the
close of each candle), the "Benchmark" chart (benchmark price), "Exposure" (long/short ratio per
asset class), orders, order events and closed trades. Statistics are never recomputed here: the
key statistics come from the document's `statistics` through `backtests.presenters`, the same
function the results page uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd

from backtests import presenters
from backtests.report.crisis import CRISIS_EVENTS, CrisisEvent
from backtests.results import statistic_value
from engine.data import symbol_properties
from engine.model.enums import SecurityType
from engine.model.security_identifier import SecurityIdentifier

TRADING_DAYS = 252
ROLLING_WINDOWS = (("6 months", 126), ("12 months", 252))
TOP_DRAWDOWNS = 5
SECURITY_TYPES = {
    0: "Base",
    1: "Equity",
    2: "Option",
    3: "Commodity",
    4: "Forex",
    5: "Future",
    6: "CFD",
    7: "Crypto",
    8: "Future Option",
    9: "Index",
    10: "Index Option",
    11: "Crypto Future",
}
# Statistics of the report header, in the order of QuantConnect's report: (label, statistics key); None = computed.
REPORT_STATISTICS = (
    ("Runtime Days", None),
    ("Turnover", "Portfolio Turnover"),
    ("CAGR", "Compounding Annual Return"),
    ("Markets", None),
    ("Trades per Day", None),
    ("Drawdown", "Drawdown"),
    ("Probabilistic SR", "Probabilistic Sharpe Ratio"),
    ("Sharpe Ratio", "Sharpe Ratio"),
    ("Sortino Ratio", "Sortino Ratio"),
    ("Information Ratio", "Information Ratio"),
    ("Strategy Capacity", "Estimated Strategy Capacity"),
)


# -- raw series ------------------------------------------------------------------------------------
def _chart_series(result: dict, chart: str, series: str) -> dict:
    charts = (result or {}).get("charts") or {}
    return ((charts.get(chart) or {}).get("series") or {}).get(series) or {}


def _points(series: dict) -> pd.Series:
    """A series' values as a float Series indexed by UTC timestamps (candles: the close)."""
    times: list[float] = []
    values: list[float] = []
    for point in series.get("values") or []:
        if isinstance(point, dict):
            t, y = point.get("x"), point.get("y")
        elif isinstance(point, list | tuple) and len(point) >= 5:
            t, y = point[0], point[4]
        elif isinstance(point, list | tuple) and len(point) >= 2:
            t, y = point[0], point[1]
        else:
            continue
        if t is None or y is None:
            continue
        times.append(float(t))
        values.append(float(y))
    index = pd.to_datetime(np.array(times, dtype="float64"), unit="s", utc=True)
    return pd.Series(values, index=index, dtype="float64")


EXCHANGE_TZ = "America/New_York"


def _daily(series: pd.Series) -> pd.Series:
    """Last value of each trading day, indexed by naive midnight timestamps.

    LEAN samples a day's close at the following midnight (New York time), so a sample belongs to
    the New York date of the instant just before it."""
    if series.empty:
        return series
    local = series.index.tz_convert(EXCHANGE_TZ) - pd.Timedelta(seconds=1)
    days = local.tz_localize(None).normalize()
    return series.groupby(days).last()


def daily_equity(result: dict) -> pd.Series:
    equity = _daily(_points(_chart_series(result, "Strategy Equity", "Equity")))
    return equity[equity > 0]


def daily_benchmark(result: dict) -> pd.Series:
    """The benchmark's daily price; LEAN samples 0 before its first price, those are dropped."""
    bench = _daily(_points(_chart_series(result, "Benchmark", "Benchmark")))
    return bench[bench > 0]


def daily_returns(prices: pd.Series) -> pd.Series:
    return prices.pct_change().dropna()


def cumulative_returns(prices: pd.Series) -> pd.Series:
    """Percent gained since the first value."""
    if prices.empty:
        return prices
    return (prices / prices.iloc[0] - 1.0) * 100.0


def aligned_benchmark(equity: pd.Series, benchmark: pd.Series) -> pd.Series:
    """The benchmark on the equity's days (forward filled), empty when there is none."""
    if benchmark.empty or equity.empty:
        return pd.Series(dtype="float64")
    return benchmark.reindex(equity.index.union(benchmark.index)).ffill().reindex(equity.index)


# -- returns ---------------------------------------------------------------------------------------
def annual_returns(equity: pd.Series) -> pd.Series:
    """Percent return of each calendar year (the first year from the starting equity)."""
    if len(equity) < 2:
        return pd.Series(dtype="float64")
    body = equity.iloc[1:]  # the first value is the base (it may fall on the day before)
    year_end = body.groupby(body.index.year).last()
    previous = year_end.shift(1)
    previous.iloc[0] = equity.iloc[0]
    return (year_end / previous - 1.0) * 100.0


def monthly_returns(equity: pd.Series) -> pd.DataFrame:
    """Percent return of each month: rows are years, columns 1..12 (NaN outside the backtest)."""
    if len(equity) < 2:
        return pd.DataFrame(columns=range(1, 13), dtype="float64")
    body = equity.iloc[1:]
    month_end = body.groupby([body.index.year, body.index.month]).last()
    previous = month_end.shift(1)
    previous.iloc[0] = equity.iloc[0]
    returns = (month_end / previous - 1.0) * 100.0
    table = returns.unstack()
    return table.reindex(columns=range(1, 13))


def trade_returns(result: dict) -> list[float]:
    """Percent return of each closed trade (profit over the entry value)."""
    trades = ((result or {}).get("totalPerformance") or {}).get("closedTrades") or []
    out = []
    for trade in trades:
        try:
            value = abs(float(trade.get("entryPrice") or 0) * float(trade.get("quantity") or 0))
            profit = float(trade.get("profitLoss") or 0)
        except (TypeError, ValueError):
            continue
        if value > 0:
            out.append(profit / value * 100.0)
    return out


# -- drawdowns -------------------------------------------------------------------------------------
def drawdown_series(equity: pd.Series) -> pd.Series:
    """Percent below the running peak (0 or negative) of each day."""
    if equity.empty:
        return equity
    return (equity / equity.cummax() - 1.0) * 100.0


@dataclass
class DrawdownPeriod:
    start: date  # the peak before the decline
    trough: date
    recovery: date | None  # first day back at the peak; None when not recovered
    depth: float  # percent, negative

    @property
    def days(self) -> int:
        end = self.recovery or self.trough
        return (end - self.start).days


def top_drawdowns(equity: pd.Series, count: int = TOP_DRAWDOWNS) -> list[DrawdownPeriod]:
    """The `count` deepest peak-to-recovery periods, deepest first."""
    drawdown = drawdown_series(equity)
    periods: list[DrawdownPeriod] = []
    peak_day = None
    trough_day = None
    depth = 0.0
    for day, value in drawdown.items():
        if value >= 0:
            if trough_day is not None and depth < 0:
                periods.append(
                    DrawdownPeriod(peak_day.date(), trough_day.date(), day.date(), depth)
                )
            peak_day, trough_day, depth = day, None, 0.0
        elif value < depth:
            depth, trough_day = value, day
    if trough_day is not None and depth < 0:
        periods.append(DrawdownPeriod(peak_day.date(), trough_day.date(), None, depth))
    periods.sort(key=lambda p: p.depth)
    return periods[:count]


# -- rolling statistics ----------------------------------------------------------------------------
def rolling_beta(returns: pd.Series, benchmark_returns: pd.Series, window: int) -> pd.Series:
    frame = pd.concat([returns, benchmark_returns], axis=1, join="inner").dropna()
    if len(frame) < window:
        return pd.Series(dtype="float64")
    a, b = frame.iloc[:, 0], frame.iloc[:, 1]
    beta = a.rolling(window).cov(b) / b.rolling(window).var()
    return beta.replace([np.inf, -np.inf], np.nan).dropna()


def rolling_sharpe(returns: pd.Series, window: int) -> pd.Series:
    """Annualised Sharpe ratio of the trailing `window` daily returns (risk-free rate 0)."""
    if len(returns) < window:
        return pd.Series(dtype="float64")
    mean = returns.rolling(window).mean()
    std = returns.rolling(window).std()
    sharpe = mean / std * math.sqrt(TRADING_DAYS)
    return sharpe.replace([np.inf, -np.inf], np.nan).dropna()


# -- exposure and allocation -----------------------------------------------------------------------
def exposure_by_class(result: dict, days: pd.Index) -> dict[str, pd.Series]:
    """ "<Class> - Long Ratio" / "<Class> - Short Ratio" series of the Exposure chart on `days`.

    The engine samples exposure only while it holds something: days without a sample are 0.
    """
    charts = (result or {}).get("charts") or {}
    series = (charts.get("Exposure") or {}).get("series") or {}
    out: dict[str, pd.Series] = {}
    for name, data in series.items():
        values = _daily(_points(data))
        if values.empty:
            continue
        out[name] = values.reindex(days).fillna(0.0) if len(days) else values
    return out


def leverage(result: dict, days: pd.Index) -> pd.Series:
    """Gross leverage: the sum of the absolute long and short ratios of every asset class."""
    parts = exposure_by_class(result, days)
    if not parts:
        return pd.Series(dtype="float64")
    return sum(s.abs() for s in parts.values())


def contract_multiplier(symbol_id: str, data_dir: Any = None) -> float:
    """The contract multiplier of the security a SecurityIdentifier string names ("GOOG
    W6NBLKCLQZUU|GOOCV VP83T1ZUHROL": 100 shares per equity option, "ES VMKLFZIH2MTD": $50 per
    ES point), from the data folder's symbol properties as the engine reads them (a future
    option without a row of its own takes its future's); 1 when it names none."""
    ok, identifier = SecurityIdentifier.try_parse(str(symbol_id or ""))
    if not ok or identifier is None or not identifier.symbol:
        return 1.0
    kind = identifier.security_type
    underlying = identifier.underlying_id
    parent = None
    if kind == SecurityType.FUTURE_OPTION and underlying is not None:
        parent = (underlying.security_type.folder_name, underlying.symbol)
    try:
        properties = symbol_properties(
            data_dir, identifier.market, kind.folder_name, identifier.symbol, underlying=parent
        )
    except (OSError, ValueError):
        return 1.0
    return float(properties.contract_multiplier or 1.0)


def asset_allocation(
    result: dict, *, others_below: float = 0.02, data_dir: Any = None
) -> list[tuple[str, float]]:
    """Time-weighted average absolute holdings value per asset, as fractions (largest first).

    Holdings are rebuilt from the fills (quantity per symbol times its contract multiplier, from
    the symbol properties of `data_dir`, valued at its latest fill price: one ES contract holds
    $50 per point, one option 100 shares) and weighted by how long they were held; assets under
    `others_below` are summed into "Others".
    """
    events = [
        e
        for e in (result or {}).get("orderEvents") or []
        if str(e.get("status", "")).lower() in ("filled", "partiallyfilled", "partially filled")
        and e.get("fillQuantity")
    ]
    if not events:
        return []
    events.sort(key=lambda e: float(e.get("time") or 0))
    equity = _points(_chart_series(result, "Strategy Equity", "Equity"))
    end_time = float(equity.index[-1].timestamp()) if len(equity) else float(events[-1]["time"])
    quantity: dict[str, float] = {}
    price: dict[str, float] = {}
    weight: dict[str, float] = {}
    multipliers: dict[str, float] = {}  # per symbol identifier: thousands of fills, few symbols
    last_time = float(events[0]["time"])
    for event in events + [None]:
        now = end_time if event is None else float(event.get("time") or 0)
        span = max(now - last_time, 0.0)
        for symbol, held in quantity.items():
            weight[symbol] = weight.get(symbol, 0.0) + abs(held * price[symbol]) * span
        last_time = now
        if event is None:
            break
        symbol = event.get("symbolValue") or str(event.get("symbol", ""))
        sid = str(event.get("symbol") or "")
        if sid not in multipliers:
            multipliers[sid] = contract_multiplier(sid, data_dir)
        quantity[symbol] = (
            quantity.get(symbol, 0.0) + float(event["fillQuantity"]) * multipliers[sid]
        )
        price[symbol] = float(event.get("fillPrice") or price.get(symbol, 0.0))
    total = sum(weight.values())
    if total <= 0:
        return []
    shares = sorted(((s, w / total) for s, w in weight.items()), key=lambda p: -p[1])
    kept = [(s, w) for s, w in shares if w >= others_below]
    others = sum(w for _, w in shares if w < others_below)
    if others > 0:
        kept.append(("Others", others))
    return kept


def markets(result: dict) -> list[str]:
    """Asset classes traded: from the orders' security types, else the Exposure chart."""
    raw = (result or {}).get("orders") or {}
    orders = raw.values() if isinstance(raw, dict) else raw
    found: list[str] = []
    for order in orders:
        try:
            name = SECURITY_TYPES.get(int(order.get("securityType")), "")
        except (TypeError, ValueError):
            name = str(order.get("securityType") or "")
        if name and name not in found:
            found.append(name)
    if not found:
        charts = (result or {}).get("charts") or {}
        for series in ((charts.get("Exposure") or {}).get("series") or {}).keys():
            name = series.split(" - ")[0]
            if name and name not in found:
                found.append(name)
    return found


# -- period and statistics -------------------------------------------------------------------------
def _config_date(result: dict, key: str) -> date | None:
    text = ((result or {}).get("algorithmConfiguration") or {}).get(key)
    if not text:
        return None
    try:
        return datetime.fromisoformat(str(text).replace("Z", "")).date()
    except ValueError:
        return None


def period(result: dict, equity: pd.Series | None = None) -> tuple[date | None, date | None]:
    """The backtest's first and last day (from the configuration, else the equity samples)."""
    start, end = _config_date(result, "startDate"), _config_date(result, "endDate")
    if equity is None:
        equity = daily_equity(result)
    if len(equity):
        start = start or equity.index[0].date()
        end = end or equity.index[-1].date()
    return start, end


def runtime_days(result: dict, equity: pd.Series | None = None) -> int | None:
    start, end = period(result, equity)
    if start is None or end is None:
        return None
    return (end - start).days + 1


def report_statistics(result: dict, equity: pd.Series | None = None) -> list[dict]:
    """The report's key statistics. Document statistics go through `presenters.key_statistics`
    (same labels' values and tones as the results page); the rest from the document's own
    statistics dict as stored. Runtime days, trades per day and markets are derived."""
    stats = (result or {}).get("statistics") or {}
    shown = {s["key"]: s for s in presenters.key_statistics(result or {})}
    days = runtime_days(result, equity)
    orders = statistic_value(result or {}, "Total Orders")
    out = []
    for label, key in REPORT_STATISTICS:
        tone = title = ""
        if key is not None:
            if key in shown:
                value, tone, title = shown[key]["value"], shown[key]["tone"], shown[key]["title"]
            else:
                value = stats.get(key, "–")
        elif label == "Runtime Days":
            value = str(days) if days is not None else "–"
        elif label == "Trades per Day":
            value = f"{orders / days:.2f}" if orders is not None and days else "–"
        else:  # Markets
            value = ", ".join(markets(result)) or "None"
        out.append({"label": label, "key": key or "", "value": value, "tone": tone, "title": title})
    return out


# -- crisis events ---------------------------------------------------------------------------------
@dataclass
class CrisisWindow:
    event: CrisisEvent
    strategy: pd.Series  # cumulative percent
    benchmark: pd.Series = field(default_factory=lambda: pd.Series(dtype="float64"))


def crisis_windows(equity: pd.Series, benchmark: pd.Series) -> list[CrisisWindow]:
    """The crisis events the backtest covers (two or more daily points inside the range)."""
    out = []
    for event in CRISIS_EVENTS:
        start, end = pd.Timestamp(event.start), pd.Timestamp(event.end)
        inside = equity[(equity.index >= start) & (equity.index <= end)]
        if len(inside) < 2:
            continue
        bench = aligned_benchmark(inside, benchmark).dropna()
        out.append(
            CrisisWindow(
                event,
                cumulative_returns(inside),
                cumulative_returns(bench) if len(bench) >= 2 else pd.Series(dtype="float64"),
            )
        )
    return out


def to_date(value: Any) -> str:
    if isinstance(value, pd.Timestamp | datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC).strftime("%Y-%m-%d")
    return str(value)
