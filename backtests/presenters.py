"""Turn a result document into what the results page shows (no Django models here)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from backtests import formatting
from backtests.results import statistic_value
from engine.framework.insights import InsightType
from engine.model.enums import (
    InsightDirection,
    OrderDirection,
    OrderStatus,
    OrderType,
    SecurityType,
)
from engine.statistics.rolling import ROLLING_MONTHS, period_ranges

KEY_STATISTICS = (
    ("Net Profit", "Net Profit"),
    ("Compounding Annual Return", "CAR"),
    ("Drawdown", "Drawdown"),
    ("Sharpe Ratio", "Sharpe Ratio"),
    ("Probabilistic Sharpe Ratio", "PSR"),
    ("Sortino Ratio", "Sortino Ratio"),
    ("Win Rate", "Win Rate"),
    ("Total Orders", "Total Orders"),
    ("Total Fees", "Total Fees"),
    ("End Equity", "End Equity"),
    ("Portfolio Turnover", "Turnover"),
    ("Estimated Strategy Capacity", "Capacity"),
)
# For the compare page: which way is better.
LOWER_IS_BETTER = {
    "Drawdown",
    "Annual Standard Deviation",
    "Annual Variance",
    "Total Fees",
    "Loss Rate",
    "Tracking Error",
    "Drawdown Recovery",
}
# Statistics in account currency: written as money ("-$1.30", "$105,397.90"); capacity compact on
# the cards ("$1.3B", the full amount in the title).
MONEY_STATISTICS = {"Start Equity", "End Equity", "Total Fees", "Estimated Strategy Capacity"}
COMPACT_STATISTICS = {"Estimated Strategy Capacity"}
# Runtime statistics -> their number in `runtimeStatisticsValues` (account currency).
RUNTIME_MONEY = {
    "Equity": "equity",
    "Fees": "fees",
    "Holdings": "holdings",
    "Net Profit": "netProfit",
    "Unrealized": "unrealized",
    "Volume": "volume",
}
NOT_RANKED = {"Start Equity", "Lowest Capacity Asset", "Total Orders", "Portfolio Turnover", "Beta"}


def _enum_name(enum, value: Any) -> str:
    try:
        name = enum(int(value)).name
    except (ValueError, TypeError):
        return str(value)
    return name.replace("_", " ").title()


def key_statistics(result: dict) -> list[dict]:
    stats = result.get("statistics") or {}
    out = []
    for key, label in KEY_STATISTICS:
        if key in stats:
            value = statistic_value(result, key)
            tone = ""
            if (
                key in ("Net Profit", "Compounding Annual Return", "Sharpe Ratio")
                and value is not None
            ):
                tone = "pos" if value > 0 else ("neg" if value < 0 else "")
            text = stats[key]
            title = ""
            if key in COMPACT_STATISTICS:
                text, title = formatting.money_compact(text), formatting.money(text)
            elif key in MONEY_STATISTICS:
                text = formatting.money(text)
            out.append({"key": key, "label": label, "value": text, "tone": tone, "title": title})
    return out


def statistics_table(result: dict) -> dict[str, str]:
    """The overall statistics as shown: the engine's strings, money in the one money format."""
    stats = result.get("statistics") or {}
    return {
        key: formatting.money(value) if key in MONEY_STATISTICS else value
        for key, value in stats.items()
    }


def _symbol_value(symbol: Any) -> str:
    return symbol.get("value", "") if isinstance(symbol, dict) else str(symbol)


def orders(result: dict, zones: dict[str, str] | None = None) -> list[dict]:
    """Orders with readable type/status/direction and their events, in id order; times in each
    symbol's exchange time zone when `zones` (ticker -> zone name) names it, else UTC."""
    zones = zones or {}
    ids = {}
    raw_orders = result.get("orders") or {}
    for order in raw_orders.values() if isinstance(raw_orders, dict) else raw_orders:
        ids[int(order.get("id", 0))] = zones.get(_symbol_value(order.get("symbol") or {}))
    raw = result.get("orders") or {}
    items = raw.values() if isinstance(raw, dict) else raw
    events: dict[int, list[dict]] = {}
    for event in result.get("orderEvents") or []:
        events.setdefault(int(event.get("orderId", -1)), []).append(
            {
                "time": formatting.date_time(
                    event.get("time"), ids.get(int(event.get("orderId", -1)))
                ),
                # an option exercise's second fill is the underlying's delivery (LEAN's
                # Common/Orders/OptionExercise/DefaultExerciseModel.cs): its own symbol
                "symbol": str(event.get("symbolValue") or ""),
                "status": str(event.get("status", "")).title(),
                "fill_price": event.get("fillPrice"),
                "fill_quantity": event.get("fillQuantity"),
                "fee": event.get("orderFeeAmount"),
                "message": event.get("message", ""),
            }
        )
    out = []
    for order in items:
        symbol = order.get("symbol") or {}
        order_id = int(order.get("id", 0))
        zone = zones.get(_symbol_value(symbol))
        quantity = order.get("quantity") or 0
        price = order.get("price") or 0
        out.append(
            {
                "id": order_id,
                "symbol": symbol.get("value", "") if isinstance(symbol, dict) else str(symbol),
                "time": formatting.date_time(order.get("time"), zone),
                "zone": zone or "UTC",
                "type": _enum_name(OrderType, order.get("type")),
                "status": _enum_name(OrderStatus, order.get("status")),
                "direction": _enum_name(OrderDirection, order.get("direction")),
                "quantity": quantity,
                "price": price,
                "value": order.get("value", quantity * price),
                "tag": order.get("tag", ""),
                "events": events.get(order_id, []),
            }
        )
    out.sort(key=lambda o: o["id"])
    return out


