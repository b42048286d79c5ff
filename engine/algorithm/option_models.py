"""The option pricing names ``from AlgorithmImports import *`` gives: LEAN's price models, greeks,
results, pricing model types, and the rate and dividend-yield models an algorithm constructs
itself (``InterestRateProvider()``, ``DividendYieldProvider(symbol)``), which read the run's data
folder (LEAN's ``Globals.DataFolder``) as LEAN's do. Importing this module points
``engine.pricing`` at that folder.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from engine.algorithm.data_names import Globals
from engine.data import dividend_yield as _dividend_yield
from engine.data.interest_rate import InterestRateProvider as _RateFile
from engine.errors import ArgumentException
from engine.indicators.option_greeks import dividend_yield_model_for_option
from engine.indicators.option_price_model import IndicatorBasedOptionPriceModelProvider
from engine.indicators.risk import ConstantRiskFreeRate
from engine.pricing import data_folder as _pricing_folder
from engine.pricing import price_models, results
from engine.pricing.model_types import OptionPricingModelType

_pricing_folder.set_source(lambda: Globals.data_folder or None)


def _folder() -> Any:
    return Globals.data_folder or None


class InterestRateProvider:
    """LEAN's InterestRateProvider as a risk-free rate model: the rate in force on a date from
    ``alternative/interest-rate/usa/interest-rate.csv`` of the run's data folder (1 % without)."""

    DEFAULT_RISK_FREE_RATE = 0.01

    def __init__(self) -> None:
        self._file: _RateFile | None = None

    def get_interest_rate(self, date: date | datetime) -> float:
        if self._file is None:
            self._file = _RateFile(_folder())
        return self._file.rate(date.date() if isinstance(date, datetime) else date)

    GetInterestRate = get_interest_rate

    def get_risk_free_rate(self, start: Any, end: Any) -> float:
        """The average daily rate over [start, end] (LEAN's GetRiskFreeRate)."""
        if self._file is None:
            self._file = _RateFile(_folder())
        return self._file.mean_rate(start, end)

    GetRiskFreeRate = get_risk_free_rate


class DividendYieldProvider:
    """LEAN's DividendYieldProvider: an equity's dividend yield from its factor file in the run's
    data folder (SPY's when no symbol is given)."""

    DEFAULT_SYMBOL = "SPY"

    def __init__(self, symbol: Any = None) -> None:
        self.symbol = symbol if symbol is not None else self.DEFAULT_SYMBOL
        self._provider: Any = None

    def get_dividend_yield(self, date: Any, security_price: Any = None) -> float:
        if self._provider is None:
            folder = _folder()
            self._provider = (
                _dividend_yield.DividendYieldProvider(self.symbol, folder)
                if folder
                else _dividend_yield.ConstantDividendYieldModel(0.0)
            )
        return self._provider.get_dividend_yield(date, security_price)

    GetDividendYield = get_dividend_yield

    @staticmethod
    def create_for_option(option_symbol: Any) -> Any:
        return dividend_yield_model_for_option(option_symbol, _folder())

    CreateForOption = create_for_option


def install_option_price_models(algorithm: Any) -> IndicatorBasedOptionPriceModelProvider:
    """Make LEAN's indicator-based models over ``algorithm.securities`` the ones
    ``OptionPriceModels.black_scholes()`` (and ``binomial_cox_ross_rubinstein()``,
    ``forward_tree()``) answer, as LEAN's engine does when it creates the algorithm's
    SecurityService (Engine/Engine.cs). Returns the provider."""
    provider = IndicatorBasedOptionPriceModelProvider(algorithm.securities)
    price_models.OptionPriceModels.default_provider = provider
    return provider


def default_option_price_model(algorithm: Any, symbol: Any) -> Any:
    """The price model LEAN gives a new option security: indicator-based, Black-Scholes for
    European and the forward tree for American contracts, with the mirror contract."""
    return IndicatorBasedOptionPriceModelProvider(algorithm.securities).get_option_price_model(
        symbol
    )


EXPORTS: dict[str, Any] = {
    "ArgumentException": ArgumentException,
    "OptionPricingModelType": OptionPricingModelType,
    "Greeks": results.Greeks,
    "NullGreeks": results.NullGreeks,
    "ModeledGreeks": results.ModeledGreeks,
    "OptionPriceModelResult": results.OptionPriceModelResult,
    "OptionPriceModel": price_models.OptionPriceModel,
    "OptionPriceModelParameters": price_models.OptionPriceModelParameters,
    "OptionPriceModels": price_models.OptionPriceModels,
    "QLOptionPriceModel": price_models.QLOptionPriceModel,
    "QLOptionPriceModelProvider": price_models.QLOptionPriceModelProvider,
    "CurrentPriceOptionPriceModel": price_models.CurrentPriceOptionPriceModel,
    "ConstantQLDividendYieldEstimator": price_models.ConstantQLDividendYieldEstimator,
    "ConstantQLRiskFreeRateEstimator": price_models.ConstantQLRiskFreeRateEstimator,
    "ConstantQLUnderlyingVolatilityEstimator": price_models.ConstantQLUnderlyingVolatilityEstimator,
    "FedRateQLRiskFreeRateEstimator": price_models.FedRateQLRiskFreeRateEstimator,
    "InterestRateProvider": InterestRateProvider,
    "DividendYieldProvider": DividendYieldProvider,
    "ConstantDividendYieldModel": _dividend_yield.ConstantDividendYieldModel,
    "ConstantRiskFreeRateInterestRateModel": ConstantRiskFreeRate,
}
