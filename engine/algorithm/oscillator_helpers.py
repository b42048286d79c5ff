"""QCAlgorithm's oscillator helpers (Algorithm/QCAlgorithm.Indicators.cs): APO, PPO, AO, CMO, TRIX,
DPO, KER, ULTOSC, the momentum family DEM, DO, FISH, KST, MOMERSION, SRSI, TSI, RVI, the trend
signals STC, STR, SM, WTO and the risk ratios RSV, TDD, SORTINO, SR.

A base of ``ExtraIndicatorHelpersMixin``, whose ``create_indicator_name``, ``_lean_helper``,
``_period_helper`` and ``_ma_args`` these helpers use.
"""

from __future__ import annotations

from typing import Any

from engine.algorithm.indicator_names import number_text
from engine.indicators import momentum, price_oscillators, risk, trend_signals
from engine.indicators.base import MovingAverageType
from engine.model.enums import Resolution


class OscillatorHelpersMixin:
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

    def dem(
        self,
        symbol: Any,
        period: int,
        type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        type, resolution = self._ma_args(type, resolution, MovingAverageType.SIMPLE)
        name = self.create_indicator_name(symbol, f"DEM({period},{type})", resolution)
        indicator = momentum.DeMarkerIndicator(name, period, type)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def do(
        self,
        symbol: Any,
        rsi_period: int,
        smoothing_rsi_period: int,
        double_smoothing_rsi_period: int,
        signal_line_period: int,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        periods = (
            rsi_period,
            smoothing_rsi_period,
            double_smoothing_rsi_period,
            signal_line_period,
        )
        label = f"DO({','.join(str(p) for p in periods)})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = momentum.DerivativeOscillator(name, *periods)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def fish(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            momentum.FisherTransform, "FISH", symbol, period, resolution, selector
        )

    def kst(
        self,
        symbol: Any,
        roc1_period: int = 10,
        roc1_ma_period: int = 10,
        roc2_period: int = 15,
        roc2_ma_period: int = 10,
        roc3_period: int = 20,
        roc3_ma_period: int = 10,
        roc4_period: int = 30,
        roc4_ma_period: int = 15,
        signal_period: int = 9,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        moving_average_type, resolution = self._ma_args(
            moving_average_type, resolution, MovingAverageType.SIMPLE
        )
        periods = (
            roc1_period,
            roc1_ma_period,
            roc2_period,
            roc2_ma_period,
            roc3_period,
            roc3_ma_period,
            roc4_period,
            roc4_ma_period,
            signal_period,
        )
        label = f"KST({','.join(str(p) for p in periods)},{moving_average_type})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = momentum.KnowSureThing(name, *periods, moving_average_type)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def momersion(
        self,
        symbol: Any,
        min_period: int | None,
        full_period: int,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        shown = "" if min_period is None else min_period
        name = self.create_indicator_name(symbol, f"MOMERSION({shown},{full_period})", resolution)
        indicator = momentum.Momersion(name, min_period, full_period)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def srsi(
        self,
        symbol: Any,
        rsi_period: int,
        stoch_period: int,
        k_smoothing_period: int,
        d_smoothing_period: int,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        moving_average_type, resolution = self._ma_args(
            moving_average_type, resolution, MovingAverageType.SIMPLE
        )
        periods = (rsi_period, stoch_period, k_smoothing_period, d_smoothing_period)
        label = f"SRSI({','.join(str(p) for p in periods)})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = momentum.StochasticRelativeStrengthIndex(name, *periods, moving_average_type)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def tsi(
        self,
        symbol: Any,
        long_term_period: int = 25,
        short_term_period: int = 13,
        signal_period: int = 7,
        signal_type: Any = MovingAverageType.EXPONENTIAL,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        signal_type, resolution = self._ma_args(
            signal_type, resolution, MovingAverageType.EXPONENTIAL
        )
        periods = (long_term_period, short_term_period, signal_period)
        label = f"TSI({','.join(str(p) for p in periods)})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = momentum.TrueStrengthIndex(name, *periods, signal_type)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def rvi(
        self,
        symbol: Any,
        period: int,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        moving_average_type, resolution = self._ma_args(
            moving_average_type, resolution, MovingAverageType.SIMPLE
        )
        name = self.create_indicator_name(
            symbol, f"RVI({period},{moving_average_type})", resolution
        )
        indicator = momentum.RelativeVigorIndex(name, period, moving_average_type)
        return self._lean_helper(symbol, indicator, resolution, selector)

    # -- trend signals --------------------------------------------------------------------------
    def stc(
        self,
        symbol: Any,
        cycle_period: int,
        fast_period: int,
        slow_period: int,
        moving_average_type: Any = MovingAverageType.EXPONENTIAL,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        moving_average_type, resolution = self._ma_args(
            moving_average_type, resolution, MovingAverageType.EXPONENTIAL
        )
        label = f"STC({cycle_period},{fast_period},{slow_period})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = trend_signals.SchaffTrendCycle(
            name, cycle_period, fast_period, slow_period, moving_average_type
        )
        return self._lean_helper(symbol, indicator, resolution, selector)

    def str(
        self,
        symbol: Any,
        period: int,
        multiplier: float,
        moving_average_type: Any = MovingAverageType.WILDERS,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        moving_average_type, resolution = self._ma_args(
            moving_average_type, resolution, MovingAverageType.WILDERS
        )
        label = f"STR({period},{number_text(multiplier)})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = trend_signals.SuperTrend(name, period, multiplier, moving_average_type)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def sm(
        self,
        symbol: Any,
        bollinger_period: int = 20,
        bollinger_multiplier: float = 2,
        keltner_period: int = 20,
        keltner_multiplier: float = 1.5,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        label = (
            f"SM({bollinger_period}, {number_text(bollinger_multiplier)}, {keltner_period}, "
            f"{number_text(keltner_multiplier)})"
        )
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = trend_signals.SqueezeMomentum(
            name, bollinger_period, bollinger_multiplier, keltner_period, keltner_multiplier
        )
        return self._lean_helper(symbol, indicator, resolution, selector)

    def wto(
        self,
        symbol: Any,
        channel_period: int,
        average_period: int,
        signal_period: int,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        label = f"WTO({channel_period},{average_period},{signal_period})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = trend_signals.WaveTrendOscillator(
            name, channel_period, average_period, signal_period
        )
        return self._lean_helper(symbol, indicator, resolution, selector)

    # -- risk -----------------------------------------------------------------------------------
    def rsv(self, symbol: Any, period: int, resolution: Any = None, selector: Any = None) -> Any:
        return self._period_helper(
            risk.RogersSatchellVolatility, "RSV", symbol, period, resolution, selector
        )

    def tdd(
        self,
        symbol: Any,
        period: int,
        minimum_acceptable_return: float = 0,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        label = f"TDD({period},{number_text(minimum_acceptable_return)})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = risk.TargetDownsideDeviation(name, period, minimum_acceptable_return)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def sortino(
        self,
        symbol: Any,
        sortino_period: int,
        minimum_acceptable_return: float = 0.0,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        label = f"SORTINO({sortino_period},{number_text(minimum_acceptable_return)})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = risk.SortinoRatio(name, sortino_period, minimum_acceptable_return)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def sr(
        self,
        symbol: Any,
        sharpe_period: int,
        risk_free_rate: Any = None,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        """LEAN's ``SR``: a constant ``risk_free_rate``, or without one the algorithm's risk-free
        rate model (the US primary credit rate of the data folder) read at each value's time."""
        if isinstance(risk_free_rate, Resolution):
            risk_free_rate, resolution = None, risk_free_rate
        if risk_free_rate is None:
            label = f"SR({sharpe_period})"
            model: Any = self._algorithm_interest_rate
        else:
            label = f"SR({sharpe_period},{number_text(risk_free_rate)})"
            model = float(risk_free_rate)
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = risk.SharpeRatio(name, sharpe_period, model)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def _algorithm_interest_rate(self, time: Any) -> float:
        provider = self.__dict__.get("_indicator_interest_rates")
        if provider is None:
            from engine.data.interest_rate import InterestRateProvider

            provider = InterestRateProvider(getattr(self, "_data_folder", None))
            self.__dict__["_indicator_interest_rates"] = provider
        return provider.rate(time)

    def crsi(
        self,
        symbol: Any,
        rsi_period: int,
        rsi_period_streak: int,
        look_back_period: int,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        periods = (rsi_period, rsi_period_streak, look_back_period)
        label = f"CRSI({','.join(str(p) for p in periods)})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = momentum.ConnorsRelativeStrengthIndex(name, *periods)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def pso(
        self,
        symbol: Any,
        period: int,
        ema_period: int,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        name = self.create_indicator_name(symbol, f"PSO({period},{ema_period})", resolution)
        indicator = momentum.PremierStochasticOscillator(name, period, ema_period)
        return self._lean_helper(symbol, indicator, resolution, selector)

    def cks(
        self,
        symbol: Any,
        atr_period: int,
        atr_mult: float,
        period: int,
        moving_average_type: Any = MovingAverageType.WILDERS,
        resolution: Any = None,
        selector: Any = None,
    ) -> Any:
        moving_average_type, resolution = self._ma_args(
            moving_average_type, resolution, MovingAverageType.WILDERS
        )
        label = f"CKS({atr_period},{number_text(atr_mult)},{period})"
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = trend_signals.ChandeKrollStop(
            name, atr_period, atr_mult, period, moving_average_type
        )
        return self._lean_helper(symbol, indicator, resolution, selector)

    # PascalCase names the generic mapping cannot derive (APO -> a_p_o)
    APO, PPO, AO, CMO, TRIX, DPO, KER, ULTOSC = apo, ppo, ao, cmo, trix, dpo, ker, ultosc
    DEM, DO, FISH, KST, MOMERSION, SRSI, TSI, RVI = dem, do, fish, kst, momersion, srsi, tsi, rvi
    STC, STR, SM, WTO, RSV, TDD, SORTINO, SR = stc, str, sm, wto, rsv, tdd, sortino, sr
    CRSI, PSO, CKS = crsi, pso, cks
