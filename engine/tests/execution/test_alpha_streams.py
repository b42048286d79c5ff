"""LEAN's Alpha Streams brokerage, fee and slippage models (Common/Brokerages/
AlphaStreamsBrokerageModel.cs, Fees/AlphaStreamsFeeModel.cs, Slippage/AlphaStreamsSlippageModel.cs)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.execution.alpha_streams import (
    AlphaStreamsBrokerageModel,
    AlphaStreamsFeeModel,
    AlphaStreamsSlippageModel,
)
from engine.execution.brokerage import AccountType, BrokerageName, brokerage_model_for
from engine.execution.fees import OrderFeeParameters
from engine.execution.settlement import ImmediateSettlementModel
from engine.model.data import TradeBar
from engine.model.enums import Market, OrderType, SecurityType
from engine.model.orders import Order
from engine.model.symbol import Symbol
from engine.portfolio.security import Security

T = datetime(2013, 10, 7, 14, 0, tzinfo=UTC)


def security(ticker: str, kind: SecurityType, market: str, price: float) -> Security:
    sec = Security(Symbol(ticker, kind, market))
    sec.update(TradeBar(datetime(2013, 10, 7, 9, 30), sec.symbol, price, price, price, price, 10))
    return sec


def fee(sec: Security, quantity: float) -> tuple[float, str]:
    order = Order(1, sec.symbol, OrderType.MARKET, quantity, T)
    value = AlphaStreamsFeeModel().get_order_fee(OrderFeeParameters(sec, order)).value
    return value.amount, value.currency


def test_equity_fee_per_share_with_minimum_and_cap():
    spy = security("SPY", SecurityType.EQUITY, Market.USA, 144.0)
    assert fee(spy, 6889) == (pytest.approx(34.445), "USD")  # 0.005 a share
    assert fee(spy, 10) == (pytest.approx(1.0), "USD")  # the $1 minimum
    penny = security("X", SecurityType.EQUITY, Market.USA, 0.5)
    assert fee(penny, 10000) == (pytest.approx(25.0), "USD")  # 0.5 % of 5000 caps 50


def test_derivative_and_forex_fees():
    future = security("ES", SecurityType.FUTURE, Market.CME, 4000.0)
    assert fee(future, -3) == (pytest.approx(1.5), "USD")  # 0.4 + 0.1 a contract
    eurusd = security("EURUSD", SecurityType.FOREX, Market.OANDA, 1.25)
    assert fee(eurusd, 100000) == (pytest.approx(0.25), "USD")  # 0.000002 of 125000


def test_slippage_one_basis_point_for_equities_only():
    spy = security("SPY", SecurityType.EQUITY, Market.USA, 144.0)
    order = Order(1, spy.symbol, OrderType.MARKET, 100, T)
    assert AlphaStreamsSlippageModel().get_slippage_approximation(spy, order) == pytest.approx(
        0.0144
    )
    eurusd = security("EURUSD", SecurityType.FOREX, Market.OANDA, 1.25)
    assert AlphaStreamsSlippageModel().get_slippage_approximation(eurusd, order) == 0.0


def test_brokerage_by_name_leverage_settlement_and_no_cash_accounts():
    model = brokerage_model_for(BrokerageName.ALPHA_STREAMS)
    assert isinstance(model, AlphaStreamsBrokerageModel)
    spy = security("SPY", SecurityType.EQUITY, Market.USA, 144.0)
    eurusd = security("EURUSD", SecurityType.FOREX, Market.OANDA, 1.25)
    assert model.get_leverage(spy) == 1.0 and model.get_leverage(eurusd) == 10.0
    assert isinstance(model.get_fee_model(spy), AlphaStreamsFeeModel)
    assert isinstance(model.get_slippage_model(spy), AlphaStreamsSlippageModel)
    assert isinstance(model.get_settlement_model(spy), ImmediateSettlementModel)
    with pytest.raises(ValueError, match="does not currently support Cash trading"):
        AlphaStreamsBrokerageModel(AccountType.CASH)