def holdings(result: dict) -> list[dict]:
    """The positions held when the backtest ended (the document's ``holdings``, LEAN's Holding
    per security; those of quantity 0 left out), by symbol: option and future contracts under
    their contract symbols ("GOOG  151224C00747500", "ES21H14") with their security type."""
    rows = []
    for holding in (result.get("holdings") or {}).values():
        if not isinstance(holding, dict) or not holding.get("quantity"):
            continue
        symbol = holding.get("symbol") or {}
        rows.append(
            {
                "symbol": _symbol_value(symbol),
                "id": symbol.get("id", "") if isinstance(symbol, dict) else "",
                "type": _enum_name(SecurityType, holding.get("securityType")),
                "quantity": holding.get("quantity"),
                "average_price": holding.get("averagePrice"),
                "market_price": holding.get("marketPrice"),
                "market_value": holding.get("marketValue"),
                "unrealized": holding.get("unrealizedPnl"),
                "unrealized_percent": holding.get("unrealizedPnLPercent"),
            }
        )
    rows.sort(key=lambda row: row["symbol"])
    return rows


def cash(result: dict) -> list[dict]:
    """The cash book when the backtest ended, one row per currency."""
    return [
        {
            "currency": currency,
            "amount": entry.get("amount"),
            "value": entry.get("valueInAccountCurrency"),
        }
        for currency, entry in sorted((result.get("cash") or {}).items())
        if isinstance(entry, dict)
    ]


def closed_trades(result: dict, zones: dict[str, str] | None = None) -> list[dict]:
    """Closed trades; times in the symbol's exchange time zone when `zones` names it, else UTC."""
    trades = ((result.get("totalPerformance") or {}).get("closedTrades")) or []
    out = []
    for trade in trades:
        symbol = trade.get("symbol") or {}
        zone = (zones or {}).get(_symbol_value(symbol))
        out.append(
            {
                "symbol": symbol.get("value", "") if isinstance(symbol, dict) else str(symbol),
                "entry_time": formatting.date_time(trade.get("entryTime"), zone),
                "zone": zone or "UTC",
                "entry_price": trade.get("entryPrice"),
                "exit_time": formatting.date_time(trade.get("exitTime"), zone),
                "exit_price": trade.get("exitPrice"),
                "direction": "Long"
                if str(trade.get("direction")) in ("0", "Long", "long")
                else "Short",
                "quantity": trade.get("quantity"),
                "profit_loss": trade.get("profitLoss"),
                "fees": trade.get("totalFees"),
                "mae": trade.get("mae"),
                "mfe": trade.get("mfe"),
                "duration": trade.get("duration"),
                "is_win": trade.get("isWin"),
            }
        )
    return out


def insights(result: dict, zones: dict[str, str] | None = None) -> list[dict]:
    """The insights the algorithm emitted (LEAN's serialized insights), newest first; times in
    the symbol's exchange time zone when `zones` names it, else UTC."""
    out = []
    for insight in result.get("insights") or []:
        if not isinstance(insight, dict):
            continue
        ticker = str(insight.get("ticker") or insight.get("symbol") or "")
        zone = (zones or {}).get(ticker)
        period = insight.get("period")
        out.append(
            {
                "ticker": ticker,
                "generated": formatting.date_time(insight.get("generatedTime"), zone),
                "closes": formatting.date_time(insight.get("closeTime"), zone),
                "zone": zone or "UTC",
                "type": _enum_name(InsightType, insight.get("type")),
                "direction": _enum_name(InsightDirection, insight.get("direction")),
                "period": formatting.duration(period) if isinstance(period, int | float) else "",
                "magnitude": insight.get("magnitude"),
                "confidence": insight.get("confidence"),
                "weight": insight.get("weight"),
                "score_direction": insight.get("scoreDirection"),
                "score_magnitude": insight.get("scoreMagnitude"),
                "source": insight.get("sourceModel") or "",
                "tag": insight.get("tag") or "",
            }
        )
    out.reverse()
    return out


