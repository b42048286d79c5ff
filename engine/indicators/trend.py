"""Trend indicators: ADX (with +DI/-DI), Parabolic SAR, Ichimoku Kinko Hyo."""

from __future__ import annotations

from typing import Any

from engine.indicators.averages import WildersMovingAverage
from engine.indicators.base import BarIndicator, Component, parse_name_period
from engine.indicators.rolling import Delay, Maximum, Minimum


class AverageDirectionalIndex(BarIndicator):
    """Wilder's ADX. +DM/-DM and the true range are summed over the first ``period - 1`` bar pairs,
    then smoothed ``s - s / period + x``; DX = 100 |+DI - -DI| / (+DI + -DI); ADX = Wilder average of DX
    (the mean of the first ``period`` DX values, then smoothed). Ready after ``2 * period`` bars.
    LEAN, unlike TA-Lib: +DM counts when ``high - prev high >= prev low - low`` (a tie goes to +DM;
    TA-Lib counts neither), and the value is 50 (no DX sample) while ``+DI + -DI == 0``."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "ADX({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = 2 * period
        self._adx = WildersMovingAverage(name + "_ADX", period)
        di_ready = self._di_ready
        self.positive_directional_index = Component(name + "_PositiveDirectionalIndex", di_ready)
        self.negative_directional_index = Component(name + "_NegativeDirectionalIndex", di_ready)
        self._reset_state()

    def _di_ready(self) -> bool:
        return self._moves >= self.period

    def _reset_state(self) -> None:
        self._prev: tuple[float, float, float] | None = None
        self._moves = 0
        self._sm_plus = self._sm_minus = self._sm_tr = 0.0
        self._adx.reset()
        self.positive_directional_index.reset()
        self.negative_directional_index.reset()

    def _next_bar(self, bar: Any) -> float:
        high, low, close = bar.high, bar.low, bar.close
        prev = self._prev
        self._prev = (high, low, close)
        if prev is None:
            return 50.0  # LEAN: 50 while +DI + -DI == 0
        p_high, p_low, p_close = prev
        up, down = high - p_high, p_low - low
        dm_plus = up if (up >= down and up > 0.0) else 0.0
        dm_minus = down if (down > up and down > 0.0) else 0.0
        tr = max(high - low, abs(high - p_close), abs(low - p_close))
        self._moves += 1
        period = self.period
        if self._moves < period:
            self._sm_plus += dm_plus
            self._sm_minus += dm_minus
            self._sm_tr += tr
            return 50.0
        self._sm_plus += dm_plus - self._sm_plus / period
        self._sm_minus += dm_minus - self._sm_minus / period
        self._sm_tr += tr - self._sm_tr / period
        t = bar.end_time
        if self._sm_tr == 0.0:
            di_plus = di_minus = 0.0
        else:
            di_plus = 100.0 * self._sm_plus / self._sm_tr
            di_minus = 100.0 * self._sm_minus / self._sm_tr
        self.positive_directional_index.update(t, di_plus)
        self.negative_directional_index.update(t, di_minus)
        total = di_plus + di_minus
        if total == 0.0:
            return 50.0  # LEAN returns 50 and leaves the Wilder average of DX untouched
        self._adx.update(t, 100.0 * abs(di_plus - di_minus) / total)
        return self._adx.current.value

    @property
    def is_ready(self) -> bool:
        return self._adx.is_ready


class ParabolicStopAndReverse(BarIndicator):
    """Wilder's Parabolic SAR as LEAN implements it (after TA-Lib), ``(af_start, af_increment, af_max)``."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, args = args[0], args[1:]
        else:
            name = None
        self._af_init = float(args[0]) if len(args) > 0 else 0.02
        self._af_increment = float(args[1]) if len(args) > 1 else 0.02
        self._af_max = float(args[2]) if len(args) > 2 else 0.2
        super().__init__(name or f"PSAR({self._af_init},{self._af_increment},{self._af_max})")
        self.warm_up_period = 2
        self._reset_state()

    def _reset_state(self) -> None:
        self._af = self._af_init
        self._is_long = False
        self._prev: Any = None
        self._sar = self._ep = self._output = 0.0

    @property
    def is_ready(self) -> bool:
        return self.samples >= 2

    def _next_bar(self, bar: Any) -> float:
        if self.samples == 1:
            self._prev = (bar.high, bar.low, bar.close)
            return 0.0
        p_high, p_low, p_close = self._prev
        high, low = bar.high, bar.low
        if self.samples == 2:
            self._is_long = bar.close >= p_close
            if self._is_long:
                self._ep = min(high, p_high)
                self._sar = p_low
            else:
                self._ep = min(low, p_low)
                self._sar = p_high
            self._prev = (high, low, bar.close)
            return self._sar
        af_init, af_inc, af_max = self._af_init, self._af_increment, self._af_max
        if self._is_long:
            if low <= self._sar:
                self._is_long = False
                sar = max(self._ep, p_high, high)
                self._output = sar
                self._af = af_init
                self._ep = low
                sar = sar + self._af * (self._ep - sar)
                self._sar = max(sar, p_high, high)
            else:
                self._output = self._sar
                if high > self._ep:
                    self._ep = high
                    self._af = min(self._af + af_inc, af_max)
                sar = self._sar + self._af * (self._ep - self._sar)
                self._sar = min(sar, p_low, low)
        else:
            if high >= self._sar:
                self._is_long = True
                sar = min(self._ep, p_low, low)
                self._output = sar
                self._af = af_init
                self._ep = high
                sar = sar + self._af * (self._ep - sar)
                self._sar = min(sar, p_low, low)
            else:
                self._output = self._sar
                if low < self._ep:
                    self._ep = low
                    self._af = min(self._af + af_inc, af_max)
                sar = self._sar + self._af * (self._ep - self._sar)
                self._sar = max(sar, p_high, high)
        self._prev = (high, low, bar.close)
        return self._output


