"""Combo orders (LEAN's Algorithm/QCAlgorithm.Trading.cs SubmitComboOrder, Common/Orders/Fills/
FillModel.cs combo fills, Brokerages/Backtesting/BacktestingBrokerage.cs Scan): the legs of a
group fill together, a combo limit waits for the combo price, leg limits for every leg, and a
user fill model gets every leg in ``securities_for_orders``."""

from __future__ import annotations

import textwrap

import pytest

from engine.algorithm.imports import GroupOrderManager, Leg
from engine.api import run_backtest
from engine.data.demo import generate


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("combo")
    generate(out, "2024-03-04", "2024-03-08", ["SPY", "AAPL"], seed=3)
    return out


def run(tmp_path, demo, body: str) -> str:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "main.py").write_text(
        "from AlgorithmImports import *\n" + textwrap.dedent(body), encoding="utf-8"
    )
    outcome = run_backtest(folder, data_dir=demo)
    assert outcome.error is None, (outcome.error, outcome.stacktrace)
    return "\n".join(outcome.logs)


def test_leg_and_group_order_manager():
    leg = Leg.create("SPY", -2, 101.5)
    assert (leg.symbol, leg.quantity, leg.order_price) == ("SPY", -2, 101.5)
    assert Leg.create("SPY", 1).order_price is None
    manager = GroupOrderManager(1, 2, -10, 5.0)
    assert int(manager.direction) == 1 and manager.absolute_quantity == 10  # SELL


def test_combo_orders_fill_their_legs_together(tmp_path, demo):
    logs = run(
        tmp_path,
        demo,
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 3, 4)
                self.set_end_date(2024, 3, 8)
                self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
                self.aapl = self.add_equity("AAPL", Resolution.MINUTE).symbol
                self.fills = []
                self.sent = False

            def on_data(self, data):
                if self.sent:
                    return
                self.sent = True
                legs = [Leg.create(self.spy, 1), Leg.create(self.aapl, -2)]
                self.market = self.combo_market_order(legs, 10)
                # a buy combo whose price (per 100 shares) can never be under -1000
                self.never = self.combo_limit_order(legs, 10, -1000)
                spy, aapl = self.securities[self.spy].price, self.securities[self.aapl].price
                self.leg_limit = self.combo_leg_limit_order(
                    [Leg.create(self.spy, 1, spy * 2), Leg.create(self.aapl, -1, aapl / 2)], 5)

            def on_order_event(self, e):
                if e.status == OrderStatus.FILLED:
                    order = self.transactions.get_order_by_id(e.order_id)
                    self.fills.append((str(order.type), e.symbol.value, e.fill_quantity, str(e.utc_time)))

            def on_end_of_algorithm(self):
                market = [f for f in self.fills if f[0] == "ComboMarket"]
                self.log(f"market {[(s, q) for _, s, q, _ in market]} same time {len({t for *_, t in market}) == 1}")
                self.log(f"manager {self.market[0].order.group_order_manager.order_ids}")
                self.log(f"never {[str(t.status) for t in self.never]}")
                leg = [f for f in self.fills if f[0] == "ComboLegLimit"]
                self.log(f"leg limit {[(s, q) for _, s, q, _ in leg]}")
                self.log(f"holdings {self.portfolio[self.spy].quantity} {self.portfolio[self.aapl].quantity}")
        """,
    )
    assert "market [('SPY', 10.0), ('AAPL', -20.0)] same time True" in logs
    assert "manager [1, 2]" in logs
    assert "never ['Submitted', 'Submitted']" in logs
    # a buy leg limited at twice the price and a sell leg at half fill at once, at their limits
    assert "leg limit [('SPY', 5.0), ('AAPL', -5.0)]" in logs
    assert "holdings 15.0 -25.0" in logs


def test_a_user_fill_model_fills_the_group_for_each_open_leg(tmp_path, demo):
    logs = run(
        tmp_path,
        demo,
        """
        class Partial(FillModel):
            def combo_market_fill(self, order, parameters):
                fills = super().combo_market_fill(order, parameters)
                for kvp, fill in zip(parameters.securities_for_orders, fills):
                    left = abs(kvp.key.quantity) - abs(self.done.get(kvp.key.id, 0))
                    step = min(3, left)
                    fill.fill_quantity = step if kvp.key.quantity > 0 else -step
                    self.done[kvp.key.id] = self.done.get(kvp.key.id, 0) + step
                    fill.status = OrderStatus.FILLED if step == left else OrderStatus.PARTIALLY_FILLED
                return fills

        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 3, 4)
                self.set_end_date(2024, 3, 5)
                self.spy = self.add_equity("SPY", Resolution.MINUTE)
                self.aapl = self.add_equity("AAPL", Resolution.MINUTE)
                model = Partial()
                model.done = {}
                self.spy.set_fill_model(model)
                self.aapl.set_fill_model(model)
                self.times = {}
                self.sent = False

            def on_data(self, data):
                if not self.sent:
                    self.sent = True
                    self.combo_market_order([Leg.create(self.spy.symbol, 1), Leg.create(self.aapl.symbol, -1)], 9)

            def on_order_event(self, e):
                if e.fill_quantity:
                    self.times.setdefault(str(e.utc_time), []).append(e.fill_quantity)

            def on_end_of_algorithm(self):
                self.log(f"steps {list(self.times.values())}")
        """,
    )
    # two legs: the scan after the second leg's submission fills the group twice (once per open
    # leg), 3 shares a leg a call; the scan after on_data completes it in the same step
    assert "steps [[3.0, -3.0, 3.0, -3.0, 3.0, -3.0]]" in logs
