"""LEAN's default option price model (the option indicators on the latest prices) on objects
shaped like LEAN's option security and contract."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from engine.indicators.option_greeks import ImpliedVolatility
from engine.indicators.option_price_model import (
    IndicatorBasedOptionPriceModel,
    IndicatorBasedOptionPriceModelProvider,
    mirror_option_symbol,
)
from engine.pricing.model_types import CALL, EUROPEAN, PUT, OptionPricingModelType
from engine.pricing.price_models import OptionPriceModelParameters
from engine.tests.indicators.option_symbols import option

NOW = datetime(2023, 8, 1, 10)
EXPIRY = NOW + timedelta(days=60)
BS = OptionPricingModelType.BLACK_SCHOLES


def security(symbol, price, underlying_price):
    underlying = SimpleNamespace(symbol=symbol.underlying, price=underlying_price)
    return SimpleNamespace(symbol=symbol, price=price, underlying=underlying, local_time=NOW)


def contract(symbol):
    return SimpleNamespace(symbol=symbol, time=NOW, expiry=EXPIRY)


def test_the_model_answers_the_indicators_values():
    symbol = option(CALL, EXPIRY, EUROPEAN)
    model = IndicatorBasedOptionPriceModel(BS, BS, 0.0153, 0.053, use_mirror_contract=False)
    result = model.evaluate(
        OptionPriceModelParameters(security(symbol, 23.753, 450.0), None, contract(symbol))
    )
    reference = ImpliedVolatility(symbol, 0.053, 0.0153, option_model=BS)
    reference.update(_point(symbol, 23.753))
    reference.update(_point(symbol.underlying, 450.0))
    assert result.implied_volatility == pytest.approx(reference.current.value)
    assert result.implied_volatility == pytest.approx(0.309, abs=0.0036)
    assert 0.5 < result.greeks.delta < 0.6 and result.greeks.theta < 0
    assert result.theoretical_price == pytest.approx(23.753, rel=2e-3)


def test_the_mirror_contract_is_used_when_the_securities_have_its_price():
    symbol = option(CALL, EXPIRY, EUROPEAN)
    mirror = mirror_option_symbol(symbol)
    securities = {mirror: security(mirror, 5.564, 470.0)}
    provider = IndicatorBasedOptionPriceModelProvider(securities)
    with_mirror = provider.get_option_price_model(symbol, BS)
    alone = IndicatorBasedOptionPriceModelProvider({}).get_option_price_model(symbol, BS)
    args = (security(symbol, 33.928, 470.0), None, contract(symbol))
    # an in-the-money call takes the out-of-the-money put's volatility (LEAN's default smoothing)
    assert with_mirror.evaluate(*args).implied_volatility != pytest.approx(
        alone.evaluate(*args).implied_volatility, abs=1e-3
    )


def test_missing_prices_and_expired_contracts_give_the_empty_result():
    symbol = option(PUT, EXPIRY)
    model = IndicatorBasedOptionPriceModel(securities={})
    assert model.evaluate(security(symbol, 0.0, 450.0), None, contract(symbol)).greeks.delta == 0
    assert model.evaluate(security(symbol, 5.0, 0.0), None, contract(symbol)).theoretical_price == 0
    late = SimpleNamespace(symbol=symbol, time=EXPIRY + timedelta(days=1), expiry=EXPIRY)
    assert model.evaluate(security(symbol, 5.0, 450.0), None, late).implied_volatility == 0


def _point(symbol, value):
    from engine.indicators.base import IndicatorDataPoint

    return IndicatorDataPoint(symbol, NOW, value)


def test_the_mirror_of_a_contract_is_the_other_right():
    call = option(CALL, EXPIRY)
    put = mirror_option_symbol(call)
    assert put == option(PUT, EXPIRY) and mirror_option_symbol(put) == call
    with pytest.raises(ValueError, match="no mirror"):
        mirror_option_symbol(call.canonical)
