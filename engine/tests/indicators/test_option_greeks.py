"""LEAN's option indicators against the reference values LEAN's own tests publish
(Tests/Indicators/ImpliedVolatilityTests.cs, DeltaTests.cs, GammaTests.cs, VegaTests.cs,
ThetaTests.cs, RhoTests.cs: SPY options struck at 450, priced on 2023-08-01 10:00, with each
test's rates and tolerance)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.indicators.base import IndicatorDataPoint
from engine.indicators.option_greeks import (
    Delta,
    Gamma,
    GreeksIndicators,
    ImpliedVolatility,
    Rho,
    Theta,
    Vega,
)
from engine.pricing import black_scholes as bs
from engine.pricing.model_types import AMERICAN, CALL, EUROPEAN, PUT, OptionPricingModelType
from engine.tests.indicators.option_symbols import option

REFERENCE = datetime(2023, 8, 1, 10)
BS = OptionPricingModelType.BLACK_SCHOLES
CRR = OptionPricingModelType.BINOMIAL_COX_ROSS_RUBINSTEIN


def feed(indicator, symbol, price, spot, time=REFERENCE, mirror=None, mirror_price=None):
    indicator.update(IndicatorDataPoint(symbol, time, price))
    if mirror is not None:
        indicator.update(IndicatorDataPoint(mirror, time, mirror_price))
    return indicator.update(IndicatorDataPoint(symbol.underlying, time, spot))


# (option price, spot, right, days to expiry)
CASES = [
    (23.753, 450.0, CALL, 60),
    (35.830, 450.0, PUT, 60),
    (33.928, 470.0, CALL, 60),
    (6.428, 470.0, PUT, 60),
    (3.219, 430.0, CALL, 60),
    (47.701, 430.0, PUT, 60),
    (16.528, 450.0, CALL, 180),
    (21.784, 450.0, PUT, 180),
    (35.207, 470.0, CALL, 180),
    (0.409, 470.0, PUT, 180),
    (2.642, 430.0, CALL, 180),
    (27.772, 430.0, PUT, 180),
]
IV = [0.309, 0.515, 0.279, 0.205, 0.133, 0.545, 0.097, 0.207, 0.140, 0.055, 0.057, 0.177]
# (European, American) reference values per case
DELTA = [(0.546, 0.546), (-0.446, -0.446), (0.693, 0.693), (-0.260, -0.260), (0.243, 0.243)]
DELTA += [(-0.526, -0.526), (0.632, 0.632), (-0.417, -0.417), (0.765, 0.765)]
DELTA += [(-0.052, -0.052), (0.263, 0.264), (-0.556, -0.556)]
GAMMA = [(0.0071, 0.0071), (0.0042, 0.0042), (0.0067, 0.0067), (0.0083, 0.0083)]
GAMMA += [(0.0136, 0.0136), (0.0042, 0.0042), (0.0128, 0.0129), (0.0059, 0.0059)]
GAMMA += [(0.0070, 0.0070), (0.0057, 0.0058), (0.0193, 0.0193), (0.0073, 0.0073)]
VEGA = [(0.7215, 0.7206), (0.7195, 0.7189), (0.6705, 0.6791), (0.6181, 0.6290)]
VEGA += [(0.5429, 0.5690), (0.6922, 0.6921), (1.1932, 1.1958), (1.2263, 1.2248)]
VEGA += [(1.0370, 1.0459), (0.3528, 0.4350), (0.9707, 1.0122), (1.1816, 1.1852)]
THETA = [(-0.2092, -0.2095), (-0.2835, -0.2838), (-0.1858, -0.1886), (-0.0918, -0.0936)]
THETA += [(-0.0712, -0.0682), (-0.2852, -0.2859), (-0.0601, -0.0603), (-0.0483, -0.0483)]
THETA += [(-0.0733, -0.0730), (-0.0027, -0.0035), (-0.0274, -0.0265), (-0.0297, -0.0300)]
RHO = [(0.3628, 0.3628), (-0.3885, -0.3884), (0.4761, 0.4761), (-0.2119, -0.2119)]
RHO += [(0.1652, 0.1648), (-0.4498, -0.4498), (1.2862, 1.2861), (-1.0337, -1.0336)]
RHO += [(1.5558, 1.5558), (-0.1235, -0.1230), (0.5326, 0.5306), (-1.3178, -1.3180)]

# greek class, LEAN test's (risk-free rate, dividend yield), tolerance, references
GREEK_TESTS = [
    (Delta, (0.0403, 0.0), 0.0017, DELTA),
    (Gamma, (0.0403, 0.0), 0.0005, GAMMA),
    (Vega, (0.053, 0.0153), 0.0072, VEGA),
    (Theta, (0.0403, 0.0), 0.0042, THETA),
    (Rho, (0.053, 0.0153), 0.017, RHO),
]


@pytest.mark.parametrize("case,expected", list(zip(CASES, IV, strict=True)))
def test_implied_volatility_matches_lean(case, expected):
    price, spot, right, days = case
    symbol = option(right, REFERENCE + timedelta(days=days))
    indicator = ImpliedVolatility(symbol, 0.053, 0.0153, option_model=BS)
    assert feed(indicator, symbol, price, spot)
    assert indicator.current.value == pytest.approx(expected, abs=0.0036)
    # the theoretical price is the model's price at the implied volatility found
    t = (indicator.expiry - REFERENCE).total_seconds() / 86400 / 365
    model_price = bs.price(indicator.current.value, spot, 450.0, t, 0.053, 0.0153, right)
    assert indicator.theoretical_price.current.value == pytest.approx(model_price, rel=1e-9)


@pytest.mark.parametrize("greek,rates,tolerance,references", GREEK_TESTS)
@pytest.mark.parametrize("style", [EUROPEAN, AMERICAN])
def test_greeks_match_lean(greek, rates, tolerance, references, style):
    model = BS if style == EUROPEAN else CRR
    for (price, spot, right, days), expected in zip(CASES, references, strict=True):
        symbol = option(right, REFERENCE + timedelta(days=days), style)
        indicator = greek(symbol, *rates, option_model=model, iv_model=BS)
        feed(indicator, symbol, price, spot)
        reference = expected[0] if style == EUROPEAN else expected[1]
        assert indicator.current.value == pytest.approx(reference, abs=tolerance), (
            greek.__name__,
            price,
            spot,
            right,
            days,
        )


@pytest.mark.parametrize(
    "price,mirror_price,spot,right,days,first,second",
    [
        (23.753, 27.651, 450.0, CALL, 60, 0.309, 0.309),
        (33.928, 5.564, 470.0, CALL, 60, 0.191, 0.279),
        (47.701, 10.213, 430.0, PUT, 60, 0.247, 0.545),
    ],
)
def test_smoothing_function_with_the_mirror_contract(
    price, mirror_price, spot, right, days, first, second
):
    expiry = REFERENCE + timedelta(days=days)
    symbol, mirror = option(right, expiry), option(1 - right, expiry)
    indicator = ImpliedVolatility(symbol, 0.053, 0.0153, mirror, BS)
    feed(indicator, symbol, price, spot, mirror=mirror, mirror_price=mirror_price)
    assert indicator.current.value == pytest.approx(first, abs=0.0025)
    indicator.set_smoothing_function(lambda iv, mirror_iv: iv)
    later = REFERENCE + timedelta(minutes=1)
    feed(indicator, symbol, price, spot, later, mirror, mirror_price)
    assert indicator.current.value == pytest.approx(second, abs=0.0035)


@pytest.mark.parametrize("hours", [0, 5, 10, 15])
def test_the_implied_volatility_is_computed_on_the_expiry_date(hours):
    expiry = datetime(2024, 12, 6)
    symbol = option(PUT, expiry)
    indicator = ImpliedVolatility(symbol, 0.053, 0.0153, option_model=BS)
    time = expiry + timedelta(hours=hours)
    assert not indicator.update(IndicatorDataPoint(symbol, time, 0.5))
    assert indicator.update(IndicatorDataPoint(symbol.underlying, time, 470.0))
    assert indicator.current.value != 0


def test_a_value_waits_for_every_symbol_at_the_same_time():
    symbol = option(CALL, REFERENCE + timedelta(days=60))
    indicator = Delta(symbol, 0.0403, 0.0, option_model=BS)
    indicator.update(IndicatorDataPoint(symbol, REFERENCE, 23.753))
    indicator.update(IndicatorDataPoint(symbol.underlying, REFERENCE - timedelta(days=1), 450.0))
    assert not indicator.is_ready and indicator.current.value == 0.0
    indicator.update(IndicatorDataPoint(symbol.underlying, REFERENCE, 450.0))
    assert indicator.is_ready and indicator.current.value == pytest.approx(0.546, abs=0.0017)
    indicator.reset()
    assert not indicator.is_ready and indicator.samples == 0


def test_an_unknown_symbol_is_refused():
    symbol = option(CALL, REFERENCE + timedelta(days=60))
    other = option(PUT, REFERENCE + timedelta(days=60))
    indicator = ImpliedVolatility(symbol)
    indicator.update(IndicatorDataPoint(symbol, REFERENCE, 1.0))
    with pytest.raises(ValueError, match="does not correspond"):
        indicator.update(IndicatorDataPoint(other, REFERENCE, 1.0))


def test_greeks_indicators_share_one_implied_volatility():
    symbol = option(CALL, REFERENCE + timedelta(days=60), EUROPEAN)
    greeks = GreeksIndicators(symbol, None, BS, BS, 0.0153, 0.053)
    for point in (
        IndicatorDataPoint(symbol, REFERENCE, 23.753),
        IndicatorDataPoint(symbol.underlying, REFERENCE, 450.0),
    ):
        greeks.update(point)
    result = greeks.current_result
    assert result.implied_volatility == pytest.approx(0.309, abs=0.0036)
    assert result.theoretical_price == pytest.approx(23.753, rel=2e-3)
    assert result.greeks.delta == pytest.approx(greeks.delta.current.value)
    assert result.greeks.theta_per_day == pytest.approx(greeks.theta_per_day.current.value)
    assert greeks.interest_rate == 0.053 and greeks.dividend_yield == 0.0153
