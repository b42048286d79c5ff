"""Pre-order checks, handler validation, buying power, ticket updates/cancels and their event sequences."""

from __future__ import annotations

from engine.model.enums import OrderResponseErrorCode as E
from engine.model.enums import OrderStatus
from engine.model.orders import UpdateOrderFields
from engine.portfolio.tickets import OrderField
from engine.tests.portfolio.harness import Harness


def setup():
    h = Harness()
    spy = h.add_equity("SPY", quotes=False)
    h.at("2013-10-07 10:00")
    h.bar(spy, 100, 100, 100, 100)
    return h, spy


def code(ticket) -> int:
    return int(ticket.submit_request.response.error_code)


# ------------------------------------------------------------------------- pre-order checks (no order created)
def test_warming_up() -> None:
    h, spy = setup()
    h.is_warming_up = True
    t = h.market_order("SPY", 1)
    assert code(t) == E.ALGORITHM_WARMING_UP and t.status == OrderStatus.INVALID
    assert h.transactions.orders_count == 0


def test_missing_security_zero_quantity_and_lot_size() -> None:
    h, spy = setup()
    assert code(h.limit_order("QQQ", 1, 10)) == E.MISSING_SECURITY
    assert code(h.market_order("SPY", 0)) == E.ORDER_QUANTITY_ZERO
    assert code(h.market_order("SPY", 0.5)) == E.ORDER_QUANTITY_LESS_THAN_LOT_SIZE
    assert h.transactions.orders_count == 0
    assert any("less than lot size (1)" in log for log in h.logs)


def test_non_tradable_price_zero_and_no_data() -> None:
    h, spy = setup()
    spy.is_tradable = False
    assert code(h.market_order("SPY", 1)) == E.NON_TRADABLE_SECURITY
    h.add_equity("IBM", quotes=False)
    assert code(h.market_order("IBM", 1)) == E.SECURITY_PRICE_ZERO
    assert "asset price is $0" in h.logs[-1]


def test_exceeded_maximum_orders() -> None:
    h, spy = setup()
    h.set_maximum_orders(1)
    h.market_order("SPY", 1)
    h.market_order("SPY", 1)
    assert code(h.market_order("SPY", 1)) == E.EXCEEDED_MAXIMUM_ORDERS


def test_market_on_close_too_late_message() -> None:
    h, spy = setup()
    h.at("2013-10-07 15:45")
    t = h.market_on_close_order("SPY", 1)
    assert code(t) == E.MARKET_ON_CLOSE_ORDER_TOO_LATE
    assert "00:15:30" in t.submit_request.response.error_message


# ------------------------------------------------------------------------- handler validation (order counted)
def test_insufficient_buying_power_at_submission_is_invalid_and_counted() -> None:
    h, spy = setup()
    t = h.market_order("SPY", 2500)  # 250,000 > 2x leverage on 100,000
    assert t.status == OrderStatus.INVALID
    assert code(t) == E.INSUFFICIENT_BUYING_POWER
    assert h.transactions.orders_count == 1
    assert h.statuses(t.order_id) == ["Invalid"]
    msg = h.events[-1].message
    assert msg.startswith(
        "Order Error: id: 1, Insufficient buying power to complete order (Value:250000), Reason: Id: 1,"
    )
    assert "Initial Margin: 125012.5, Free Margin: 100000" in msg


def test_closing_an_existing_position_is_always_allowed() -> None:
    h, spy = setup()
    h.market_order("SPY", 1900)
    h.step()
    h.at("2013-10-07 10:01")
    h.bar(spy, 50, 50, 50, 50)  # large loss, margin exhausted
    t = h.market_order("SPY", -1900)
    # accepted, then filled at once by the backtesting brokerage's scan
    assert h.statuses(t.order_id) == ["Submitted", "Filled"]
    assert not h.portfolio.invested


def test_reversal_uses_the_freed_margin() -> None:
    h, spy = setup()
    h.market_order("SPY", 1000)
    h.step()
    t = h.limit_order("SPY", -2900, 100.0)  # sell 1000 + short 1900
    assert t.status == OrderStatus.SUBMITTED
    t2 = h.limit_order("SPY", -3000, 100.0)
    assert t2.status == OrderStatus.INVALID  # 150,015 initial margin > 149,999 free


def test_buying_power_is_rechecked_at_fill_time() -> None:
    h, spy = setup()
    t = h.limit_order("SPY", 1500, 100.0)
    assert t.status == OrderStatus.SUBMITTED
    h.market_order("SPY", 1000)
    h.step()
    h.at("2013-10-07 10:01")
    h.bar(spy, 99, 99, 99, 99)
    h.step()
    assert t.status == OrderStatus.INVALID
    assert h.events[-1].message.startswith("Insufficient buying power to complete order")


