"""Updates of combo limit orders (LEAN's ComboLimitOrder/ComboLegLimitOrder
ApplyUpdateOrderRequest), ConstantBuyingPowerModel, BuyingPowerModel.NULL and OrderExtensions,
on generated minute data."""

from __future__ import annotations

import pytest

from engine.data.demo import generate
from engine.model.enums import OrderStatus, OrderType
from engine.model.order_extensions import OrderExtensions
from engine.tests.runner.helpers import debug_lines
from engine.tests.runner.helpers import run as run_project


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("combo-updates")
    generate(out, "2024-03-04", "2024-03-05", ["SPY", "AAPL"], seed=5)
    return out


def run(tmp_path, demo, body: str) -> list[str]:
    outcome = run_project(tmp_path / "p", body, demo)
    assert outcome.error is None, (outcome.error, outcome.stacktrace)
    return [line.split(" ", 2)[2] for line in debug_lines(outcome)]


def test_updating_a_combo_limit_moves_the_limit_of_every_leg(tmp_path, demo):
    lines = run(
        tmp_path,
        demo,
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 3, 4)
                self.set_end_date(2024, 3, 5)
                self.spy = self.add_equity("SPY").symbol
                self.aapl = self.add_equity("AAPL").symbol
                self.tickets = None

            def on_data(self, data):
                if self.tickets is None:
                    legs = [Leg.create(self.spy, 1), Leg.create(self.aapl, -1)]
                    # a buy combo far under the market: it rests
                    self.tickets = self.combo_limit_order(legs, 10, -1000.0)
                    fields = UpdateOrderFields()
                    fields.limit_price = -999.5
                    self.tickets[1].update(fields)
                    self.debug("limits " + " ".join(f"{t.get(OrderField.LIMIT_PRICE):g}" for t in self.tickets))
                    self.debug(f"open {OrderExtensions.is_open(self.tickets[0].status)}")
                elif self.tickets[0].status != OrderStatus.FILLED and self.time.hour == 10:
                    fields = UpdateOrderFields()
                    fields.limit_price = 1000.0
                    self.tickets[0].update(fields)

            def on_end_of_algorithm(self):
                self.debug("end " + " ".join(str(t.status) for t in self.tickets))
        """,
    )
    assert "limits -999.5 -999.5" in lines
    assert "open True" in lines
    assert "end Filled Filled" in lines


def test_updating_a_combo_leg_limit_moves_that_leg_only(tmp_path, demo):
    lines = run(
        tmp_path,
        demo,
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 3, 4)
                self.set_end_date(2024, 3, 4)
                self.spy = self.add_equity("SPY").symbol
                self.aapl = self.add_equity("AAPL").symbol
                self.tickets = None

            def on_data(self, data):
                if self.tickets is None:
                    legs = [Leg.create(self.spy, 1, 1.0), Leg.create(self.aapl, 1, 1.0)]
                    self.tickets = self.combo_leg_limit_order(legs, 5)
                    fields = UpdateOrderFields()
                    fields.limit_price = 2.5
                    self.tickets[0].update(fields)
                    self.debug("limits " + " ".join(f"{t.get(OrderField.LIMIT_PRICE):g}" for t in self.tickets))
        """,
    )
    assert "limits 2.5 1" in lines


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("ConstantBuyingPowerModel(2)", "margin 20.00 Filled"),
        ("BuyingPowerModel.NULL", "margin 0.00 Filled"),
    ],
)
def test_margin_set_aside_by_constant_and_null_models(tmp_path, demo, model, expected):
    lines = run(
        tmp_path,
        demo,
        f"""
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 3, 4)
                self.set_end_date(2024, 3, 4)
                self.set_cash(1000)
                self.set_security_initializer(lambda s: s.set_buying_power_model({model}))
                self.spy = self.add_equity("SPY").symbol
                self.done = False

            def on_data(self, data):
                if not self.done:
                    self.done = True
                    # ten shares cost more than the cash: only the models' own margin counts
                    ticket = self.market_order(self.spy, 10)
                    self.debug(f"margin {{self.portfolio.total_margin_used:.2f}} {{ticket.status}}")
        """,
    )
    assert expected in lines


def test_order_extensions_classify_statuses_and_types():
    assert OrderExtensions.is_closed(OrderStatus.CANCELED)
    assert OrderExtensions.is_open(OrderStatus.SUBMITTED)
    assert OrderExtensions.is_fill(OrderStatus.PARTIALLY_FILLED)
    assert not OrderExtensions.is_fill(OrderStatus.SUBMITTED)
    assert OrderExtensions.is_limit_order(OrderType.STOP_LIMIT)
    assert OrderExtensions.is_stop_order(OrderType.TRAILING_STOP)
    assert not OrderExtensions.is_stop_order(OrderType.LIMIT)
