"""LEAN's option price model objects (Common/Securities/Option/): ``QLOptionPriceModel``,
``CurrentPriceOptionPriceModel``, ``OptionPriceModels`` (with ``OptionPriceModels.QuantLib``),
``QLOptionPriceModelProvider``, ``OptionPriceModelParameters`` and the QuantLib model's estimators.

A model's ``evaluate(parameters)`` (or ``evaluate(security, slice, contract)``, LEAN's older
overload) reads by duck typing:

- ``security.price`` (the option's premium), ``security.underlying.price``,
  ``security.underlying.volatility_model.volatility`` (the constant volatility estimator) and
  ``security.exchange.hours`` (``is_date_open``/``get_next_trading_day``; optional: without it
  every weekday is open);
- ``contract.symbol.id.option_style``, ``contract.right``, ``contract.strike``,
  ``contract.expiry`` and ``contract.time`` (datetimes);
- ``slice.time`` (the risk-free rate's date; no slice: LEAN's default rate 1 %).

``OptionPriceModels.black_scholes()``, ``binomial_cox_ross_rubinstein()`` and ``forward_tree()``
are LEAN's indicator-based models; they need the algorithm's securities, so they come from
``OptionPriceModels.default_provider``, which the options part of the engine sets (LEAN's
``SecurityService`` does the same) - until then they answer with the QuantLib models.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

from engine.data.interest_rate import DEFAULT_RISK_FREE_RATE, InterestRateProvider
from engine.errors import ArgumentException
from engine.pricing import data_folder, quantlib_engines
from engine.pricing.model_types import (
    AMERICAN,
    EUROPEAN,
    OptionPricingModelType,
    option_style,
    pricing_model_type,
)
from engine.pricing.results import NullGreeks, OptionPriceModelResult

DEFAULT_SETTLEMENT_DAYS = 1  # LEAN's Option.DefaultSettlementDays


class OptionPriceModelParameters:
    """The security, slice and contract an option price model evaluates."""

    def __init__(self, security: Any = None, slice: Any = None, contract: Any = None) -> None:  # noqa: A002
        self.security = security
        self.slice = slice
        self.contract = contract

    Security = property(lambda s: s.security)
    Slice = property(lambda s: s.slice)
    Contract = property(lambda s: s.contract)


def _parameters(args: tuple, kwargs: dict) -> OptionPriceModelParameters:
    if len(args) == 1 and not kwargs and isinstance(args[0], OptionPriceModelParameters):
        return args[0]
    names = ("security", "slice", "contract")
    values = dict(zip(names, args, strict=False))
    values.update({k: v for k, v in kwargs.items() if k in names})
    if len(args) > 3 or set(kwargs) - set(names):
        raise TypeError("evaluate(parameters) or evaluate(security, slice, contract)")
    return OptionPriceModelParameters(**values)


class OptionPriceModel:
    """Base of the option price models: ``evaluate(parameters)`` -> ``OptionPriceModelResult``."""

    def evaluate(self, *args: Any, **kwargs: Any) -> OptionPriceModelResult:
        return self.evaluate_parameters(_parameters(args, kwargs))

    def evaluate_parameters(self, parameters: OptionPriceModelParameters):
        raise NotImplementedError

    def Evaluate(self, *args: Any, **kwargs: Any) -> OptionPriceModelResult:  # noqa: N802
        return self.evaluate(*args, **kwargs)


class CurrentPriceOptionPriceModel(OptionPriceModel):
    """The security's current price as the theoretical price, all greeks zero (LEAN's
    ``OptionPriceModels.Null()``)."""

    def evaluate_parameters(self, parameters: OptionPriceModelParameters):
        return OptionPriceModelResult(float(parameters.security.price), NullGreeks())


# -- estimators (Common/Securities/Option/*QL*Estimator.cs) -------------------------------------
class ConstantQLDividendYieldEstimator:
    def __init__(self, dividend_yield: float = 0.0) -> None:
        self.dividend_yield = float(dividend_yield)

    def estimate(self, security: Any, slice: Any, contract: Any) -> float:  # noqa: A002
        return self.dividend_yield


class ConstantQLRiskFreeRateEstimator:
    def __init__(self, risk_free_rate: float = 0.01) -> None:
        self.risk_free_rate = float(risk_free_rate)

    def estimate(self, security: Any, slice: Any, contract: Any) -> float:  # noqa: A002
        return self.risk_free_rate


class FedRateQLRiskFreeRateEstimator:
    """The risk-free rate of the slice's date from the data folder's interest-rate file."""

    def __init__(self, provider: Any = None) -> None:
        self.provider = provider

    def estimate(self, security: Any, slice: Any, contract: Any) -> float:  # noqa: A002
        if slice is None:
            return DEFAULT_RISK_FREE_RATE
        if self.provider is None:
            self.provider = InterestRateProvider(data_folder.current())
        return float(self.provider.rate(_as_date(slice.time)))


class ConstantQLUnderlyingVolatilityEstimator:
    """The underlying's volatility model value; ready once it is positive."""

    def __init__(self) -> None:
        self.is_ready = False

    def estimate(self, security: Any, slice: Any, contract: Any) -> float:  # noqa: A002
        underlying = getattr(security, "underlying", None)
        model = getattr(underlying, "volatility_model", None)
        volatility = float(getattr(model, "volatility", 0.0) or 0.0)
        if volatility > 0:
            self.is_ready = True
            return volatility
        return 0.0