def _start_date(result: dict) -> date | None:
    text = str((result.get("algorithmConfiguration") or {}).get("startDate") or "")
    try:
        return datetime.strptime(text[:10], "%Y-%m-%d").date()
    except ValueError:
        return None


def _tone(value: float | None) -> str:
    return "" if not value else ("pos" if value > 0 else "neg")


def rolling_statistics(result: dict, months: int) -> list[dict]:
    """One row per window of `months` months in the result's ``rollingWindow`` (LEAN's
    ``M3_20131231`` keys), oldest first: its dates and key figures, formatted for the page."""
    if months not in ROLLING_MONTHS:
        raise ValueError(f"Rolling windows are {ROLLING_MONTHS} months long, not {months}.")
    prefix = f"M{months}_"
    windows = []
    for key, window in (result.get("rollingWindow") or {}).items():
        if not key.startswith(prefix) or not isinstance(window, dict):
            continue
        try:
            end = datetime.strptime(key.removeprefix(prefix), "%Y%m%d").date()
        except ValueError:
            continue
        windows.append((end, window))
    windows.sort(key=lambda item: item[0])
    starts: dict[date, date] = {}
    first = _start_date(result)
    if windows and first is not None and first <= windows[-1][0]:
        starts = {end: start for start, end in period_ranges(months, first, windows[-1][0])}
    currency = result.get("accountCurrencySymbol") or "$"
    rows = []
    for end, window in windows:
        portfolio = window.get("portfolioStatistics") or {}
        trades = window.get("tradeStatistics") or {}
        net = formatting.to_number(portfolio.get("totalNetProfit"))
        profit = formatting.to_number(trades.get("totalProfitLoss"))
        start = starts.get(end)
        rows.append(
            {
                "key": f"{prefix}{end:%Y%m%d}",
                "start": start.isoformat() if start else "",
                "end": end.isoformat(),
                "return": formatting.percent(net),
                "return_tone": _tone(net),
                "sharpe": formatting.number(portfolio.get("sharpeRatio"), decimals=3),
                "sortino": formatting.number(portfolio.get("sortinoRatio"), decimals=3),
                "drawdown": formatting.percent(portfolio.get("drawdown")),
                "win_rate": formatting.percent(portfolio.get("winRate"), decimals=0),
                "trades": trades.get("totalNumberOfTrades", 0),
                "profit_loss": formatting.money(profit, currency=currency),
                "profit_tone": _tone(profit),
                "end_equity": formatting.money(portfolio.get("endEquity"), currency=currency),
                "alpha": formatting.number(portfolio.get("alpha"), decimals=3),
                "beta": formatting.number(portfolio.get("beta"), decimals=3),
            }
        )
    return rows


def runtime_statistics(result: dict) -> list[dict]:
    """The runtime statistics as shown, each with its sign's tone from the engine's number."""
    rows = []
    values = result.get("runtimeStatisticsValues") or {}
    for key, value in (result.get("runtimeStatistics") or {}).items():
        number = statistic_value(result, key, runtime=True)
        tone = "" if number is None or number == 0 else ("pos" if number > 0 else "neg")
        if key in RUNTIME_MONEY:
            value = formatting.money(values.get(RUNTIME_MONEY[key], value))
        elif key == "Return" and "return" in values:
            value = f"{formatting.number(values['return'])}%"
        rows.append({"key": key, "value": value, "tone": tone})
    return rows


def compare_statistics(a: dict, b: dict) -> list[dict]:
    """Rows of (key, a, b) with `better` = "a"/"b"/"" and `differs`."""
    sa = a.get("statistics") or {}
    sb = b.get("statistics") or {}
    keys = list(sa) + [k for k in sb if k not in sa]
    rows = []
    for key in keys:
        va, vb = sa.get(key, ""), sb.get(key, "")
        na, nb = statistic_value(a, key), statistic_value(b, key)
        better = ""
        if key not in NOT_RANKED and na is not None and nb is not None and na != nb:
            if key in LOWER_IS_BETTER:
                better = "a" if abs(na) < abs(nb) else "b"
            else:
                better = "a" if na > nb else "b"
        rows.append({"key": key, "a": va, "b": vb, "differs": va != vb, "better": better})
    return rows
