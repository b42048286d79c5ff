"""The final result document (API v2 BacktestResult shape) from what the run collected, and the
parts of it a snapshot also carries (holdings, cash, orders, runtime statistics).

Beyond LEAN's BacktestResult keys the document holds LEAN's LiveResult portfolio keys
(``Common/Packets/LiveResultPacket.cs``): ``holdings`` (``Common/Global.cs`` ``Holding``, keyed
by the symbol's SecurityIdentifier string), ``cash`` (``Common/Securities/Cash.cs``, keyed by
currency), ``accountCurrency``, ``accountCurrencySymbol``; and the statistics as numbers
(``statisticsValues``, ``runtimeStatisticsValues``). engine/README.md lists every field.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from engine.algorithm.runtime import AlgorithmRuntime
from engine.common.currencies import CURRENCY_SYMBOLS, currency_symbol  # noqa: F401 - re-exported
from engine.data import InterestRateProvider
from engine.data.option_files import contract_key
from engine.model.enums import SecurityType
from engine.model.identifier import (
    DEFAULT_DATE,
    decode_base36,
    encode_base36,
    pack_properties,
    unpack_date,
)
from engine.runner.feeds import OPTION_TYPES
from engine.runner.samples import ResultsCollector
from engine.statistics import algorithm_configuration, build_result_document, security_identifier
from engine.statistics.formatting import dec
from engine.statistics.identifiers import symbol_identifier as statistics_symbol_identifier
from engine.statistics.rolling import rolling_performances
from engine.statistics.summary import (
    TransactionRecords,
    compute_statistics_values,
    runtime_statistics,
)


def json_default(value: Any) -> Any:
    """``json.dumps`` fallback for the document: Decimal, dates, objects with ``to_json``."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "to_json"):
        return value.to_json()
    return str(value)


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
    """LEAN's SecurityIdentifier string of the security whose symbol's value is ``ticker``."""
    for symbol in list(algorithm.securities.keys()):
        if symbol.value == ticker:
            return symbol_identifier(algorithm, symbol)
    return ticker


def symbol_identifier(algorithm: Any, symbol: Any) -> str:
    """LEAN's SecurityIdentifier string of ``symbol``: the one it carries (options and futures
    pack their contract; an equity resolved in the map files its first ticker and date), else
    built from the data folder as LEAN's generators do: an equity's first map-file ticker and
    date (LEAN's DefaultDate without a map file), custom data as ``<ticker>.<type name>``
    (SecurityIdentifier.GenerateBase), other types at LEAN's DefaultDate."""
    if symbol.security_type == SecurityType.BASE and " " not in symbol.id.sid:
        # a custom data symbol whose identifier holds only "<ticker>.<type>" (Symbol.create_base)
        return _base_identifier(algorithm, symbol)
    if symbol.id.sid:
        return symbol.id.sid
    if symbol.security_type in OPTION_TYPES or symbol.security_type == SecurityType.FUTURE:
        return str(symbol.id)
    folder = AlgorithmRuntime(algorithm).data_folder
    try:
        if symbol.security_type == SecurityType.BASE:
            return _base_identifier(algorithm, symbol)
        if folder is None:
            return security_identifier(
                symbol.value.upper(), symbol.security_type.folder_name, symbol.market
            )
        return statistics_symbol_identifier(folder, symbol)
    except Exception:
        return symbol.value


