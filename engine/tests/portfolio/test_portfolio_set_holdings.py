"""set_holdings / calculate_order_quantity / liquidate against LEAN's numbers."""

from __future__ import annotations

import pytest

from engine.model.enums import OrderStatus, OrderType
from engine.portfolio.trading import PortfolioTarget
from engine.tests.portfolio.harness import Harness

SPY_FACTOR = 0.8646266  # factor_files/spy.csv row 20131219, applied to 2013-10-07


def basic_template() -> tuple[Harness, object]:
    h = Harness()
    spy = h.add_equity("SPY")
    # SPY 2013-10-07 09:30-09:31 (raw 167.43/167.52/167.41/167.44, ask close 167.45), adjusted
    h.bar(
        spy,
        167.43 * SPY_FACTOR,
        167.52 * SPY_FACTOR,
        167.41 * SPY_FACTOR,
        167.44 * SPY_FACTOR,
        816453,
    )
    h.quote(spy, 167.44 * SPY_FACTOR, 167.45 * SPY_FACTOR)
    return h, spy


def test_basic_template_algorithm_buys_688_shares_for_3_44_fees() -> None:
    h, spy = basic_template()
    h.set_holdings("SPY", 1)
    h.step()
    assert h.portfolio["SPY"].quantity == 688
    assert h.portfolio.total_fees == pytest.approx(3.44)
    assert h.transactions.orders_count == 1
    fill = h.events[-1]
    assert fill.status == OrderStatus.FILLED
    assert fill.fill_price == pytest.approx(167.45 * SPY_FACTOR)  # ask close
    assert h.portfolio.cash == pytest.approx(100000 - 688 * 167.45 * SPY_FACTOR - 3.44)


def test_calculate_order_quantity_is_fee_aware_and_uses_the_buffer() -> None:
    h, spy = basic_template()
    assert h.calculate_order_quantity("SPY", 1.0) == 688
    assert h.calculate_order_quantity(spy.symbol, 0.5) == 344
    assert h.calculate_order_quantity("SPY", -0.5) == -344
    h.settings.free_portfolio_value_percentage = 0.0
    assert h.calculate_order_quantity("SPY", 1.0) == 690


def test_short_target_rounds_toward_zero_in_absolute_value() -> None:
    h, spy = basic_template()
    q = h.calculate_order_quantity("SPY", -1.0)
    assert q < 0
    assert abs(q) * spy.price <= 100000 * 0.9975


def test_set_holdings_twice_only_tops_up_and_skips_tiny_changes() -> None:
    h, spy = basic_template()
    h.set_holdings("SPY", 1)
    h.step()
    n = h.transactions.orders_count
    h.set_holdings("SPY", 1)  # delta below 0.1% of TPV: no order, one debug line
    assert h.transactions.orders_count == n
    assert any("minimum" in log for log in h.logs)


def test_set_holdings_nets_pending_market_orders() -> None:
    h, spy = basic_template()
    h.set_holdings("SPY", 0.5)
    h.set_holdings("SPY", 0.5)  # the first order has not filled yet
    assert h.transactions.orders_count == 1


def test_set_holdings_targets_reduce_first_then_by_value() -> None:
    h = Harness()
    spy = h.add_equity("SPY")
    ibm = h.add_equity("IBM")
    aig = h.add_equity("AIG")
    for sec, p in ((spy, 100.0), (ibm, 50.0), (aig, 20.0)):
        h.bar(sec, p, p, p, p)
        h.quote(sec, p, p)
    h.market_order("AIG", 1000)
    h.step()
    h.set_holdings(
        [PortfolioTarget("SPY", 0.2), PortfolioTarget("IBM", 0.5), PortfolioTarget("AIG", 0.0)]
    )
    orders = h.transactions.get_orders()[1:]
    assert [o.symbol.value for o in orders] == ["AIG", "IBM", "SPY"]
    assert orders[0].quantity == -1000


def test_liquidate_cancels_open_orders_and_closes_with_tag() -> None:
    h, spy = basic_template()
    h.market_order("SPY", 10)
    h.step()
    limit = h.limit_order("SPY", 5, 100.0)
    tickets = h.liquidate()
    assert limit.status == OrderStatus.CANCELED
    assert len(tickets) == 1
    assert tickets[0].quantity == -10
    assert tickets[0].tag == "Liquidated"
    h.step()
    assert not h.portfolio.invested


def test_set_holdings_when_market_closed_sends_market_on_open() -> None:
    h, spy = basic_template()
    h.at("2013-10-07 16:00")
    h.bar(spy, 150, 150, 150, 150)
    h.set_holdings("SPY", 0.5)
    assert h.transactions.get_orders()[0].type == OrderType.MARKET_ON_OPEN