class IchimokuKinkoHyo(BarIndicator):
    """LEAN's Ichimoku Kinko Hyo (``mid(n)`` = (highest high + lowest low) / 2 over the last n bars):
    Tenkan = mid(9), Kijun = mid(26) (0 until ready); Senkou A = (Tenkan + Kijun) / 2 of 26 bars ago;
    Senkou B = mid(52) of **27** bars ago: LEAN updates Senkou B from the delayed max/min *before*
    pushing the current bar into them, so the delay is ``senkou_b_delay + 1`` (kept for parity);
    Chikou = the close 26 bars ago (``Delay``: the first close until then). Senkou A/B are 0 until
    ready. The value is the close. ``is_ready``: Tenkan, Kijun, Senkou A and B (not Chikou), as LEAN.
    Arguments: ``(tenkan=9, kijun=26, senkou_a_period=26, senkou_b=52, senkou_a_delay=26,
    senkou_b_delay=26)``."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, args = args[0], args[1:]
        else:
            name = None
        defaults = (9, 26, 26, 52, 26, 26)
        p = [int(args[i]) if i < len(args) else d for i, d in enumerate(defaults)]
        tenkan, kijun, _senkou_a, senkou_b, delay_a, delay_b = p
        super().__init__(
            name or f"ICHIMOKU({tenkan},{kijun},{_senkou_a},{senkou_b},{delay_a},{delay_b})"
        )
        n = self.name
        self.tenkan_maximum, self.tenkan_minimum = (
            Maximum(n + "_TenkanMax", tenkan),
            Minimum(n + "_TenkanMin", tenkan),
        )
        self.kijun_maximum, self.kijun_minimum = (
            Maximum(n + "_KijunMax", kijun),
            Minimum(n + "_KijunMin", kijun),
        )
        self.senkou_b_maximum = Maximum(n + "_SenkouBMax", senkou_b)
        self.senkou_b_minimum = Minimum(n + "_SenkouBMin", senkou_b)
        self.delayed_tenkan_senkou_a = Delay(n + "_DelayedTenkanSenkouA", delay_a)
        self.delayed_kijun_senkou_a = Delay(n + "_DelayedKijunSenkouA", delay_a)
        self.delayed_maximum_senkou_b = Delay(n + "_DelayedMaxSenkouB", delay_b)
        self.delayed_minimum_senkou_b = Delay(n + "_DelayedMinSenkouB", delay_b)
        self.tenkan = Component(n + "_Tenkan", lambda: self.tenkan_maximum.is_ready)
        self.kijun = Component(n + "_Kijun", lambda: self.kijun_maximum.is_ready)
        self.senkou_a = Component(
            n + "_SenkouA",
            lambda: self.delayed_kijun_senkou_a.is_ready and self.delayed_tenkan_senkou_a.is_ready,
        )
        self.senkou_b = Component(n + "_SenkouB", lambda: self.delayed_maximum_senkou_b.is_ready)
        self.chikou = Delay(n + "_Chikou", delay_a)
        self.warm_up_period = max(tenkan + delay_a, kijun + delay_a, senkou_b + delay_b)

    def _next_bar(self, bar: Any) -> float:
        t = bar.end_time
        high, low = bar.high, bar.low
        for mx, mn in (
            (self.tenkan_maximum, self.tenkan_minimum),
            (self.kijun_maximum, self.kijun_minimum),
            (self.senkou_b_maximum, self.senkou_b_minimum),
        ):
            mx.update(t, high)
            mn.update(t, low)
        tenkan = (
            (self.tenkan_maximum.current.value + self.tenkan_minimum.current.value) / 2.0
            if self.tenkan_maximum.is_ready
            else 0.0
        )
        kijun = (
            (self.kijun_maximum.current.value + self.kijun_minimum.current.value) / 2.0
            if self.kijun_maximum.is_ready
            else 0.0
        )
        self.tenkan.update(t, tenkan)
        self.kijun.update(t, kijun)
        if self.tenkan_maximum.is_ready:
            self.delayed_tenkan_senkou_a.update(t, tenkan)
        if self.kijun_maximum.is_ready:
            self.delayed_kijun_senkou_a.update(t, kijun)
        senkou_a = (
            (self.delayed_tenkan_senkou_a.current.value + self.delayed_kijun_senkou_a.current.value)
            / 2.0
            if self.senkou_a.is_ready
            else 0.0
        )
        self.senkou_a.update(t, senkou_a)
        # LEAN computes Senkou B before this bar reaches the delayed max/min (one more bar of delay)
        senkou_b = (
            (
                self.delayed_maximum_senkou_b.current.value
                + self.delayed_minimum_senkou_b.current.value
            )
            / 2.0
            if self.senkou_b.is_ready
            else 0.0
        )
        self.senkou_b.update(t, senkou_b)
        if self.senkou_b_maximum.is_ready:
            self.delayed_maximum_senkou_b.update(t, self.senkou_b_maximum.current.value)
            self.delayed_minimum_senkou_b.update(t, self.senkou_b_minimum.current.value)
        self.chikou.update(t, bar.close)
        return bar.close

    @property
    def is_ready(self) -> bool:
        return (
            self.tenkan.is_ready
            and self.kijun.is_ready
            and self.senkou_a.is_ready
            and self.senkou_b.is_ready
        )

    def _reset_state(self) -> None:
        for attr in (
            "tenkan_maximum",
            "tenkan_minimum",
            "kijun_maximum",
            "kijun_minimum",
            "senkou_b_maximum",
            "senkou_b_minimum",
            "delayed_tenkan_senkou_a",
            "delayed_kijun_senkou_a",
            "delayed_maximum_senkou_b",
            "delayed_minimum_senkou_b",
            "tenkan",
            "kijun",
            "senkou_a",
            "senkou_b",
            "chikou",
        ):
            ind = self.__dict__.get(attr)
            if ind is not None:
                ind.reset()
