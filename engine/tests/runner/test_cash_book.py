"""Forex and crypto cash-book accounting on LEAN's sample data: every currency's amount equals its
starting amount plus the fills' cash flows minus the fees charged in it, and the total portfolio
value equals the cash book at conversion rates (forex/crypto positions live in the cash book).

A crypto buy whose fee is in the base currency (Binance) is LEAN's ``ModifiedFillQuantityOrderFee``
(BrokerageTransactionHandler.HandleOrderEvents): the fill quantity already excludes the fee, and
``ApplyToPortfolio`` charges fee x fill price to the QUOTE currency, not the base one."""

from __future__ import annotations

import textwrap

import pytest
from helpers import debug_lines, run

CHECK = """
    def on_order_event(self, e):
        if e.status in (OrderStatus.FILLED, OrderStatus.PARTIALLY_FILLED):
            sec = self.securities[e.symbol]
            base, quote = sec.base_currency, sec.quote_currency
            self.flows[base] = self.flows.get(base, 0) + e.fill_quantity
            self.flows[quote] = self.flows.get(quote, 0) - e.fill_quantity * e.fill_price
            fee = e.order_fee.value
            if fee.currency == base and e.fill_quantity > 0:  # fee already out of the fill quantity
                self.flows[quote] -= fee.amount * e.fill_price
            else:
                self.flows[fee.currency] = self.flows.get(fee.currency, 0) - fee.amount
    def on_end_of_algorithm(self):
        book = self.portfolio.cash_book
        for ccy, cash in book.items():
            expected = self.start.get(ccy, 0) + self.flows.get(ccy, 0)
            self.debug(f"cash {ccy} {cash.amount:.8f} {expected:.8f} {cash.conversion_rate}")
        total = sum(c.amount * c.conversion_rate for c in book.values())
        self.debug(f"tpv {self.portfolio.total_portfolio_value:.4f} {total:.4f} {len(self.flows)}")
"""


def _run(folder, source, data):
    return run(folder, textwrap.dedent(source) + CHECK, data)


def _check(outcome):
    assert outcome.error is None, outcome.error
    lines = debug_lines(outcome)
    cash = [line.split()[2:] for line in lines if line.split()[2] == "cash"]
    assert cash, lines
    for _, ccy, amount, expected, rate in cash:
        assert float(amount) == pytest.approx(float(expected), abs=0.01), ccy
        # the benchmark's quote currency is in the book too, as LEAN's: with no amount and no pair
        # with data (USDC beside a BUSD account) its rate stays 0
        if float(amount) or float(expected):
            assert float(rate) > 0, ccy
    tpv = [line.split()[2:] for line in lines if line.split()[2] == "tpv"][-1]
    assert float(tpv[1]) == pytest.approx(float(tpv[2]), abs=0.01)
    assert int(tpv[3]) >= 2  # fills happened
    return {c[1]: float(c[2]) for c in cash}


def test_forex_cash_book_balances(tmp_path, lean_data):
    outcome = _run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 5, 7)
                self.set_end_date(2014, 5, 8)
                self.set_cash(100000)
                self.eur = self.add_forex("EURUSD", Resolution.MINUTE).symbol
                self.start = {"USD": 100000}
                self.flows = {}
                self.n = 0
            def on_data(self, data):
                self.n += 1
                if self.n == 10:
                    self.set_holdings(self.eur, 0.5)
                elif self.n == 600:
                    self.market_order(self.eur, -20000)
                elif self.n == 1200:
                    self.liquidate(self.eur)
        """,
        lean_data,
    )
    cash = _check(outcome)
    assert set(cash) == {"USD", "EUR"} and abs(cash["EUR"]) < 1e-6
    assert outcome.result["statistics"]["Total Orders"] == "3"


def test_coinbase_cash_account_fees_in_quote_currency(tmp_path, lean_data):
    outcome = _run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2018, 4, 4)
                self.set_end_date(2018, 4, 4)
                self.set_cash(10000)
                self.set_cash("BTC", 0.5)
                self.set_brokerage_model(BrokerageName.COINBASE, AccountType.CASH)
                self.btc = self.add_crypto("BTCUSD", Resolution.MINUTE).symbol
                self.start = {"USD": 10000, "BTC": 0.5}
                self.flows = {}
                self.n = 0
            def on_data(self, data):
                self.n += 1
                if self.n == 5:
                    self.market_order(self.btc, 0.25)
                elif self.n == 300:
                    self.set_holdings(self.btc, 0.3)
                elif self.n == 900:
                    self.liquidate(self.btc)
        """,
        lean_data,
    )
    cash = _check(outcome)
    # as LEAN (issue 1860): liquidate sells the position bought, not the initial coins of set_cash
    assert cash["BTC"] == pytest.approx(0.5, abs=1e-8)
    fees = {e["orderFeeCurrency"] for e in outcome.result["orderEvents"] if e.get("orderFeeAmount")}
    assert fees == {"USD"}


def test_binance_trades_only_base_currency_fees(tmp_path, lean_data):
    """Binance sample data has trade files only (no quotes): prices and fills come from trade bars;
    BUSD is a stablecoin without a USD pair on Binance (rate 1); buy fees are charged in BTC."""
    outcome = _run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2022, 12, 13)
                self.set_end_date(2022, 12, 13)
                self.set_account_currency("BUSD")
                self.set_cash(100000)
                self.set_brokerage_model(BrokerageName.BINANCE, AccountType.CASH)
                self.btc = self.add_crypto("BTCBUSD", Resolution.MINUTE, Market.BINANCE).symbol
                self.start = {"BUSD": 100000}
                self.flows = {}
                self.n = 0
            def on_data(self, data):
                self.n += 1
                if self.n == 5:
                    self.market_order(self.btc, 0.5)
                elif self.n == 300:
                    self.set_holdings(self.btc, 0.3)
                elif self.n == 900:
                    self.liquidate(self.btc)
        """,
        lean_data,
    )
    cash = _check(outcome)
    assert set(cash) >= {"BUSD", "BTC"}
    fees = {e["orderFeeCurrency"] for e in outcome.result["orderEvents"] if e.get("orderFeeAmount")}
    assert "BTC" in fees  # Binance charges buys in the base currency
