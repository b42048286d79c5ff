"""Forex and crypto subscriptions on LEAN's sample data: quote-only feeds, time zones, cash book."""

from __future__ import annotations

from helpers import debug_lines, run


def test_forex_quote_bars_in_utc_data_and_set_holdings(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 5, 7)
                self.set_end_date(2014, 5, 8)
                self.eur = self.add_forex("EURUSD", Resolution.MINUTE).symbol
                self.first = True
            def on_data(self, data):
                if self.first:
                    self.first = False
                    q = data[self.eur]
                    self.debug(f"{type(q).__name__} {self.time} {q.end_time} {data.bars.contains_key(self.eur)}")
                if not self.portfolio.invested:
                    self.set_holdings(self.eur, 0.5)
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    # oanda data is UTC, exchange and algorithm time America/New_York
    assert debug_lines(outcome)[0].endswith(
        "QuoteBar 2014-05-07 00:00:00 2014-05-07 00:00:00 False"
    )
    assert outcome.result["statistics"]["Total Orders"] == "1"
    assert [e["status"] for e in outcome.result["orderEvents"]] == ["submitted", "filled"]


def test_crypto_trade_and_quote_feeds(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2016, 10, 8)
                self.set_end_date(2016, 10, 8)
                self.set_brokerage_model(BrokerageName.GDAX, AccountType.CASH)
                self.btc = self.add_crypto("BTCUSD", Resolution.MINUTE).symbol
                self.count = 0
            def on_data(self, data):
                self.count += 1
                if self.count == 1:
                    self.debug(f"{self.time} {data.bars.contains_key(self.btc)} {data.quote_bars.contains_key(self.btc)}")
            def on_end_of_algorithm(self):
                self.debug(f"count {self.count}")
    """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = debug_lines(outcome)
    assert lines[0].startswith("2016-10-08 00:00:00") or lines[0].startswith("2016-10-08 00:01:00")
    assert int(lines[-1].split()[-1]) > 1000  # always open: every minute of the day
