"""Option strategies on LEAN's sample data (GOOG, 2015-12-24): ``order(strategy, q)`` places one
combo market order of the legs; the portfolio margins a matched strategy as a whole (a call
butterfly needs no margin, a bear call spread its strike difference), unless grouping is turned
off with ``SecurityPositionGroupModel.NULL``."""

from __future__ import annotations

import pytest
from helpers import debug_lines, run

STRATEGY = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 24)
        self.set_cash(100000)
        GROUPING
        self.add_equity("GOOG")
        option = self.add_option("GOOG")
        self.canonical = option.symbol
        option.set_filter(lambda u: u.standards_only().strikes(-2, 2).expiration(0, 180))
        self.done = False

    def on_data(self, data):
        chain = data.option_chains.get(self.canonical)
        if self.done or chain is None:
            return
        self.done = True
        calls = [c for c in chain if c.right == OptionRight.CALL]
        expiry = min(c.expiry for c in calls)
        calls = sorted((c for c in calls if c.expiry == expiry), key=lambda c: c.strike)
        low, middle, high = calls[0].strike, calls[1].strike, calls[2].strike
        STRATEGY_ORDER
        for ticket in tickets:
            self.debug(f"ticket {ticket.order_type} {ticket.symbol} {ticket.quantity:g} {ticket.status}")
        self.debug(f"margin {self.portfolio.total_margin_used:.2f} strikes {low} {middle} {high}")
"""

BUTTERFLY = "tickets = self.order(OptionStrategies.call_butterfly(self.canonical, high, middle, low, expiry), 10)"
BULL = (
    "tickets = self.buy(OptionStrategies.bull_call_spread(self.canonical, low, middle, expiry), 2)"
)
BEAR = (
    "tickets = self.buy(OptionStrategies.bear_call_spread(self.canonical, low, middle, expiry), 2)"
)
NO_GROUPS = "self.portfolio.set_positions(SecurityPositionGroupModel.NULL)"


def _source(order: str, grouping: str = "") -> str:
    return STRATEGY.replace("STRATEGY_ORDER", order).replace("GROUPING", grouping or "pass")


def _lines(outcome) -> list[str]:
    return [line.split(" ", 2)[2] for line in debug_lines(outcome)]


def test_a_butterfly_is_margined_as_a_butterfly(tmp_path, lean_data):
    outcome = run(tmp_path / "p", _source(BUTTERFLY), lean_data)
    assert outcome.error is None, outcome.error
    lines = _lines(outcome)
    tickets = [line for line in lines if line.startswith("ticket ")]
    assert tickets == [
        "ticket ComboMarket GOOG  160115C00750000 10 Filled",
        "ticket ComboMarket GOOG  160115C00747500 -20 Filled",
        "ticket ComboMarket GOOG  160115C00745000 10 Filled",
    ]
    # a long butterfly's margin is nothing (the naked short calls alone would need ~$330,000)
    assert "margin 0.00 strikes 745.0 747.5 750.0" in lines
    statistics = outcome.result["statistics"]
    assert statistics["Total Orders"] == "3"
    # IB: $0.65 a contract (10 + 20 + 10 contracts)
    assert statistics["Total Fees"] == "$26.00"


def test_without_position_groups_the_naked_legs_are_refused_together(tmp_path, lean_data):
    outcome = run(tmp_path / "p", _source(BUTTERFLY, NO_GROUPS), lean_data)
    assert outcome.error is None, outcome.error
    tickets = [line for line in _lines(outcome) if line.startswith("ticket ")]
    assert [line.rsplit(" ", 1)[1] for line in tickets] == ["Invalid"] * 3
    errors = [line for line in outcome.logs if "ERROR::" in line]
    assert any(
        "Order Error: ids: [1,2,3], Insufficient buying power to complete orders" in line
        for line in errors
    ), errors


@pytest.mark.parametrize(
    ("order", "grouping", "margin"),
    [
        # the bear call spread's short lower strike: (747.5 - 745) x 100 shares x 2 spreads
        (BEAR, "", 500.0),
        # a bull call spread is paid for: no margin (LEAN takes max(long - short strike, 0))
        (BULL, "", 0.0),
        # margined alone, the short call needs far more than the spread
        (BEAR, NO_GROUPS, None),
    ],
)
def test_a_call_spread_reserves_its_strike_difference(tmp_path, lean_data, order, grouping, margin):
    outcome = run(tmp_path / "p", _source(order, grouping), lean_data)
    assert outcome.error is None, outcome.error
    line = next(line for line in _lines(outcome) if line.startswith("margin "))
    used = float(line.split()[1])
    if margin is not None:
        assert used == margin
    else:
        assert used > 10 * 500.0
