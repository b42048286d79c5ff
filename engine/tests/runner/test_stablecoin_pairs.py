"""Stablecoins without a pair (LEAN's ``Currencies.StableCoinsWithoutPairs``) in currency conversion:
a Binance BTCUSDT holding converts BTC to a USD account through BTCUSDT itself
(``CurrencyPairUtil.ComparePair``), and an hourly UTC feed's last bar, which starts before the end
date's midnight, is part of the run (LEAN's SubscriptionDataReader ends at a bar STARTING after
the end)."""

from __future__ import annotations

import pytest
from helpers import debug_lines, run

from engine.model import Market, SecurityType, Symbol
from engine.runner.conversion import ConversionPair, is_stable_without_pair, linear_search

ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2018, 5, 1)
        self.set_end_date(2018, 5, 1)
        self.set_cash("USDT", 1000000)
        self.set_brokerage_model(BrokerageName.BINANCE, AccountType.CASH)
        self.pair = self.add_crypto("BTCUSDT", Resolution.HOUR, Market.BINANCE).symbol
        self.last = None
    def on_data(self, data):
        self.last = self.time
        if not self.portfolio.invested:
            self.market_order(self.pair, 10)
    def on_end_of_algorithm(self):
        book = self.portfolio.cash_book
        self.debug(f"last {self.last:%m-%d %H:%M} price {self.securities[self.pair].price}")
        self.debug(f"rates BTC={book['BTC'].conversion_rate} USDT={book['USDT'].conversion_rate}")
        self.debug(f"secs {sorted(str(s) for s in self.securities.keys())}")
"""


def test_btc_converts_through_the_usdt_pair(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ALGO, lean_data)
    assert outcome.error is None, outcome.error
    lines = [
        line.split(" ", 2)[2]
        for line in debug_lines(outcome)
        if " last " in line or " rates " in line or " secs " in line
    ]
    last, rates, secs = lines
    # the 23:00 New York bar (03:00-04:00 UTC file bar) ends at the next midnight and still counts
    assert last.startswith("last 05-02 00:00")
    price = float(last.split()[-1])
    assert rates == f"rates BTC={price} USDT=1.0"  # BTC valued by BTCUSDT, USDT pegged 1:1 to USD
    assert secs == "secs ['BTCUSDT']"  # no extra conversion feed was needed


def test_compare_pair_with_a_stablecoin_between():
    usdt = ConversionPair(Symbol("BTCUSDT", SecurityType.CRYPTO, Market.BINANCE), "BTC", "USDT")
    assert usdt.compare("BTC", "USD") is False
    assert usdt.compare("USD", "BTC") is True
    assert usdt.compare("BTC", "EUR") is None
    # on a market where USDT has its own pair the match needs exact currencies
    coinbase = ConversionPair(
        Symbol("BTCUSDT", SecurityType.CRYPTO, Market.COINBASE), "BTC", "USDT"
    )
    assert coinbase.compare("BTC", "USD") is None
    eth = ConversionPair(Symbol("ETHBTC", SecurityType.CRYPTO, Market.BINANCE), "ETH", "BTC")
    path = linear_search("ETH", "USD", [eth, usdt], [])
    assert [(p.symbol.value, inverted) for p, inverted in path] == [
        ("ETHBTC", False),
        ("BTCUSDT", False),
    ]


@pytest.mark.parametrize(
    ("cash", "account", "market", "expected"),
    [
        ("USDT", "USD", "binance", True),
        ("USDC", "USDT", "binance", True),  # a dollar-like account: USDCUSD counts
        ("BUSD", "USD", "binance", True),
        ("USDT", "USD", "coinbase", False),
        ("EURS", "EUR", "bitfinex", True),
        ("BTC", "USD", "binance", False),
    ],
)
def test_stablecoin_without_pair(cash, account, market, expected):
    assert is_stable_without_pair(cash, account, market) is expected
