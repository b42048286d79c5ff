"""QCAlgorithm's option indicator helpers (Algorithm/QCAlgorithm.Indicators.cs): ``iv``, ``d``,
``g``, ``v``, ``t``, ``r`` and LEAN's Greek-letter spellings ``Δ``, ``Γ``, ``Θ``, ``ρ``.

Each indicator is registered on the option contract's quote bars, the underlying's default bars
and, given a ``mirror_option``, the mirror contract's quote bars. Without a ``risk_free_rate`` the
algorithm's risk-free rate model answers at each time; without a ``dividend_yield`` the
underlying's factor-file yield (LEAN's ``DividendYieldProvider.CreateForOption``).
"""

from __future__ import annotations

from typing import Any

from engine.algorithm.indicator_names import number_text
from engine.indicators.option_greeks import (
    Delta,
    Gamma,
    ImpliedVolatility,
    OptionIndicatorBase,
    Rho,
    Theta,
    Vega,
    default_model,
    dividend_yield_model_for_option,
)
from engine.indicators.risk import ConstantRiskFreeRate
from engine.model.bars import QuoteBar
from engine.pricing.model_types import OptionPricingModelType


class _AlgorithmRate:
    """The algorithm's risk-free rate at a time, looked up when asked (a later change of the
    algorithm's rate model applies, as LEAN's FuncRiskFreeRateInterestRateModel)."""

    def __init__(self, algorithm: Any) -> None:
        self.algorithm = algorithm

    def get_interest_rate(self, time: Any) -> float:
        return float(self.algorithm._algorithm_interest_rate(time))


