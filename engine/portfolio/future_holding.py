"""``FutureHolding`` (LEAN's Common/Securities/Future/FutureHolding.cs): a futures position whose
profit is paid into cash daily (``settled_profit``, by ``FutureSettlementModel``); the rest,
``unsettled_profit``, counts in the portfolio value."""

from __future__ import annotations

from typing import Any

from engine.portfolio.holding import SecurityHolding


class FutureHolding(SecurityHolding):
    def __init__(self, security: Any) -> None:
        super().__init__(security)
        self.settled_profit = 0.0

    @property
    def unsettled_profit(self) -> float:
        return self.total_close_profit() - self.settled_profit

    SettledProfit = property(
        lambda self: self.settled_profit,
        lambda self, value: setattr(self, "settled_profit", value),
    )
    UnsettledProfit = unsettled_profit
