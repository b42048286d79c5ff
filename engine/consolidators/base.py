"""Consolidator base classes (Common/Data/Consolidators/DataConsolidator.cs, PeriodCountConsolidatorBase.cs).

A consolidator turns data points into bigger bars and raises ``data_consolidated`` (``+= handler``;
handlers receive ``(sender, bar)``). ``PeriodCountConsolidatorBase`` is a line-by-line port of LEAN's:
time-span mode (``timedelta``: bars ``[T, T + period)`` with ``T`` rounded down to the period), count
mode (``int``), mixed mode (``(int, timedelta)``) and calendar mode (a function ``time -> CalendarInfo``
such as ``Calendar.weekly``). ``scan(local_time)`` emits a time-based bar once its period has passed
even when no new data arrives; ``next_scan_time()`` tells the runner when that will happen.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from engine.common.naming import snake_case
from engine.consolidators.calendar import CalendarInfo
from engine.indicators.base import Event
from engine.indicators.window import RollingWindow
from engine.model.data import BaseData, QuoteBar, Tick, TradeBar

_ZERO = timedelta(0)
_DT_MIN = datetime.min


def round_down(time: datetime, period: timedelta) -> datetime:
    """LEAN ``DateTime.RoundDown``: ticks since 0001-01-01 rounded down to a multiple of ``period``."""
    if period <= _ZERO:
        return time
    return time - (time - _DT_MIN) % period


class DataConsolidator:
    """Base: ``update(data)``, ``scan(time)``, ``data_consolidated`` event, ``consolidated`` (last output)."""

    input_type: type = BaseData
    output_type: type = BaseData

    def __init__(self) -> None:
        self.data_consolidated = Event()
        self.consolidated: Any = None
        self._window: RollingWindow | None = None

    def __getattr__(self, name: str) -> Any:
        if name[:1].isupper():
            try:
                return object.__getattribute__(self, snake_case(name))
            except AttributeError:
                pass
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    DataConsolidated = property(
        lambda self: self.data_consolidated,
        lambda self, event: setattr(self, "data_consolidated", event),
    )

    def accepts(self, data: Any) -> bool:
        """Whether the runner should feed ``data`` (the subscription type this consolidator is for)."""
        return isinstance(data, self.input_type)

    def update(self, data: Any) -> None:
        raise NotImplementedError

    def scan(self, current_local_time: datetime) -> None:
        pass

    def next_scan_time(self) -> datetime | None:
        return None

    def reset(self) -> None:
        self.consolidated = None
        if self._window is not None:
            self._window.reset()

    def _emit(self, bar: Any) -> None:
        # LEAN ConsolidatorBase.OnDataConsolidated: the window first (``self[0]`` is the new bar in
        # the handlers), then the handlers, then ``consolidated`` (handlers still see the previous one)
        if bar is not None:
            self.window.add(bar)
        if self.data_consolidated._handlers:
            self.data_consolidated(self, bar)
        self.consolidated = bar

    # -- LEAN WindowBase (Common/Indicators/WindowBase.cs): the last bars, newest first ------------
    @property
    def window(self) -> RollingWindow:
        if self._window is None:
            self._window = RollingWindow(2)
        return self._window

    @property
    def current(self) -> Any:
        return self.window[0]

    @property
    def previous(self) -> Any:
        window = self.window
        return window[1] if window.count > 1 else None

    def __getitem__(self, i: int) -> Any:
        return self.window[i]

    def __iter__(self) -> Any:
        return iter(self.window)

    @property
    def working_data(self) -> Any:
        return None

    def dispose(self) -> None:
        self.data_consolidated.clear()


class IdentityDataConsolidator(DataConsolidator):
    """Passes every point through (LEAN ``IdentityDataConsolidator``): indicators at the data's resolution."""

    def __init__(self, input_type: type = BaseData) -> None:
        super().__init__()
        self.input_type = input_type
        self.output_type = input_type
        self._last: Any = None

    def update(self, data: Any) -> None:
        if data is self._last:
            return
        last = self._last
        if last is not None and data.end_time < last.end_time:
            return
        self._last = data
        self._emit(data)

    def reset(self) -> None:
        super().reset()
        self._last = None


def consolidator_start_time(period: timedelta, start_time: timedelta, time: datetime) -> datetime:
    """LEAN ``LeanData.GetConsolidatorStartTime`` (Common/Util/LeanData.cs): bars anchored at
    ``start_time`` after midnight (after the first of the month for periods of a week or more)."""
    if period >= timedelta(days=7):
        reference = datetime(time.year, time.month, 1) + start_time
    else:
        reference = datetime(time.year, time.month, time.day) + start_time
    passed = math.floor((time - reference).total_seconds() / period.total_seconds())
    return reference + timedelta(seconds=passed * period.total_seconds())


