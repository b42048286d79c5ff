"""Crypto brokerage models: each puts crypto at its own market (LEAN ``DefaultMarkets``), and
Bybit's model and fee models (LEAN BybitBrokerageModel.cs, BybitFeeModel.cs)."""

from __future__ import annotations

import pytest

from engine.api import run_backtest
from engine.execution.brokerage import BrokerageName, brokerage_model_for
from engine.execution.fees import BybitFeeModel, BybitFuturesFeeModel
from engine.model.enums import Market, SecurityType


@pytest.mark.parametrize(
    ("name", "market"),
    [
        (BrokerageName.DEFAULT, Market.COINBASE),
        (BrokerageName.COINBASE, Market.COINBASE),
        (BrokerageName.BINANCE, Market.BINANCE),
        (BrokerageName.BITFINEX, Market.BITFINEX),
        (BrokerageName.KRAKEN, Market.KRAKEN),
        (BrokerageName.BYBIT, Market.BYBIT),
    ],
)
def test_default_crypto_market_follows_the_brokerage(name, market):
    model = brokerage_model_for(name, 1)  # AccountType.CASH
    assert model.default_markets[SecurityType.CRYPTO] == market
    assert model.default_markets[SecurityType.EQUITY] == Market.USA


def test_bybit_model_and_fees():
    model = brokerage_model_for(BrokerageName.BYBIT)
    assert type(model).__name__ == "BybitBrokerageModel"
    assert model.default_markets[SecurityType.CRYPTO_FUTURE] == Market.BYBIT
    assert (BybitFeeModel().maker_fee, BybitFeeModel().taker_fee) == (0.001, 0.001)
    assert (BybitFuturesFeeModel().maker_fee, BybitFuturesFeeModel().taker_fee) == (0.0002, 0.00055)


ALGORITHM = """from AlgorithmImports import *


class BybitMarketAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2022, 12, 13)
        self.set_end_date(2022, 12, 13)
        self.set_account_currency("USDT")
        self.set_cash(100000)
        self.set_cash("BTC", 0)
        self.set_brokerage_model(BrokerageName.BYBIT, AccountType.CASH)
        self.btc = self.add_crypto("BTCUSDT", Resolution.MINUTE).symbol
        self.debug(f"market={self.btc.id.market} fee={type(self.securities[self.btc].fee_model).__name__}")

    def on_data(self, data):
        if not self.portfolio.invested:
            self.buy(self.btc, 1)
"""


def test_bybit_algorithm_reads_bybit_data_and_pays_bybit_fees(tmp_path, lean_data):
    if not (lean_data / "crypto" / "bybit" / "minute" / "btcusdt").is_dir():
        pytest.skip("no Bybit sample data")
    project = tmp_path / "p"
    project.mkdir()
    (project / "main.py").write_text(ALGORITHM)
    result = run_backtest(project, data_dir=lean_data)
    assert result.error is None, result.error
    logs = "\n".join(result.logs)
    assert "market=bybit fee=BybitFeeModel" in logs
    assert result.result["statistics"]["Total Orders"] == "1"
