"""``MarketHourAwareConsolidator``: bars that follow the exchange's sessions (LEAN's
Common/Data/Consolidators/MarketHourAwareConsolidator.cs).

Two ways to build one:

- LEAN's public constructor, ``MarketHourAwareConsolidator(daily_strict_end_time, period,
  data_type, tick_type, extended_market_hours)`` with ``period`` a ``Resolution`` or a
  ``timedelta``. A period that is exactly a resolution consolidates as that resolution (a daily
  bar spans the session when strict end times apply, LeanData.UseStrictEndTime); any other
  period under a day is anchored to the market open and its last bar is clipped at the close
  (LeanData.GetIntradayCalendar). The exchange hours are the symbol's: the subscription manager
  hands them over when the consolidator is registered, else the first data point's symbol names
  them.
- the engine's own daily form, ``MarketHourAwareConsolidator(hours, inner_type, extended)``
  (what ``consolidate(symbol, Resolution.DAILY, ...)`` builds): an equity's daily bar spans the
  regular session, 09:30-16:00 (13:00 on early closes), and is emitted at the close.

Either way, data outside the regular session is skipped unless ``extended_market_hours`` (an hour
or longer bar counts when the market opens during it: US equity hour bars start at 09:00).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from engine.consolidators.bars import (
    QuoteBarConsolidator,
    TickConsolidator,
    TickQuoteBarConsolidator,
    TradeBarConsolidator,
)
from engine.consolidators.base import DataConsolidator, PeriodCountConsolidatorBase, round_down
from engine.consolidators.calendar import CalendarInfo
from engine.model.data import QuoteBar, Tick, TradeBar
from engine.model.enums import Resolution, SecurityType, TickType

ONE_DAY = timedelta(days=1)
ONE_HOUR = timedelta(hours=1)
_RESOLUTION_SPAN = {
    Resolution.SECOND: timedelta(seconds=1),
    Resolution.MINUTE: timedelta(minutes=1),
    Resolution.HOUR: ONE_HOUR,
    Resolution.DAILY: ONE_DAY,
}


def _inner_type(data_type: Any, tick_type: Any) -> type[PeriodCountConsolidatorBase]:
    """The consolidator of LEAN's CreateConsolidator for a data type and tick type."""
    if data_type is Tick:
        quote = tick_type is not None and int(tick_type) == TickType.QUOTE
        return TickQuoteBarConsolidator if quote else TickConsolidator
    if data_type is TradeBar:
        return TradeBarConsolidator
    if data_type is QuoteBar:
        return QuoteBarConsolidator
    name = getattr(data_type, "__name__", data_type)
    raise TypeError(
        f"MarketHourAwareConsolidator consolidates Tick, TradeBar or QuoteBar data, not {name}"
    )


def _as_period(period: Any) -> timedelta:
    if isinstance(period, timedelta):
        if period <= timedelta(0):
            raise ValueError(f"MarketHourAwareConsolidator period must be positive, got {period}")
        return period
    resolution = Resolution(int(period))
    if resolution == Resolution.TICK:
        raise ValueError("MarketHourAwareConsolidator cannot consolidate into tick resolution")
    return _RESOLUTION_SPAN[resolution]


def _uses_strict_end_time(enabled: bool, symbol: Any, period: timedelta, hours: Any) -> bool:
    """LeanData.UseStrictEndTime: session-long daily bars, except for always-open markets, periods
    of an hour or less, forex, Oanda CFDs and custom data."""
    if getattr(hours, "always_open", False) or period <= ONE_HOUR:
        return False
    kind = getattr(symbol, "security_type", None)
    if kind in (SecurityType.FOREX, SecurityType.BASE):
        return False
    if kind == SecurityType.CFD and str(getattr(symbol, "market", "")).lower() == "oanda":
        return False
    return bool(enabled)