def _as_date(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


def _add_trading_days(day: date, days: int, hours: Any) -> date:
    """``day + days``, moved to the next trading day when the exchange is closed then."""
    forward = day + timedelta(days=days)
    if hours is None:
        while forward.weekday() >= 5:
            forward += timedelta(days=1)
        return forward
    if not hours.is_date_open(forward):
        forward = _as_date(hours.get_next_trading_day(forward))
    return forward


def _exchange_hours(security: Any) -> Any:
    exchange = getattr(security, "exchange", None)
    return getattr(exchange, "hours", None)


class QLOptionPriceModel(OptionPriceModel):
    """A QuantLib pricing engine with estimators of the underlying volatility, the risk-free rate
    and the dividend yield (LEAN's QLOptionPriceModel). ``engine`` is a name of
    ``quantlib_engines.ENGINES``."""

    def __init__(
        self,
        engine: str,
        underlying_vol_estimator: Any = None,
        risk_free_rate_estimator: Any = None,
        dividend_yield_estimator: Any = None,
        allowed_option_styles: Any = None,
    ) -> None:
        if engine not in quantlib_engines.ENGINES:
            raise ValueError(
                f"unknown QuantLib option engine {engine!r}; "
                f"expected one of {list(quantlib_engines.ENGINES)}"
            )
        self.engine = engine
        self.underlying_vol_estimator = (
            underlying_vol_estimator or ConstantQLUnderlyingVolatilityEstimator()
        )
        self.risk_free_rate_estimator = risk_free_rate_estimator or FedRateQLRiskFreeRateEstimator()
        self.dividend_yield_estimator = (
            dividend_yield_estimator or ConstantQLDividendYieldEstimator()
        )
        styles = allowed_option_styles or quantlib_engines.ENGINES[engine][1]
        self.allowed_option_styles = tuple(option_style(s) for s in styles)
        self.enable_greek_approximation = True

    @property
    def volatility_estimator_warmed_up(self) -> bool:
        return bool(getattr(self.underlying_vol_estimator, "is_ready", False))

    def evaluate_parameters(self, parameters: OptionPriceModelParameters):
        security, slice_, contract = parameters.security, parameters.slice, parameters.contract
        style = option_style(contract.symbol.id.option_style)
        if style not in self.allowed_option_styles:
            label = "American" if style == AMERICAN else "European"
            raise ArgumentException(
                f"{label} style options are not supported by option price model "
                f"'{type(self).__name__}' ({self.engine})"
            )
        today, expiry = _as_date(contract.time), _as_date(contract.expiry)
        if today > expiry:  # expired options have no price
            return OptionPriceModelResult.none()
        hours = _exchange_hours(security)
        maturity_date = _add_trading_days(expiry, DEFAULT_SETTLEMENT_DAYS, hours)
        settlement_date = _add_trading_days(today, DEFAULT_SETTLEMENT_DAYS, hours)
        if settlement_date > maturity_date:
            settlement_date = maturity_date
        premium = float(security.price)
        spot = float(security.underlying.price)
        if spot <= 0 or premium <= 0:
            return OptionPriceModelResult.none()
        volatility = self.underlying_vol_estimator.estimate(security, slice_, contract)
        if not getattr(self.underlying_vol_estimator, "is_ready", True):
            volatility = None
        return quantlib_engines.evaluate(
            engine=self.engine,
            spot=spot,
            strike=float(contract.strike),
            premium=premium,
            right=contract.right,
            style=style,
            evaluation_date=today,
            settlement_date=settlement_date,
            maturity_date=maturity_date,
            rate=float(self.risk_free_rate_estimator.estimate(security, slice_, contract)),
            dividend_yield=float(
                self.dividend_yield_estimator.estimate(security, slice_, contract)
            ),
            volatility=volatility if volatility and math.isfinite(volatility) else None,
            greek_approximation=self.enable_greek_approximation,
        )


# QLNet's engine class names (OptionPriceModels.QuantLib.Create) -> our engine names
_QLNET_NAMES = {
    "AnalyticEuropeanEngine": "black_scholes",
    "BaroneAdesiWhaleyApproximationEngine": "barone_adesi_whaley",
    "BjerksundStenslandApproximationEngine": "bjerksund_stensland",
    "IntegralEngine": "integral",
    "FDAmericanEngine": "crank_nicolson_fd",
    "FDEuropeanEngine": "crank_nicolson_fd",
}


class QuantLibModels:
    """``OptionPriceModels.QuantLib``: one QuantLib model per LEAN factory method."""

    @staticmethod
    def create(price_engine_name: str, risk_free: float, allowed_option_styles: Any = None):
        name = _QLNET_NAMES.get(price_engine_name, price_engine_name)
        return QLOptionPriceModel(
            name,
            risk_free_rate_estimator=ConstantQLRiskFreeRateEstimator(risk_free),
            allowed_option_styles=allowed_option_styles,
        )

    black_scholes = staticmethod(lambda: QLOptionPriceModel("black_scholes"))
    barone_adesi_whaley = staticmethod(lambda: QLOptionPriceModel("barone_adesi_whaley"))
    bjerksund_stensland = staticmethod(lambda: QLOptionPriceModel("bjerksund_stensland"))
    integral = staticmethod(lambda: QLOptionPriceModel("integral"))
    crank_nicolson_fd = staticmethod(lambda: QLOptionPriceModel("crank_nicolson_fd"))
    binomial_jarrow_rudd = staticmethod(lambda: QLOptionPriceModel("binomial_jarrow_rudd"))
    binomial_cox_ross_rubinstein = staticmethod(
        lambda: QLOptionPriceModel("binomial_cox_ross_rubinstein")
    )
    additive_equiprobabilities = staticmethod(
        lambda: QLOptionPriceModel("additive_equiprobabilities")
    )
    binomial_trigeorgis = staticmethod(lambda: QLOptionPriceModel("binomial_trigeorgis"))
    binomial_tian = staticmethod(lambda: QLOptionPriceModel("binomial_tian"))
    binomial_leisen_reimer = staticmethod(lambda: QLOptionPriceModel("binomial_leisen_reimer"))
    binomial_joshi = staticmethod(lambda: QLOptionPriceModel("binomial_joshi"))

    # PascalCase, as the clr-era API spells them
    Create = create
    BlackScholes = black_scholes
    BaroneAdesiWhaley = barone_adesi_whaley
    BjerksundStensland = bjerksund_stensland
    Integral = integral
    CrankNicolsonFD = crank_nicolson_fd
    BinomialJarrowRudd = binomial_jarrow_rudd
    BinomialCoxRossRubinstein = binomial_cox_ross_rubinstein
    AdditiveEquiprobabilities = additive_equiprobabilities
    BinomialTrigeorgis = binomial_trigeorgis
    BinomialTian = binomial_tian
    BinomialLeisenReimer = binomial_leisen_reimer
    BinomialJoshi = binomial_joshi


class QLOptionPriceModelProvider:
    """LEAN's QLOptionPriceModelProvider: Black-Scholes for European options, Cox-Ross-Rubinstein
    (100 steps) for American ones, or the model type asked for."""

    def get_option_price_model(self, symbol: Any = None, pricing_model_type: Any = None):
        if pricing_model_type is not None:
            return _ql_model_of_type(pricing_model_type)
        style = option_style(symbol.id.option_style)
        if style == AMERICAN:
            return QLOptionPriceModel("binomial_cox_ross_rubinstein")
        return QLOptionPriceModel("black_scholes", allowed_option_styles=(EUROPEAN,))

    GetOptionPriceModel = get_option_price_model


def _ql_model_of_type(model_type: Any) -> QLOptionPriceModel:
    kind = pricing_model_type(model_type)
    if kind == OptionPricingModelType.BLACK_SCHOLES:
        return QLOptionPriceModel("black_scholes", allowed_option_styles=(EUROPEAN,))
    if kind == OptionPricingModelType.BINOMIAL_COX_ROSS_RUBINSTEIN:
        return QLOptionPriceModel("binomial_cox_ross_rubinstein")
    raise ValueError(f"Unsupported pricing model type: {kind}")


QLOptionPriceModelProvider.INSTANCE = QLOptionPriceModelProvider.Instance = (  # type: ignore[attr-defined]
    QLOptionPriceModelProvider()
)


class OptionPriceModels:
    """LEAN's OptionPriceModels: ``null()``, the provider's ``black_scholes()``,
    ``binomial_cox_ross_rubinstein()`` and ``forward_tree()``, and ``OptionPriceModels.QuantLib``."""

    # set by the options part of the engine to LEAN's indicator-based provider
    default_provider: Any = None
    QuantLib = QuantLibModels
    quant_lib = QuantLibModels

    @staticmethod
    def null() -> CurrentPriceOptionPriceModel:
        return CurrentPriceOptionPriceModel()

    @classmethod
    def _of_type(cls, model_type: OptionPricingModelType) -> Any:
        provider = cls.default_provider
        if provider is None:
            return _ql_model_of_type(model_type)
        return provider.get_option_price_model(None, model_type)

    @classmethod
    def black_scholes(cls) -> Any:
        return cls._of_type(OptionPricingModelType.BLACK_SCHOLES)

    @classmethod
    def binomial_cox_ross_rubinstein(cls) -> Any:
        return cls._of_type(OptionPricingModelType.BINOMIAL_COX_ROSS_RUBINSTEIN)

    @classmethod
    def forward_tree(cls) -> Any:
        return cls._of_type(OptionPricingModelType.FORWARD_TREE)

    Null = null
    BlackScholes = black_scholes
    BinomialCoxRossRubinstein = binomial_cox_ross_rubinstein
    ForwardTree = forward_tree
