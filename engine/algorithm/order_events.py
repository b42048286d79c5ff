"""``OrderEvent`` as user code builds it (a custom exercise or fill model): LEAN's constructors
``OrderEvent(order_id, symbol, utc_time, status, direction, fill_price, fill_quantity,
order_fee, message="")`` and ``OrderEvent(order, utc_time, order_fee, message="")``, besides the
engine's keywords."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from engine.model.orders import Order, OrderEvent
from engine.model.symbol import Symbol


def _fee_amount(fee: Any) -> tuple[float, str]:
    value = getattr(fee, "value", None)
    if value is not None and hasattr(value, "amount"):
        return float(value.amount), str(getattr(value, "currency", "USD") or "USD")
    return float(fee or 0.0), "USD"


def _utc(when: Any) -> Any:
    if isinstance(when, datetime) and when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when


class LeanOrderEvent(OrderEvent):
    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args and isinstance(args[0], Order):
            order, when, fee, *rest = (*args, None, None)[:4]
            amount, currency = _fee_amount(fee)
            OrderEvent.__init__(
                self,
                order.id,
                0,
                order.symbol,
                _utc(when),
                order.status,
                order.direction,
                order_fee=amount,
                order_fee_currency=currency,
                message=str(rest[0] or "") if rest else "",
                quantity=order.quantity,
            )
            return
        if len(args) >= 5 and isinstance(args[1], Symbol):
            names = ("fill_price", "fill_quantity", "order_fee", "message")
            values = dict(zip(names, args[5:], strict=False))
            values.update(kwargs)
            amount, currency = _fee_amount(values.get("order_fee"))
            OrderEvent.__init__(
                self,
                int(args[0]),
                0,
                args[1],
                _utc(args[2]),
                args[3],
                args[4],
                fill_price=float(values.get("fill_price", 0.0) or 0.0),
                fill_quantity=float(values.get("fill_quantity", 0.0) or 0.0),
                order_fee=amount,
                order_fee_currency=currency,
                message=str(values.get("message", "") or ""),
            )
            return
        OrderEvent.__init__(self, *args, **kwargs)
