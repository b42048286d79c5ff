"""Axos clearing and India equities: fee schedules, order checks, order properties and exchanges."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.data.symbol_properties import symbol_properties
from engine.execution.brokerage import AccountType, BrokerageName, brokerage_model_for
from engine.execution.equity_brokerages import AxosClearingBrokerageModel
from engine.execution.fees import AxosFeeModel, InteractiveBrokersFeeModel, OrderFeeParameters
from engine.model.data import TradeBar
from engine.model.enums import Market, OrderType, SecurityType
from engine.model.exchanges import Exchange
from engine.model.orders import IndiaOrderProperties, Order, OrderProperties, TimeInForce
from engine.model.symbol import Symbol
from engine.portfolio.security import Security

T = datetime(2019, 1, 23, 4, 0, tzinfo=UTC)


def stock(ticker: str, market: str, price: float, security_type=SecurityType.EQUITY) -> Security:
    sec = Security(Symbol(ticker, security_type, market))
    sec.update(TradeBar(datetime(2019, 1, 23, 9, 30), sec.symbol, price, price, price, price, 10))
    return sec


def fee(model, sec: Security, quantity: float, type_: OrderType = OrderType.MARKET):
    value = model.get_order_fee(OrderFeeParameters(sec, Order(1, sec.symbol, type_, quantity, T)))
    return value.value.amount, value.value.currency


def test_axos_fee_is_per_share_with_no_minimum() -> None:
    sec = stock("SPY", Market.USA, 144.0)
    assert fee(AxosFeeModel(), sec, 172) == (pytest.approx(0.602), "USD")
    assert fee(AxosFeeModel(), sec, -10) == (pytest.approx(0.035), "USD")
    assert fee(AxosFeeModel(0.01), sec, 10) == (pytest.approx(0.1), "USD")


@pytest.mark.parametrize(
    ("quantity", "price", "expected"),
    [
        (1, 18.0, 6.0),  # 0.01 a share raised to the 6 rupee minimum
        (1000, 200.0, 10.0),  # 0.01 a share
        (-700, 300.0, 7.0),
    ],
)
def test_ib_india_equity_fee_in_rupees(quantity: float, price: float, expected: float) -> None:
    sec = stock("YESBANK", Market.INDIA, price)
    assert fee(InteractiveBrokersFeeModel(), sec, quantity) == (pytest.approx(expected), "INR")


def test_ib_equity_fee_refuses_an_unknown_market() -> None:
    with pytest.raises(KeyError, match="unexpected equity Market"):
        fee(InteractiveBrokersFeeModel(), stock("X", "hkfe", 10.0), 1)


def test_axos_brokerage_by_name_and_its_order_checks() -> None:
    model = brokerage_model_for(BrokerageName.AXOS, AccountType.MARGIN)
    assert isinstance(model, AxosClearingBrokerageModel)
    spy = stock("SPY", Market.USA, 144.0)
    assert isinstance(model.get_fee_model(spy), AxosFeeModel)
    assert model.benchmark is None
    ok, message = model.can_submit_order(spy, Order(1, spy.symbol, OrderType.MARKET, 10, T))
    assert ok and message is None
    ok, message = model.can_submit_order(spy, Order(1, spy.symbol, OrderType.MARKET, 1.5, T))
    assert not ok and "must be Integer" in message.message
    ok, message = model.can_submit_order(spy, Order(1, spy.symbol, OrderType.STOP_MARKET, 1, T))
    assert not ok and "does not support" in message.message
    eurusd = stock("EURUSD", Market.OANDA, 1.1, SecurityType.FOREX)
    ok, message = model.can_submit_order(eurusd, Order(1, eurusd.symbol, OrderType.MARKET, 1, T))
    assert not ok and "security type" in message.message


def test_india_order_properties_keep_exchange_and_product_type_through_clone() -> None:
    properties = IndiaOrderProperties(Exchange.NSE, IndiaOrderProperties.IndiaProductType.MIS)
    copy = properties.clone()
    assert isinstance(copy, IndiaOrderProperties) and copy is not properties
    assert copy.exchange == Exchange.NSE and copy.ProductType == "MIS"
    assert str(copy.Exchange) == "NSE" and Exchange.NSE.market == Market.INDIA
    assert IndiaOrderProperties(Exchange.BSE).product_type is None
    assert OrderProperties().clone().exchange is None


def test_order_properties_clone_copies_every_field_into_a_separate_object() -> None:
    properties = OrderProperties(TimeInForce.DAY, True, True, Exchange.NSE)
    copy = properties.clone()
    assert type(copy) is OrderProperties and copy is not properties and copy == properties
    copy.TimeInForce = TimeInForce.GOOD_TIL_CANCELED
    assert properties.time_in_force == TimeInForce.DAY

    class Tagged(OrderProperties):  # an algorithm's subclass keeps what it added
        pass

    tagged = Tagged()
    tagged.note = "mine"
    tagged_copy = tagged.clone()
    assert type(tagged_copy) is Tagged and tagged_copy.note == "mine"


def test_default_quote_currency_is_the_given_account_currency() -> None:
    # no database: LEAN's default properties quote in the account currency, forex in its pair's
    assert symbol_properties(None, "india", "equity", "ABC", "INR").quote_currency == "INR"
    assert symbol_properties(None, "usa", "equity", "ABC").quote_currency == "USD"
    assert symbol_properties(None, "oanda", "forex", "EURGBP", "INR").quote_currency == "GBP"
