"""The benchmark in the account currency: LEAN's SecurityBenchmark is worth ``Security.Price *
Security.QuoteCurrency.ConversionRate`` (Common/Benchmarks/SecurityBenchmark.cs). The default
benchmark, SPY, quotes in US dollars; an INR account without a USD/INR pair in the data has no
rate for them, so the benchmark is 0 throughout, its daily changes are 0 and Beta, Alpha and
Treynor Ratio are 0 (LEAN's BasicTemplateIndiaAlgorithm)."""

from __future__ import annotations

from helpers import run

SOURCE = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_account_currency("{currency}")
        self.set_start_date(2019, 7, 8)
        self.set_end_date(2019, 7, 12)
        self.set_cash(100000)
        self.bank = self.add_equity("YESBANK", Resolution.MINUTE, Market.INDIA).symbol
        self.default_order_properties = IndiaOrderProperties(Exchange.NSE)
    def on_data(self, data):
        if not self.portfolio.invested:
            self.market_order(self.bank, 100)
"""


def _benchmark_values(outcome) -> list[float]:
    series = outcome.result["charts"]["Benchmark"]["series"]["Benchmark"]["values"]
    return [point[1] for point in series]


def test_a_usd_benchmark_in_an_inr_account_without_a_rate_is_zero(tmp_path, lean_data):
    outcome = run(tmp_path / "p", SOURCE.format(currency="INR"), lean_data)
    assert outcome.error is None, outcome.error
    values = _benchmark_values(outcome)
    assert len(values) >= 4 and set(values) == {0}
    statistics = outcome.result["statistics"]
    assert statistics["Total Orders"] == "1"
    assert statistics["Beta"] == "0" and statistics["Alpha"] == "0"
    assert statistics["Treynor Ratio"] == "0"


def test_a_usd_benchmark_in_a_usd_account_is_the_spy_price(tmp_path, lean_data):
    outcome = run(tmp_path / "p", SOURCE.format(currency="USD"), lean_data)
    assert outcome.error is None, outcome.error
    values = _benchmark_values(outcome)
    assert len(values) >= 4 and all(200 < value < 400 for value in values)
