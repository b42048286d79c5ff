"""LEAN regression algorithms on LEAN's own sample data: our statistics vs their ExpectedStatistics.

Expected values are copied from QuantConnect/Lean (Algorithm.CSharp/*.cs ``ExpectedStatistics``).
Known gaps are asserted separately with a tolerance and listed in engine/README.md.
"""

from __future__ import annotations

import pytest
from helpers import run

from engine.tests.lean_expected import BASIC_TEMPLATE_EXPECTED

BASIC_TEMPLATE = """
class BasicTemplateAlgorithm(QCAlgorithm):
    '''LEAN's Algorithm.Python/BasicTemplateAlgorithm.py'''

    def Initialize(self):
        self.SetStartDate(2013,10, 7)
        self.SetEndDate(2013,10,11)
        self.SetCash(100000)
        self.AddEquity("SPY", Resolution.Minute)
        self.Debug("numpy test >>> print numpy.pi: " + str(np.pi))

    def OnData(self, data):
        if not self.Portfolio.Invested:
            self.SetHoldings("SPY", 1)
"""

SCHEDULED_EVENTS_ORDER = """
class ScheduledEventsOrderRegressionAlgorithm(QCAlgorithm):
    '''Port of LEAN's ScheduledEventsOrderRegressionAlgorithm.cs: same-time events run in registration order.'''

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.spy = self.add_equity("SPY").symbol
        self.count = 0
        self.after_open = 0
        self.last_time = datetime.min
        self.ids = {"a": 0, "b": 0, "c": 0}
        date_rule = self.date_rules.every_day(self.spy)
        aapl = Symbol.create("AAPL", SecurityType.EQUITY, Market.USA)
        self.schedule.on(self.date_rules.week_start(aapl), self.time_rules.after_market_open(aapl), self.at_open)
        for i in range(2):
            self.schedule.on(date_rule, self.time_rules.at(9, 25), lambda i=i: self.check("a", i))
            self.schedule.on(date_rule, self.time_rules.before_market_close(self.spy, 5), lambda i=i: self.check("b", i))
            self.schedule.on(date_rule, self.time_rules.at(16, 5), lambda i=i: self.check("c", i))

    def check(self, key, i):
        if self.ids[key] != i:
            raise Exception(f"Scheduled event triggered out of order: {self.time} expected id {i}")
        self.ids[key] = (self.ids[key] + 1) % 2
        if self.last_time > self.time:
            raise Exception("Scheduled event time shouldn't go backwards")
        self.last_time = self.time
        self.count += 1

    def at_open(self):
        self.after_open += 1
        if (self.time.hour, self.time.minute) != (9, 30):
            raise Exception(f"AfterMarketOpen unexpected event time: {self.time}")

    def on_end_of_algorithm(self):
        if self.count != 28:
            raise Exception(f"expected 28 scheduled events but was {self.count}")
        if self.after_open != 1:
            raise Exception(f"expected one after-market-open event, got {self.after_open}")

    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings(self.spy, 1)
"""


BASIC_TEMPLATE_DAILY = """
class BasicTemplateDailyAlgorithm(QCAlgorithm):
    def Initialize(self):
        self.SetStartDate(2013, 10, 8)
        self.SetEndDate(2013, 10, 17)
        self.SetCash(100000)
        self.AddEquity("SPY", Resolution.Daily)

    def OnData(self, data):
        if not self.Portfolio.Invested:
            self.SetHoldings("SPY", 1)
            self.Debug("Purchased Stock")
"""

# Algorithm.CSharp/BasicTemplateDailyAlgorithm.cs, current LEAN (daily bars end at the 16:00 close,
# so the capacity estimate measures them as 6.5-hour bars, by their period).
BASIC_TEMPLATE_DAILY_EXPECTED = {
    "Total Orders": "1",
    "Compounding Annual Return": "424.375%",
    "Drawdown": "0.800%",
    "Start Equity": "100000",
    "End Equity": "104486.22",
    "Net Profit": "4.486%",
    "Probabilistic Sharpe Ratio": "96.710%",
    "Sharpe Ratio": "17.304",
    "Sortino Ratio": "35.217",
    "Alpha": "-0.249",
    "Beta": "1.015",
    "Annual Standard Deviation": "0.141",
    "Annual Variance": "0.02",
    "Information Ratio": "-19",
    "Tracking Error": "0.011",
    "Treynor Ratio": "2.403",
    "Total Fees": "$3.49",
    "Estimated Strategy Capacity": "$1200000000.00",
    "Lowest Capacity Asset": "SPY R735QTJ8XC9X",
    "Portfolio Turnover": "10.01%",
}


@pytest.fixture(scope="module")
def basic_template(tmp_path_factory, lean_data):
    return run(tmp_path_factory.mktemp("basic"), BASIC_TEMPLATE, lean_data)


@pytest.mark.parametrize("key", list(BASIC_TEMPLATE_EXPECTED))
def test_basic_template_statistic_matches_lean_exactly(basic_template, key):
    assert basic_template.error is None, basic_template.error
    assert basic_template.result["statistics"][key] == BASIC_TEMPLATE_EXPECTED[key]


def test_basic_template_orders_and_events(basic_template):
    result = basic_template.result
    orders = list(result["orders"].values())
    assert len(orders) == 1
    order = orders[0]
    assert (
        order["quantity"] == 688
        and order["status"] == 3
        and order["time"] == "2013-10-07T13:31:00Z"
    )
    statuses = [e["status"] for e in result["orderEvents"]]
    assert statuses == ["submitted", "filled"]
    assert (
        basic_template.logs[0]
        == "2013-10-07 00:00:00 numpy test >>> print numpy.pi: 3.141592653589793"
    )