class PeriodCountConsolidatorBase(DataConsolidator):
    def __init__(
        self, period: Any = None, count: int | None = None, start_time: timedelta | None = None
    ) -> None:
        super().__init__()
        self._start_time = start_time
        self._max_count: int | None = None
        self._func: Any = None
        self._spec_period: timedelta | None = None
        if isinstance(period, int) and not isinstance(period, bool) and count is None:
            period, count = None, period
        if isinstance(period, timedelta):
            self._spec_period = period
        elif callable(period):
            self._func = period
            self._spec_period = timedelta(seconds=1)
        elif period is not None:
            raise TypeError(
                f"consolidator period must be a timedelta, a bar count or a calendar function, "
                f"got {period!r}"
            )
        if count is not None:
            self._max_count = int(count)
        self._period: timedelta | None = self._spec_period
        self._count = 0
        self._working: Any = None
        self._last_emit: datetime | None = None
        self._validated = False
        self._symbol: Any = None

    # -- period specification -------------------------------------------------------------------
    def _spec_rounded(self, time: datetime) -> datetime:
        if self._func is not None:
            info = self._func(time)
            if not isinstance(info, CalendarInfo):
                start, length = info  # (start, period) pairs from Python functions
                info = CalendarInfo(start, length)
            self._spec_period = info.period
            return info.start
        if self._max_count is not None and self._spec_period is None:
            return time
        if self._start_time is not None and self._spec_period > _ZERO:
            return consolidator_start_time(self._spec_period, self._start_time, time)
        return round_down(time, self._spec_period)

    def _rounded(self, time: datetime) -> datetime:
        start = self._spec_rounded(time)
        if self._working is None:
            self._period = self._spec_period
        return start

    def _rounded_bar(self, data: Any) -> datetime:
        start = self._rounded(data.time)
        period = self._period
        if period is not None and self._max_count is None and start + period < data.end_time:
            if data.end_time - data.time == timedelta(hours=1) and start.date() < data.time.date():
                start = self._rounded(data.end_time)
            else:
                start = data.time
        return start

    @property
    def is_time_based(self) -> bool:
        return self._max_count is None

    @property
    def period(self) -> timedelta | None:
        return self._period

    @property
    def working_data(self) -> Any:
        return self._working

    def _should_process(self, data: Any) -> bool:
        return True

    # -- LEAN's Update/Scan ---------------------------------------------------------------------
    def update(self, data: Any) -> None:
        symbol = data.symbol
        if self._symbol is None:
            self._symbol = symbol
        elif symbol != self._symbol:
            raise ValueError(
                f"Consolidators can only be used with a single symbol. The previous consolidated "
                f"symbol ({self._symbol}) is not the same as in the current data ({symbol})."
            )
        if not self._should_process(data):
            return
        period = self._period
        if (
            not self._validated
            and period is not None
            and self._func is None
            and self._max_count is None
        ):
            self._validated = True
            if data.end_time - data.time > period:
                raise ValueError(
                    f"For Symbol {symbol} can not consolidate bars of period: {period}, using data "
                    f"of the same or higher period: {data.end_time - data.time}"
                )
        fire = False
        aggregate_before = self._max_count is not None
        if self._max_count is not None:
            self._count += 1
            if self._count >= self._max_count:
                self._count = 0
                fire = True
        if self._last_emit is None:
            self._last_emit = _DT_MIN if self.is_time_based else data.time
        if period is not None:
            working = self._working
            if (
                working is not None
                and data.time - working.time >= period
                and self._rounded_bar(data) > self._last_emit
            ):
                fire = True
            if period == _ZERO:
                fire = True
                aggregate_before = True
        if aggregate_before and data.time >= self._last_emit:
            self._working = self._aggregate(self._working, data)
            if self._max_count is not None:
                self._working.end_time = data.end_time
        if fire:
            working = self._working
            if (
                working is not None
                and self._period is not None
                and isinstance(working, (TradeBar, QuoteBar))
            ):
                working.end_time = working.time + self._period
            self._last_emit = (
                working.end_time if (self.is_time_based and working is not None) else data.time
            )
            self._fire()
        if not aggregate_before and data.time >= self._last_emit:
            self._working = self._aggregate(self._working, data)

    def scan(self, current_local_time: datetime) -> None:
        working = self._working
        period = self._period
        if (
            working is not None
            and period is not None
            and period != _ZERO
            and current_local_time - working.time >= period
            and self._rounded(current_local_time) > self._last_emit
        ):
            self._last_emit = working.end_time
            self._fire()

    def next_scan_time(self) -> datetime | None:
        working = self._working
        if working is None or self._period is None or self._period == _ZERO:
            return None
        return working.time + self._period

    def _fire(self) -> None:
        bar = self._working
        self._working = None
        self._emit(bar)

    def reset(self) -> None:
        super().reset()
        self._symbol = None
        self._count = 0
        self._working = None
        self._last_emit = None
        self._validated = False
        self._period = self._spec_period if self._func is None else self._period

    def _new_bar_period(self, data: Any) -> timedelta:
        return (
            self._period
            if (self.is_time_based and self._period is not None)
            else data.end_time - data.time
        )

    def _aggregate(self, working: Any, data: Any) -> Any:
        raise NotImplementedError


def is_trade_tick(data: Any) -> bool:
    return isinstance(data, Tick) and int(data.tick_type) == 0 and not data.suspicious
