"""Black-Scholes prices and greeks against a closed form written here with ``math.erf``, put-call
parity, and finite differences of the price."""

from __future__ import annotations

import math

import pytest

from engine.pricing import black_scholes as bs
from engine.pricing.model_types import CALL, PUT


def reference_price(s, k, t, r, q, vol, call):
    n = lambda x: 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))  # noqa: E731
    d1 = (math.log(s / k) + (r - q + vol * vol / 2) * t) / (vol * math.sqrt(t))
    d2 = d1 - vol * math.sqrt(t)
    if call:
        return s * math.exp(-q * t) * n(d1) - k * math.exp(-r * t) * n(d2)
    return k * math.exp(-r * t) * n(-d2) - s * math.exp(-q * t) * n(-d1)


CASES = [
    (100.0, 100.0, 0.25, 0.05, 0.01, 0.2),
    (450.0, 430.0, 60 / 365, 0.053, 0.0153, 0.3),
    (50.0, 65.0, 1.5, 0.01, 0.0, 0.45),
    (120.0, 80.0, 0.05, 0.0, 0.03, 0.15),
]


@pytest.mark.parametrize("s,k,t,r,q,vol", CASES)
def test_price_matches_the_closed_form(s, k, t, r, q, vol):
    for right, call in ((CALL, True), (PUT, False)):
        assert bs.price(vol, s, k, t, r, q, right) == pytest.approx(
            reference_price(s, k, t, r, q, vol, call), rel=1e-12, abs=1e-12
        )


@pytest.mark.parametrize("s,k,t,r,q,vol", CASES)
def test_put_call_parity(s, k, t, r, q, vol):
    call = bs.price(vol, s, k, t, r, q, "call")
    put = bs.price(vol, s, k, t, r, q, "put")
    assert call - put == pytest.approx(s * math.exp(-q * t) - k * math.exp(-r * t), abs=1e-10)


@pytest.mark.parametrize("s,k,t,r,q,vol", CASES)
@pytest.mark.parametrize("right", [CALL, PUT])
def test_greeks_are_the_price_derivatives_as_lean_scales_them(s, k, t, r, q, vol, right):
    def p(**bump):
        args = {"s": s, "t": t, "r": r, "vol": vol} | bump
        return bs.price(args["vol"], args["s"], k, args["t"], args["r"], q, right)

    h = s * 1e-4
    assert bs.delta(s, k, t, r, q, vol, right) == pytest.approx(
        (p(s=s + h) - p(s=s - h)) / (2 * h), rel=1e-6, abs=1e-8
    )
    # LEAN's Gamma.cs leaves out the dividend discount exp(-q t) of the true gamma
    assert bs.gamma(s, k, t, r, q, vol, right) * math.exp(-q * t) == pytest.approx(
        (p(s=s + h) - 2 * p() + p(s=s - h)) / h**2, rel=1e-4, abs=1e-7
    )
    dv = 1e-5
    vega_per_point = (p(vol=vol + dv) - p(vol=vol - dv)) / (2 * dv) / 100  # per 1 %
    assert bs.vega(s, k, t, r, q, vol, right) == pytest.approx(vega_per_point, rel=1e-6)
    dr = 1e-6
    rho_per_point = (p(r=r + dr) - p(r=r - dr)) / (2 * dr) / 100
    assert bs.rho(s, k, t, r, q, vol, right) == pytest.approx(rho_per_point, rel=1e-5, abs=1e-9)
    dt = 1e-6
    theta_per_day = -(p(t=t + dt) - p(t=t - dt)) / (2 * dt) / 365  # time to expiry shrinks
    assert bs.theta(s, k, t, r, q, vol, right) == pytest.approx(theta_per_day, rel=1e-5)


def test_a_zero_deviation_gives_lean_d1():
    assert bs.d1(100, 90, 0.0, 0.05, 0.0, 0.2) == bs.ZERO_DEVIATION_D1
    assert bs.d1(100, 90, 0.5, 0.05, 0.0, 0.0) == bs.ZERO_DEVIATION_D1


def test_bad_right_is_refused():
    with pytest.raises(ValueError, match="not an option right"):
        bs.price(0.2, 100, 100, 1, 0, 0, "straddle")
