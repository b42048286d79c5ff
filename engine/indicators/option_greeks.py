"""LEAN's option indicators: ``ImpliedVolatility``, ``Delta``, ``Gamma``, ``Vega``, ``Theta``,
``Rho`` (Indicators/OptionIndicatorBase.cs, OptionGreekIndicatorBase.cs, ImpliedVolatility.cs,
Delta.cs ... Rho.cs), ``GreeksIndicators`` and ``OptionGreekIndicatorsHelper``.

Each indicator follows one option contract, its underlying and optionally the mirror contract (the
other right at the same strike and expiry), as LEAN's ``MultiSymbolIndicator``: a value is computed
when every symbol has a point with the same end time (rounded down to the resolution seen in the
first input), then rounded to 7 decimals. The inputs go into the ``price``, ``underlying_price``
and ``opposite_price`` identities; ``risk_free_rate`` and ``dividend_yield`` hold the rates used.

The math is ``engine.pricing``: Black-Scholes in closed form and LEAN's two binomial trees, the
implied volatility by Brent's method (SciPy). Defaults as LEAN: Black-Scholes for European options,
the forward tree for American ones; a 5 % risk-free rate and no dividends unless given (numbers or
models with ``get_interest_rate(time)`` / ``get_dividend_yield(time, price)``). Greeks are scaled as
LEAN's indicators: vega and rho per 1 %, theta per day.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from engine.data.dividend_yield import ConstantDividendYieldModel, DividendYieldProvider
from engine.data.interest_rate import InterestRateProvider
from engine.indicators.base import Identity, IndicatorBase
from engine.indicators.risk import ConstantRiskFreeRate
from engine.pricing import black_scholes, data_folder, model_greeks, trees
from engine.pricing.expiry import settlement_time
from engine.pricing.implied_volatility import implied_volatility
from engine.pricing.model_types import (
    CALL,
    EUROPEAN,
    OptionPricingModelType,
    option_right,
    option_style,
    pricing_model_type,
)
from engine.pricing.results import Greeks, OptionPriceModelResult

DEFAULT_RISK_FREE_RATE = 0.05
VALUE_DECIMALS = 7


def default_model(model: Any, style: Any) -> OptionPricingModelType:
    """The model asked for, else Black-Scholes for European and the forward tree for American
    options (LEAN's OptionIndicatorBase.GetOptionModel)."""
    if model is not None:
        return pricing_model_type(model)
    if option_style(style) == EUROPEAN:
        return OptionPricingModelType.BLACK_SCHOLES
    return OptionPricingModelType.FORWARD_TREE


def time_till_expiry(expiry: datetime, reference: datetime) -> float:
    """Years (of 365 days) from ``reference`` to ``expiry``."""
    return (expiry - reference).total_seconds() / 86400.0 / 365.0


class FedRateModel:
    """The risk-free rate of the run's interest-rate file (LEAN's InterestRateProvider as an
    ``IRiskFreeInterestRateModel``): ``get_interest_rate(time)``; 1 % without the file."""

    def __init__(self, folder: Any = None) -> None:
        self.provider = InterestRateProvider(folder or data_folder.current())

    def get_interest_rate(self, time: datetime) -> float:
        return self.provider.rate(time.date() if isinstance(time, datetime) else time)

    GetInterestRate = get_interest_rate


# index options priced with the yield of an ETF on the index (LEAN's DividendYieldProvider)
_INDEX_DIVIDEND_TICKERS = {"SPX": "SPY", "NDX": "QQQ", "VIX": None}
_INDEX_OPTION, _OPTION = 10, 2


def dividend_yield_model_for_option(option: Any, folder: Any = None) -> Any:
    """LEAN's ``DividendYieldProvider.CreateForOption``: an equity option takes its underlying's
    factor-file yield, SPX and NDX index options SPY's and QQQ's, VIX none, other index options
    SPY's; anything else (future options) no yield."""
    folder = folder or data_folder.current()
    kind = int(option.id.security_type)
    ticker: Any = None
    if kind == _OPTION:
        ticker = option.underlying
    elif kind == _INDEX_OPTION:
        ticker = _INDEX_DIVIDEND_TICKERS.get(str(option.underlying.value).upper(), "SPY")
    if ticker is None or folder is None:
        return ConstantDividendYieldModel(0.0)
    return DividendYieldProvider(ticker, folder)


def _rate_model(value: Any) -> Any:
    if value is None:
        return ConstantRiskFreeRate(DEFAULT_RISK_FREE_RATE)
    if isinstance(value, (int, float, Decimal)):
        return ConstantRiskFreeRate(float(value))
    if hasattr(value, "get_interest_rate") or hasattr(value, "GetInterestRate"):
        return value
    if callable(value):
        return _FuncRate(value)
    raise TypeError(f"not a risk-free rate model: {value!r}")


class _FuncRate:
    """A risk-free rate model from a function of the time."""

    def __init__(self, func: Any) -> None:
        self.func = func

    def get_interest_rate(self, time: datetime) -> float:
        return float(self.func(time))


def _yield_model(value: Any) -> Any:
    if value is None:
        return ConstantDividendYieldModel(0.0)
    if isinstance(value, (int, float, Decimal)):
        return ConstantDividendYieldModel(float(value))
    if hasattr(value, "get_dividend_yield") or hasattr(value, "GetDividendYield"):
        return value
    raise TypeError(f"not a dividend yield model: {value!r}")


def _interest_rate(model: Any, time: datetime) -> float:
    getter = getattr(model, "get_interest_rate", None) or model.GetInterestRate
    return float(getter(time))


def _dividend_yield(model: Any, time: datetime, price: float) -> float:
    getter = getattr(model, "get_dividend_yield", None) or model.GetDividendYield
    return float(getter(time, price))


def _resolution_span(first: Any) -> timedelta | None:
    """How far end times are rounded down to align the symbols (LEAN's SymbolData.SetResolution:
    daily above one hour, else the largest of hour/minute/second the bar span reaches)."""
    span = first.end_time - first.time
    if span > timedelta(hours=1):
        return timedelta(days=1)
    for limit in (timedelta(hours=1), timedelta(minutes=1), timedelta(seconds=1)):
        if span >= limit:
            return limit
    return None


def _floor(time: datetime, span: timedelta | None) -> datetime:
    if span is None:
        return time
    if span == timedelta(days=1):
        return time.replace(hour=0, minute=0, second=0, microsecond=0)
    seconds = int(span.total_seconds())
    since_midnight = time.hour * 3600 + time.minute * 60 + time.second
    floored = since_midnight - since_midnight % seconds
    return time.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(seconds=floored)


class _SymbolData:
    __slots__ = ("current", "aligned_end", "points", "on_input")

    def __init__(self, on_input: Any) -> None:
        self.current: Any = None
        self.aligned_end: datetime | None = None
        self.points = 0
        self.on_input = on_input


def _parse(args: tuple, kwargs: dict, prefix: str, extra: tuple[str, ...]) -> dict:
    """LEAN's constructor overloads: ``([name,] option, risk_free_rate[_model],
    dividend_yield[_model], mirror_option, option_model, *extra)``."""
    args = list(args)
    name = args.pop(0) if args and isinstance(args[0], str) else kwargs.pop("name", None)
    fields = ("option", "risk_free_rate_model", "dividend_yield_model", "mirror_option")
    fields += ("option_model", *extra)
    if len(args) > len(fields):
        raise TypeError(f"{prefix}() takes at most {len(fields) + 1} arguments")
    values = dict(zip(fields, args, strict=False))
    aliases = {"risk_free_rate": "risk_free_rate_model", "dividend_yield": "dividend_yield_model"}
    for key, value in kwargs.items():
        key = aliases.get(key, key)
        if key not in fields:
            raise TypeError(f"{prefix}() got an unexpected keyword argument '{key}'")
        values[key] = value
    if values.get("option") is None:
        raise TypeError(f"{prefix}() needs an option symbol")
    values["name"] = name
    return values


class OptionIndicatorBase(IndicatorBase):
    """The inputs and rates shared by the option indicators (LEAN's OptionIndicatorBase)."""

    def __init__(
        self,
        name: str,
        option: Any,
        risk_free_rate_model: Any = None,
        dividend_yield_model: Any = None,
        mirror_option: Any = None,
        option_model: Any = None,
        period: int = 1,
    ) -> None:
        super().__init__(name)
        sid = option.id
        if int(getattr(option, "security_type", sid.security_type)) not in _OPTION_TYPES:
            raise ValueError("OptionIndicatorBase only support SecurityType.Option.")
        self.option_symbol = option
        self._underlying_symbol = option.underlying
        self._opposite_symbol = mirror_option
        self._risk_free_rate_model = _rate_model(risk_free_rate_model)
        self._dividend_yield_model = _yield_model(dividend_yield_model)
        self._option_model = default_model(option_model, sid.option_style)
        self.period = int(period)
        self.warm_up_period = self.period
        self.risk_free_rate = Identity(name + "_RiskFreeRate")
        self.dividend_yield = Identity(name + "_DividendYield")
        self.price = Identity(name + "_Close")
        self.underlying_price = Identity(name + "_UnderlyingClose")
        self.opposite_price = Identity(name + "_OppositeClose") if mirror_option else None
        self._by_symbol: dict[Any, _SymbolData] = {
            option: _SymbolData(self.price.update),
            option.underlying: _SymbolData(self.underlying_price.update),
        }
        if mirror_option is not None:
            self._by_symbol[mirror_option] = _SymbolData(self.opposite_price.update)
        self._span: timedelta | None = None
        self._value = 0.0
        self._expiry: datetime | None = None

    # -- the contract -----------------------------------------------------------------------------
    @property
    def expiry(self) -> datetime:
        if self._expiry is None:
            self._expiry = settlement_time(self.option_symbol)
        return self._expiry

    @property
    def right(self) -> Any:
        return self.option_symbol.id.option_right

    @property
    def strike(self) -> float:
        return float(self.option_symbol.id.strike_price)

    @property
    def style(self) -> Any:
        return self.option_symbol.id.option_style

    @property
    def use_mirror_contract(self) -> bool:
        return self._opposite_symbol is not None

    @property
    def is_ready(self) -> bool:
        return all(data.points >= self.period for data in self._by_symbol.values())

    # -- updates ----------------------------------------------------------------------------------
    def _set_input(self, data_of_symbol: _SymbolData, point: Any) -> None:
        data_of_symbol.current = point
        data_of_symbol.aligned_end = _floor(point.end_time, self._span)
        data_of_symbol.on_input(point)

    def _compute(self, data: Any) -> float | None:
        symbol_data = self._by_symbol.get(data.symbol)
        if symbol_data is None:
            raise ValueError(
                f"Input symbol {data.symbol} does not correspond to any of the symbols this "
                f"indicator works on ({', '.join(str(s) for s in self._by_symbol)})"
            )
        if self.samples == 1:
            self._span = _resolution_span(data)
            self._set_input(symbol_data, data)
            return 0.0
        self._set_input(symbol_data, data)
        ends = {d.aligned_end for d in self._by_symbol.values()}
        if len(ends) == 1 and None not in ends:
            for d in self._by_symbol.values():
                d.points += 1
            self._value = self._compute_indicator()
        return round(self._value, VALUE_DECIMALS)

    def _compute_indicator(self) -> float:
        raise NotImplementedError

    def _update_rates(self, time: datetime) -> None:
        self.risk_free_rate.update(time, _interest_rate(self._risk_free_rate_model, time))
        dividend = _dividend_yield(
            self._dividend_yield_model, time, self.underlying_price.current.value
        )
        self.dividend_yield.update(time, dividend)

    def _reset_state(self) -> None:
        for identity in (
            self.risk_free_rate,
            self.dividend_yield,
            self.price,
            self.underlying_price,
        ):
            identity.reset()
        if self.opposite_price is not None:
            self.opposite_price.reset()
        for d in self._by_symbol.values():
            d.current, d.aligned_end, d.points = None, None, 0
        self._span = None
        self._value = 0.0

    @staticmethod
    def get_option_model(option_model: Any, option_style_value: Any) -> OptionPricingModelType:
        return default_model(option_model, option_style_value)


_OPTION_TYPES = (_OPTION, 8, _INDEX_OPTION)  # SecurityType.OPTION, FUTURE_OPTION, INDEX_OPTION


class ImpliedVolatility(OptionIndicatorBase):
    """``ImpliedVolatility([name,] option, risk_free_rate=0.05, dividend_yield=0.0,
    mirror_option=None, option_model=None)``; rates may be models. ``theoretical_price`` is the
    model's price at the current implied volatility."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        v = _parse(args, kwargs, "ImpliedVolatility", ())
        option, mirror = v["option"], v.get("mirror_option")
        name = v["name"] or (
            f"IV({option},{mirror},{v.get('risk_free_rate_model', DEFAULT_RISK_FREE_RATE)},"
            f"{v.get('dividend_yield_model', 0.0)},{v.get('option_model')})"
        )
        super().__init__(
            name,
            option,
            v.get("risk_free_rate_model"),
            v.get("dividend_yield_model"),
            mirror,
            v.get("option_model"),
        )
        # the theoretical price uses the model asked for, Black-Scholes when none was (LEAN)
        self._price_model = v.get("option_model")
        self._smoothing = self._law_of_one_price if mirror is not None else None
        self.theoretical_price = Identity(f"{name}_TheoreticalPrice")
        self.updated += self._update_theoretical_price

    def _law_of_one_price(self, iv: float, mirror_iv: float) -> float:
        # LEAN's default: the out-of-the-money (or at-the-money) contract's volatility
        spot = self.underlying_price.current.value
        call = option_right(self.right) == CALL
        if (self.strike > spot and not call) or (self.strike < spot and call):
            return mirror_iv
        return iv

    def set_smoothing_function(self, function: Any) -> None:
        """``function(iv, mirror_iv) -> iv`` combines the contract's and the mirror's volatility."""
        self._smoothing = function

    SetSmoothingFunction = set_smoothing_function

    def _update_theoretical_price(self, sender: Any, point: Any) -> None:
        if not self.is_ready:
            return
        if point.value == 0:  # LEAN keeps the last price when the volatility is zero
            self.theoretical_price.update(point.end_time, self.theoretical_price.current.value)
            return
        price = model_greeks.theoretical_price(
            self._option_model if self._price_model is not None else model_greeks.BS,
            self.underlying_price.current.value,
            self.strike,
            time_till_expiry(self.expiry, point.end_time),
            self.risk_free_rate.current.value,
            self.dividend_yield.current.value,
            point.value,
            self.right,
        )
        if math.isfinite(price):
            self.theoretical_price.update(point.end_time, price)

    def _compute_indicator(self) -> float:
        time = self.price.current.end_time
        self._update_rates(time)
        return float(self.calculate_iv(time_till_expiry(self.expiry, time)))

    def calculate_iv(self, time_till_expiry: float) -> float:
        """The implied volatility (overridable, as LEAN's virtual CalculateIV)."""
        spot = self.underlying_price.current.value
        rate = self.risk_free_rate.current.value
        dividend = self.dividend_yield.current.value
        iv = implied_volatility(
            self.price.current.value,
            spot,
            self.strike,
            time_till_expiry,
            rate,
            dividend,
            self.right,
            self._option_model,
        )
        if self.use_mirror_contract:
            mirror_iv = implied_volatility(
                self.opposite_price.current.value,
                spot,
                self.strike,
                time_till_expiry,
                rate,
                dividend,
                self._opposite_symbol.id.option_right,
                self._option_model,
            )
            if mirror_iv is not None:
                if iv is not None:
                    return float(self._smoothing(iv, mirror_iv))
                return mirror_iv
        return iv if iv is not None else 0.0

    CalculateIV = calculate_iv

    def _reset_state(self) -> None:
        self.theoretical_price.reset()
        super()._reset_state()


class OptionGreeksIndicatorBase(OptionIndicatorBase):
    """A greek at the implied volatility of its own ``ImpliedVolatility`` (or one given by setting
    ``implied_volatility``, which the caller then updates)."""

    greek: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kind = type(self).__name__
        v = _parse(args, kwargs, kind, ("iv_model",))
        option, mirror = v["option"], v.get("mirror_option")
        name = v["name"] or (
            f"{kind}({option},{mirror},{v.get('risk_free_rate_model', DEFAULT_RISK_FREE_RATE)},"
            f"{v.get('dividend_yield_model', 0.0)},{v.get('option_model')},{v.get('iv_model')})"
        )
        super().__init__(
            name,
            option,
            v.get("risk_free_rate_model"),
            v.get("dividend_yield_model"),
            mirror,
            v.get("option_model"),
        )
        iv_model = default_model(v.get("iv_model"), option.id.option_style)
        self._iv = ImpliedVolatility(
            name + "_IV",
            option,
            self._risk_free_rate_model,
            self._dividend_yield_model,
            mirror,
            iv_model,
        )
        self._user_iv = False

    @property
    def implied_volatility(self) -> ImpliedVolatility:
        return self._iv

    @implied_volatility.setter
    def implied_volatility(self, value: ImpliedVolatility) -> None:
        self._iv = value
        self._user_iv = True

    @property
    def is_ready(self) -> bool:
        return self._iv.is_ready

    def _compute_indicator(self) -> float:
        time = self.price.current.end_time
        if not self._user_iv:
            for d in self._by_symbol.values():
                self._iv.update(d.current)
        self._update_rates(time)
        t = time_till_expiry(self.expiry, time)
        try:
            return 0.0 if t < 0 else float(self.calculate_greek(t))
        except (OverflowError, ZeroDivisionError, ValueError):
            return self._value  # LEAN keeps the previous value on a decimal overflow

    def calculate_greek(self, time_till_expiry: float) -> float:
        compute = model_greeks.GREEKS[self.greek]
        return compute(
            self._option_model,
            self.underlying_price.current.value,
            self.strike,
            time_till_expiry,
            self.risk_free_rate.current.value,
            self.dividend_yield.current.value,
            self._iv.current.value,
            self.right,
        )

    CalculateGreek = calculate_greek

    def _reset_state(self) -> None:
        self._iv.reset()
        super()._reset_state()


class Delta(OptionGreeksIndicatorBase):
    """Price change per unit of the underlying."""

    greek = "delta"


class Gamma(OptionGreeksIndicatorBase):
    """Delta change per unit of the underlying."""

    greek = "gamma"


class Vega(OptionGreeksIndicatorBase):
    """Price change per 1 % of volatility."""

    greek = "vega"


class Theta(OptionGreeksIndicatorBase):
    """Price change per calendar day."""

    greek = "theta"


class Rho(OptionGreeksIndicatorBase):
    """Price change per 1 % of risk-free rate."""

    greek = "rho"


class GreeksIndicators:
    """One implied volatility and the five greeks of a contract, sharing that volatility (LEAN's
    GreeksIndicators); ``current_result`` is an ``OptionPriceModelResult``."""

    def __init__(
        self,
        option_symbol: Any,
        mirror_option_symbol: Any = None,
        option_model: Any = None,
        iv_model: Any = None,
        dividend_yield_model: Any = None,
        risk_free_rate_model: Any = None,
    ) -> None:
        if dividend_yield_model is None:
            dividend_yield_model = self.get_dividend_yield_model(option_symbol)
        if risk_free_rate_model is None:
            risk_free_rate_model = FedRateModel()
        args = (option_symbol, risk_free_rate_model, dividend_yield_model, mirror_option_symbol)
        self.implied_volatility = ImpliedVolatility(*args, iv_model)
        self.delta = Delta(*args, option_model, iv_model)
        self.gamma = Gamma(*args, option_model, iv_model)
        self.vega = Vega(*args, option_model, iv_model)
        self.theta_per_day = Theta(*args, option_model, iv_model)
        self.rho = Rho(*args, option_model, iv_model)
        for greek in self._greeks():
            greek.implied_volatility = self.implied_volatility

    @staticmethod
    def get_dividend_yield_model(option_symbol: Any) -> Any:
        """Index options: no yield; others: ``dividend_yield_model_for_option``."""
        if int(option_symbol.id.security_type) == _INDEX_OPTION:
            return ConstantDividendYieldModel(0.0)
        return dividend_yield_model_for_option(option_symbol)

    def _greeks(self) -> tuple[OptionGreeksIndicatorBase, ...]:
        return (self.delta, self.gamma, self.vega, self.theta_per_day, self.rho)

    @property
    def interest_rate(self) -> float:
        return self.delta.risk_free_rate.current.value

    @property
    def dividend_yield(self) -> float:
        return self.delta.dividend_yield.current.value

    @property
    def greeks(self) -> Greeks:
        return Greeks(
            self.delta.current.value,
            self.gamma.current.value,
            self.vega.current.value,
            self.theta_per_day.current.value * 365.0,
            self.rho.current.value,
            0.0,
        )

    @property
    def current_result(self) -> OptionPriceModelResult:
        return OptionPriceModelResult(
            self.implied_volatility.theoretical_price.current.value,
            self.implied_volatility.current.value,
            self.greeks,
        )

    def update(self, data: Any) -> None:
        self.implied_volatility.update(data)
        for greek in self._greeks():
            greek.update(data)

    def reset(self) -> None:
        self.implied_volatility.reset()
        for greek in self._greeks():
            greek.reset()

    Update = update
    Reset = reset


class OptionGreekIndicatorsHelper:
    """LEAN's helper of the option indicators' pricing functions."""

    STEPS = trees.STEPS

    black_theoretical_price = staticmethod(black_scholes.price)
    crr_theoretical_price = staticmethod(trees.crr_price)
    forward_tree_theoretical_price = staticmethod(trees.forward_tree_price)
    time_till_expiry = staticmethod(time_till_expiry)
    BlackTheoreticalPrice = black_theoretical_price
    CRRTheoreticalPrice = crr_theoretical_price
    ForwardTreeTheoreticalPrice = forward_tree_theoretical_price
    TimeTillExpiry = time_till_expiry
