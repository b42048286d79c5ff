"""Statistics and the result document, computed exactly like LEAN.

Pure functions and small classes over plain inputs (UTC datetimes, floats or Decimals, ticker
strings); no dependency on other engine layers. What the runner calls, and when:

At start
    ``sampler = ResultSampler(start_utc, end_utc, starting_value)``
    ``trades = TradeBuilder(symbol_ids={"SPY": security_identifier("SPY", "equity", "usa", first_date)})``
    ``capacity = CapacityEstimate(start_date, end_date)``; ``records = TransactionRecords()``

Per fill (order event with a fill)
    ``trades.process_fill(symbol, utc_time, fill_price, signed_qty, fee_in_account_ccy, order_id,
    multiplier, conversion_rate)``;
    ``capacity.on_fill(symbol, utc_time, fill_price, signed_qty, conversion_rate, multiplier)``;
    when the fill reduces/closes a position: ``records.add(utc_time, realized_profit, fee)``.

Per time step
    after the slice's prices are in the cache (LEAN step 5): ``trades.set_market_price(symbol, price)``
    for every updated symbol;
    at the end of the step (LEAN step 20): ``sampler.on_step(utc_time, total_portfolio_value)`` and
    ``capacity.update(utc_time, {symbol: CapacityBar(close, volume, period)}, tpv,
    buying_power_used, invested)``.

Per "Daily Sampling" event (every calendar midnight in the algorithm time zone, the start date's
included) and once at the end (final sample, last slice time)
    ``sampler.sample(utc_time, tpv, benchmark_value, total_sale_volume, exposure=..., sales_volume=...,
    capacity=capacity.capacity)``.

At the end
    ``sampler.on_step(last_utc, tpv, force=True)``; ``capacity.update(..., force=True)``; the final
    ``sampler.sample(...)``; then
    ``statistics, portfolio_json, trade_json = compute_statistics(sampled=sampler.series,
    profit_loss=records, closed_trades=trades.closed_trades, total_orders=n, total_fees=fees,
    starting_capital=sampler.starting_value, risk_free_rate=rate_provider, trading_days_per_year=252,
    capacity=capacity.capacity, lowest_capacity_asset=sid_of(capacity.lowest_capacity_asset))``;
    ``runtime = runtime_statistics(...)``;
    ``build_result_document(statistics=..., runtime_statistics=runtime, charts=sampler.charts_json(),
    orders=..., order_events=..., closed_trades=trades.closed_trades, trade_statistics=trade_json,
    portfolio_statistics=portfolio_json, profit_loss=records.to_json(),
    algorithm_configuration=algorithm_configuration(...))``.

User charts reuse :class:`Chart`, :class:`Series`, :class:`CandlestickSeries`, :class:`SeriesType`.
"""

from __future__ import annotations

from .capacity import CapacityBar, CapacityEstimate
from .charts import (
    Candlestick,
    CandlestickSeries,
    Chart,
    ChartPoint,
    ScatterMarkerSymbol,
    Series,
    SeriesType,
    unix_seconds,
)
from .identifiers import security_identifier
from .portfolio import PortfolioStatistics, drawdown_metrics, probabilistic_sharpe_ratio
from .result import algorithm_configuration, build_result_document
from .sampler import ResultSampler, SampledSeries
from .summary import (
    STATISTICS_KEYS,
    TransactionRecords,
    compute_statistics,
    format_capacity,
    runtime_statistics,
)
from .trade_statistics import TradeStatistics
from .trades import LONG, SHORT, Trade, TradeBuilder

__all__ = [
    "LONG",
    "SHORT",
    "STATISTICS_KEYS",
    "Candlestick",
    "CandlestickSeries",
    "CapacityBar",
    "CapacityEstimate",
    "Chart",
    "ChartPoint",
    "PortfolioStatistics",
    "ResultSampler",
    "SampledSeries",
    "ScatterMarkerSymbol",
    "Series",
    "SeriesType",
    "Trade",
    "TradeBuilder",
    "TradeStatistics",
    "TransactionRecords",
    "algorithm_configuration",
    "build_result_document",
    "compute_statistics",
    "drawdown_metrics",
    "format_capacity",
    "probabilistic_sharpe_ratio",
    "runtime_statistics",
    "security_identifier",
    "unix_seconds",
]
