"""Strategy capacity: LEAN's CapacityEstimate + SymbolCapacity (Common/CapacityEstimate.cs).

How the runner feeds it (same order as LEAN):

- every fill: :meth:`CapacityEstimate.on_fill` (symbol, UTC fill time, fill price, signed quantity,
  quote conversion rate, contract multiplier);
- every time step, after orders were processed (LEAN step 20): :meth:`CapacityEstimate.update` with
  the slice's trade bars (``symbol -> CapacityBar(close, volume, period)``; quote-only securities
  pass ``(bid size + ask size) / 2`` as volume, forex 25,000,000 and CFD 200 like LEAN), the total
  portfolio value, a function giving a symbol's used buying power x leverage (LEAN's
  ``GetReservedBuyingPowerForPosition(...).AbsoluteUsedBuyingPower * Leverage``: the holdings value
  of a plain equity position, the maintenance margin of a future's) and one telling whether a
  symbol is invested;
- at the end, ``force=True`` twice on the last slice, as LEAN does (AlgorithmManager's final
  ``ProcessSynchronousEvents(true)`` and ``BacktestingResultHandler.Exit()``'s).

Symbols are any hashable key (the runner passes its ``Symbol`` objects, so a continuous future's
mapped contracts and options sharing a ticker stay apart, as LEAN's dictionary keyed by Symbol);
:attr:`CapacityEstimate.lowest_capacity_asset` is that key.

``start_date``/``end_date`` are the algorithm's StartDate/EndDate in its own time zone: LEAN adds
the snapshot period to them and compares the result with ``UtcTime.Date``.

:attr:`CapacityEstimate.capacity` is rounded to the nearest 1000 like LEAN; the summary string is
built by :func:`engine.statistics.summary.format_capacity`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

from .formatting import DECIMAL_CONTEXT, dec

__all__ = ["CapacityBar", "CapacityEstimate"]

# a symbol's used buying power x leverage, asked for one symbol
UsedBuyingPower = Callable[[Hashable], float | Decimal]

_CAPACITY_EFFECT_PERIOD = timedelta(days=30)


def _nothing_used(symbol: Hashable) -> int:
    return 0


def _nothing_held(symbol: Hashable) -> bool:
    return False


_FAST_TRADING_SCALING = Decimal(2)
_ONE = Decimal(1)
# the inclusion windows of SymbolCapacity's fast-resolution check (1 to 120 minutes), made once
_WINDOW_MINUTES = tuple(timedelta(minutes=m) for m in range(121))


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and the runner
# makes one of these per step while a symbol is monitored.
@dataclass(slots=True)
class CapacityBar:
    close: float | Decimal
    volume: float | Decimal
    period: timedelta = timedelta(minutes=1)


def _resolution(period: timedelta) -> str:
    """LEAN's ``bar.Period.ToHigherResolutionEquivalent(false)``: strict comparisons, so a one-minute
    bar is Minute but a 6.5-hour daily bar (LEAN's precise daily end times) is Hour."""
    if period < timedelta(seconds=1):
        return "tick"
    if period < timedelta(minutes=1):
        return "second"
    if period < timedelta(hours=1):
        return "minute"
    if period < timedelta(days=1):
        return "hour"
    return "daily"


_SCALE = {
    "daily": Decimal("0.02"),
    "hour": Decimal("0.05"),
    "minute": Decimal("0.20"),
    "second": Decimal("0.50"),
    "tick": Decimal("0.50"),
}


@lru_cache(maxsize=1024)
def _minutes(minutes: float) -> Decimal:
    """``(decimal)`` of a bar or fill gap in minutes, as its shortest text (the gaps repeat: a
    minute bar's is 1.0)."""
    return Decimal(str(minutes))


def _first_time_of_day(day: datetime) -> datetime:
    """The first time whose date (midnight) is at or after ``day``: ``day`` itself at midnight,
    else the next midnight."""
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight if midnight == day else midnight + timedelta(days=1)


def _round_up(time: datetime, step: timedelta) -> datetime:
    epoch = datetime(1, 1, 1, tzinfo=time.tzinfo)
    ticks = (time - epoch) // timedelta(microseconds=1)
    step_us = step // timedelta(microseconds=1)
    rounded = -(-ticks // step_us) * step_us
    return epoch + timedelta(microseconds=rounded)


class _SymbolCapacity:
    def __init__(self, symbol: Hashable) -> None:
        self.symbol = symbol
        self.trades = 0
        self.sale_volume = Decimal(0)
        self._market_dollar_volume = Decimal(0)
        self._scale = Decimal(0)
        self._reset = False
        self._discount = Decimal(0)
        self._previous_fill_time: datetime | None = None
        self._previous_bar_time: datetime | None = None
        self._previous_volume = Decimal(0)
        self._average_dollar_volume = Decimal(0)

    @property
    def market_capacity_dollar_volume(self) -> Decimal:
        return self._market_dollar_volume * self._scale

    def on_fill(
        self,
        time: datetime,
        price: Decimal,
        quantity: Decimal,
        conversion: Decimal,
        multiplier: Decimal,
    ) -> None:
        self.sale_volume += conversion * price * abs(quantity) * multiplier
        previous = self._previous_fill_time or (time - timedelta(days=1))
        minutes = _minutes((time - previous).total_seconds() / 60)
        discount = _FAST_TRADING_SCALING * (minutes / 390)
        self._discount = Decimal(1) if discount > 1 else max(Decimal("0.20"), discount)
        if self._reset:
            self._market_dollar_volume = Decimal(0)
            self.trades = 0
            self._reset = False
        self.trades += 1
        self._previous_fill_time = time

    def _include(self, now: datetime, resolution: str) -> bool:
        last = self._previous_fill_time
        if last is None:
            return False
        if resolution in ("tick", "second", "minute"):
            factor = Decimal(6_000_000) if resolution == "minute" else Decimal(100_000)
            k = (
                factor / self._average_dollar_volume
                if self._average_dollar_volume != 0
                else Decimal(10)
            )
            floor = 1 if resolution == "minute" else 5
            # int(max(floor, float(k))) capped at 120; float(k) (a conversion through text) is
            # only needed above the floor: at or below it, float(k) <= floor too
            minutes = 120 if k > 120 else floor if k <= floor else int(float(k))
            return now <= last + _WINDOW_MINUTES[minutes]
        if resolution == "hour":
            return now == _round_up(last, timedelta(hours=1))
        return now == last or now.replace(hour=0, minute=0, second=0, microsecond=0) == _round_up(
            last, timedelta(days=1)
        )

    def update(
        self, now: datetime, bar: CapacityBar | None, conversion: Decimal, multiplier: Decimal
    ) -> bool:
        if bar is None:
            return False
        volume = dec(bar.volume)
        if volume == 0:
            return False
        close = dec(bar.close)
        # each bar's own period, as LEAN's SymbolCapacity: a daily equity bar spans 9:30-16:00
        # with LEAN's precise daily end times, so it is measured as an hourly one
        resolution = _resolution(bar.period)
        minutes = _minutes((now - (self._previous_bar_time or now)).total_seconds() / 60)
        if self._previous_bar_time is None or minutes == 0:
            self._average_dollar_volume = conversion * close * volume
        else:
            self._average_dollar_volume = (
                close * conversion * (volume + self._previous_volume) / minutes
            )
        self._previous_bar_time = now
        self._previous_volume = volume
        include = self._include(now, resolution)
        if include:
            self._scale = _SCALE[resolution]
            self._market_dollar_volume += close * self._discount * volume * conversion * multiplier
        return not include

    def should_remove(self, now: datetime, invested: bool) -> bool:
        if (
            invested
            or self._previous_fill_time is None
            or now < self._previous_fill_time + _CAPACITY_EFFECT_PERIOD
        ):
            return False
        return True


class CapacityEstimate:
    """Estimated strategy capacity (account currency) and the lowest-capacity symbol."""

    def __init__(self, start_date: datetime, end_date: datetime) -> None:
        """``start_date``/``end_date``: the algorithm's StartDate and EndDate (end of day), naive
        local times of the algorithm's time zone (not UTC)."""
        days = (end_date - start_date).total_seconds() / 86400
        self._snapshot_period = timedelta(days=max(min(days - 1, 7), 1))
        self.next_snapshot = start_date + self._snapshot_period
        self.by_symbol: dict[Hashable, _SymbolCapacity] = {}
        self.monitored: list[_SymbolCapacity] = []
        self._conversion: dict[Hashable, Decimal] = {}
        self._multiplier: dict[Hashable, Decimal] = {}
        self._capacity = Decimal(0)
        self.lowest_capacity_asset: Hashable | None = None

    @property
    def next_snapshot(self) -> datetime:
        """The date (a midnight, unless the snapshot period has a fraction of a day) from which
        the next capacity snapshot is taken."""
        return self._next_snapshot

    @next_snapshot.setter
    def next_snapshot(self, value: datetime) -> None:
        self._next_snapshot = value
        self._snapshot_from = _first_time_of_day(value)

    def snapshot_due(self, time: datetime) -> bool:
        """A snapshot is due at ``time`` (its date is at or after :attr:`next_snapshot`)."""
        return time >= self._snapshot_from

    @property
    def monitored_symbols(self) -> list[Hashable]:
        """Symbols whose bars :meth:`update` needs at the current step."""
        return [s.symbol for s in self.monitored]

    @property
    def capacity(self) -> Decimal:
        """Capacity rounded to the nearest 1000 (``DiscretelyRoundBy(1000.00m)``)."""
        with localcontext(DECIMAL_CONTEXT):
            multiplicand = (self._capacity / Decimal("1000.00")).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
            return Decimal("1000.00") * multiplicand

    def on_fill(
        self,
        symbol: Hashable,
        time: datetime,
        price: float | Decimal,
        quantity: float | Decimal,
        conversion_rate: float | Decimal = 1,
        multiplier: float | Decimal = 1,
    ) -> None:
        conversion, mult = dec(conversion_rate), dec(multiplier)
        self._conversion[symbol] = conversion
        self._multiplier[symbol] = mult
        capacity = self.by_symbol.get(symbol)
        if capacity is None:
            capacity = self.by_symbol[symbol] = _SymbolCapacity(symbol)
        with localcontext(DECIMAL_CONTEXT):
            capacity.on_fill(time, dec(price), dec(quantity), conversion, mult)
        if capacity not in self.monitored:
            self.monitored.append(capacity)

    def update(
        self,
        time: datetime,
        bars: Mapping[Hashable, CapacityBar],
        total_portfolio_value: float | Decimal,
        buying_power_used: UsedBuyingPower | None = None,
        invested: Callable[[Hashable], bool] | None = None,
        force: bool = False,
    ) -> None:
        """One time step (UTC ``time``); see the module docstring for the arguments.
        ``buying_power_used`` and ``invested`` are functions of a symbol (None: nothing used, nothing
        held): a snapshot asks the first only for the lowest-capacity symbol, the second for each
        tracked one."""
        with localcontext(DECIMAL_CONTEXT):
            self._update(
                time,
                bars,
                total_portfolio_value,  # a decimal only when a snapshot reads it
                buying_power_used or _nothing_used,
                invested or _nothing_held,
                force,
            )

    def _update(self, time, bars, tpv, buying_power_used, invested, force) -> None:
        for capacity in list(reversed(self.monitored)):
            done = capacity.update(
                time,
                bars.get(capacity.symbol),
                self._conversion.get(capacity.symbol, _ONE),
                self._multiplier.get(capacity.symbol, _ONE),
            )
            if done:
                self.monitored.remove(capacity)

        if not (force or (time >= self._snapshot_from and self.by_symbol)):
            return
        day = time.replace(hour=0, minute=0, second=0, microsecond=0)
        total_sale_volume = sum((c.sale_volume for c in self.by_symbol.values()), Decimal(0))
        tpv = dec(tpv)
        if tpv == 0 or not self.by_symbol:
            return
        # every traded symbol competes, one whose market volume is still 0 too (it wins, and the
        # estimate decays towards 0), as LEAN's OrderBy(...).First(): min keeps the first of ties
        smallest = min(self.by_symbol.values(), key=lambda c: c.market_capacity_dollar_volume)
        self.lowest_capacity_asset = smallest.symbol
        share_of_sales = (
            smallest.sale_volume / total_sale_volume if total_sale_volume != 0 else Decimal(0)
        )
        share_of_holdings = dec(buying_power_used(smallest.symbol)) / tpv
        scaling = max(share_of_sales, share_of_holdings)
        daily = smallest.market_capacity_dollar_volume / smallest.trades
        new = self._capacity if scaling == 0 else daily / scaling
        if self._capacity != 0:
            new = Decimal("0.33") * new + self._capacity * Decimal("0.66")
        self._capacity = new
        for capacity in list(self.by_symbol.values()):
            if not capacity.should_remove(time, invested(capacity.symbol)):
                capacity._reset = True
                capacity.sale_volume = Decimal(0)
                continue
            del self.by_symbol[capacity.symbol]
            if capacity in self.monitored:
                self.monitored.remove(capacity)
        self.next_snapshot = day + self._snapshot_period
