"""European Black-Scholes-Merton price and greeks as LEAN's option indicators compute them
(Indicators/OptionGreekIndicatorsHelper.cs, Delta.cs, Gamma.cs, Vega.cs, Theta.cs, Rho.cs).

Inputs are plain floats: ``spot``, ``strike``, ``t`` (years to expiry), ``rate`` (risk-free,
continuous), ``dividend_yield`` (continuous), ``volatility``, and ``right`` (0 call, 1 put; see
``model_types.option_right``). The normal distribution is the standard library's
``statistics.NormalDist`` (no import cost at engine start).

LEAN's scaling, kept here: vega and rho are per 1 % (divided by 100), theta is per calendar day
(divided by 365). Gamma and theta floor the volatility at 1 % ("allow at least 1% IV"), and with a
zero ``volatility * sqrt(t)`` d1 is 10 (a normal probability close to 1), as LEAN's ``CalculateD1``.
LEAN's gamma has no dividend discount ``exp(-q t)`` (the textbook gamma has); kept, so the
indicator values are LEAN's.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from engine.pricing.model_types import CALL, option_right

_NORMAL = NormalDist()
cdf = _NORMAL.cdf
pdf = _NORMAL.pdf

# LEAN's CalculateD1 answers this when volatility * sqrt(t) is zero
ZERO_DEVIATION_D1 = 10.0
# gamma and theta use at least this volatility (LEAN: "allow at least 1% IV")
MIN_GREEK_VOLATILITY = 0.01


def d1(spot: float, strike: float, t: float, rate: float, dividend_yield: float, volatility: float):
    numerator = math.log(spot / strike) + (rate - dividend_yield + 0.5 * volatility**2) * t
    denominator = volatility * math.sqrt(max(0.0, t))
    return ZERO_DEVIATION_D1 if denominator == 0 else numerator / denominator


def d2(d1_value: float, volatility: float, t: float) -> float:
    return d1_value - volatility * math.sqrt(max(0.0, t))


def price(
    volatility: float,
    spot: float,
    strike: float,
    t: float,
    rate: float,
    dividend_yield: float,
    right: object,
) -> float:
    """Black-Scholes-Merton price (LEAN's ``BlackTheoreticalPrice``; argument order as LEAN's)."""
    call = option_right(right) == CALL
    a = d1(spot, strike, t, rate, dividend_yield, volatility)
    b = d2(a, volatility, t)
    forward_spot = spot * math.exp(-dividend_yield * t)
    discounted_strike = strike * math.exp(-rate * t)
    if call:
        return forward_spot * cdf(a) - discounted_strike * cdf(b)
    return discounted_strike * cdf(-b) - forward_spot * cdf(-a)


def delta(spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    a = d1(spot, strike, t, rate, dividend_yield, volatility)
    whole = cdf(a) if option_right(right) == CALL else -cdf(-a)
    return whole * math.exp(-dividend_yield * t)


def gamma(spot, strike, t, rate, dividend_yield, volatility, right=CALL) -> float:
    a = d1(spot, strike, t, rate, dividend_yield, volatility)
    return pdf(-a) / spot / max(volatility, MIN_GREEK_VOLATILITY) / math.sqrt(t)


def vega(spot, strike, t, rate, dividend_yield, volatility, right=CALL) -> float:
    """Change of the price for 1 % of volatility."""
    a = d1(spot, strike, t, rate, dividend_yield, volatility)
    return spot * math.sqrt(t) * pdf(a) * math.exp(-dividend_yield * t) / 100.0


def theta(spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    """Change of the price per calendar day."""
    a = d1(spot, strike, t, rate, dividend_yield, volatility)
    b = d2(a, volatility, t)
    discount = math.exp(-rate * t)
    adjustment = math.exp(-dividend_yield * t)
    value = -spot * max(volatility, MIN_GREEK_VOLATILITY) * pdf(a) * adjustment * 0.5 / math.sqrt(t)
    if option_right(right) == CALL:
        na, nb = cdf(a), -cdf(b)
    else:
        na, nb = -cdf(-a), cdf(-b)
    value += dividend_yield * spot * na * adjustment + rate * strike * discount * nb
    return value / 365.0


def rho(spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    """Change of the price for 1 % of risk-free rate."""
    a = d1(spot, strike, t, rate, dividend_yield, volatility)
    b = d2(a, volatility, t)
    discount = math.exp(-rate * t)
    if option_right(right) == CALL:
        return strike * t * discount * cdf(b) / 100.0
    return -strike * t * discount * cdf(-b) / 100.0
