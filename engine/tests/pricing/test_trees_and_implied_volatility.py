"""LEAN's indicator trees against Black-Scholes, and implied volatility round trips."""

from __future__ import annotations

import pytest

from engine.pricing import black_scholes as bs
from engine.pricing import model_greeks, trees
from engine.pricing.implied_volatility import implied_volatility
from engine.pricing.model_types import CALL, PUT, OptionPricingModelType

S, K, T, R, Q, VOL = 100.0, 105.0, 0.5, 0.04, 0.0, 0.25


def test_crr_call_without_dividends_is_the_european_price():
    # early exercise of a call never pays without dividends: the tree converges to Black-Scholes
    assert trees.crr_price(VOL, S, K, T, R, Q, CALL) == pytest.approx(
        bs.price(VOL, S, K, T, R, Q, CALL), abs=0.02
    )


def test_crr_put_is_never_exercised_early_as_in_lean():
    # LEAN's tree skips early exercise of puts, so its put is the European one
    assert trees.crr_price(VOL, S, K, T, R, Q, PUT) == pytest.approx(
        bs.price(VOL, S, K, T, R, Q, PUT), abs=0.02
    )


def test_tree_call_is_worth_at_least_its_exercise_value():
    deep = trees.crr_price(0.2, 150.0, 100.0, 0.5, 0.01, 0.08, CALL)
    assert deep >= 50.0 - 1e-12


def test_forward_tree_without_rates_is_the_european_put():
    # no rates: no early exercise value, and the forward tree's up and down factors are symmetric
    zero_rates = trees.forward_tree_price(VOL, S, K, T, 0.0, 0.0, PUT)
    assert zero_rates == pytest.approx(bs.price(VOL, S, K, T, 0.0, 0.0, PUT), abs=0.02)


@pytest.mark.parametrize("right", [CALL, PUT])
def test_crr_greeks_are_close_to_black_scholes(right):
    crr = OptionPricingModelType.BINOMIAL_COX_ROSS_RUBINSTEIN
    args = (S, K, T, R, Q, VOL, right)
    assert model_greeks.delta(crr, *args) == pytest.approx(bs.delta(*args), abs=0.01)
    assert model_greeks.gamma(crr, *args) == pytest.approx(bs.gamma(*args), rel=0.05)
    assert model_greeks.vega(crr, *args) == pytest.approx(bs.vega(*args), rel=0.05)
    assert model_greeks.rho(crr, *args) == pytest.approx(bs.rho(*args), rel=0.05)
    assert model_greeks.theta(crr, *args) == pytest.approx(bs.theta(*args), rel=0.1)


def test_a_price_at_or_after_expiry_is_zero():
    assert model_greeks.theoretical_price(0, S, K, 0.0, R, Q, VOL, CALL) == 0.0
    assert model_greeks.theoretical_price(2, S, K, -0.1, R, Q, VOL, PUT) == 0.0


@pytest.mark.parametrize("vol", [0.08, 0.25, 0.9])
@pytest.mark.parametrize("right", [CALL, PUT])
def test_black_scholes_implied_volatility_round_trip(vol, right):
    price = bs.price(vol, S, K, T, R, 0.015, right)
    found = implied_volatility(price, S, K, T, R, 0.015, right)
    # LEAN's accuracy: max(1e-4, 1e-4 * price) on the volatility
    assert found == pytest.approx(vol, abs=max(1e-4, 1e-4 * price))


@pytest.mark.parametrize("model", [1, 2])
def test_tree_implied_volatility_round_trip(model):
    price = model_greeks.theoretical_price(model, S, K, T, R, Q, 0.3, PUT)
    assert implied_volatility(price, S, K, T, R, Q, PUT, model) == pytest.approx(0.3, abs=1e-3)


def test_an_unreachable_price_has_no_implied_volatility():
    assert implied_volatility(0.001, 100.0, 50.0, 0.5, 0.01, 0.0, CALL) is None  # < intrinsic
    assert implied_volatility(150.0, 100.0, 100.0, 0.5, 0.01, 0.0, CALL) is None  # > spot


@pytest.mark.parametrize("price_fn", [trees.crr_price, trees.forward_tree_price])
def test_put_expectation_equals_backward_induction(price_fn):
    # the put's weighted sum against LEAN's step-by-step backward induction, written out here
    import math

    import numpy as np

    vol, spot, strike, t, rate, q, steps = 0.3, 100.0, 110.0, 0.75, 0.05, 0.02, 200
    dt = t / steps
    if price_fn is trees.crr_price:
        up = math.exp(vol * math.sqrt(dt))
        p = (math.exp((rate - q) * dt) - 1 / up) / (up - 1 / up)
    else:
        drift = math.exp((rate - q) * dt)
        up, down = math.exp(vol * math.sqrt(dt)) * drift, math.exp(-vol * math.sqrt(dt)) * drift
        p = (drift - down) / (up - down)
    values = np.maximum(strike - spot * up ** (2.0 * np.arange(steps + 1) - steps), 0.0)
    for _ in range(steps):
        values = math.exp(-rate * dt) * ((1 - p) * values[:-1] + p * values[1:])
    assert price_fn(vol, spot, strike, t, rate, q, PUT) == pytest.approx(values[0], rel=1e-12)


@pytest.mark.parametrize("spot", [60.0, 100.0, 180.0])
def test_crr_call_without_dividends_equals_the_induction_with_exercise(spot):
    import math

    import numpy as np

    vol, strike, t, rate, steps = 0.35, 100.0, 1.0, 0.06, 200
    dt = t / steps
    up = math.exp(vol * math.sqrt(dt))
    p = (math.exp(rate * dt) - 1 / up) / (up - 1 / up)
    values = np.maximum(spot * up ** (2.0 * np.arange(steps + 1) - steps) - strike, 0.0)
    for period in range(steps - 1, -1, -1):
        nodes = spot * up ** (2.0 * np.arange(period + 1) - period)
        held = math.exp(-rate * dt) * ((1 - p) * values[:-1] + p * values[1:])
        values = np.maximum(held, nodes - strike)
    assert trees.crr_price(vol, spot, strike, t, rate, 0.0, CALL) == pytest.approx(
        values[0], rel=1e-12
    )
