"""``security.session``: the open, high, low, close and volume of the current trading day and a
window of the previous days (LEAN's Common/Data/Market/Session.cs, SessionBar.cs and
Common/Data/Consolidators/SessionConsolidator.cs).

Tracking is off until the algorithm gives the window a size (``security.session.size = 3``,
usually in a security initializer); until then every field reads 0. ``session[0]`` is the
working bar of the current day, ``session[1]`` the previous trading day's bar, and so on.

Only data inside the regular market hours counts. The working bar is closed when the
security's local date moves past its day (LEAN scans on every time update; here the scan runs
when the session is read or updated, which gives the same bars because the roll depends only
on the date of the current local time).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from engine.model.data import QuoteBar, Tick, TradeBar
from engine.model.enums import TickType
from engine.model.security import is_open_during_bar

ONE_DAY = timedelta(days=1)


class SessionBar:
    """One trading day's bar. ``source_tick_type`` says which prices make its OHLC: trades
    (equities, crypto) or the bid/ask mid (forex, CFD)."""

    __slots__ = (
        "symbol",
        "time",
        "source_tick_type",
        "volume",
        "open_interest",
        "_prices",
        "_bid",
        "_ask",
        "_last_time",
        "_last_volume_time",
    )

    def __init__(self, symbol: Any, time: datetime | None, source_tick_type: TickType) -> None:
        self.symbol = symbol
        self.time = time  # the trading day (midnight); None until the first data point
        self.source_tick_type = source_tick_type
        self.volume = 0.0
        self.open_interest = 0.0
        self._prices: list[float] | None = None  # open, high, low, close of the trades
        self._bid: list[float] | None = None
        self._ask: list[float] | None = None
        self._last_time: datetime | None = None
        self._last_volume_time: datetime | None = None

    # ------------------------------------------------------------------ values
    def _field(self, i: int) -> float:
        if self._prices is not None:
            return self._prices[i]
        sides = [s[i] for s in (self._bid, self._ask) if s is not None]
        if not sides:
            return 0.0
        return sum(sides) / len(sides)

    @property
    def open(self) -> float:
        return self._field(0)

    @property
    def high(self) -> float:
        return self._field(1)

    @property
    def low(self) -> float:
        return self._field(2)

    @property
    def close(self) -> float:
        return self._field(3)

    value = close
    price = close

    @property
    def period(self) -> timedelta:
        return ONE_DAY

    @property
    def end_time(self) -> datetime | None:
        return None if self.time is None else self.time + ONE_DAY

    # ------------------------------------------------------------------ updates
    def update(self, data: Any, previous: SessionBar | None) -> None:
        start = data.time
        if self._last_time is None and self.source_tick_type == TickType.QUOTE and previous:
            # a quote session opens at the previous day's closing bid and ask
            for side in ("_bid", "_ask"):
                prev = getattr(previous, side)
                if prev is not None:
                    setattr(self, side, [prev[3]] * 4)
        if self._last_time is not None and start < self._last_time:
            return  # overlapping data (a coarser subscription behind a finer one)
        if isinstance(data, TradeBar):
            if self._last_volume_time is None or self._last_volume_time <= start:
                self._last_volume_time = data.end_time
                self.volume += data.volume
            if self.source_tick_type == TickType.TRADE:
                self._trade(data.open, data.high, data.low, data.close)
                self._last_time = data.end_time
        elif isinstance(data, QuoteBar):
            if self.source_tick_type == TickType.QUOTE:
                if data.bid is not None:
                    self._bid = _merge(self._bid, data.bid)
                if data.ask is not None:
                    self._ask = _merge(self._ask, data.ask)
                self._last_time = data.end_time
        elif isinstance(data, Tick):
            if self._last_volume_time is None or self._last_volume_time <= start:
                self._last_volume_time = data.end_time
                self.volume += data.quantity or 0.0
            if data.tick_type == self.source_tick_type:
                if data.tick_type == TickType.TRADE:
                    v = data.value
                    self._trade(v, v, v, v)
                else:
                    if data.bid_price:
                        self._bid = _merge_price(self._bid, data.bid_price)
                    if data.ask_price:
                        self._ask = _merge_price(self._ask, data.ask_price)
                self._last_time = data.end_time

    def _trade(self, o: float, h: float, low: float, c: float) -> None:
        p = self._prices
        if p is None:
            self._prices = [o, h, low, c]
            return
        if h > p[1]:
            p[1] = h
        if low < p[2]:
            p[2] = low
        p[3] = c

    def __repr__(self) -> str:
        return (
            f"O: {self.open:g} H: {self.high:g} L: {self.low:g} C: {self.close:g} "
            f"V: {self.volume:g} OI: {self.open_interest:g}"
        )

    Open = open
    High = high
    Low = low
    Close = close
    Volume = property(lambda self: self.volume)
    OpenInterest = property(lambda self: self.open_interest)
    Time = property(lambda self: self.time)
    EndTime = end_time
    Symbol = property(lambda self: self.symbol)


def _merge(side: list[float] | None, bar: Any) -> list[float]:
    if side is None:
        return [bar.open, bar.high, bar.low, bar.close]
    side[1] = max(side[1], bar.high)
    side[2] = min(side[2], bar.low)
    side[3] = bar.close
    return side


def _merge_price(side: list[float] | None, price: float) -> list[float]:
    if side is None:
        return [price] * 4
    side[1] = max(side[1], price)
    side[2] = min(side[2], price)
    side[3] = price
    return side


class Session:
    """``security.session``: the current day's bar (``open`` ... ``volume``) and a window of
    ``size`` session bars, ``session[0]`` the current one."""

    def __init__(self, security: Any, source_tick_type: TickType) -> None:
        # the security's exchange hours and local time are read when needed: an algorithm may
        # replace ``security.exchange`` after the session exists
        self._security = security
        self.symbol = security.symbol
        self._tick_type = source_tick_type
        self._size = 0
        self._bars: deque[SessionBar] = deque(maxlen=1)
        self._working: SessionBar | None = None
        self._previous: SessionBar | None = None
        self._started = False  # the working bar has seen data (LEAN's _initialized)
        self.samples = 0
        # a plain attribute, not a property: the loop reads it for every data point
        self.is_tracking = False

    # ------------------------------------------------------------------ window
    @property
    def size(self) -> int:
        return self._size

    @size.setter
    def size(self, value: int) -> None:
        value = int(value)
        if value < 0:
            raise ValueError("Session size must be zero or more")
        if value < self._size:
            raise ValueError("Session size can only grow")
        self._size = value
        self._bars = deque(self._bars, maxlen=max(value, 1))
        if value > 0 and self._working is None:
            self._new_working_bar(None)
            self.is_tracking = True

    def _new_working_bar(self, time: datetime | None) -> None:
        self._working = SessionBar(self.symbol, time, self._tick_type)
        self._started = False
        self._bars.appendleft(self._working)
        self.samples += 1

    def _roll(self) -> None:
        """Close the working bar; the next one starts on the next trading day."""
        done = self._working
        assert done is not None and done.time is not None
        self._previous = done
        d = done.time.date() + ONE_DAY
        for _ in range(366):
            if self._security.exchange_hours.is_date_open(d):
                break
            d += ONE_DAY
        self._new_working_bar(datetime(d.year, d.month, d.day))

    def scan(self, local_time: datetime | None = None) -> None:
        """Close the working bar once the local date has moved past its day."""
        w = self._working
        if w is None or not self._started:
            return
        now = local_time if local_time is not None else self._security.local_time
        if w.time is not None and now.date() != w.time.date():
            self._roll()

    def update(self, data: Any) -> None:
        """One data point of the security (LEAN's ``SecurityCache.AddDataList``)."""
        w = self._working
        if w is None:
            return
        self.scan()
        w = self._working
        assert w is not None
        if w.time is not None and data.time - w.time >= ONE_DAY and self._started:
            self._roll()
            w = self._working
            assert w is not None
        if not self._started:
            day = datetime(data.time.year, data.time.month, data.time.day)
            if w.time is None or day > w.time:
                w.time = day
            self._started = True
        if isinstance(data, Tick) and data.tick_type == TickType.OPEN_INTEREST:
            w.open_interest = data.value
            return
        if not is_open_during_bar(self._security.exchange_hours, data.time, data.end_time, False):
            return
        w.update(data, self._previous)

    def reset(self) -> None:
        if self._working is None:
            return
        self._bars.clear()
        self._previous = None
        self.samples = 0
        self._new_working_bar(None)

    def _current(self) -> SessionBar | None:
        if self._working is not None:
            self.scan()
        return self._working

    def __getitem__(self, i: int) -> SessionBar:
        self._current()
        i = int(i)
        if i < 0 or i >= max(self._size, 1) or i >= len(self._bars):
            raise IndexError(f"Session index {i} out of range (count {len(self._bars)})")
        return self._bars[i]

    def __len__(self) -> int:
        self._current()
        return len(self._bars)

    def __iter__(self) -> Iterator[SessionBar]:
        self._current()
        return iter(list(self._bars))

    @property
    def count(self) -> int:
        return len(self)

    @property
    def is_ready(self) -> bool:
        return self._size > 0 and self.samples >= self._size

    def _value(self, name: str) -> float:
        w = self._current()
        return 0.0 if w is None else getattr(w, name)

    open = property(lambda self: self._value("open"))
    high = property(lambda self: self._value("high"))
    low = property(lambda self: self._value("low"))
    close = property(lambda self: self._value("close"))
    volume = property(lambda self: self._value("volume"))
    open_interest = property(lambda self: self._value("open_interest"))

    @property
    def end_time(self) -> datetime | None:
        w = self._current()
        return None if w is None else w.end_time

    def __repr__(self) -> str:
        w = self._current()
        return "" if w is None else repr(w)

    # PascalCase API
    Open = open
    High = high
    Low = low
    Close = close
    Volume = volume
    OpenInterest = open_interest
    EndTime = end_time
    Size = size
    Count = count
    IsReady = is_ready
    Symbol = property(lambda self: self.symbol)
    Scan = scan
    Update = update
    Reset = reset