class MarketHourAwareConsolidator(DataConsolidator):
    """Session-aware bars; see the module docstring for the two constructors."""

    def __init__(
        self,
        hours_or_strict: Any,
        period_or_inner: Any = TradeBarConsolidator,
        data_type_or_extended: Any = False,
        tick_type: Any = None,
        extended_market_hours: bool = False,
    ) -> None:
        super().__init__()
        self._sessions: dict[date, CalendarInfo] = {}
        self._strict_enabled = True
        self._use_strict: bool | None = None  # decided on the first data point (its symbol)
        if isinstance(hours_or_strict, bool):
            # LEAN's (dailyStrictEndTimeEnabled, period, dataType, tickType, extendedMarketHours)
            self._strict_enabled = hours_or_strict
            self.exchange_hours: Any = None
            self._extended = bool(extended_market_hours)
            self._period = _as_period(period_or_inner)
            inner_type = _inner_type(data_type_or_extended, tick_type)
            resolution = next(
                (r for r, span in _RESOLUTION_SPAN.items() if span == self._period), None
            )
            if resolution is not None and resolution != Resolution.DAILY:
                self._inner = inner_type(self._period)
            elif resolution is None and self._period < ONE_DAY:
                self._inner = inner_type(self._intraday)
            else:
                self._inner = inner_type(self._daily)
        else:
            self.exchange_hours = hours_or_strict
            self._extended = bool(data_type_or_extended)
            self._period = ONE_DAY
            self._use_strict = True
            self._inner = period_or_inner(self._daily)
        self.input_type = self._inner.input_type
        self.output_type = self._inner.output_type
        self._inner.data_consolidated += lambda sender, bar: self._emit(bar)

    # -- calendars ----------------------------------------------------------------------------
    def _daily(self, time: datetime) -> CalendarInfo:
        """LEAN's DailyStrictEndTime: the day's session, or plain periods without strict ends."""
        if not self._use_strict or self._period > ONE_DAY:
            start = time if self._period > ONE_DAY else round_down(time, self._period)
            return CalendarInfo(start, self._period)
        day = time.date()
        info = self._sessions.get(day)
        if info is None:
            hours = self.exchange_hours
            start = end = None
            if hours is not None and not getattr(hours, "always_open", False):
                opened = hours.market_open(day, self._extended)
                closed = hours.market_close(day, self._extended)
                if opened is not None and closed is not None:
                    start, end = opened.replace(tzinfo=None), closed.replace(tzinfo=None)
            if start is None:
                start = datetime(day.year, day.month, day.day)
                end = start + ONE_DAY
            info = CalendarInfo(start, end - start)
            if len(self._sessions) > 64:
                self._sessions.clear()
            self._sessions[day] = info
        return info

    def _intraday(self, time: datetime) -> CalendarInfo:
        """LeanData.GetIntradayCalendar: periods counted from the market open, the last one
        clipped at the close."""
        hours = self.exchange_hours
        period = self._period
        if hours is None or getattr(hours, "always_open", False):
            return CalendarInfo(round_down(time, period), period)
        extended = self._extended
        since = time + timedelta(microseconds=1) if hours.is_open(time, extended) else time
        market_open = hours.get_previous_market_open(since, extended)
        start = market_open + period * ((time - market_open) // period)
        end = min(start + period, hours.get_next_market_close(market_open, extended))
        return CalendarInfo(start, end - start)

    # -- updates ------------------------------------------------------------------------------
    def accepts(self, data: Any) -> bool:
        return self._inner.accepts(data)

    def update(self, data: Any) -> None:
        hours = self.exchange_hours
        if hours is None:
            from engine.data.market_hours import symbol_market_hours

            hours = self.exchange_hours = symbol_market_hours(data.symbol)
        if self._use_strict is None:
            self._use_strict = _uses_strict_end_time(
                self._strict_enabled, data.symbol, self._period, hours
            )
        if (
            not self._extended
            and data.time != data.end_time
            and not getattr(hours, "always_open", False)
            and not hours.is_open(data.time, False)
            and not self._open_during_long_bar(data)
        ):
            return
        self._inner.update(data)

    def _open_during_long_bar(self, data: Any) -> bool:
        """LEAN's MarketHourAwareConsolidator.Update: for daily bars, an hour (or longer) bar is
        taken when the market opens at any point of it (US equity hour bars start at 09:00, the
        session at 09:30)."""
        if self._period != ONE_DAY or data.end_time - data.time < ONE_HOUR:
            return False
        return self.exchange_hours.is_open_between(data.time, data.end_time, False)

    def scan(self, current_local_time: datetime) -> None:
        self._inner.scan(current_local_time)

    def next_scan_time(self) -> datetime | None:
        return self._inner.next_scan_time()

    @property
    def working_data(self) -> Any:
        return self._inner.working_data

    def reset(self) -> None:
        super().reset()
        self._inner.reset()
        self._sessions.clear()
