"""Indexes and index options, as LEAN's Common/Securities/Index/Index.cs and
Common/Securities/IndexOption/IndexOption.cs.

An index is priced like an equity but is not tradable unless the algorithm sets
``is_tradable = True`` itself (LEAN remembers that choice, so re-adding the index keeps it). An
index option is a European option settled in cash: at exercise no index is delivered, the
intrinsic value is paid (Common/Securities/Option/OptionPortfolioModel.cs).
"""

from __future__ import annotations

from typing import Any

from engine.model.enums import SecurityType
from engine.portfolio.option import Option
from engine.portfolio.security import Security

#: LEAN's SettlementType names (Common/Securities/Option/SettlementType.cs) as the option
#: security stores them
PHYSICAL_DELIVERY = "physical"
CASH = "cash"


class Index(Security):
    """An index: untradable by default (LEAN's ``IsTradable = false`` in the constructor)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._is_tradable = False
        self.manual_set_is_tradable = False

    @property
    def is_tradable(self) -> bool:
        return self._is_tradable

    @is_tradable.setter
    def is_tradable(self, value: bool) -> None:
        # the algorithm's own ``is_tradable = True`` is remembered (LEAN's ManualSetIsTradable)
        if value:
            self.manual_set_is_tradable = True
        self._is_tradable = bool(value)

    IsTradable = is_tradable


class IndexOption(Option):
    """An index option contract (or the canonical index option): cash settled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exercise_settlement = CASH


def make_tradable(security: Any) -> None:
    """LEAN's Extensions.MakeTradable: a security added again trades again, except an index the
    algorithm never made tradable itself."""
    if security.type != SecurityType.INDEX or getattr(security, "manual_set_is_tradable", False):
        security.is_tradable = True


def cash_settlement_amount(option: Any, order_quantity: float) -> float:
    """The cash an exercise order of ``order_quantity`` contracts pays (negative: owes) when the
    option settles in cash: the intrinsic value at the underlying's close for every unit of
    trade. The order negates the holdings, so a long position's order (negative) receives it."""
    if getattr(option, "exercise_settlement", PHYSICAL_DELIVERY) != CASH:
        return 0.0
    underlying = option.underlying
    if underlying is None:
        return 0.0
    value = option.get_intrinsic_value(float(underlying.close))
    return -value * float(option.contract_unit_of_trade) * float(order_quantity)
