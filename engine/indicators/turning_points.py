"""Indicators of trend reversals and turning points: the extended parabolic SAR (SAREXT), Tom
DeMark's sequential (TDS) and pivot points high/low (PPHL).

Followed: LEAN's Indicators/ParabolicStopAndReverseExtended.cs, Indicators/TomDemarkSequential.cs and
Indicators/PivotPointsHighLow.cs.
"""

from __future__ import annotations

from typing import Any

from engine.indicators.base import BarIndicator, Event, IndicatorDataPoint, decimal_text
from engine.indicators.window import RollingWindow
from engine.model.enums import LeanEnum, pascal_aliases


class ParabolicStopAndReverseExtended(BarIndicator):
    """TA-Lib's SAREXT as LEAN computes it: the SAR is positive while long and negative while short;
    separate acceleration factors for each side, an optional start value (``sar_start`` > 0 starts
    long at it, < 0 short at its absolute value) and an ``offset_on_reverse`` fraction added on a
    reversal. The first bar returns ``sar_start`` (or its close when that is 0)."""

    _PARAMETERS = (0.0, 0.0, 0.02, 0.02, 0.2, 0.02, 0.02, 0.2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], list(args[1:])
        else:
            name, rest = None, list(args)
        keys = (
            "sar_start",
            "offset_on_reverse",
            "af_start_short",
            "af_increment_short",
            "af_max_short",
            "af_start_long",
            "af_increment_long",
            "af_max_long",
        )
        rest += list(self._PARAMETERS[len(rest) :])
        values = [float(kwargs.pop(key, rest[i])) for i, key in enumerate(keys)]
        if kwargs:
            raise TypeError(f"unexpected arguments {sorted(kwargs)}")
        if name is None:
            name = "SAREXT(" + ",".join(decimal_text(v) for v in values) + ")"
        super().__init__(name)
        (
            self._sar_init,
            self._offset,
            self._af_init_short,
            self._af_step_short,
            self._af_max_short,
            self._af_init_long,
            self._af_step_long,
            self._af_max_long,
        ) = values
        self.warm_up_period = 2
        self._reset_state()

    @property
    def is_ready(self) -> bool:
        return self.samples >= 2

    def _reset_state(self) -> None:
        self._af_short = self._af_init_short
        self._af_long = self._af_init_long
        self._previous: Any = None
        self._is_long = False
        self._sar = 0.0
        self._extreme = 0.0
        self._output = 0.0

    def _next_bar(self, bar: Any) -> float:
        if self.samples == 1:
            self._previous = bar
            return self._sar_init if self._sar_init != 0 else float(bar.close)
        if self.samples == 2:
            self._start(bar)
            self._previous = bar
        if self._is_long:
            self._long(bar)
        else:
            self._short(bar)
        self._previous = bar
        return self._output

    def _start(self, bar: Any) -> None:
        previous = self._previous
        if self._sar_init > 0:
            self._is_long, self._sar = True, self._sar_init
        elif self._sar_init < 0:
            self._is_long, self._sar = False, abs(self._sar_init)
        else:
            negative_dm = bar.low < previous.low and (bar.high - previous.high) < (
                previous.low - bar.low
            )
            self._is_long = not negative_dm
            self._sar = float(previous.low if self._is_long else previous.high)
        self._extreme = float(bar.high if self._is_long else bar.low)

    def _long(self, bar: Any) -> None:
        high, low = float(bar.high), float(bar.low)
        previous = self._previous
        if low <= self._sar:
            self._is_long = False
            self._sar = max(self._extreme, float(previous.high), high)
            if self._offset != 0.0:
                self._sar += self._sar * self._offset
            self._output = -self._sar
            self._af_short = self._af_init_short
            self._extreme = low
            self._sar += self._af_short * (self._extreme - self._sar)
            self._sar = max(self._sar, float(previous.high), high)
            return
        self._output = self._sar
        if high > self._extreme:
            self._extreme = high
            self._af_long = min(self._af_long + self._af_step_long, self._af_max_long)
        self._sar += self._af_long * (self._extreme - self._sar)
        self._sar = min(self._sar, float(previous.low), low)

    def _short(self, bar: Any) -> None:
        high, low = float(bar.high), float(bar.low)
        previous = self._previous
        if high >= self._sar:
            self._is_long = True
            self._sar = min(self._extreme, float(previous.low), low)
            if self._offset != 0.0:
                self._sar -= self._sar * self._offset
            self._output = self._sar
            self._af_long = self._af_init_long
            self._extreme = high
            self._sar += self._af_long * (self._extreme - self._sar)
            self._sar = min(self._sar, float(previous.low), low)
            return
        self._output = -self._sar
        if low < self._extreme:
            self._extreme = low
            self._af_short = min(self._af_short + self._af_step_short, self._af_max_short)
        self._sar += self._af_short * (self._extreme - self._sar)
        self._sar = max(self._sar, float(previous.high), high)