def test_lot_rounding_in_the_handler_uses_the_lot_size() -> None:
    h, spy = setup()
    t = h.market_order("SPY", 10.7)
    assert h.transactions.get_order_by_id(t.order_id).quantity == 10


# ------------------------------------------------------------------------- updates and cancels
def test_update_limit_price_quantity_and_tag_then_fill() -> None:
    h, spy = setup()
    t = h.limit_order("SPY", 10, 90.0, tag="first")
    r = t.update(UpdateOrderFields(limit_price=95.0, quantity=20, tag="second"))
    assert r.is_success
    assert t.get(OrderField.LIMIT_PRICE) == 95.0 and t.quantity == 20 and t.tag == "second"
    r2 = t.update_limit_price(99.5)
    assert r2.is_success
    h.at("2013-10-07 10:01")
    h.bar(spy, 100, 100, 99, 99.2)
    h.step()
    assert h.statuses(t.order_id) == ["Submitted", "UpdateSubmitted", "UpdateSubmitted", "Filled"]
    assert t.quantity_filled == 20 and t.average_fill_price == 99.5
    assert [e.limit_price for e in t.order_events] == [90.0, 95.0, 99.5, 99.5]


def test_cancel_sequence_and_duplicate_cancel() -> None:
    h, spy = setup()
    t = h.limit_order("SPY", 10, 90.0)
    r = t.cancel("bye")
    assert r.is_success
    assert h.statuses(t.order_id) == ["Submitted", "CancelPending", "Canceled"]
    assert t.tag == "bye"
    again = t.cancel()
    assert again.error_code == E.REQUEST_CANCELED


def test_update_and_cancel_of_closed_orders() -> None:
    h, spy = setup()
    t = h.market_order("SPY", 10)
    h.step()
    r = t.update_quantity(5)
    assert r.error_code == E.INVALID_ORDER_STATUS
    assert t.update_tag("note").is_success  # tag-only updates are allowed on closed orders
    assert h.transactions.get_order_by_id(t.order_id).tag == "note"
    c = t.cancel()
    assert c.error_code == E.INVALID_ORDER_STATUS


def test_update_to_zero_quantity_and_during_warm_up() -> None:
    h, spy = setup()
    t = h.limit_order("SPY", 10, 90.0)
    assert t.update_quantity(0).error_code == E.ORDER_QUANTITY_ZERO
    h.is_warming_up = True
    assert t.update_limit_price(91).error_code == E.ALGORITHM_WARMING_UP


def test_update_that_exceeds_buying_power_fails_and_keeps_the_order() -> None:
    h, spy = setup()
    t = h.limit_order("SPY", 10, 90.0)
    r = t.update_quantity(5000)
    assert r.error_code == E.BROKERAGE_FAILED_TO_UPDATE_ORDER
    assert t.quantity == 10 and t.status == OrderStatus.SUBMITTED


def test_a_market_order_is_filled_before_it_can_be_cancelled() -> None:
    # LEAN's BacktestingTransactionHandler handles the submission and scans the brokerage before
    # market_order returns: the ticket is already closed
    h, spy = setup()
    t = h.market_order("SPY", 10)
    assert t.cancel().error_code == E.INVALID_ORDER_STATUS
    assert t.status == OrderStatus.FILLED and h.portfolio["SPY"].quantity == 10


def test_cancel_limit_order_in_the_same_step() -> None:
    h, spy = setup()
    t = h.limit_order("SPY", 10, 100.0)
    assert t.cancel().is_success
    h.step()
    assert t.status == OrderStatus.CANCELED and not h.portfolio.invested


def test_transaction_manager_queries() -> None:
    h, spy = setup()
    a = h.limit_order("SPY", 10, 90.0)
    b = h.limit_order("SPY", 10, 80.0)
    m = h.market_order("SPY", 10)  # filled at once
    assert len(h.transactions.get_open_orders()) == 2
    assert len(h.transactions.get_open_orders("SPY")) == 2
    assert m.order_id not in [o.id for o in h.transactions.get_open_orders()]
    assert h.transactions.get_order_ticket(a.order_id) is a
    h.step()
    assert [o.id for o in h.transactions.get_open_orders(spy.symbol)] == [a.order_id, b.order_id]
    assert [t.order_id for t in h.transactions.get_open_order_tickets()] == [a.order_id, b.order_id]
    cancelled = h.transactions.cancel_open_orders("SPY")
    assert [t.order_id for t in cancelled] == [a.order_id, b.order_id]
    assert h.transactions.orders_count == 3
    assert len(h.transactions.get_orders()) == 3
    assert h.transactions.get_order_by_id(99) is None
