"""``FutureSettlementModel`` (LEAN's Common/Securities/Future/FutureSettlementModel.cs): losers pay
winners every day. Once a day (the first scan on a new exchange date) the day's profit of an open
position at the settlement price is paid into cash and recorded as the holding's settled profit;
closing the position later pays only the part not settled yet."""

from __future__ import annotations

from datetime import date, datetime

from engine.execution.settlement import (
    ApplyFundsSettlementModelParameters,
    ImmediateSettlementModel,
    ScanSettlementModelParameters,
)


class FutureSettlementModel(ImmediateSettlementModel):
    def __init__(self) -> None:
        self._last_settlement_date: date | None = None
        self._settled_quantity = 0.0
        self._settlement_price = 0.0

    def apply_funds(self, parameters: ApplyFundsSettlementModelParameters) -> None:
        if self._settled_quantity:
            fill, security = parameters.fill, parameters.security
            holding = security.holdings
            closed = min(abs(fill.fill_quantity), abs(holding.quantity))
            closed_settled = min(closed, abs(self._settled_quantity))
            signed = -closed_settled if fill.fill_quantity > 0 else closed_settled
            factor = signed / self._settled_quantity
            self._settled_quantity -= signed
            removed = factor * holding.settled_profit
            holding.settled_profit -= removed
            amount = parameters.cash_amount
            parameters.cash_amount = type(amount)(amount.amount - removed, amount.currency)
        super().apply_funds(parameters)

    def scan(self, parameters: ScanSettlementModelParameters) -> None:
        security = parameters.security
        today = security.local_time.date()
        if self._last_settlement_date is not None and self._last_settlement_date >= today:
            return
        if self._last_settlement_date is not None and security.holdings.invested:
            holding = security.holdings
            self._settlement_price = security.price
            self._settled_quantity = holding.quantity
            daily = (
                holding.total_close_profit(include_fees=False, exit_price=self._settlement_price)
                - holding.settled_profit
            )
            if daily:
                holding.settled_profit += daily
                parameters.portfolio.cash_book.add_amount(str(security.quote_currency), daily)
        self._last_settlement_date = today

    def set_local_date_time_frontier(self, local_time: datetime) -> None:
        self._last_settlement_date = local_time.date()

    ApplyFunds = apply_funds
    Scan = scan
    SetLocalDateTimeFrontier = set_local_date_time_frontier
