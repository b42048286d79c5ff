"""Price and greeks by ``OptionPricingModelType``, as LEAN's option indicators pick their formula:
Black-Scholes in closed form, the two trees by finite differences (see ``trees``).

Every function takes ``(model, spot, strike, t, rate, dividend_yield, volatility, right)`` with
``t`` in years; vega and rho are per 1 %, theta per calendar day (LEAN's indicator scaling).
"""

from __future__ import annotations

from collections.abc import Callable

from engine.pricing import black_scholes, trees
from engine.pricing.model_types import OptionPricingModelType, pricing_model_type

BS = OptionPricingModelType.BLACK_SCHOLES
CRR = OptionPricingModelType.BINOMIAL_COX_ROSS_RUBINSTEIN
FORWARD = OptionPricingModelType.FORWARD_TREE


def _tree(model: OptionPricingModelType) -> Callable[..., float]:
    return trees.crr_price if model == CRR else trees.forward_tree_price


def theoretical_price(model, spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    """The model's price; 0 at or after expiry (LEAN's ImpliedVolatility.CalculateTheoreticalPrice)."""
    if t <= 0:
        return 0.0
    model = pricing_model_type(model)
    if model == BS:
        return black_scholes.price(volatility, spot, strike, t, rate, dividend_yield, right)
    return _tree(model)(volatility, spot, strike, t, rate, dividend_yield, right)


def delta(model, spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    model = pricing_model_type(model)
    args = (spot, strike, t, rate, dividend_yield, volatility, right)
    if model == BS:
        return black_scholes.delta(*args)
    return trees.delta(_tree(model), *args, forward=model == FORWARD)


def gamma(model, spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    model = pricing_model_type(model)
    args = (spot, strike, t, rate, dividend_yield, volatility, right)
    return black_scholes.gamma(*args) if model == BS else trees.gamma(_tree(model), *args)


def vega(model, spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    model = pricing_model_type(model)
    args = (spot, strike, t, rate, dividend_yield, volatility, right)
    return black_scholes.vega(*args) if model == BS else trees.vega(_tree(model), *args)


def theta(model, spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    model = pricing_model_type(model)
    args = (spot, strike, t, rate, dividend_yield, volatility, right)
    return black_scholes.theta(*args) if model == BS else trees.theta(_tree(model), *args)


def rho(model, spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    model = pricing_model_type(model)
    args = (spot, strike, t, rate, dividend_yield, volatility, right)
    return black_scholes.rho(*args) if model == BS else trees.rho(_tree(model), *args)


GREEKS = {"delta": delta, "gamma": gamma, "vega": vega, "theta": theta, "rho": rho}
