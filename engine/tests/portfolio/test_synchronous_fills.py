"""Order requests handled at once in a backtest (LEAN's Engine/TransactionHandlers/
BacktestingTransactionHandler.cs drains its request queue on the algorithm thread, and each handled
request is followed by a Brokerages/Backtesting/BacktestingBrokerage.cs Scan): a market order,
synchronous or not, is filled, with its events sent, before ``market_order`` returns; other order
types wait for the next data, as the scan skips orders placed at the current time."""

from __future__ import annotations

import textwrap

import pytest

from engine.api import run_backtest
from engine.data.demo import generate


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("syncfills")
    generate(out, "2024-03-04", "2024-03-06", ["SPY", "AAPL"], seed=5)
    return out


def run(tmp_path, demo, body: str) -> list[str]:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "main.py").write_text(
        "from AlgorithmImports import *\n" + textwrap.dedent(body), encoding="utf-8"
    )
    outcome = run_backtest(folder, data_dir=demo)
    assert outcome.error is None, (outcome.error, outcome.stacktrace)
    return [line.split(" ", 2)[2] for line in outcome.logs]


def test_holdings_and_events_are_there_when_market_order_returns(tmp_path, demo):
    logs = run(
        tmp_path,
        demo,
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 3, 4)
                self.set_end_date(2024, 3, 5)
                self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
                self.seen = []

            def on_data(self, data):
                if self.portfolio.invested or self.transactions.orders_count:
                    return
                self.seen.append("before")
                ticket = self.market_order(self.spy, 10)
                self.seen.append(f"after {ticket.status} {self.portfolio[self.spy].quantity}")
                self.log(" | ".join(self.seen))
                self.log(f"open {len(self.transactions.get_open_orders())} fill {ticket.average_fill_price == self.securities[self.spy].ask_price or ticket.average_fill_price == self.securities[self.spy].price}")

            def on_order_event(self, e):
                self.seen.append(f"{e.status} {self.portfolio[self.spy].quantity}")
        """,
    )
    # the submitted and filled events reach on_order_event inside market_order, the fill after
    # the portfolio has it
    assert logs[0] == "before | Submitted 0.0 | Filled 10.0 | after Filled 10.0"
    assert logs[1] == "open 0 fill True"


def test_asynchronous_market_orders_fill_at_once_limit_orders_wait(tmp_path, demo):
    logs = run(
        tmp_path,
        demo,
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 3, 4)
                self.set_end_date(2024, 3, 5)
                self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
                self.done = False

            def on_data(self, data):
                if self.done:
                    return
                self.done = True
                a = self.market_order(self.spy, 100, asynchronous=True)
                b = self.market_order(self.spy, -40, asynchronous=False)
                price = self.securities[self.spy].price
                # marketable at once, yet filled no sooner than the next data
                c = self.limit_order(self.spy, 10, price * 1.05, asynchronous=True)
                self.log(f"{a.status} {b.status} {c.status} {self.portfolio[self.spy].quantity}")
                self.set_holdings(self.spy, 0.1, asynchronous=True)
                value = self.portfolio[self.spy].holdings_value / self.portfolio.total_portfolio_value
                self.log(f"weight {round(value, 2)} open {len(self.transactions.get_open_orders())}")
                self.c = c

            def on_end_of_algorithm(self):
                self.log(f"limit {self.c.status} later {self.c.order_events[-1].utc_time > self.c.order_events[0].utc_time}")
        """,
    )
    assert logs[0] == "Filled Filled Submitted 60.0"
    assert logs[1] == "weight 0.1 open 1"
    assert logs[2] == "limit Filled later True"


def test_set_holdings_targets_sell_before_they_buy(tmp_path, demo):
    # the sale of one target is filled before the next target's purchase is checked for
    # buying power, so the cash it frees can pay for it
    logs = run(
        tmp_path,
        demo,
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 3, 4)
                self.set_end_date(2024, 3, 5)
                self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
                self.aapl = self.add_equity("AAPL", Resolution.MINUTE).symbol
                self.step = 0

            def on_data(self, data):
                self.step += 1
                if self.step == 1:
                    self.set_holdings(self.spy, 1.0)
                elif self.step == 2:
                    self.set_holdings([PortfolioTarget(self.spy, 0.0), PortfolioTarget(self.aapl, 0.95)])
                    self.log(f"{self.portfolio[self.spy].quantity} {self.portfolio[self.aapl].invested} "
                             f"{[str(t.status) for t in self.transactions.get_order_tickets()]}")
        """,
    )
    assert logs[0] == "0.0 True ['Filled', 'Filled', 'Filled']"