def _base_identifier(algorithm: Any, symbol: Any) -> str:
    """LEAN's ``SecurityIdentifier.GenerateBase(type, ticker, market, mapSymbol, date)``: the
    ticker joined to the custom type's name, the ticker's case kept. A symbol linked to an
    underlying (``Symbol.CreateBase``) takes the underlying identifier's ticker, and its date for
    an equity, option, future or custom underlying ("NWSA.CustomDataUsingMapping T3MO1488O0H0" on
    FOXA, "BTCUSDT.CustomCryptoData 2US" on a crypto pair); one added by ticker is dated LEAN's
    DefaultDate ("BTC.Bitcoin 2S")."""
    type_name = symbol.id.sid.partition(".")[2] if "." in symbol.id.sid else ""
    if not type_name:
        security = algorithm.securities.get(symbol)
        custom_type = next(
            (s.custom_type for s in getattr(security, "subscriptions", ()) if s.custom_type),
            symbol.custom_data_type,
        )
        if custom_type is None:
            return symbol.value
        type_name = custom_type.__name__
    name, first = symbol.value, DEFAULT_DATE
    underlying = symbol.underlying
    if underlying is not None:
        own = symbol_identifier(algorithm, underlying).split("|", 1)[0]
        name, _, encoded = own.partition(" ")
        if underlying.security_type in _DATED_UNDERLYINGS and encoded:
            first = unpack_date(decode_base36(encoded)).date()
    properties = pack_properties(SecurityType.BASE, symbol.market or "usa", first)
    return f"{name}.{type_name} {encode_base36(properties)}"


# the underlyings whose date a custom data identifier keeps (LEAN's Symbol.CreateBase)
_DATED_UNDERLYINGS = frozenset(
    {
        SecurityType.BASE,
        SecurityType.EQUITY,
        SecurityType.FUTURE,
        SecurityType.OPTION,
        SecurityType.FUTURE_OPTION,
        SecurityType.INDEX_OPTION,
    }
)


def risk_free_rate(algorithm: Any) -> Any:
    """The interest-rate file's daily rate lookup, or None for LEAN's fallback rate."""
    try:
        return InterestRateProvider(AlgorithmRuntime(algorithm).data_folder).rate
    except Exception:
        return None


def profit_loss_records(
    algorithm: Any, collector: ResultsCollector
) -> tuple[Any, int | None, int | None, dict[str, float]]:
    """(profit-loss records, winning and losing counts, their JSON) from the transaction
    manager's record, or from what ``collector`` recorded when the manager keeps none."""
    transactions = algorithm.transactions
    record = getattr(transactions, "transaction_record", None)
    if record is None:
        return collector.records, None, None, collector.records.to_json()
    profit_loss = [(_naive_utc(t), v) for t, v in sorted(record.items())]
    records_json = {t.strftime("%Y-%m-%dT%H:%M:%SZ"): float(v) for t, v in profit_loss}
    return (
        profit_loss,
        transactions.winning_transactions,
        transactions.losing_transactions,
        records_json,
    )


def rolling_statistics(
    algorithm: Any, collector: ResultsCollector | None, records: tuple | None = None
) -> dict[str, Any]:
    """The ``rollingWindow`` of the results: the 1, 3, 6 and 12 month windows' statistics.
    ``records``: :func:`profit_loss_records`' answer when the caller has it already."""
    if collector is None:
        return {}
    profit_loss = (records or profit_loss_records(algorithm, collector))[0]
    if isinstance(profit_loss, TransactionRecords):
        profit_loss = profit_loss.items()
    return rolling_performances(
        sampled=collector.sampler.series,
        profit_loss=profit_loss,
        closed_trades=collector.trades.closed_trades,
        starting_capital=collector.sampler.starting_value,
        risk_free_rate=risk_free_rate(algorithm),
        trading_days_per_year=_trading_days_per_year(algorithm),
    )


def summary_statistics(
    algorithm: Any, collector: ResultsCollector | None, records: tuple | None = None
) -> tuple[dict[str, str], dict[str, Any], dict, dict, dict]:
    """(summary statistics with the algorithm's custom ones, their values, portfolio statistics,
    trade statistics, profit-loss records) from what ``collector`` recorded so far.
    ``records``: :func:`profit_loss_records`' answer when the caller has it already."""
    orders = _orders(algorithm)
    fees = getattr(algorithm.portfolio, "total_fees_decimal", None)
    if fees is None:
        fees = float(getattr(algorithm.portfolio, "total_fees", 0.0) or 0.0)
    statistics: dict[str, str] = {}
    values: dict[str, Any] = {}
    portfolio_json: dict = {}
    trade_json: dict = {}
    records_json: dict = {}
    tdpy = _trading_days_per_year(algorithm)
    if collector is not None:
        lowest = collector.capacity.lowest_capacity_asset
        lowest_sid = symbol_identifier(algorithm, lowest) if lowest is not None else ""
        ids: dict[str, str] = {}  # per ticker: thousands of trades share a few symbols
        for trade in collector.trades.closed_trades:
            if not trade.symbol_id:
                symbol_id = ids.get(trade.symbol)
                if symbol_id is None:
                    symbol_id = ids[trade.symbol] = _symbol_id(algorithm, trade.symbol)
                trade.symbol_id = symbol_id
        rate_fn = risk_free_rate(algorithm)
        profit_loss, wins, losses, records_json = records or profit_loss_records(
            algorithm, collector
        )
        statistics, values, portfolio_json, trade_json = compute_statistics_values(
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
            currency_symbol=currency_symbol(algorithm.account_currency),
        )
    # LEAN adds the algorithm's own summary statistics (set_summary_statistic) last
    statistics.update(getattr(algorithm, "summary_statistics", {}))
    return statistics, values, portfolio_json, trade_json, records_json