class OptionIndicatorHelpersMixin:
    def _option_indicator_setup(
        self, kind: str, symbol: Any, risk_free_rate: Any, dividend_yield: Any, option_model: Any
    ) -> tuple[Any, str, Any, Any]:
        symbol = self._indicator_symbol(symbol)
        model = default_model(option_model, symbol.id.option_style)
        label = f"{kind}({_text(risk_free_rate)},{_text(dividend_yield)},{model})"
        rate = (
            ConstantRiskFreeRate(float(risk_free_rate))
            if risk_free_rate is not None
            else _AlgorithmRate(self)
        )
        dividend = (
            float(dividend_yield)
            if dividend_yield is not None
            else dividend_yield_model_for_option(symbol, getattr(self, "_data_folder", None))
        )
        return symbol, label, rate, dividend

    def _register_option_indicator(
        self, indicator: OptionIndicatorBase, symbol: Any, mirror: Any, resolution: Any
    ) -> Any:
        option_bars = self.resolve_consolidator(symbol, resolution, QuoteBar)
        self.register_indicator(symbol, indicator, option_bars)
        self.register_indicator(symbol.underlying, indicator, resolution)
        symbols = [symbol, symbol.underlying]
        if mirror is not None:
            mirror_bars = self.resolve_consolidator(mirror, resolution, QuoteBar)
            self.register_indicator(mirror, indicator, mirror_bars)
            symbols.append(mirror)
        if self.settings.automatic_indicator_warm_up:
            # one bar of each symbol ends at the same time, which is all the indicator needs
            self.warm_up_indicator(symbols, indicator, resolution)
        return indicator

    def iv(
        self,
        symbol: Any,
        mirror_option: Any = None,
        risk_free_rate: Any = None,
        dividend_yield: Any = None,
        option_model: Any = None,
        resolution: Any = None,
    ) -> ImpliedVolatility:
        """An ImpliedVolatility indicator of the option contract ``symbol``."""
        symbol, label, rate, dividend = self._option_indicator_setup(
            "ImpliedVolatility", symbol, risk_free_rate, dividend_yield, option_model
        )
        mirror = self._indicator_symbol(mirror_option) if mirror_option is not None else None
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = ImpliedVolatility(name, symbol, rate, dividend, mirror, option_model)
        return self._register_option_indicator(indicator, symbol, mirror, resolution)

    def _greek(
        self,
        cls: type,
        symbol: Any,
        mirror_option: Any,
        risk_free_rate: Any,
        dividend_yield: Any,
        option_model: Any,
        iv_model: Any,
        resolution: Any,
    ) -> Any:
        symbol, label, rate, dividend = self._option_indicator_setup(
            cls.__name__, symbol, risk_free_rate, dividend_yield, option_model
        )
        mirror = self._indicator_symbol(mirror_option) if mirror_option is not None else None
        name = self.create_indicator_name(symbol, label, resolution)
        indicator = cls(name, symbol, rate, dividend, mirror, option_model, iv_model)
        return self._register_option_indicator(indicator, symbol, mirror, resolution)

    def d(
        self,
        symbol: Any,
        mirror_option: Any = None,
        risk_free_rate: Any = None,
        dividend_yield: Any = None,
        option_model: Any = None,
        iv_model: Any = None,
        resolution: Any = None,
    ) -> Delta:
        """A Delta indicator of the option contract ``symbol``."""
        return self._greek(
            Delta,
            symbol,
            mirror_option,
            risk_free_rate,
            dividend_yield,
            option_model,
            iv_model,
            resolution,
        )

    def g(
        self,
        symbol: Any,
        mirror_option: Any = None,
        risk_free_rate: Any = None,
        dividend_yield: Any = None,
        option_model: Any = None,
        iv_model: Any = None,
        resolution: Any = None,
    ) -> Gamma:
        """A Gamma indicator of the option contract ``symbol``."""
        return self._greek(
            Gamma,
            symbol,
            mirror_option,
            risk_free_rate,
            dividend_yield,
            option_model,
            iv_model,
            resolution,
        )

    def v(
        self,
        symbol: Any,
        mirror_option: Any = None,
        risk_free_rate: Any = None,
        dividend_yield: Any = None,
        option_model: Any = None,
        iv_model: Any = None,
        resolution: Any = None,
    ) -> Vega:
        """A Vega indicator of the option contract ``symbol``."""
        return self._greek(
            Vega,
            symbol,
            mirror_option,
            risk_free_rate,
            dividend_yield,
            option_model,
            iv_model,
            resolution,
        )

    def t(
        self,
        symbol: Any,
        mirror_option: Any = None,
        risk_free_rate: Any = None,
        dividend_yield: Any = None,
        option_model: Any = None,
        iv_model: Any = None,
        resolution: Any = None,
    ) -> Theta:
        """A Theta indicator (per day) of the option contract ``symbol``."""
        return self._greek(
            Theta,
            symbol,
            mirror_option,
            risk_free_rate,
            dividend_yield,
            option_model,
            iv_model,
            resolution,
        )

    def r(
        self,
        symbol: Any,
        mirror_option: Any = None,
        risk_free_rate: Any = None,
        dividend_yield: Any = None,
        option_model: Any = None,
        iv_model: Any = None,
        resolution: Any = None,
    ) -> Rho:
        """A Rho indicator of the option contract ``symbol``."""
        return self._greek(
            Rho,
            symbol,
            mirror_option,
            risk_free_rate,
            dividend_yield,
            option_model,
            iv_model,
            resolution,
        )

    # LEAN's Greek-letter helpers default the option model to Black-Scholes
    def Δ(
        self,
        symbol: Any,
        mirror_option: Any = None,
        risk_free_rate: Any = None,
        dividend_yield: Any = None,
        option_model: Any = OptionPricingModelType.BLACK_SCHOLES,
        iv_model: Any = None,
        resolution: Any = None,
    ) -> Delta:
        return self.d(
            symbol,
            mirror_option,
            risk_free_rate,
            dividend_yield,
            option_model,
            iv_model,
            resolution,
        )

    def Γ(
        self,
        symbol: Any,
        mirror_option: Any = None,
        risk_free_rate: Any = None,
        dividend_yield: Any = None,
        option_model: Any = OptionPricingModelType.BLACK_SCHOLES,
        iv_model: Any = None,
        resolution: Any = None,
    ) -> Gamma:
        return self.g(
            symbol,
            mirror_option,
            risk_free_rate,
            dividend_yield,
            option_model,
            iv_model,
            resolution,
        )

    def Θ(
        self,
        symbol: Any,
        mirror_option: Any = None,
        risk_free_rate: Any = None,
        dividend_yield: Any = None,
        option_model: Any = OptionPricingModelType.BLACK_SCHOLES,
        iv_model: Any = None,
        resolution: Any = None,
    ) -> Theta:
        return self.t(
            symbol,
            mirror_option,
            risk_free_rate,
            dividend_yield,
            option_model,
            iv_model,
            resolution,
        )

    def ρ(
        self,
        symbol: Any,
        mirror_option: Any = None,
        risk_free_rate: Any = None,
        dividend_yield: Any = None,
        option_model: Any = OptionPricingModelType.BLACK_SCHOLES,
        iv_model: Any = None,
        resolution: Any = None,
    ) -> Rho:
        return self.r(
            symbol,
            mirror_option,
            risk_free_rate,
            dividend_yield,
            option_model,
            iv_model,
            resolution,
        )

    IV, D, G, V, T, R = iv, d, g, v, t, r


def _text(value: Any) -> str:
    # C#'s interpolation of a null decimal is empty
    return "" if value is None else number_text(value)