@pascal_aliases
class TomDemarkSequentialPhase(LeanEnum):
    NONE = 0
    BUY_SETUP = 1
    SELL_SETUP = 2
    BUY_COUNTDOWN = 3
    SELL_COUNTDOWN = 4
    BUY_SETUP_PERFECT = 5
    SELL_SETUP_PERFECT = 6


_SETUP_STEPS = 9
_COUNTDOWN_STEPS = 13


class TomDemarkSequential(BarIndicator):
    """Tom DeMark's sequential: the value is the phase (``TomDemarkSequentialPhase``) each bar
    belongs to. A setup starts on a price flip against the close four bars earlier and counts nine
    such closes; a countdown then counts thirteen closes beyond the low (buy) or high (sell) two
    bars earlier, ended early by a close past the setup's resistance (buy) or support (sell)."""

    def __init__(self, name: str = "TomDemarkSequential") -> None:
        super().__init__(name)
        self.warm_up_period = 6
        self._bars = RollingWindow(10)
        self._reset_state()

    @property
    def is_ready(self) -> bool:
        return self.samples >= 6

    def _reset_state(self) -> None:
        self._bars.reset()
        self._phase = TomDemarkSequentialPhase.NONE
        self.resistance_price = 0.0
        self.support_price = 0.0
        self.setup_phase_step_count = 0
        self.countdown_phase_step_count = 0

    @property
    def ResistancePrice(self) -> float:  # noqa: N802 - LEAN's property name
        return self.resistance_price

    @property
    def SupportPrice(self) -> float:  # noqa: N802 - LEAN's property name
        return self.support_price

    @property
    def SetupPhaseStepCount(self) -> int:  # noqa: N802 - LEAN's property name
        return self.setup_phase_step_count

    @property
    def CountdownPhaseStepCount(self) -> int:  # noqa: N802 - LEAN's property name
        return self.countdown_phase_step_count

    def _next_bar(self, bar: Any) -> float:
        w = self._bars
        w.add(bar)
        if not self.is_ready:
            return 0.0
        phase = self._phase
        Phase = TomDemarkSequentialPhase
        if phase == Phase.NONE:
            prev, prev_4 = w[1], w[5]
            if prev.close > prev_4.close and bar.close < w[4].close:
                self._phase, self.setup_phase_step_count = Phase.BUY_SETUP, 1
                return float(Phase.BUY_SETUP)
            if prev.close < prev_4.close and bar.close > w[4].close:
                self._phase, self.setup_phase_step_count = Phase.SELL_SETUP, 1
                return float(Phase.SELL_SETUP)
            return 0.0
        if phase == Phase.BUY_SETUP:
            return self._setup(bar, buy=True)
        if phase == Phase.SELL_SETUP:
            return self._setup(bar, buy=False)
        if phase == Phase.BUY_COUNTDOWN:
            if bar.close <= w[2].low:
                return self._count_down(Phase.BUY_COUNTDOWN)
            if bar.close > self.resistance_price:
                self._phase = Phase.NONE
            return 0.0
        if phase == Phase.SELL_COUNTDOWN:
            if bar.close >= w[2].high:
                return self._count_down(Phase.SELL_COUNTDOWN)
            if bar.close < self.support_price:
                self._phase = Phase.NONE
            return 0.0
        return 0.0

    def _count_down(self, phase: TomDemarkSequentialPhase) -> float:
        self.countdown_phase_step_count += 1
        if self.countdown_phase_step_count == _COUNTDOWN_STEPS:
            self._phase = TomDemarkSequentialPhase.NONE
        return float(phase)

    def _setup(self, bar: Any, *, buy: bool) -> float:
        w = self._bars
        Phase = TomDemarkSequentialPhase
        continues = bar.close < w[4].close if buy else bar.close > w[4].close
        if not continues:
            self._phase = Phase.NONE
            return 0.0
        self.setup_phase_step_count += 1
        if self.setup_phase_step_count != _SETUP_STEPS:
            return float(Phase.BUY_SETUP if buy else Phase.SELL_SETUP)
        # LEAN takes the window's oldest nine bars (newest first, so the current bar drops out
        # once the window of ten is full)
        oldest = [w[i] for i in range(w.count - _SETUP_STEPS, w.count)]
        bar6, bar7, bar8, bar9 = w[3], w[2], w[1], w[0]
        if buy:
            perfect = (bar8.low < bar6.low and bar8.low < bar7.low) or (
                bar9.low < bar6.low and bar9.low < bar7.low
            )
            self._phase = Phase.BUY_COUNTDOWN
            self.resistance_price = max(float(b.high) for b in oldest)
            if bar.close < w[2].low:
                self.countdown_phase_step_count = 1
            return float(Phase.BUY_SETUP_PERFECT if perfect else Phase.BUY_SETUP)
        perfect = (bar8.high > bar6.high and bar8.high > bar7.high) or (
            bar9.high > bar6.high and bar9.high > bar7.high
        )
        self._phase = Phase.SELL_COUNTDOWN
        if bar.close > w[2].high:
            self.countdown_phase_step_count = 1
        self.support_price = min(float(b.low) for b in oldest)
        return float(Phase.SELL_SETUP_PERFECT if perfect else Phase.SELL_SETUP)


