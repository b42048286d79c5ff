"""LEAN's QuantLib option price models: QuantLib against the closed form and SciPy, the styles
each engine refuses, and ``evaluate`` on plain objects shaped like LEAN's option security."""

from __future__ import annotations

import math
from datetime import date, datetime
from types import SimpleNamespace

import pytest

from engine.pricing import black_scholes as bs
from engine.pricing import quantlib_engines as qle
from engine.pricing.implied_volatility import implied_volatility
from engine.pricing.model_types import AMERICAN, CALL, EUROPEAN, PUT
from engine.pricing.price_models import (
    ConstantQLRiskFreeRateEstimator,
    CurrentPriceOptionPriceModel,
    OptionPriceModelParameters,
    OptionPriceModels,
    QLOptionPriceModel,
    QLOptionPriceModelProvider,
)

pytest.importorskip("QuantLib")

TODAY, MATURITY = date(2024, 1, 2), date(2024, 7, 1)
T = (MATURITY - TODAY).days / 365.0
SPOT, STRIKE, RATE, DIV, VOL = 100.0, 95.0, 0.045, 0.012, 0.27


def run(engine, premium, right, style, volatility=VOL):
    return qle.evaluate(
        engine=engine,
        spot=SPOT,
        strike=STRIKE,
        premium=premium,
        right=right,
        style=style,
        evaluation_date=TODAY,
        settlement_date=date(2024, 1, 3),
        maturity_date=MATURITY,
        rate=RATE,
        dividend_yield=DIV,
        volatility=volatility,
    )


@pytest.mark.parametrize("right", [CALL, PUT])
def test_analytic_european_engine_matches_the_closed_form(right):
    premium = bs.price(VOL, SPOT, STRIKE, T, RATE, DIV, right)
    result = run("black_scholes", premium, right, EUROPEAN)
    assert result.theoretical_price == pytest.approx(premium, rel=1e-6)
    # the implied volatility of the model's own price is the volatility (QuantLib and SciPy agree)
    assert result.implied_volatility == pytest.approx(VOL, abs=1e-4)
    scipy_iv = implied_volatility(premium, SPOT, STRIKE, T, RATE, DIV, right)
    # within the indicator's accuracy, LEAN's max(1e-4, 1e-4 * price)
    assert result.implied_volatility == pytest.approx(scipy_iv, abs=max(1e-4, 1e-4 * premium))
    g = result.greeks
    args = (SPOT, STRIKE, T, RATE, DIV, VOL, right)
    assert g.delta == pytest.approx(bs.delta(*args), abs=1e-4)
    assert g.vega == pytest.approx(bs.vega(*args), rel=1e-3)  # per 1 %
    assert g.rho == pytest.approx(bs.rho(*args), rel=1e-3)  # per 1 %
    assert g.theta == pytest.approx(bs.theta(*args) * 365, rel=1e-3)  # per year
    assert g.theta_per_day == pytest.approx(bs.theta(*args), rel=1e-3)
    # QuantLib's gamma is the textbook one: LEAN's indicator gamma without exp(-q t)
    assert g.gamma == pytest.approx(bs.gamma(*args) * math.exp(-DIV * T), rel=1e-3)
    assert g.lambda_ == pytest.approx(g.delta * SPOT / premium, rel=1e-3)


@pytest.mark.parametrize("engine", [n for n, (_, s) in qle.ENGINES.items() if AMERICAN in s])
def test_american_put_engines_agree_and_exceed_the_european_put(engine):
    european = bs.price(VOL, SPOT, STRIKE, T, RATE, DIV, PUT)
    result = run(engine, european, PUT, AMERICAN)
    assert result.theoretical_price >= european - 1e-3
    assert result.theoretical_price == pytest.approx(european, rel=0.03)
    assert -1.0 <= result.greeks.delta <= 0.0
    assert result.greeks.gamma > 0 and result.greeks.vega > 0 and result.greeks.rho < 0


@pytest.mark.parametrize(
    "engine,style",
    [
        ("black_scholes", AMERICAN),
        ("integral", AMERICAN),
        ("barone_adesi_whaley", EUROPEAN),
        ("bjerksund_stensland", EUROPEAN),
    ],
)
def test_engines_refuse_the_styles_lean_refuses(engine, style):
    with pytest.raises(ValueError, match="style options are not supported"):
        run(engine, 5.0, CALL, style)


def test_non_positive_prices_give_the_empty_result():
    result = run("binomial_cox_ross_rubinstein", 0.0, CALL, AMERICAN)
    assert result.theoretical_price == 0.0 and result.greeks.delta == 0.0


# -- evaluate(parameters) on LEAN-shaped objects ------------------------------------------------
def contract(style, right=CALL, expiry=datetime(2024, 7, 1), now=datetime(2024, 1, 2, 10)):
    symbol = SimpleNamespace(id=SimpleNamespace(option_style=style))
    return SimpleNamespace(symbol=symbol, right=right, strike=STRIKE, expiry=expiry, time=now)


def security(premium, spot=SPOT, volatility=0.0):
    underlying = SimpleNamespace(
        price=spot, volatility_model=SimpleNamespace(volatility=volatility)
    )
    return SimpleNamespace(price=premium, underlying=underlying)


def test_quantlib_model_evaluates_a_lean_shaped_contract():
    model = OptionPriceModels.QuantLib.bjerksund_stensland()
    assert isinstance(model, QLOptionPriceModel)
    result = model.evaluate(OptionPriceModelParameters(security(9.0), None, contract(AMERICAN)))
    assert result.theoretical_price > 0
    assert 0.0 < result.greeks.delta < 1.0
    assert result.implied_volatility > 0.1
    # LEAN's older overload evaluate(security, slice, contract) answers the same
    again = model.evaluate(security(9.0), None, contract(AMERICAN))
    assert again.implied_volatility == pytest.approx(result.implied_volatility)


def test_quantlib_model_refuses_an_unsupported_style_and_an_expired_contract():
    model = OptionPriceModels.QuantLib.barone_adesi_whaley()
    with pytest.raises(ValueError, match="European style options are not supported"):
        model.evaluate(security(9.0), None, contract(EUROPEAN))
    expired = contract(AMERICAN, expiry=datetime(2024, 1, 1))
    assert model.evaluate(security(9.0), None, expired).theoretical_price == 0.0


def test_the_underlying_volatility_is_used_once_ready():
    model = QLOptionPriceModel(
        "black_scholes", risk_free_rate_estimator=ConstantQLRiskFreeRateEstimator(RATE)
    )
    result = model.evaluate(security(9.0, volatility=VOL), None, contract(EUROPEAN))
    assert model.volatility_estimator_warmed_up
    t = (date(2024, 7, 2) - TODAY).days / 365.0  # maturity is one settlement day later
    assert result.theoretical_price == pytest.approx(
        bs.price(VOL, SPOT, STRIKE, t, RATE, 0.0, CALL), rel=1e-6
    )


def test_provider_and_null_model():
    provider = QLOptionPriceModelProvider.INSTANCE
    american = provider.get_option_price_model(contract(AMERICAN).symbol)
    european = provider.get_option_price_model(contract(EUROPEAN).symbol)
    assert (american.engine, european.engine) == ("binomial_cox_ross_rubinstein", "black_scholes")
    result = CurrentPriceOptionPriceModel().evaluate(security(4.2), None, contract(AMERICAN))
    assert result.theoretical_price == 4.2 and result.greeks.vega == 0.0
    with pytest.raises(ValueError, match="unknown QuantLib option engine"):
        QLOptionPriceModel("monte_carlo")
