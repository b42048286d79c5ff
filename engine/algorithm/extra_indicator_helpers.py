"""More of QCAlgorithm's indicator helpers (Algorithm/QCAlgorithm.Indicators.cs): LEAN's indicator
names (``create_indicator_name``), ``filtered_identity`` and the helpers of the indicators in
``engine.indicators`` that ``engine.algorithm.indicator_helpers`` does not cover.

Each helper creates the indicator under LEAN's name, registers it for the symbol at ``resolution``
and, with automatic indicator warm-up on, warms it up from history (LEAN's InitializeIndicator).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engine.algorithm.indicator_names import RESOLUTION_SUFFIX, number_text, timespan_text
from engine.algorithm.oscillator_helpers import OscillatorHelpersMixin
from engine.algorithm.turning_point_helpers import TurningPointHelpersMixin
from engine.indicators import (
    bar_shapes,
    composites,
    ranges,
    regression,
    smoothers,
    volume,
    volume_flow,
)
from engine.indicators.base import MovingAverageType
from engine.indicators.filtered import FilteredIdentity
from engine.indicators.filters import SwissArmyKnife, SwissArmyKnifeTool
from engine.indicators.pairs import Covariance
from engine.model.enums import Resolution


class ExtraIndicatorHelpersMixin(OscillatorHelpersMixin, TurningPointHelpersMixin):
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
            suffix = RESOLUTION_SUFFIX[resolution]
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
            name = f"{getattr(sym, 'value', sym)}({field}_{timespan_text(resolution)})"
        else:
            name = self.create_indicator_name(symbol, field, resolution)
        indicator = FilteredIdentity(name, filter)
        self.register_indicator(symbol, indicator, resolution, selector)
        return indicator

    FilteredIdentity = filtered_identity

    def deregister_indicator(self, indicator: Any) -> None:
        """LEAN's ``DeregisterIndicator`` (``UnregisterIndicator`` calls it): stop updating it."""
        self.unregister_indicator(indicator)

    DeregisterIndicator = deregister_indicator

    @staticmethod
    def create_consolidator(period: Any, input_type: Any, tick_type: Any = None) -> Any:
        """LEAN's static ``CreateConsolidator(period, input_type, tick_type)``: an identity
        consolidator for a zero period, else a consolidator of ``period`` for the input type."""
        from engine.consolidators import (
            BaseDataConsolidator,
            IdentityDataConsolidator,
            QuoteBarConsolidator,
            TickConsolidator,
            TickQuoteBarConsolidator,
            TradeBarConsolidator,
        )
        from engine.model.data import QuoteBar, Tick, TradeBar
        from engine.model.enums import TickType

        if not period:
            return IdentityDataConsolidator(input_type)
        if isinstance(input_type, type) and issubclass(input_type, TradeBar):
            return TradeBarConsolidator(period)
        if isinstance(input_type, type) and issubclass(input_type, QuoteBar):
            return QuoteBarConsolidator(period)
        if isinstance(input_type, type) and issubclass(input_type, Tick):
            kind = None if tick_type is None else TickType(int(tick_type))
            if kind == TickType.OPEN_INTEREST:
                raise NotImplementedError(
                    "open interest consolidation (LEAN's OpenInterestConsolidator) is not "
                    "supported by this engine"
                )
            if kind == TickType.QUOTE:
                return TickQuoteBarConsolidator(period)
            return TickConsolidator(period)
        return BaseDataConsolidator(period)

    CreateConsolidator = create_consolidator

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

    # -- shared plumbing of the helpers ---------------------------------------------------------
    def _period_helper(
        self, cls: type, label: str, symbol: Any, period: int, resolution: Any, selector: Any
    ) -> Any:
        name = self.create_indicator_name(symbol, f"{label}({period})", resolution)
        return self._lean_helper(symbol, cls(name, period), resolution, selector)

    def _ma_args(self, moving_average_type: Any, resolution: Any, default: Any) -> tuple:
        """LEAN's optional MovingAverageType before the resolution: a Resolution in its place is
        the resolution."""
        if isinstance(moving_average_type, Resolution):
            return MovingAverageType(default), moving_average_type
        return MovingAverageType(int(moving_average_type)), resolution

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

    # -- trend and smoothing --------------------------------------------------------------------
    def vtx(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(composites.Vortex, "VTX", symbol, period, resolution, selector)

    def tsf(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            regression.TimeSeriesForecast, "TSF", symbol, period, resolution, selector
        )

    def rma(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            smoothers.RelativeMovingAverage, "RMA", symbol, period, resolution, selector
        )

    def mgd(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            smoothers.McGinleyDynamic, "MGD", symbol, period, resolution, selector
        )

    def sobv(
        self,
        symbol: Any,
        period: int,
        type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        type, resolution = self._ma_args(type, resolution, MovingAverageType.SIMPLE)
        name = self.create_indicator_name(symbol, f"SOBV({period})", resolution)
        indicator = volume_flow.SmoothedOnBalanceVolume(name, period, type)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def vidya(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            smoothers.VariableIndexDynamicAverage, "VIDYA", symbol, period, resolution, selector
        )

    def aps(
        self, symbol: Any, period: int = 3, resolution: Any = None, selector: Any = None
    ) -> Any:
        return self._period_helper(
            ranges.AugenPriceSpike, "APS", symbol, period, resolution, selector
        )

    def he(
        self,
        symbol: Any,
        period: int,
        max_lag: int = 20,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        name = self.create_indicator_name(symbol, f"HE({period},{max_lag})", resolution)
        indicator = regression.HurstExponent(name, period, max_lag)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def kvo(
        self,
        symbol: Any,
        fast_period: int,
        slow_period: int,
        signal_period: int = 13,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        label = f"KVO({fast_period},{slow_period},{signal_period})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = volume_flow.KlingerVolumeOscillator(
            name, fast_period, slow_period, signal_period
        )
        return self._lean_helper(symbol, indicator, resolution, selector)

    def zz(
        self,
        symbol: Any,
        sensitivity: float = 0.05,
        min_trend_length: int = 1,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        label = f"ZZ({number_text(sensitivity)},{min_trend_length})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = ranges.ZigZag(name, sensitivity, min_trend_length)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def frama(
        self,
        symbol: Any,
        period: int,
        long_period: int = 198,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        name = self.create_indicator_name(symbol, f"FRAMA({period},{long_period})", resolution)
        indicator = ranges.FractalAdaptiveMovingAverage(name, period, long_period)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def cov(
        self,
        target: Any,
        reference: Any,
        period: int,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        """LEAN's ``COV``: the covariance of two symbols' returns, updated by both symbols' bars."""
        target, reference = self._indicator_symbol(target), self._indicator_symbol(reference)
        name = self.create_indicator_name(None, f"COV({period})", resolution)
        indicator = Covariance(name, target, reference, period)
        for symbol in (target, reference):
            self.register_indicator(symbol, indicator, resolution, selector)
        if self.settings.automatic_indicator_warm_up:
            for symbol in (target, reference):
                self.warm_up_indicator(symbol, indicator, resolution, selector)
        return indicator

    def rdv(
        self,
        symbol: Any,
        period: int = 2,
        resolution: Any = Resolution.DAILY,
        selector: Any = None,
    ) -> Any:
        """LEAN's ``RDV(symbol, period = 2, resolution = Daily, selector)``: registered without
        warm-up, as LEAN's helper (``RegisterIndicator``, not ``InitializeIndicator``)."""
        name = self.create_indicator_name(symbol, f"RDV({period})", resolution)
        indicator = volume.RelativeDailyVolume(name, period)
        self.register_indicator(symbol, indicator, resolution, selector)
        return indicator

    def swiss(
        self,
        symbol: Any,
        period: int,
        delta: float,
        tool: Any,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        """LEAN's ``SWISS(symbol, period, delta, tool, resolution, selector)``."""
        tool = SwissArmyKnifeTool(tool)
        tool_text = "".join(part.title() for part in tool.name.split("_"))
        name = self.create_indicator_name(
            symbol, f"SWISS({period},{number_text(delta)},{tool_text})", resolution
        )
        indicator = SwissArmyKnife(name, period, delta, tool)
        return self._lean_helper(symbol, indicator, resolution, selector)

    # PascalCase names the generic mapping cannot derive (BOP -> b_o_p)
    BOP, IBS, AD, ADOSC = bop, ibs, ad, adosc
    MIDPOINT, MIDPRICE, NATR, LOGR, LSMA, RC = midpoint, midprice, natr, logr, lsma, rc
    ZLEMA, T3, ALMA, CMF, VWMA, FI, EMV = zlema, t3, alma, cmf, vwma, fi, emv
    ABANDS, ADXR, AR, CHOP, CC, CO = abands, adxr, ar, chop, cc, co
    VTX, TSF, RMA, MGD, SOBV, VIDYA = vtx, tsf, rma, mgd, sobv, vidya
    KVO, ZZ, FRAMA, COV, APS, HE, RDV, SWISS = kvo, zz, frama, cov, aps, he, rdv, swiss
