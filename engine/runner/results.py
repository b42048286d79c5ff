"""The final result document (API v2 BacktestResult shape) from what the run collected."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from engine.data import InterestRateProvider
from engine.runner.samples import ResultsCollector
from engine.statistics import algorithm_configuration, build_result_document, security_identifier
from engine.statistics.summary import compute_statistics, runtime_statistics

BROKERAGE_CODES = {
    "Default": 0,
    "InteractiveBrokers": 1,
    "QuantConnect": 0,
    "Oanda": 5,
    "Coinbase": 13,
    "GDAX": 12,
    "Binance": 16,
}
ACCOUNT_TYPES = {"Margin": 0, "Cash": 1}


def _orders(algorithm: Any) -> list[Any]:
    transactions = algorithm.transactions
    getter = getattr(transactions, "get_orders", None)
    try:
        return list(getter()) if getter is not None else []
    except TypeError:
        return list(getter(lambda o: True))


def _order_events(algorithm: Any) -> list[Any]:
    events = getattr(algorithm.transactions, "order_events", None)
    if events is None:
        getter = getattr(algorithm.transactions, "get_order_events", None)
        events = getter() if getter is not None else []
    return list(events)


def _trading_days_per_year(algorithm: Any) -> int:
    value = algorithm.settings.trading_days_per_year
    if value:
        return int(value)
    name = str(
        getattr(algorithm.brokerage_model, "name", "") or type(algorithm.brokerage_model).__name__
    )
    crypto = any(
        x in name.lower() for x in ("coinbase", "gdax", "binance", "kraken", "bitfinex", "bybit")
    )
    return 365 if crypto else 252


def _symbol_id(algorithm: Any, ticker: str) -> str:
    """LEAN's SecurityIdentifier string (equities: first ticker and first date of the map file)."""
    for symbol in list(algorithm.securities.keys()):
        if symbol.value != ticker:
            continue
        name, first = symbol.value, None
        if symbol.security_type.name == "EQUITY" and algorithm._data_folder is not None:
            try:
                from engine.data import read_map_file

                mapping = read_map_file(algorithm._data_folder, symbol.market, symbol.value)
                first = mapping.first_date
                if mapping.tickers:
                    name = mapping.tickers[0]
            except Exception:
                first = None
        try:
            return security_identifier(
                name.upper(), symbol.security_type.name.lower(), symbol.market, first
            )
        except Exception:
            return ticker
    return ticker