def test_scheduled_events_order_regression(tmp_path, lean_data):
    outcome = run(tmp_path / "p", SCHEDULED_EVENTS_ORDER, lean_data)
    assert outcome.error is None, outcome.error
    stats = outcome.result["statistics"]
    for key in (
        "Total Orders",
        "Compounding Annual Return",
        "Drawdown",
        "End Equity",
        "Net Profit",
        "Sharpe Ratio",
        "Probabilistic Sharpe Ratio",
        "Beta",
        "Total Fees",
        "Portfolio Turnover",
        "Lowest Capacity Asset",
    ):
        assert stats[key] == BASIC_TEMPLATE_EXPECTED[key], key


@pytest.fixture(scope="module")
def basic_template_daily(tmp_path_factory, lean_data):
    return run(tmp_path_factory.mktemp("daily"), BASIC_TEMPLATE_DAILY, lean_data)


@pytest.mark.parametrize("key", list(BASIC_TEMPLATE_DAILY_EXPECTED))
def test_basic_template_daily_statistic_matches_lean_exactly(basic_template_daily, key):
    assert basic_template_daily.error is None, basic_template_daily.error
    assert basic_template_daily.result["statistics"][key] == BASIC_TEMPLATE_DAILY_EXPECTED[key]


def test_basic_template_daily_bar_timing(basic_template_daily):
    # the 10-07 bar ends at its 16:00 close, before the start, and is not emitted; the 10-08 bar
    # reaches on_data at 10-08 16:00: the order is sized on its close and, the market being closed,
    # becomes a market-on-open filled with the next bar (10-09, at its open price)
    assert basic_template_daily.logs[0] == "2013-10-08 16:00:00 Purchased Stock"
    order = next(iter(basic_template_daily.result["orders"].values()))
    assert order["quantity"] == 697 and order["type"] == 4
    assert order["lastFillTime"] == "2013-10-09T20:00:00Z"


ORDER_TICKET_ASSIGNMENT = """
class OrderTicketAssignmentDemoAlgorithm(QCAlgorithm):
    '''Port of LEAN's OrderTicketAssignmentDemoAlgorithm: a market order of 1 share on every
    consolidated hourly bar (the 16:00 one becomes a market-on-open that never fills).'''

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        self.symbol = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.trade_count = 0
        self.consolidate(self.symbol, timedelta(hours=1), self.hour_consolidator)

    def hour_consolidator(self, bar: TradeBar):
        self.ticket = self.market_order(self.symbol, 1, asynchronous=True)
        self.trade_count += 1

    def on_end_of_algorithm(self):
        if not self.portfolio.invested or self.trade_count != self.transactions.orders_count:
            raise Exception(f"Expected {self.trade_count} trades, had {self.transactions.orders_count}")
"""

# Algorithm.CSharp/OrderTicketAssignmentDemoAlgorithm.cs
ORDER_TICKET_ASSIGNMENT_EXPECTED = {
    "Total Orders": "35",
    "Compounding Annual Return": "3.632%",
    "Drawdown": "0.000%",
    "End Equity": "100045.62",
    "Net Profit": "0.046%",
    "Sharpe Ratio": "4.618",
    "Sortino Ratio": "13.697",
    "Probabilistic Sharpe Ratio": "67.022%",
    "Alpha": "-0.025",
    "Beta": "0.027",
    "Annual Standard Deviation": "0.006",
    "Annual Variance": "0",
    "Information Ratio": "-8.991",
    "Tracking Error": "0.217",
    "Treynor Ratio": "1.042",
    "Total Fees": "$34.00",
    "Estimated Strategy Capacity": "$36000000.00",
    "Lowest Capacity Asset": "SPY R735QTJ8XC9X",
    "Portfolio Turnover": "0.99%",
}


def test_order_ticket_assignment_statistics_match_lean(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ORDER_TICKET_ASSIGNMENT, lean_data)
    assert outcome.error is None, outcome.error
    stats = outcome.result["statistics"]
    mismatches = {
        k: (stats[k], v) for k, v in ORDER_TICKET_ASSIGNMENT_EXPECTED.items() if stats[k] != v
    }
    assert mismatches == {}


BASIC_TEMPLATE_DAILY_MIDNIGHT = BASIC_TEMPLATE_DAILY.replace(
    'self.AddEquity("SPY", Resolution.Daily)',
    'self.settings.daily_precise_end_time = False\n        self.AddEquity("SPY", Resolution.Daily)',
)


def test_daily_precise_end_time_off_gives_midnight_bars(tmp_path, lean_data):
    # opting out: the 10-07 bar ends at the 10-08 midnight, the start, and reaches on_data in the
    # first slice; the order is sized on the 10-07 close and fills at the 10-08 open, with the 10-08
    # bar (emitted at the 10-09 midnight)
    assert "daily_precise_end_time = False" in BASIC_TEMPLATE_DAILY_MIDNIGHT
    outcome = run(tmp_path, BASIC_TEMPLATE_DAILY_MIDNIGHT, lean_data)
    assert outcome.error is None, outcome.error
    assert outcome.logs[0] == "2013-10-08 00:00:00 Purchased Stock"
    order = next(iter(outcome.result["orders"].values()))
    assert order["quantity"] == 689 and order["type"] == 4
    assert order["lastFillTime"] == "2013-10-09T04:00:00Z"
