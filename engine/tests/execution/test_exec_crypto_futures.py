"""Crypto future models on hand-made securities: the holding's value in the collateral currency
(LEAN CryptoFutureHolding.cs), the futures fee models (BinanceFuturesFeeModel.cs,
BinanceCoinFuturesFeeModel.cs), the margin model (CryptoFutureMarginModel.cs), the funding model
(BinanceFutureMarginInterestRateModel.cs) and the futures brokerages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.execution.brokerage import AccountType, BrokerageName, brokerage_model_for
from engine.execution.crypto_futures import (
    BinanceFutureMarginInterestRateModel,
    CryptoFutureMarginModel,
    collateral_currency,
)
from engine.execution.fees import (
    BinanceCoinFuturesFeeModel,
    BinanceFuturesFeeModel,
    OrderFeeParameters,
)
from engine.execution.margin_interest import MarginInterestRateParameters
from engine.model.data import TradeBar
from engine.model.enums import OrderType, SecurityType
from engine.model.margin_interest import MarginInterestRate
from engine.model.orders import Order
from engine.model.security import SymbolProperties
from engine.model.symbol import Symbol
from engine.portfolio.cashbook import CashBook
from engine.portfolio.crypto_future import CryptoFutureHolding
from engine.portfolio.security import Security

NOW = datetime(2022, 12, 13, 1, tzinfo=UTC)


def _future(ticker: str, quote: str, multiplier: float, price: float, book: CashBook) -> Security:
    symbol = Symbol(ticker, SecurityType.CRYPTO_FUTURE, "binance")
    security = Security(
        symbol,
        symbol_properties=SymbolProperties(quote_currency=quote, contract_multiplier=multiplier),
    )
    security.cash_book = book
    security.time_keeper.utc_time = NOW
    security.update(TradeBar(NOW.replace(tzinfo=None), symbol, price, price, price, price, 10))
    return security


@pytest.fixture
def book() -> CashBook:
    book = CashBook("USD")
    book.add("BTC", 0.005, 20000.0)
    book.add("USDT", 200.0, 1.0)
    return book


def test_a_coin_margined_contract_is_worth_its_multiplier_in_the_base_currency(book):
    btc = _future("BTCUSD", "USD", 100, 20000.0, book)
    assert isinstance(btc.holdings, CryptoFutureHolding)
    assert collateral_currency(btc) == "BTC"
    value = btc.holdings.get_quantity_value(3)
    assert value.cash.symbol == "BTC"
    assert value.amount == pytest.approx(3 * 100 / 20000.0)
    # at a BTC rate equal to the price, a contract is worth its 100 USD
    assert value.in_account_currency == pytest.approx(300)


def test_a_stable_coin_contract_is_worth_price_times_quantity_in_its_quote(book):
    ada = _future("ADAUSDT", "USDT", 1, 0.3, book)
    assert collateral_currency(ada) == "USDT"
    value = ada.holdings.get_quantity_value(1000)
    assert (value.cash.symbol, value.amount) == ("USDT", pytest.approx(300))


def test_futures_fees_are_a_share_of_the_value_in_the_collateral(book):
    btc = _future("BTCUSD", "USD", 100, 20000.0, book)
    ada = _future("ADAUSDT", "USDT", 1, 0.3, book)
    busd = _future("ADABUSD", "BUSD", 1, 0.3, book)
    order = Order(1, btc.symbol, OrderType.MARKET, -2, NOW)
    fee = BinanceCoinFuturesFeeModel().get_order_fee(OrderFeeParameters(btc, order)).value
    assert (fee.currency, fee.amount) == ("BTC", pytest.approx(2 * 100 / 20000.0 * 0.0005))
    order = Order(2, ada.symbol, OrderType.MARKET, 1000, NOW)
    fee = BinanceFuturesFeeModel().get_order_fee(OrderFeeParameters(ada, order)).value
    assert (fee.currency, fee.amount) == ("USDT", pytest.approx(300 * 0.0004))
    order = Order(3, busd.symbol, OrderType.MARKET, 1000, NOW)
    fee = BinanceFuturesFeeModel().get_order_fee(OrderFeeParameters(busd, order)).value
    assert (fee.currency, fee.amount) == ("BUSD", pytest.approx(300 * 0.00036))


def test_margin_is_the_value_over_the_leverage_in_the_collateral(book):
    btc = _future("BTCUSD", "USD", 100, 20000.0, book)
    model = CryptoFutureMarginModel(25)
    # 10 contracts = 1000 USD of BTC, 40 USD at 25x, whatever the side
    assert model.get_initial_margin_requirement(btc, 10) == pytest.approx(40)
    assert model.get_initial_margin_requirement(btc, -10) == pytest.approx(40)
    btc.holdings.set_holdings(20000.0, 10)
    assert model.get_maintenance_margin(btc) == pytest.approx(40)


def test_funding_is_charged_at_the_next_funding_time_on_open_positions(book):
    ada = _future("ADAUSDT", "USDT", 1, 0.3, book)
    ada.holdings.set_holdings(0.3, 1000)
    rate = MarginInterestRate(ada.symbol, datetime(2022, 12, 13), 0.0001)
    ada.cache._by_type[MarginInterestRate] = rate
    model = BinanceFutureMarginInterestRateModel()
    model.apply_margin_interest_rate(MarginInterestRateParameters(ada, NOW))
    assert book["USDT"].amount == 200.0  # opened at 01:00: the next funding is at 08:00
    model.apply_margin_interest_rate(MarginInterestRateParameters(ada, NOW.replace(hour=7)))
    assert book["USDT"].amount == 200.0
    model.apply_margin_interest_rate(MarginInterestRateParameters(ada, NOW.replace(hour=8)))
    # a long pays a positive rate on its value: 0.01 % of 300 USDT
    assert book["USDT"].amount == pytest.approx(200.0 - 0.03)


def test_binance_futures_brokerages_refuse_cash_accounts_and_pick_their_fee_models():
    with pytest.raises(ValueError, match="Margin account"):
        brokerage_model_for(BrokerageName.BINANCE_FUTURES, AccountType.CASH)
    usdt = brokerage_model_for(BrokerageName.BINANCE_FUTURES, AccountType.MARGIN)
    coin = brokerage_model_for(BrokerageName.BINANCE_COIN_FUTURES, AccountType.MARGIN)
    assert type(usdt.get_fee_model(None)).__name__ == "BinanceFuturesFeeModel"
    assert type(coin.get_fee_model(None)).__name__ == "BinanceCoinFuturesFeeModel"
    assert usdt.default_markets[SecurityType.CRYPTO_FUTURE] == "binance"