def build_document(
    algorithm: Any,
    collector: ResultsCollector | None,
    *,
    status: str,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Statistics, charts, orders, events, trades and configuration as one JSON-ready dict."""
    algo_id = getattr(algorithm, "_algorithm_id", "") or ""
    orders = _orders(algorithm)
    events = _order_events(algorithm)
    fees = float(getattr(algorithm.portfolio, "total_fees", 0.0) or 0.0)
    charts: dict[str, dict] = {}
    statistics: dict[str, str] = {}
    portfolio_json: dict = {}
    trade_json: dict = {}
    closed: list = []
    records_json: dict = {}
    tdpy = _trading_days_per_year(algorithm)
    if collector is not None:
        charts = collector.sampler.charts_json()
        lowest = collector.capacity.lowest_capacity_asset
        lowest_sid = _symbol_id(algorithm, lowest) if lowest else ""
        for trade in collector.trades.closed_trades:
            if not trade.symbol_id:
                trade.symbol_id = _symbol_id(algorithm, trade.symbol)
        try:
            rate = InterestRateProvider(algorithm._data_folder)
            rate_fn = rate.rate
        except Exception:
            rate_fn = None
        transactions = algorithm.transactions
        record = getattr(transactions, "transaction_record", None)
        if record is not None:
            profit_loss = [(_naive_utc(t), v) for t, v in sorted(record.items())]
            wins, losses = transactions.winning_transactions, transactions.losing_transactions
            records_json = {t.strftime("%Y-%m-%dT%H:%M:%SZ"): float(v) for t, v in profit_loss}
        else:
            profit_loss, wins, losses = collector.records, None, None
            records_json = collector.records.to_json()
        statistics, portfolio_json, trade_json = compute_statistics(
            sampled=collector.sampler.series,
            profit_loss=profit_loss,
            win_count=wins,
            loss_count=losses,
            closed_trades=collector.trades.closed_trades,
            total_orders=int(getattr(algorithm.transactions, "orders_count", len(orders))),
            total_fees=fees,
            starting_capital=collector.sampler.starting_value,
            risk_free_rate=rate_fn,
            trading_days_per_year=tdpy,
            capacity=collector.capacity.capacity,
            lowest_capacity_asset=lowest_sid,
            psr_risk_free=False,  # the PSR of LEAN's regression expectations (raw daily returns)
        )
        closed = collector.trades.closed_trades
    for name, chart in algorithm._charts.items():
        charts[name] = (
            chart.to_json() if name not in charts else _merge_chart(charts[name], chart.to_json())
        )
    runtime = _runtime(algorithm, collector, statistics)
    brokerage_name = str(getattr(algorithm.brokerage_model, "name", "Default"))
    config = algorithm_configuration(
        name=algorithm.name,
        start_date=algorithm.start_date,
        end_date=algorithm.end_date,
        account_currency=algorithm.account_currency,
        brokerage=BROKERAGE_CODES.get(brokerage_name, 0),
        account_type=ACCOUNT_TYPES.get(
            str(getattr(algorithm, "_account_type", "Margin")).title(), 0
        ),
        parameters=algorithm.parameters,
        tags=algorithm.tags,
        trading_days_per_year=tdpy,
    )
    config["cash"] = float(getattr(algorithm, "_cash", 0.0))
    resolutions = [r.resolution for r in algorithm._subscriptions]
    config["resolution"] = str(min(resolutions)) if resolutions else None
    order_json = {str(o.id): o.to_json() for o in orders}
    event_json = [e.to_json(algo_id) for e in events]
    doc = build_result_document(
        statistics=statistics,
        runtime_statistics=runtime,
        charts=charts,
        orders=order_json,
        order_events=event_json,
        closed_trades=closed,
        trade_statistics=trade_json,
        portfolio_statistics=portfolio_json,
        profit_loss=records_json,
        algorithm_configuration=config,
        extra={"status": status, "insights": _insights(algorithm), **(extra or {})},
    )
    return doc


def _insights(algorithm: Any) -> list[dict[str, Any]]:
    """Every insight the algorithm emitted, in LEAN's serialized insight shape (engine.framework)."""
    getter = getattr(algorithm, "_framework_insights_json", None)
    if getter is None:
        return []
    ids: dict[str, str] = {}

    def symbol_id(ticker: str) -> str:
        if ticker not in ids:
            ids[ticker] = _symbol_id(algorithm, ticker)
        return ids[ticker]

    return getter(symbol_id)


def _naive_utc(t: Any) -> Any:
    return t.astimezone(UTC).replace(tzinfo=None) if getattr(t, "tzinfo", None) is not None else t


def _merge_chart(base: dict, user: dict) -> dict:
    merged = dict(base)
    merged["series"] = {**base.get("series", {}), **user.get("series", {})}
    return merged


def _runtime(
    algorithm: Any, collector: ResultsCollector | None, statistics: dict[str, str]
) -> dict[str, str]:
    portfolio = algorithm.portfolio
    holdings = 0.0
    unrealized = 0.0
    net_profit = 0.0
    try:
        for security in algorithm.securities.values():
            h = security.holdings
            holdings += abs(float(getattr(h, "holdings_value", 0.0)))
            unrealized += float(getattr(h, "unrealized_profit", 0.0))
            net_profit += float(getattr(h, "net_profit", 0.0))
    except Exception:
        pass
    starting = (
        collector.starting_value
        if collector is not None
        else float(portfolio.total_portfolio_value)
    )
    return runtime_statistics(
        total_portfolio_value=float(portfolio.total_portfolio_value),
        total_fees=float(getattr(portfolio, "total_fees", 0.0) or 0.0),
        holdings_value=holdings,
        net_profit=net_profit,
        unrealized_profit=unrealized,
        total_sale_volume=float(getattr(portfolio, "total_sale_volume", 0.0) or 0.0),
        starting_value=starting,
        probabilistic_sharpe_ratio=statistics.get("Probabilistic Sharpe Ratio"),
        custom=algorithm.runtime_statistics,
    )