def build_document(
    algorithm: Any,
    collector: ResultsCollector | None,
    *,
    status: str,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Statistics, charts, orders, events, trades, holdings, cash and configuration as one
    JSON-ready dict."""
    rt = AlgorithmRuntime(algorithm)
    algo_id = rt.algorithm_id
    orders = _orders(algorithm)
    events = _order_events(algorithm)
    tdpy = _trading_days_per_year(algorithm)
    charts: dict[str, dict] = collector.sampler.charts_json() if collector is not None else {}
    # the transaction record is sorted and converted once, for the summary and the windows
    records = profit_loss_records(algorithm, collector) if collector is not None else None
    statistics, values, portfolio_json, trade_json, records_json = summary_statistics(
        algorithm, collector, records
    )
    closed = collector.trades.closed_trades if collector is not None else []
    for name, chart in rt.charts.items():
        charts[name] = (
            chart.to_json() if name not in charts else _merge_chart(charts[name], chart.to_json())
        )
    runtime_values = runtime_statistics_values(algorithm, collector, statistics, values)
    runtime = runtime_statistics(**runtime_values["_inputs"], custom=algorithm.runtime_statistics)
    runtime_values.pop("_inputs")
    brokerage_name = str(getattr(algorithm.brokerage_model, "name", "Default"))
    config = algorithm_configuration(
        name=algorithm.name,
        start_date=algorithm.start_date,
        end_date=algorithm.end_date,
        account_currency=algorithm.account_currency,
        brokerage=BROKERAGE_CODES.get(brokerage_name, 0),
        account_type=ACCOUNT_TYPES.get(rt.account_type.title(), 0),
        parameters=algorithm.parameters,
        tags=algorithm.tags,
        trading_days_per_year=tdpy,
    )
    config["cash"] = rt.starting_cash
    resolutions = [r.resolution for r in rt.subscriptions]
    config["resolution"] = str(min(resolutions)) if resolutions else None
    order_json = orders_json(algorithm, orders)
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
        rolling_window=rolling_statistics(algorithm, collector, records),
        extra={
            "status": status,
            "insights": _insights(algorithm),
            "holdings": holdings_json(algorithm),
            "cash": cash_json(algorithm),
            "accountCurrency": algorithm.account_currency,
            "accountCurrencySymbol": currency_symbol(algorithm.account_currency),
            "statisticsValues": values,
            "runtimeStatisticsValues": runtime_values,
            "dataSubscriptions": data_subscriptions(rt.subscriptions),
            "tradeableDates": tradeable_dates(algorithm),
            **(extra or {}),
        },
    )
    return doc


def dataset_name(symbol: Any) -> str:
    """The folder or file name the data folder keeps the symbol's data under (lower case): an
    option contract's is its chain's (``goog`` for "GOOG  151224C00747500", as
    engine/data/option_files.py reads it), a future contract's its root's (``es`` for
    "ES21H14" and "/ES"), any other security's its ticker."""
    kind = symbol.security_type
    if kind in OPTION_TYPES and not symbol.is_canonical():
        return contract_key(symbol).underlying
    if kind in OPTION_TYPES or kind == SecurityType.FUTURE:
        return str(symbol.id.symbol).lower()
    return str(symbol.value).lower()


def data_subscriptions(subscriptions: list[Any]) -> list[dict[str, Any]]:
    """Which market data the run read (not a LEAN field): one entry per security type, market,
    ticker and resolution of its subscriptions, the benchmark's included, custom data left out
    (it has no place in the data folder's layout); ``dataset``: the name its data is kept under
    in the data folder (:func:`dataset_name`; a chain's contracts share their chain's)."""
    found: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for request in subscriptions:
        symbol = request.symbol
        kind = symbol.security_type.folder_name
        if kind == "base":
            continue
        resolution = request.resolution.name.lower()
        key = (kind, symbol.market.lower(), str(symbol.value).lower(), resolution)
        found.setdefault(
            key,
            {
                "securityType": kind,
                "market": key[1],
                "symbol": str(symbol.value),
                "dataset": dataset_name(symbol),
                "resolution": resolution,
                "internal": bool(request.internal),
            },
        )
    return [found[key] for key in sorted(found)]


def tradeable_dates(algorithm: Any) -> int:
    """Days from the start to the end date on which an exchange of one of the algorithm's
    securities has a session (LEAN's ``Time.TradeableDates`` in ``Common/Time.cs``)."""
    hours = [
        security.exchange_hours
        for security in list(algorithm.securities.values())
        if not getattr(security, "is_internal", False)
    ]
    if not hours:
        return 0
    first, last = algorithm.start_date.date(), algorithm.end_date.date()
    return sum(
        1
        for ordinal in range(first.toordinal(), last.toordinal() + 1)
        if any(h.is_date_open(date.fromordinal(ordinal)) for h in hours)
    )


def _insights(algorithm: Any) -> list[dict[str, Any]]:
    """Every insight the algorithm emitted, in LEAN's serialized insight shape (engine.framework)."""
    ids: dict[str, str] = {}

    def symbol_id(ticker: str) -> str:
        if ticker not in ids:
            ids[ticker] = _symbol_id(algorithm, ticker)
        return ids[ticker]

    return AlgorithmRuntime(algorithm).insights_json(symbol_id)


def _naive_utc(t: Any) -> Any:
    return t.astimezone(UTC).replace(tzinfo=None) if getattr(t, "tzinfo", None) is not None else t


def _merge_chart(base: dict, user: dict) -> dict:
    merged = dict(base)
    merged["series"] = {**base.get("series", {}), **user.get("series", {})}
    return merged


def _cents(value: float) -> float:
    """Rounded to 2 decimals as the runtime statistics' strings are (half away from zero on the
    decimal value, not Python's float rounding: 21.615 is 21.62 in both)."""
    return float(dec(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def runtime_statistics_values(
    algorithm: Any,
    collector: ResultsCollector | None,
    statistics: dict[str, str],
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """LEAN's runtime statistics as numbers (``equity``, ``fees``, ``holdings``, ``netProfit``,
    ``unrealized``, ``volume`` in account currency; ``return`` and ``probabilisticSharpeRatio`` in
    percent; the summary's, 0 before there is one). ``_inputs`` holds the arguments of
    ``runtime_statistics`` (the strings)."""
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
    tpv = float(portfolio.total_portfolio_value)
    starting = collector.starting_value if collector is not None else tpv
    fees = float(getattr(portfolio, "total_fees", 0.0) or 0.0)
    volume = float(getattr(portfolio, "total_sale_volume", 0.0) or 0.0)
    psr = statistics.get("Probabilistic Sharpe Ratio")
    return {
        "equity": _cents(tpv),
        "fees": -_cents(fees),  # shown as "-$1.30": fees are money out
        "holdings": _cents(holdings),
        "netProfit": _cents(net_profit),
        "probabilisticSharpeRatio": (values or {}).get("probabilisticSharpeRatio") or 0.0,
        "return": _cents((tpv - starting) / starting * 100) if starting else 0.0,
        "unrealized": _cents(unrealized),
        "volume": _cents(volume),
        "_inputs": {
            "total_portfolio_value": tpv,
            "total_fees": fees,
            "holdings_value": holdings,
            "net_profit": net_profit,
            "unrealized_profit": unrealized,
            "total_sale_volume": volume,
            "starting_value": starting,
            "probabilistic_sharpe_ratio": psr,
        },
    }


def orders_json(algorithm: Any, orders: list[Any] | None = None) -> dict[str, dict]:
    """LEAN's Order JSON keyed by order id (as a string)."""
    return {str(o.id): o.to_json() for o in (_orders(algorithm) if orders is None else orders)}


def _price_digits(security: Any) -> int:
    """Decimal places of the minimum price variation (LEAN rounds holding prices to it)."""
    step = float(getattr(security.symbol_properties, "minimum_price_variation", 0.01) or 0.01)
    return max(0, min(10, -math.floor(math.log10(step) + 1e-9)))


def reported_holding(security: Any, subscribed: set[Any]) -> bool:
    """Whether LEAN reports the security's holding (``GetHoldings`` of
    ``Engine/Results/LiveTradingResultHandler.cs``): always when invested; else a tradable
    security that is neither internal nor a chain's canonical symbol, or a future that is
    tradable or a continuous contract with a subscription (``subscribed``: the symbols the
    algorithm has data subscriptions for). Expired, delisted and removed contracts (untradable)
    and option chains are left out."""
    if security.holdings.invested:
        return True
    symbol = security.symbol
    tradable = getattr(security, "is_tradable", True)
    if tradable and not getattr(security, "is_internal", False) and not symbol.is_canonical():
        return True
    return symbol.security_type == SecurityType.FUTURE and (
        tradable or (symbol.is_canonical() and symbol in subscribed)
    )


def holdings_json(algorithm: Any, ids: dict[Any, str] | None = None) -> dict[str, dict[str, Any]]:
    """LEAN's ``Holding`` of each security it reports (:func:`reported_holding`; ``Common/Global.cs``)
    in symbol-value order, keyed by the SecurityIdentifier string, with LEAN's long JSON names
    (its reader's camelCase ones). ``ids``: symbol -> SecurityIdentifier string, filled as they
    are found (a cache)."""
    out: dict[str, dict[str, Any]] = {}
    ids = {} if ids is None else ids
    subscribed = {r.symbol for r in AlgorithmRuntime(algorithm).subscriptions}
    securities = [s for s in list(algorithm.securities.values()) if reported_holding(s, subscribed)]
    for security in sorted(securities, key=lambda s: s.symbol.value):
        symbol = security.symbol
        h = security.holdings
        digits = _price_digits(security)
        currency = str(getattr(security, "quote_currency", "") or algorithm.account_currency)
        ticker = symbol.value
        if symbol not in ids:
            ids[symbol] = symbol_identifier(algorithm, symbol)
        sid = ids[symbol]
        out[sid] = {
            "symbol": {"value": ticker, "id": sid, "permtick": ticker},
            "securityType": int(symbol.security_type),
            "currency": currency,
            "currencySymbol": currency_symbol(currency),
            "quantity": float(h.quantity),
            "averagePrice": round(float(h.average_price), digits),
            "marketPrice": round(float(h.price), digits),
            "conversionRate": float(getattr(security, "conversion_rate", 1.0) or 1.0),
            "marketValue": round(float(h.holdings_value), 2),
            "unrealizedPnl": round(float(h.unrealized_profit), 2),
            "unrealizedPnLPercent": round(float(h.unrealized_profit_percent) * 100, 2),
        }
    return out


def cash_json(algorithm: Any) -> dict[str, dict[str, Any]]:
    """LEAN's ``Cash`` per currency of the cash book (``Common/Securities/Cash.cs``)."""
    book = getattr(algorithm.portfolio, "cash_book", None)
    if book is None:
        return {}
    out = {}
    for currency, cash in book.items():
        out[currency] = {
            "symbol": currency,
            "amount": float(cash.amount),
            "conversionRate": float(cash.conversion_rate),
            "currencySymbol": currency_symbol(currency),
            "valueInAccountCurrency": float(cash.value_in_account_currency),
        }
    return out
