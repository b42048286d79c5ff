"""The binomial trees LEAN's option indicators price American options with
(Indicators/OptionGreekIndicatorsHelper.cs: ``CRRTheoreticalPrice``, ``ForwardTreeTheoreticalPrice``),
200 steps by default, with the greeks those indicators take from them by finite differences
(Delta.cs, Gamma.cs, Vega.cs, Theta.cs, Rho.cs).

These are LEAN's own trees, not QuantLib's ``BinomialVanillaEngine``: the node prices are
``spot * up ** (2 i - steps)`` for both trees (for the forward tree too, whose up factor carries the
drift while its down factor is not ``1 / up``), and a put is never exercised early ("no advantage for American put option to exercise early in
risk-neutral setting"), while a call compares each node with its exercise value. The numbers of
LEAN's option indicators follow from these choices, so they are kept. Backward induction runs on
numpy arrays, one vector operation per step.
"""

from __future__ import annotations

import math

import numpy as np

from engine.pricing.model_types import CALL, option_right

STEPS = 200


def _intrinsic(prices: np.ndarray, strike: float, call: bool) -> np.ndarray:
    return np.maximum(prices - strike, 0.0) if call else np.maximum(strike - prices, 0.0)


def _binomial(
    dt, prob_up, up, rate, spot, strike, call: bool, steps: int, never_early: bool = False
) -> float:
    """``never_early``: the caller knows a call's early exercise cannot pay in this tree."""
    exponents = 2.0 * np.arange(steps + 1) - steps
    values = _intrinsic(spot * np.power(up, exponents), strike, call)
    if (not call or never_early) and 0.0 < prob_up < 1.0:
        # without early exercise the backward induction is the discounted binomial expectation
        # of the payoffs: one weighted sum (equal to the induction to ~1e-13, ten times faster)
        from scipy.special import gammaln

        i = np.arange(steps + 1)
        log_weights = gammaln(steps + 1) - gammaln(i + 1) - gammaln(steps - i + 1)
        log_weights += i * math.log(prob_up) + (steps - i) * math.log1p(-prob_up)
        return math.exp(-rate * dt * steps) * float(np.dot(np.exp(log_weights), values))
    if call:
        exercise = _intrinsic(
            spot * np.power(up, np.arange(2 * steps) - float(steps)), strike, call
        )
    factor = math.exp(-rate * dt)
    factor_down, factor_up = factor * (1.0 - prob_up), factor * prob_up
    scratch = np.empty(steps + 1)
    for period in range(steps - 1, -1, -1):  # in place: no new arrays per step
        held, up_values = values[: period + 1], scratch[: period + 1]
        np.multiply(values[1 : period + 2], factor_up, out=up_values)
        held *= factor_down
        held += up_values
        if call:
            # node i of this period can be exercised for exercise[2 i - period + steps]
            np.maximum(held, exercise[steps - period : steps + period + 1 : 2], out=held)
    return float(values[0])


def crr_price(volatility, spot, strike, t, rate, dividend_yield, right, steps: int = STEPS):
    """Cox-Ross-Rubinstein tree price (LEAN's ``CRRTheoreticalPrice``)."""
    dt = t / steps
    up = math.exp(volatility * math.sqrt(dt))
    if up == 1:
        up = 1.0001  # LEAN: a very small factor to avoid a constant tree at low volatility
    down = 1 / up
    prob_up = (math.exp((rate - dividend_yield) * dt) - down) / (up - down)
    # in this tree a call's continuation value is at least spot - strike * exp(-rate dt) when
    # there are no dividends, so with a non-negative rate it is never exercised early
    never_early = dividend_yield == 0 and rate >= 0
    call = option_right(right) == CALL
    return _binomial(dt, prob_up, up, rate, spot, strike, call, steps, never_early)


def forward_tree_price(volatility, spot, strike, t, rate, dividend_yield, right, steps=STEPS):
    """Forward binomial tree price (LEAN's ``ForwardTreeTheoreticalPrice``)."""
    dt = t / steps
    drift = math.exp((rate - dividend_yield) * dt)
    spread = volatility * math.sqrt(dt)
    up, down = math.exp(spread) * drift, math.exp(-spread) * drift
    if up - down == 0:
        up, down = 1.0001, 0.9999  # LEAN: avoid a constant tree at low volatility
    prob_up = (drift - down) / (up - down)
    return _binomial(dt, prob_up, up, rate, spot, strike, option_right(right) == CALL, steps)


def _divide(numerator: float, denominator: float) -> float:
    # LEAN's OptionGreekIndicatorsHelper.Divide: 0 instead of a division by zero
    return numerator / denominator if denominator != 0 else 0.0


def delta(price_fn, spot, strike, t, rate, dividend_yield, volatility, right, forward: bool):
    """LEAN's Delta.cs for the trees: the price change between one up and one down step."""
    step = math.sqrt(t / STEPS)
    if forward:
        drift = math.exp((rate - dividend_yield) * t / STEPS)
        up = math.exp(volatility * step) * drift
        down = math.exp(-volatility * step) * drift
        up = 1.00001 if up == 1 else up
        down = 0.99999 if down == 1 else down
        s_up, s_down = spot * up, spot * down
    else:
        up = math.exp(volatility * step)
        up = 1.00001 if up == 1 else up
        s_up, s_down = spot * up, spot / up
    f_up = price_fn(volatility, s_up, strike, t, rate, dividend_yield, right)
    f_down = price_fn(volatility, s_down, strike, t, rate, dividend_yield, right)
    return _divide(f_up - f_down, s_up - s_down)


def gamma(price_fn, spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    """LEAN's Gamma.cs for the trees: second difference over two up and two down steps."""
    up = math.exp(volatility * math.sqrt(t / STEPS))
    up = 1.0001 if up == 1 else up
    s_up, s_down = spot * up * up, spot / up / up
    f_up = price_fn(volatility, s_up, strike, t, rate, dividend_yield, right)
    f_mid = price_fn(volatility, spot, strike, t, rate, dividend_yield, right)
    f_down = price_fn(volatility, s_down, strike, t, rate, dividend_yield, right)
    gamma_up = (f_up - f_mid) / (s_up - spot)
    gamma_down = (f_mid - f_down) / (spot - s_down)
    return _divide((gamma_up - gamma_down) * 2, s_up - s_down)


def vega(price_fn, spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    """LEAN's Vega.cs for the trees: price change for +1 % volatility, per 1 %."""
    bumped = price_fn(volatility + 0.01, spot, strike, t, rate, dividend_yield, right)
    base = price_fn(volatility, spot, strike, t, rate, dividend_yield, right)
    return (bumped - base) / 0.01 / 100.0


def theta(price_fn, spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    """LEAN's Theta.cs for the trees: price change over two tree steps, per calendar day."""
    dt = t / STEPS
    later = price_fn(volatility, spot, strike, t - 2 * dt, rate, dividend_yield, right)
    base = price_fn(volatility, spot, strike, t, rate, dividend_yield, right)
    return (later - base) * 0.5 / dt / 365.0


def rho(price_fn, spot, strike, t, rate, dividend_yield, volatility, right) -> float:
    """LEAN's Rho.cs for the trees: price change for +0.01 % rate, per 1 %."""
    bumped = price_fn(volatility, spot, strike, t, rate + 0.0001, dividend_yield, right)
    base = price_fn(volatility, spot, strike, t, rate, dividend_yield, right)
    return (bumped - base) / 0.0001 / 100.0
