"""What an option exercise's closing fill adds to the realized results, as LEAN's
Common/Securities/Option/OptionPortfolioModel.cs (``ProcessCloseTradeProfit``: a cash-settled
exercise pays the intrinsic value, part of the closed trade's profit) and Common/Extensions.cs
(``IsWin``: whether a closing fill, or the trade it closes, counts as a win).

An exercise closes the option position at a price of 0, so its profit is minus the premium paid
(or plus the premium received). LEAN does not count that sign alone: a long position exercised in
the money wins when the premium paid is less than the in-the-money amount it saved, and a short
position assigned in the money wins only when the premium received is more than the in-the-money
amount it gave up.
"""

from __future__ import annotations

from typing import Any

from engine.model.enums import OrderDirection, OrderType, SecurityType

_OPTION_TYPES = frozenset(
    (SecurityType.OPTION, SecurityType.INDEX_OPTION, SecurityType.FUTURE_OPTION)
)


def is_exercise_fill(fill: Any) -> bool:
    """A fill of an option exercise (or assignment) order on the option contract itself."""
    ticket = getattr(fill, "ticket", None)
    return (
        ticket is not None
        and ticket.order_type == OrderType.OPTION_EXERCISE
        and fill.symbol.security_type in _OPTION_TYPES
    )


def cash_settlement_amount(option: Any, fill: Any) -> float:
    """The quote-currency cash a cash-settled option's exercise pays (negative: paid by a short
    position): the intrinsic value at the underlying's close per unit of trade, for the exercise
    order's quantity. 0 for anything else."""
    if not is_exercise_fill(fill) or getattr(option, "exercise_settlement", "") != "cash":
        return 0.0
    underlying = getattr(option, "underlying", None)
    if underlying is None:
        return 0.0
    value = option.get_intrinsic_value(float(underlying.close))
    return -value * option.contract_unit_of_trade * float(fill.ticket.quantity)


def in_the_money_amount(option: Any, quantity: float) -> float:
    """LEAN's ``InTheMoneyAmount``: the payoff at the underlying's price of ``|quantity|``
    contracts (negative when out of the money)."""
    payoff = option.get_pay_off(float(option.underlying.price))
    return float(option.holdings.get_quantity_value(abs(quantity), payoff).amount)


def fill_is_win(fill: Any, security: Any, profit_loss: float) -> bool:
    """LEAN's ``OrderEvent.IsWin``: a profit for any fill but an option exercise's, which wins as
    the module docs say."""
    if not is_exercise_fill(fill) or getattr(security, "underlying", None) is None:
        return profit_loss > 0
    amount = in_the_money_amount(security, fill.fill_quantity)
    if fill.direction == OrderDirection.SELL:
        # a long position exercised
        return bool(fill.is_in_the_money) and abs(profit_loss) < amount
    return not fill.is_in_the_money or abs(profit_loss) > amount
