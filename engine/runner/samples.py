"""What the runner records while the loop runs: equity/benchmark samples, trades, capacity.

Thin glue between the loop and ``engine.statistics`` (sampler, TradeBuilder, TransactionRecords,
CapacityEstimate); the final document is assembled in ``engine.runner.results``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal, localcontext
from typing import Any

from engine.common.clock import NS_PER_DAY as DAY_NS
from engine.common.clock import ns_to_utc, zone
from engine.execution.buying_power import buying_power_call
from engine.model.bars import TradeBar
from engine.portfolio.exercise_results import fill_is_win, is_exercise_fill
from engine.statistics import CapacityBar, CapacityEstimate, ResultSampler, TradeBuilder
from engine.statistics.formatting import (
    DECIMAL_CONTEXT,
    dec,
    net_multiply,
    smart_round,
    to_decimal,
)
from engine.statistics.summary import TransactionRecords

NAIVE_EPOCH = datetime(1970, 1, 1)


class ResultsCollector:
    def __init__(self, algorithm: Any, start_ns: int) -> None:
        self.algorithm = algorithm
        tz = zone(algorithm.time_zone)
        start_utc = algorithm.start_date.replace(tzinfo=tz).astimezone(UTC)
        end_utc = algorithm.end_date.replace(tzinfo=tz).astimezone(UTC)
        self._flat_value: Any = None  # the account-currency Cash while it is all the portfolio
        self._flat_book: Any = ()
        self._flat_checked = False
        self.starting_value = self.total_portfolio_value()
        self.last_value = self.starting_value
        self.sampler = ResultSampler(start_utc, end_utc, self.starting_cash())
        self.trades = TradeBuilder()
        self.records = TransactionRecords()
        # LEAN's CapacityEstimate adds the snapshot period to the algorithm's StartDate (in the
        # algorithm's time zone) and compares it with UtcTime.Date: local dates, not UTC ones
        self.capacity = CapacityEstimate(
            algorithm.start_date.replace(tzinfo=None), algorithm.end_date.replace(tzinfo=None)
        )
        self._period = self.sampler.resample_period
        self._period_ns = int(self._period.total_seconds() * 1e9)
        self._next_due: int | None = None
        self._next_capacity_day = 0
        self._last_bars: Any = None  # the last slice's bars (LEAN's CurrentSlice at the end)
        self._last_quotes: Any = None
        self._last_custom: Any = None
        # traded symbols with internal subscriptions only: capacity reads their cached bars
        self._internal_only: set[Any] = set()
        self._pending_candle: list[float] | None = None
        self._last_call: datetime | None = None
        self._price_band: dict[str, tuple[float, float]] = {}
        self._last_value: float | None = None
        self.start_ns = start_ns

    # -- portfolio reads (tolerant while the portfolio layer is being built) --------------------
    def total_portfolio_value(self) -> float:
        """TPV; while the portfolio holds nothing but account-currency cash it is that cash's
        amount (read each time: user code, e.g. a custom settlement model, may add to the cash
        book directly) until ``invalidate()`` after a fill, a dividend/split or settlement."""
        flat = self._flat_value
        if flat is not None and len(self._flat_book) == 1:
            return float(flat.amount)
        portfolio = self.algorithm.portfolio
        value = float(portfolio.total_portfolio_value)
        if (
            not self._flat_checked
        ):  # once per invalidation: is the portfolio only account-currency cash?
            self._flat_checked = True
            cash_book = getattr(portfolio, "cash_book", None)
            if (
                cash_book is not None
                and len(cash_book) == 1
                and not getattr(portfolio, "unsettled_cash_book", True)
                and not portfolio.invested
            ):
                cash = cash_book.values()[0]
                if float(cash.amount) == value:
                    self._flat_value = cash
                    self._flat_book = cash_book
        return value

    @property
    def holds_only_cash(self) -> bool:
        """The portfolio is account-currency cash only (known from the TPV cache): no margin call."""
        return self._flat_value is not None

    def invalidate(self) -> None:
        self._flat_value = None
        self._flat_checked = False

    def starting_cash(self) -> Decimal | float:
        """LEAN's starting portfolio value, ``Portfolio.Cash`` after setup
        (Engine/Setup/BacktestingSetupHandler.cs): the decimal sum of each currency's amount times
        its conversion rate (Common/Securities/CashBook.cs ``TotalValueInAccountCurrency``). Its
        decimal scale is what Start Equity prints: "100000" for the account currency alone (rate
        1), "100000.00" once a currency converted at a market price is in the book, even with
        no amount. A portfolio already holding positions starts at its total value."""
        portfolio = self.algorithm.portfolio
        cash_book = getattr(portfolio, "cash_book", None)
        if cash_book is None or portfolio.invested:
            return self.starting_value
        with localcontext(DECIMAL_CONTEXT):
            total = sum(
                (
                    net_multiply(to_decimal(cash.amount), to_decimal(cash.conversion_rate))
                    for cash in cash_book.values()
                ),
                Decimal(0),
            )
        same = math.isclose(float(total), self.starting_value, rel_tol=1e-12, abs_tol=1e-9)
        return total if same else self.starting_value

    def total_sale_volume(self) -> float:
        return float(getattr(self.algorithm.portfolio, "total_sale_volume", 0.0))

    def recapture_starting_value(self) -> None:
        """After warm-up (BaseResultsHandler.OnWarmupFinished): the value now, unless it did not
        change, which keeps the captured one and so its decimal scale in Start Equity."""
        self.invalidate()
        previous = self.starting_value
        self.starting_value = self.total_portfolio_value()
        if self.starting_value != previous:
            self.sampler.set_starting_value(self.starting_value)

    # -- per step -------------------------------------------------------------------------------------
    def set_market_price(self, security: Any) -> None:
        """TradeBuilder MAE/MFE tracking; skipped while the price stays inside the position's known
        [min, max] band (the band is re-read after every call that could move it and after fills)."""
        positions = self.trades.positions
        if positions:
            ticker = security.symbol.value
            position = positions.get(ticker)
            if position is None or not position.pending:
                return
            price = security.price
            band = self._price_band.get(ticker)
            if band is not None and band[0] <= price <= band[1]:
                return
            self.trades.set_market_price(ticker, price)
            self._price_band[ticker] = (float(position.min_price), float(position.max_price))

    def on_step(
        self, ns: int, bars: Any = None, force: bool = False, quotes: Any = None, custom: Any = None
    ) -> None:
        """LEAN step 20: equity candle + resample, capacity. Between resamples only the candle's
        high/low/close can change: they are kept as floats and handed to the sampler when due.
        ``custom``: the step's custom data points (those that are trade bars count as LEAN's
        ``Slice.Bars`` for the capacity estimate)."""
        value = self.total_portfolio_value()
        self.last_value = value
        capacity = self.capacity
        if force:
            # LEAN runs UpdateMarketCapacity(forceProcess: true) twice at the end, both on the last
            # slice (AlgorithmManager's final ProcessSynchronousEvents(true), then
            # BacktestingResultHandler.Exit()'s): two snapshots, each blending 0.33 new + 0.66 old
            for _ in range(2):
                self._update_capacity(
                    ns, self._last_bars, value, True, self._last_quotes, self._last_custom
                )
        elif capacity.monitored or (capacity.by_symbol and ns >= self._next_capacity_day):
            self._next_capacity_day = (ns // DAY_NS + 1) * DAY_NS
            self._update_capacity(ns, bars, value, force, quotes, custom)
        self._last_bars, self._last_quotes, self._last_custom = bars, quotes, custom
        if force or self._next_due is None or ns > self._next_due:
            self._flush_candle(value)
            self._next_due = ns + self._period_ns
            self._last_value = value
            self._last_call = ns_to_utc(ns)
            self.sampler.on_step(self._last_call, value, force=force)
        elif value != self._last_value:
            self._last_value = value
            pending = self._pending_candle
            if pending is None:
                self._pending_candle = [value, value, value]
            else:
                if value > pending[0]:
                    pending[0] = value
                elif value < pending[1]:
                    pending[1] = value
                pending[2] = value

    def _flush_candle(self, value: float) -> None:
        """Hand the pending high/low to the sampler (at a time that is not due); the caller then
        passes ``value``, which becomes the close."""
        pending = self._pending_candle
        if pending is not None:
            self._pending_candle = None
            if pending[0] > value:
                self.sampler.on_step(self._last_call, pending[0])
            if pending[1] < value:
                self.sampler.on_step(self._last_call, pending[1])

    def _update_capacity(
        self, ns: int, bars: Any, tpv: float, force: bool, quotes: Any = None, custom: Any = None
    ) -> None:
        """LEAN's ``SymbolCapacity.GetBar``: the slice's TradeBar, else its QuoteBar with the mean
        quote size as volume (25,000,000 for forex/CFD), else, for a security with internal
        subscriptions only (a continuous future's mapped contract), its cached trade bar when
        that bar ends at this step."""
        capacity = self.capacity
        monitored = capacity.monitored_symbols
        capacity_bars: dict[Any, CapacityBar] = {}
        now = NAIVE_EPOCH + timedelta(microseconds=ns // 1000)  # naive UTC, as ns_to_utc's
        for symbol in monitored:
            bar = bars.get(symbol) if bars else None
            if bar is None and custom:
                # a custom type whose reader returns trade bars: LEAN's Slice.Bars holds them
                point = custom.get(symbol)
                bar = point if isinstance(point, TradeBar) else None
            if bar is not None:
                capacity_bars[symbol] = CapacityBar(bar.close, bar.volume, bar.end_time - bar.time)
                continue
            quote = quotes.get(symbol) if quotes else None
            if quote is not None:
                if quote.symbol.security_type.name in ("FOREX", "CFD"):
                    volume = 25_000_000.0
                else:
                    volume = (quote.last_bid_size + quote.last_ask_size) / 2
                capacity_bars[symbol] = CapacityBar(
                    quote.close, volume, quote.end_time - quote.time
                )
                continue
            if symbol not in self._internal_only:
                continue
            bar = _internal_bar(self.algorithm, symbol, now)
            if bar is not None:
                capacity_bars[symbol] = CapacityBar(bar.close, bar.volume, bar.end_time - bar.time)
        snapshot = force or (capacity.by_symbol and capacity.snapshot_due(now))
        if not capacity_bars and not snapshot:
            return  # nothing to measure and no snapshot due: the estimate would not change
        securities = self.algorithm.securities
        capacity.update(
            now,
            capacity_bars,
            tpv,
            # read by a snapshot for its lowest-capacity symbol only
            lambda symbol: _used_buying_power(securities.get(symbol)),
            lambda symbol: _invested(securities.get(symbol)),
            force,
        )

    def sample(self, utc_time: datetime, benchmark_value: float) -> None:
        """A daily (midnight) or final sample."""
        self._flush_candle(self.total_portfolio_value())
        portfolio = self.algorithm.portfolio
        exposure = _exposure(self.algorithm)
        self.sampler.sample(
            utc_time,
            self.total_portfolio_value(),
            smart_round(dec(benchmark_value)),
            self.total_sale_volume(),
            exposure=exposure,
            sales_volume=_sales_volume(portfolio),
            capacity=self.capacity.capacity,
        )

    # -- fills ------------------------------------------------------------------------------------------
    def on_fill(self, event: Any) -> None:
        """A fill: closed trades (TradeBuilder) and capacity; the transaction records (realized P&L
        minus twice the fee) are kept by the transaction manager."""
        self.invalidate()
        sym = event.symbol.value
        self._price_band.pop(sym, None)
        security = self.algorithm.securities[event.symbol]
        conversion = float(getattr(security, "conversion_rate", 1.0) or 1.0)
        multiplier = float(security.symbol_properties.contract_multiplier)
        fee = float(getattr(event, "order_fee", 0.0) or 0.0)
        currency = getattr(event, "order_fee_currency", "") or self.algorithm.account_currency
        if fee and currency != self.algorithm.account_currency:
            fee = float(
                self.algorithm.portfolio.cash_book.convert_to_account_currency(fee, currency)
            )
        when = event.utc_time.astimezone(UTC).replace(tzinfo=None)
        self.trades.process_fill(
            sym,
            when,
            event.fill_price,
            event.fill_quantity,
            fee,
            event.order_id,
            multiplier,
            conversion,
            is_win=(
                (lambda profit: fill_is_win(event, security, float(profit)))
                if is_exercise_fill(event)
                else None
            ),
        )
        if event.symbol not in self.capacity.by_symbol and _internal_only(
            self.algorithm, event.symbol
        ):
            self._internal_only.add(event.symbol)
        self.capacity.on_fill(
            event.symbol,
            when,
            event.fill_price,
            event.fill_quantity,
            conversion,
            multiplier,
        )


def _invested(security: Any) -> bool:
    """``Security.Invested``; a security the algorithm no longer lists holds nothing."""
    return security is not None and security.holdings.invested


def _used_buying_power(security: Any) -> float:
    """LEAN's ``MarginModel.GetReservedBuyingPowerForPosition(...).AbsoluteUsedBuyingPower *
    Leverage`` (Common/CapacityEstimate.cs): an equity's holdings value, a future's maintenance
    margin (a fraction of the contracts' notional value)."""
    if security is None or not security.holdings.quantity:
        return 0.0
    reserved = buying_power_call(
        security.buying_power_model, "get_reserved_buying_power_for_position", security
    )
    return abs(float(reserved)) * float(security.leverage)


def _internal_only(algorithm: Any, symbol: Any) -> bool:
    """Every subscription of ``symbol`` is internal (a continuous future's mapped contract), as
    LEAN's SymbolCapacity asks ``GetSubscriptionDataConfigs(symbol, includeInternalConfigs:
    true).All(config => config.IsInternalFeed)``."""
    service = algorithm.subscription_manager.subscription_data_config_service
    configs = service.get_subscription_data_configs(symbol, include_internal_configs=True)
    return all(config.is_internal_feed for config in configs)


def _internal_bar(algorithm: Any, symbol: Any, now: datetime) -> Any:
    """The cached trade bar of a security whose subscriptions are all internal, when it ends at
    ``now`` (naive UTC): LEAN's ``SymbolCapacity.GetBar`` reads it from the security cache, as
    such data never reaches the slice."""
    security = algorithm.securities.get(symbol)
    if security is None:
        return None
    bar = security.cache.last_trade_bar
    if bar is None:
        return None
    end = bar.end_time
    if end.tzinfo is None:
        end = end.replace(tzinfo=security.time_zone)
    return bar if end.astimezone(UTC).replace(tzinfo=None) == now else None


def _exposure(algorithm: Any) -> dict[str, tuple[float, float]] | None:
    out: dict[str, list[float]] = {}
    try:
        securities = list(algorithm.securities.values())
    except Exception:
        return None
    for security in securities:
        holdings = getattr(security, "holdings", None)
        if holdings is None or not getattr(holdings, "invested", False):
            continue
        value = float(getattr(holdings, "holdings_value", 0.0))
        name = security.symbol.security_type.name.title().replace("_", "")
        pair = out.setdefault(name, [0.0, 0.0])
        if value >= 0:
            pair[0] += value
        else:
            pair[1] += value
    return {k: (v[0], v[1]) for k, v in out.items()} or None


def _sales_volume(portfolio: Any) -> dict[str, float] | None:
    try:
        return {
            str(h.symbol.value): float(h.total_sale_volume)
            for h in portfolio.values()
            if getattr(h, "total_sale_volume", 0)
        }
    except Exception:
        return None


__all__ = ["ResultsCollector"]
