"""Combo (grouped) orders: ``Leg`` and ``GroupOrderManager`` (LEAN's Common/Orders/Leg.cs and
GroupOrderManager.cs), and the order -> security mapping a fill model gets for a group
(``FillModelParameters.securities_for_orders``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from engine.model.enums import OrderDirection


@dataclass
class Leg:
    """One leg of a combo order: the symbol, its ratio to the combo quantity and, for combo leg
    limit orders, its own limit price."""

    symbol: Any
    quantity: float
    order_price: float | None = None

    @staticmethod
    def create(symbol: Any, quantity: float, limit_price: float | None = None) -> Leg:
        return Leg(symbol, quantity, limit_price)

    Create = create
    Symbol = property(lambda self: self.symbol)
    Quantity = property(lambda self: self.quantity)
    OrderPrice = property(lambda self: self.order_price)


@dataclass(eq=False)
class GroupOrderManager:
    """The legs of one combo order: their order ids (in submission order), how many legs there
    are, the combo quantity (its sign is the combo's direction) and the combo limit price."""

    id: int
    count: int
    quantity: float
    limit_price: float = 0.0
    order_ids: list[int] = field(default_factory=list)

    @property
    def direction(self) -> OrderDirection:
        return OrderDirection.BUY if self.quantity > 0 else OrderDirection.SELL

    @property
    def absolute_quantity(self) -> float:
        return abs(self.quantity)

    Id = property(lambda self: self.id)
    Count = property(lambda self: self.count)
    Quantity = property(lambda self: self.quantity)
    LimitPrice = property(lambda self: self.limit_price)
    OrderIds = property(lambda self: self.order_ids)
    Direction = property(lambda self: self.direction)


def order_leg_ratio(quantity: float, manager: GroupOrderManager) -> float:
    """LEAN's ``GetOrderLegRatio``: a leg order's quantity per unit of the combo quantity."""
    return quantity / manager.quantity if manager is not None else quantity


@dataclass(frozen=True)
class KeyValuePair:
    key: Any
    value: Any

    Key = property(lambda self: self.key)
    Value = property(lambda self: self.value)


class SecuritiesForOrders:
    """A combo's orders and their securities, ordered by order id. Iterating yields key/value
    pairs (``kvp.key`` the order, ``kvp.value`` the security), as iterating LEAN's
    ``Dictionary<Order, Security>`` does from Python."""

    def __init__(self, pairs: list[tuple[Any, Any]] | None = None) -> None:
        self._pairs = sorted(pairs or [], key=lambda p: p[0].id)

    def __iter__(self) -> Iterator[KeyValuePair]:
        return (KeyValuePair(order, security) for order, security in self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __bool__(self) -> bool:
        return bool(self._pairs)

    def __getitem__(self, order: Any) -> Any:
        for key, security in self._pairs:
            if key is order or key.id == getattr(order, "id", order):
                return security
        raise KeyError(order)

    def items(self) -> list[tuple[Any, Any]]:
        return list(self._pairs)

    def keys(self) -> list[Any]:
        return [order for order, _ in self._pairs]

    def values(self) -> list[Any]:
        return [security for _, security in self._pairs]

    count = property(__len__)
    Count = count
    Keys = property(keys)
    Values = property(values)
