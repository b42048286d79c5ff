"""The result document's numbers are the numbers its strings show (same rounding, same sign)."""

from __future__ import annotations

from helpers import run

ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol

    def on_data(self, data):
        if self.time.minute % 37 == 0:
            self.market_order(self.spy, 7 if self.portfolio[self.spy].quantity <= 0 else -14)
"""


def _shown(text: str) -> float:
    return float(text.replace("$", "").replace(",", "").replace("%", "").strip())


def test_runtime_statistics_values_match_their_strings(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ALGO, lean_data)
    assert outcome.error is None, outcome.error
    result = outcome.result
    strings, values = result["runtimeStatistics"], result["runtimeStatisticsValues"]
    assert float(result["statisticsValues"]["totalFees"]) > 0
    for name, key in [
        ("Equity", "equity"),
        ("Fees", "fees"),
        ("Holdings", "holdings"),
        ("Net Profit", "netProfit"),
        ("Return", "return"),
        ("Unrealized", "unrealized"),
        ("Volume", "volume"),
    ]:
        assert values[key] == _shown(strings[name]), (name, strings[name], values[key])


def test_statistics_values_match_their_strings(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ALGO, lean_data)
    result = outcome.result
    for name in ("Net Profit", "Drawdown", "Sharpe Ratio", "Total Fees", "End Equity"):
        key = name[0].lower() + name.title().replace(" ", "")[1:]
        assert result["statisticsValues"][key] == _shown(result["statistics"][name]), name


def test_money_statistics_carry_the_account_currency_symbol(tmp_path, lean_data):
    algo = ALGO.replace(
        "self.set_cash(100000)", 'self.set_account_currency("EUR")\n        self.set_cash(100000)'
    )
    outcome = run(tmp_path / "p", algo, lean_data)
    assert outcome.error is None, outcome.error
    statistics = outcome.result["statistics"]
    assert statistics["Total Fees"].startswith("€")
    assert statistics["Estimated Strategy Capacity"].startswith("€")


CRASH = """
class Crash(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol

    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings(self.spy, 1)
        if self.time.day == 9 and self.time.hour == 12 and self.time.minute == 7:
            raise ValueError("boom")
"""


def test_a_runtime_error_reports_one_final_state(tmp_path, lean_data):
    """The statistics and the runtime statistics of a run stopped by an error both describe the
    state at the error (a forced last sample, as LEAN's result handler takes on exit), not the
    last periodic equity sample before it."""
    outcome = run(tmp_path / "p", CRASH, lean_data)
    assert outcome.error and "boom" in outcome.error
    result = outcome.result
    equity = result["runtimeStatisticsValues"]["equity"]
    assert _shown(result["statistics"]["End Equity"]) == equity
    net_profit = _shown(result["statistics"]["Net Profit"])  # percent, 3 decimals
    assert round(net_profit, 2) == result["runtimeStatisticsValues"]["return"]
    assert result["tradeableDates"] == 5  # Monday 2013-10-07 to Friday 2013-10-11


def test_tradeable_dates_count_exchange_days_not_samples(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ALGO, lean_data)
    assert outcome.result["tradeableDates"] == 5


def test_the_rolling_window_holds_each_month_window_of_the_run(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ALGO, lean_data)
    rolling = outcome.result["rollingWindow"]
    # a run inside one month has one window of each length, ending on its last day
    assert sorted(rolling) == ["M12_20131011", "M1_20131011", "M3_20131011", "M6_20131011"]
    window = rolling["M1_20131011"]
    total = outcome.result["totalPerformance"]
    # the only window covers the whole run, so it has the run's statistics
    assert window["portfolioStatistics"] == total["portfolioStatistics"]
    assert window["tradeStatistics"] == total["tradeStatistics"]
    assert len(window["closedTrades"]) == len(total["closedTrades"]) > 0


CASH_DEPOSIT = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(10000)
        self.add_equity("SPY", Resolution.DAILY)

    def on_data(self, data):
        if self.portfolio.cash_book["USD"].amount == 10000:
            self.portfolio.cash_book["USD"].add_amount(250)
"""


def test_cash_added_to_the_cash_book_by_user_code_reaches_the_equity(tmp_path, lean_data):
    """With nothing but cash in the portfolio the equity is the cash book's amount, including
    what user code (a custom settlement model, a deposit) adds to it directly."""
    outcome = run(tmp_path / "p", CASH_DEPOSIT, lean_data)
    assert outcome.error is None, outcome.error
    statistics = outcome.result["statistics"]
    assert statistics["End Equity"] == "10250"
    assert statistics["Net Profit"] == "2.500%"
