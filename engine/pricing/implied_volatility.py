"""Implied volatility as LEAN's ``ImpliedVolatility`` indicator finds it (Indicators/ImpliedVolatility.cs):
a bracketed root of ``model price(vol) - option price`` on [1e-7, 4] with an accuracy of
``max(1e-4, 1e-4 * option price)``. For the tree models the Black-Scholes volatility, when it
exists, narrows the bracket to [0.5, 1.5] times it. No root in the bracket: ``None`` (LEAN logs
"Fail to converge" and the indicator falls back to the mirror contract or 0).

The root finder is SciPy's ``brentq`` (Brent's method, as LEAN's MathNet ``Brent.FindRoot``);
SciPy is imported on the first call, so an algorithm without options never loads it.
"""

from __future__ import annotations

from engine.pricing.model_greeks import BS, theoretical_price
from engine.pricing.model_types import pricing_model_type

LOWER_BOUND = 1e-7
UPPER_BOUND = 4.0
MAX_ITERATIONS = 100


def implied_volatility(
    option_price: float,
    spot: float,
    strike: float,
    t: float,
    rate: float,
    dividend_yield: float,
    right: object,
    model: object = BS,
) -> float | None:
    """The volatility at which ``model`` prices the option at ``option_price``, or None."""
    from scipy.optimize import brentq

    model = pricing_model_type(model)
    accuracy = max(1e-4, 1e-4 * option_price)
    lower, upper = LOWER_BOUND, UPPER_BOUND
    if model != BS:
        guess = implied_volatility(option_price, spot, strike, t, rate, dividend_yield, right, BS)
        if guess:
            lower, upper = max(lower, guess * 0.5), min(upper, guess * 1.5)

    def error(vol: float) -> float:
        value = theoretical_price(model, spot, strike, t, rate, dividend_yield, vol, right)
        return value - option_price

    try:
        return float(brentq(error, lower, upper, xtol=accuracy, maxiter=MAX_ITERATIONS))
    except (ValueError, RuntimeError, ZeroDivisionError, OverflowError):
        return None