@pascal_aliases
class PivotPointType(LeanEnum):
    LOW = -1
    NONE = 0
    HIGH = 1
    BOTH = 2


class PivotPoint(IndicatorDataPoint):
    """A pivot: its ``pivot_point_type``, the price as ``value`` and the bar's end as ``time``."""

    def __init__(self, type: Any, price: float, time: Any) -> None:
        super().__init__(None, time, float(price))
        self.pivot_point_type = PivotPointType(int(type))
        self.time = time

    @property
    def PivotPointType(self) -> Any:  # noqa: N802 - LEAN's property name
        return self.pivot_point_type


class PivotPointsHighLow(BarIndicator):
    """A bar whose high is above (``strict``) or at least (not strict) the highs of
    ``surrounding_bars_count_for_high_point`` bars on each side is a high pivot, likewise for lows;
    the value, known ``n`` bars later, is ``PivotPointType`` (1 high, -1 low, 2 both, 0 none). The
    last ``last_stored_values`` pivots are kept; ``new_pivot_point_formed`` fires for each."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], list(args[1:])
        else:
            name, rest = None, list(args)
        if not rest:
            raise TypeError("PivotPointsHighLow needs the surrounding bars count")
        high_count = int(rest[0])
        if name is None and len(rest) <= 2:
            # PivotPointsHighLow(surrounding_bars_count, last_stored_values=100)
            low_count, stored, strict = high_count, int(rest[1]) if len(rest) > 1 else 100, True
            name = f"PivotPointsHighLow({high_count})"
        else:
            low_count = int(rest[1])
            stored = int(rest[2]) if len(rest) > 2 else 100
            strict = bool(rest[3]) if len(rest) > 3 else True
            name = name or f"PivotPointsHighLow({high_count},{low_count})"
        super().__init__(name)
        self._high_count = high_count
        self._low_count = low_count
        self._strict = strict
        self._highs = RollingWindow(2 * high_count + 1)
        self._lows = RollingWindow(2 * low_count + 1)
        self._pivots = RollingWindow(stored)
        self.warm_up_period = max(self._highs.size, self._lows.size)
        self.new_pivot_point_formed = Event()
        self.NewPivotPointFormed = self.new_pivot_point_formed

    @property
    def is_ready(self) -> bool:
        return self._highs.is_ready and self._lows.is_ready

    def _reset_state(self) -> None:
        self._highs.reset()
        self._lows.reset()
        self._pivots.reset()

    def _next_bar(self, bar: Any) -> float:
        self._highs.add(bar)
        self._lows.add(bar)
        high = self._pivot(self._highs, self._high_count, high=True)
        low = self._pivot(self._lows, self._low_count, high=False)
        for point in (high, low):
            if point is not None:
                self._pivots.add(point)
                if self.new_pivot_point_formed:
                    self.new_pivot_point_formed(self, point)
        if high is not None:
            return float(PivotPointType.BOTH if low is not None else PivotPointType.HIGH)
        return float(PivotPointType.LOW if low is not None else PivotPointType.NONE)

    def _pivot(self, window: RollingWindow, middle: int, *, high: bool) -> PivotPoint | None:
        if not window.is_ready:
            return None
        mid = window[middle]
        price = float(mid.high if high else mid.low)
        for k in range(window.size):
            if k == middle:
                continue
            other = float(window[k].high if high else window[k].low)
            if high:
                ok = other < price if self._strict else other <= price
            else:
                ok = other > price if self._strict else other >= price
            if not ok:
                return None
        kind = PivotPointType.HIGH if high else PivotPointType.LOW
        return PivotPoint(kind, price, mid.end_time)

    def get_high_pivot_points_array(self) -> list[PivotPoint]:
        return [p for p in self._pivots if p.pivot_point_type == PivotPointType.HIGH]

    def get_low_pivot_points_array(self) -> list[PivotPoint]:
        return [p for p in self._pivots if p.pivot_point_type == PivotPointType.LOW]

    def get_all_pivot_points_array(self) -> list[PivotPoint]:
        return list(self._pivots)

    GetHighPivotPointsArray = get_high_pivot_points_array
    GetLowPivotPointsArray = get_low_pivot_points_array
    GetAllPivotPointsArray = get_all_pivot_points_array
