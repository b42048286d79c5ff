"""Start Equity as LEAN reports it: the cash book's value once the setup seeded every currency's
conversion rate (Engine/Setup/BacktestingSetupHandler.cs ``StartingPortfolioValue`` =
``Portfolio.Cash`` after ``BaseSetupHandler.SetupCurrencyConversions``), printed with the decimal
scale of that sum (``Math.Round(startEquity, 2)`` never pads: "100000" for US dollars alone,
"100000.00" once a currency converted at a market price is in the book)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from helpers import debug_lines, run


def test_start_equity_counts_every_currency_at_its_seeded_rate(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2018, 4, 5)
                self.set_end_date(2018, 4, 5)
                self.set_cash(10000)
                self.set_cash("BTC", 2)
                btc = self.add_crypto("BTCUSD", Resolution.MINUTE).symbol
                last = self.get_last_known_prices(btc)[-1]
                self.debug(f"seed {last.value!r}")
            def on_data(self, data):
                pass
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    seeds = [line.split()[-1] for line in debug_lines(outcome) if " seed " in line]
    assert seeds, debug_lines(outcome)
    expected = (Decimal(10000) + 2 * Decimal(seeds[0])).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_EVEN
    )
    assert expected > 10000
    assert outcome.result["statistics"]["Start Equity"] == str(expected)


def test_start_equity_in_dollars_alone_prints_whole_dollars(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 8)
                self.set_cash(100000)
                self.add_equity("SPY", Resolution.DAILY)
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    assert outcome.result["statistics"]["Start Equity"] == "100000"


def test_start_equity_with_an_empty_foreign_currency_prints_cents(tmp_path, lean_data):
    # EURUSD puts EUR in the cash book with no amount: 0 x its rate (a market price with
    # decimals) still adds its decimal places to the sum
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 5, 7)
                self.set_end_date(2014, 5, 8)
                self.set_cash(100000)
                self.add_forex("EURUSD", Resolution.MINUTE)
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    assert outcome.result["statistics"]["Start Equity"] == "100000.00"
