"""More of QCAlgorithm's indicator helpers (Algorithm/QCAlgorithm.Indicators.cs): LEAN's indicator
names (``create_indicator_name``), ``filtered_identity`` and the helpers of the indicators in
``engine.indicators`` that ``engine.algorithm.indicator_helpers`` does not cover.

Each helper creates the indicator under LEAN's name, registers it for the symbol at ``resolution``
and, with automatic indicator warm-up on, warms it up from history (LEAN's InitializeIndicator).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engine.indicators import (
    bar_shapes,
    composites,
    price_oscillators,
    ranges,
    regression,
    smoothers,
    volume_flow,
)
from engine.indicators.base import MovingAverageType
from engine.indicators.filtered import FilteredIdentity
from engine.model.enums import Resolution

_SUFFIX = {
    Resolution.TICK: "tick",
    Resolution.SECOND: "sec",
    Resolution.MINUTE: "min",
    Resolution.HOUR: "hr",
    Resolution.DAILY: "day",
}


def _timespan_text(span: timedelta) -> str:
    """C#'s ``TimeSpan.ToString()``: ``[d.]hh:mm:ss[.fffffff]``."""
    total = int(span.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    if span.microseconds:
        text += f".{span.microseconds * 10:07d}"
    return f"{days}.{text}" if days else text


def number_text(value: Any) -> str:
    """A helper argument as C# prints a decimal made from it (``2`` for ``2.0``)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


class ExtraIndicatorHelpersMixin:
    """Mixed into ``IndicatorHelpersMixin``; uses its ``_helper`` / ``register_indicator``."""

    def create_indicator_name(self, symbol: Any, type: Any, resolution: Any = None) -> str:
        """LEAN's ``CreateIndicatorName``: ``TYPE(SYMBOL_res)``, the resolution defaulting to the
        symbol's subscription; a ``type`` ending in ``)`` merges: ``SMA(5)`` -> ``SMA(5,SPY_min)``."""
        label = str(type)
        empty = symbol is None or str(getattr(symbol, "value", symbol) or "") == ""
        if not empty:
            symbol = self._indicator_symbol(symbol)
            if resolution is None:
                request = self._subscription_of(symbol)
                if request is None:
                    raise ValueError(
                        f"The symbol {getattr(symbol, 'value', symbol)} has no subscription; "
                        "add it (add_equity, add_forex, ...) before creating its indicators"
                    )
                resolution = request.resolution
        suffix = ""
        if resolution is not None:
            if not isinstance(resolution, Resolution):
                resolution = Resolution(int(resolution))
            suffix = _SUFFIX[resolution]
        parts = [] if empty else [str(getattr(symbol, "value", symbol))]
        parts.append(suffix)
        return f"{label}({'_'.join(parts)})".replace(")(", ",")

    CreateIndicatorName = create_indicator_name

    def _lean_helper(
        self, symbol: Any, indicator: Any, resolution: Any, selector: Any = None
    ) -> Any:
        return self._helper(symbol, indicator, resolution, selector)

    # -- FilteredIdentity -----------------------------------------------------------------------
    def filtered_identity(
        self,
        symbol: Any,
        resolution: Any = None,
        selector: Any = None,
        filter: Any = None,
        field_name: str | None = None,
    ) -> FilteredIdentity:
        """LEAN's ``FilteredIdentity(symbol[, resolution], selector, filter, field_name)``: the
        symbol's data filtered by ``filter(data)``; not warmed up from history (as LEAN)."""
        if callable(resolution) and not isinstance(resolution, (Resolution, timedelta)):
            resolution, selector = None, resolution
        field = field_name or "close"
        if isinstance(resolution, timedelta):
            sym = self._indicator_symbol(symbol)
            name = f"{getattr(sym, 'value', sym)}({field}_{_timespan_text(resolution)})"
        else:
            name = self.create_indicator_name(symbol, field, resolution)
        indicator = FilteredIdentity(name, filter)
        self.register_indicator(symbol, indicator, resolution, selector)
        return indicator

    FilteredIdentity = filtered_identity

    # -- bar shapes -----------------------------------------------------------------------------
    def heikin_ashi(self, symbol: Any, resolution: Any = None, selector: Any = None) -> Any:
        name = self.create_indicator_name(symbol, "HA", resolution)
        return self._lean_helper(symbol, bar_shapes.HeikinAshi(name), resolution, selector)

    HeikinAshi = heikin_ashi

    def bop(self, symbol: Any, resolution: Any = None, selector: Any = None) -> Any:
        name = self.create_indicator_name(symbol, "BOP", resolution)
        return self._lean_helper(symbol, bar_shapes.BalanceOfPower(name), resolution, selector)

    def ibs(self, symbol: Any, resolution: Any = None, selector: Any = None) -> Any:
        name = self.create_indicator_name(symbol, "IBS", resolution)
        return self._lean_helper(symbol, bar_shapes.InternalBarStrength(name), resolution, selector)

    def ad(self, symbol: Any, resolution: Any = None, selector: Any = None) -> Any:
        name = self.create_indicator_name(symbol, "AD", resolution)
        return self._lean_helper(
            symbol, bar_shapes.AccumulationDistribution(name), resolution, selector
        )

    def adosc(
        self,
        symbol: Any,
        fast_period: int,
        slow_period: int,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        name = self.create_indicator_name(symbol, f"ADOSC({fast_period},{slow_period})", resolution)
        indicator = bar_shapes.AccumulationDistributionOscillator(name, fast_period, slow_period)
        return self._lean_helper(symbol, indicator, resolution, selector)

    # -- ranges and returns ---------------------------------------------------------------------
    def midpoint(
        self, symbol: Any, period: int, resolution: Any = None, selector: Any = None
    ) -> Any:
        name = self.create_indicator_name(symbol, f"MIDPOINT({period})", resolution)
        return self._lean_helper(symbol, ranges.MidPoint(name, period), resolution, selector)

    def midprice(
        self, symbol: Any, period: int, resolution: Any = None, selector: Any = None
    ) -> Any:
        name = self.create_indicator_name(symbol, f"MIDPRICE({period})", resolution)
        return self._lean_helper(symbol, ranges.MidPrice(name, period), resolution, selector)

    def natr(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        name = self.create_indicator_name(symbol, f"NATR({period})", resolution)
        return self._lean_helper(
            symbol, ranges.NormalizedAverageTrueRange(name, period), resolution, selector
        )

    def logr(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        name = self.create_indicator_name(symbol, f"LOGR({period})", resolution)
        return self._lean_helper(symbol, ranges.LogReturn(name, period), resolution, selector)

    # -- least squares --------------------------------------------------------------------------
    def lsma(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        name = self.create_indicator_name(symbol, f"LSMA({period})", resolution)
        return self._lean_helper(
            symbol, regression.LeastSquaresMovingAverage(name, period), resolution, selector
        )

    def rc(
        self, symbol: Any, period: int, k: float, resolution: Any = None, selector: Any = None
    ) -> Any:
        name = self.create_indicator_name(symbol, f"RC({period},{number_text(k)})", resolution)
        return self._lean_helper(
            symbol, regression.RegressionChannel(name, period, k), resolution, selector
        )

    # -- price oscillators -----------------------------------------------------------------------
    def _period_helper(
        self, cls: type, label: str, symbol: Any, period: int, resolution: Any, selector: Any
    ) -> Any:
        name = self.create_indicator_name(symbol, f"{label}({period})", resolution)
        return self._lean_helper(symbol, cls(name, period), resolution, selector)

    def apo(
        self,
        symbol: Any,
        fast_period: int,
        slow_period: int,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        name = self.create_indicator_name(symbol, f"APO({fast_period},{slow_period})", resolution)
        indicator = price_oscillators.AbsolutePriceOscillator(
            name, fast_period, slow_period, moving_average_type
        )
        return self._lean_helper(symbol, indicator, resolution, selector)

    def ppo(
        self,
        symbol: Any,
        fast_period: int,
        slow_period: int,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        name = self.create_indicator_name(symbol, f"PPO({fast_period},{slow_period})", resolution)
        indicator = price_oscillators.PercentagePriceOscillator(
            name, fast_period, slow_period, moving_average_type
        )
        return self._lean_helper(symbol, indicator, resolution, selector)

    def ao(
        self,
        symbol: Any,
        fast_period: int,
        slow_period: int,
        type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        type = MovingAverageType(int(type))
        label = f"AO({fast_period},{slow_period},{type})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = price_oscillators.AwesomeOscillator(name, fast_period, slow_period, type)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def cmo(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            price_oscillators.ChandeMomentumOscillator, "CMO", symbol, period, resolution, selector
        )

    def trix(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            price_oscillators.Trix, "TRIX", symbol, period, resolution, selector
        )

    def dpo(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            price_oscillators.DetrendedPriceOscillator, "DPO", symbol, period, resolution, selector
        )

    def ker(
        self, symbol: Any, period: int = 2, resolution: Any = None, selector: Any = None
    ) -> Any:
        return self._period_helper(
            price_oscillators.KaufmanEfficiencyRatio, "KER", symbol, period, resolution, selector
        )

    def ultosc(
        self,
        symbol: Any,
        period1: int,
        period2: int,
        period3: int,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        label = f"ULTOSC({period1},{period2},{period3})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = price_oscillators.UltimateOscillator(name, period1, period2, period3)
        return self._lean_helper(symbol, indicator, resolution, selector)

    # -- moving averages ------------------------------------------------------------------------
    def zlema(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            smoothers.ZeroLagExponentialMovingAverage, "ZLEMA", symbol, period, resolution, selector
        )

    def t3(
        self,
        symbol: Any,
        period: int,
        volume_factor: float = 0.7,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(volume_factor, Resolution):
            volume_factor, resolution = 0.7, volume_factor
        label = f"T3({period},{number_text(volume_factor)})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = smoothers.T3MovingAverage(name, period, volume_factor)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def alma(
        self,
        symbol: Any,
        period: int,
        sigma: int = 6,
        offset: float = 0.85,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        label = f"ALMA({period},{sigma},{number_text(offset)})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = smoothers.ArnaudLegouxMovingAverage(name, period, sigma, offset)
        return self._lean_helper(symbol, indicator, resolution, selector)

    # -- volume flow ----------------------------------------------------------------------------
    def cmf(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            volume_flow.ChaikinMoneyFlow, "CMF", symbol, period, resolution, selector
        )

    def vwma(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            volume_flow.VolumeWeightedMovingAverage, "VWMA", symbol, period, resolution, selector
        )

    def fi(
        self,
        symbol: Any,
        period: int,
        type: Any = MovingAverageType.EXPONENTIAL,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(type, Resolution):
            type, resolution = MovingAverageType.EXPONENTIAL, type
        name = self.create_indicator_name(symbol, f"FI({period})", resolution)
        indicator = volume_flow.ForceIndex(name, period, type)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def emv(
        self,
        symbol: Any,
        period: int = 1,
        scale: int = 10000,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        name = self.create_indicator_name(symbol, f"EMV({period}, {scale})", resolution)
        indicator = volume_flow.EaseOfMovementValue(name, period, scale)
        return self._lean_helper(symbol, indicator, resolution, selector)

    # -- ranges, bands and composites -----------------------------------------------------------
    def abands(
        self,
        symbol: Any,
        period: int,
        width: float = 4,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        if isinstance(moving_average_type, Resolution):
            moving_average_type, resolution = MovingAverageType.SIMPLE, moving_average_type
        label = f"ABANDS({period},{number_text(width)})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = ranges.AccelerationBands(name, period, width, moving_average_type)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def adxr(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            composites.AverageDirectionalMovementIndexRating,
            "ADXR",
            symbol,
            period,
            resolution,
            selector,
        )

    def ar(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(ranges.AverageRange, "AR", symbol, period, resolution, selector)

    def chop(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            ranges.ChoppinessIndex, "CHOP", symbol, period, resolution, selector
        )

    def cc(
        self,
        symbol: Any,
        short_roc_period: int = 11,
        long_roc_period: int = 14,
        lwma_period: int = 10,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        label = f"CC({short_roc_period},{long_roc_period},{lwma_period})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = composites.CoppockCurve(name, short_roc_period, long_roc_period, lwma_period)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def co(
        self,
        symbol: Any,
        fast_period: int,
        slow_period: int,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        name = self.create_indicator_name(symbol, f"CO({fast_period},{slow_period})", resolution)
        indicator = bar_shapes.ChaikinOscillator(name, fast_period, slow_period)
        return self._lean_helper(symbol, indicator, resolution, selector)

    # PascalCase names the generic mapping cannot derive (BOP -> b_o_p)
    BOP, IBS, AD, ADOSC = bop, ibs, ad, adosc
    MIDPOINT, MIDPRICE, NATR, LOGR, LSMA, RC = midpoint, midprice, natr, logr, lsma, rc
    APO, PPO, AO, CMO, TRIX, DPO, KER, ULTOSC = apo, ppo, ao, cmo, trix, dpo, ker, ultosc
    ZLEMA, T3, ALMA, CMF, VWMA, FI, EMV = zlema, t3, alma, cmf, vwma, fi, emv
    ABANDS, ADXR, AR, CHOP, CC, CO = abands, adxr, ar, chop, cc, co
