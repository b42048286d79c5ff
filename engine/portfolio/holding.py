"""``SecurityHolding``: the position in one security (LEAN Common/Securities/SecurityHolding.cs)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.model.enums import OrderType
from engine.portfolio.cashbook import Cash, ConvertibleCashAmount
from engine.statistics.formatting import to_decimal


class SecurityHolding:
    def __init__(self, security: Any) -> None:
        self._security = security
        self.quantity = 0.0
        self.average_price = 0.0
        self.total_fees = 0.0
        # the same sum in decimals, as LEAN's SecurityHolding.TotalFees: each fee is exact
        # (0.005 x 455 shares is 2.275) where the float sum drifts off a half cent
        # (14.774999999999999 for 14.775), which Total Fees rounds away from zero
        self.total_fees_decimal = Decimal(0)
        self.total_sale_volume = 0.0
        self.profit = 0.0  # realised, gross of fees
        self.last_trade_profit = 0.0
        self.total_dividends = 0.0

    # ----------------------------------------------------------------- state changes
    def set_holdings(self, average_price: float, quantity: float) -> None:
        self.average_price = average_price
        self.quantity = quantity

    def add_new_fee(self, fee: float) -> None:
        self.total_fees += fee
        self.total_fees_decimal += to_decimal(fee)

    def add_new_sale(self, sale_value: float) -> None:
        self.total_sale_volume += sale_value

    def add_new_profit(self, profit: float) -> None:
        self.profit += profit

    def add_new_dividend(self, amount: float) -> None:
        self.total_dividends += amount

    def set_last_trade_profit(self, profit: float) -> None:
        self.last_trade_profit = profit

    # ----------------------------------------------------------------- values
    @property
    def symbol(self) -> Any:
        return self._security.symbol

    @property
    def type(self) -> Any:
        return self._security.type

    @property
    def price(self) -> float:
        return self._security.price

    def _value_factor(self) -> float:
        s = self._security
        return (getattr(s, "conversion_rate", 1.0) or 1.0) * s.symbol_properties.contract_multiplier

    def get_quantity_value(
        self, quantity: float, price: float | None = None
    ) -> ConvertibleCashAmount:
        """LEAN ``GetQuantityValue``: the value of ``quantity`` at ``price`` (the market price by
        default) in the quote currency, with that currency's cash (account currency: ``in_account_currency``)."""
        s = self._security
        amount = quantity * (s.price if price is None else price)
        amount *= s.symbol_properties.contract_multiplier
        book = getattr(s, "cash_book", None)
        cash = book.ensure(s.quote_currency) if book is not None else None
        if cash is None:
            cash = Cash(s.quote_currency, 0.0, getattr(s, "conversion_rate", 1.0) or 1.0)
        return ConvertibleCashAmount(amount, cash)

    def _account_value(self, quantity: float, price: float) -> float:
        return quantity * price * self._value_factor()

    @property
    def holdings_cost(self) -> float:
        return self.average_price * self.quantity * self._value_factor()

    @property
    def absolute_holdings_cost(self) -> float:
        return abs(self.holdings_cost)

    @property
    def holdings_value(self) -> float:
        if not self.quantity:
            return 0.0
        return self._security.price * self.quantity * self._value_factor()

    @property
    def absolute_holdings_value(self) -> float:
        return abs(self.holdings_value)

    @property
    def absolute_quantity(self) -> float:
        return abs(self.quantity)

    @property
    def is_long(self) -> bool:
        return self.quantity > 0

    @property
    def is_short(self) -> bool:
        return self.quantity < 0

    @property
    def invested(self) -> bool:
        return self.quantity != 0

    hold_stock = invested

    @property
    def net_profit(self) -> float:
        return self.profit - self.total_fees

    def total_close_profit(
        self, include_fees: bool = True, exit_price: float | None = None
    ) -> float:
        """Profit if the position were closed now by a market order at bid (long) / ask (short), less its fee."""
        q = self.quantity
        if not q:
            return 0.0
        s = self._security
        fee_acct = 0.0
        if include_fees:
            from engine.execution.fees import compute_fee
            from engine.model.orders import Order

            probe = Order(0, s.symbol, OrderType.MARKET, -q, s.time_keeper.utc_time)
            try:
                fee = compute_fee(s.fee_model, s, probe).value
                fee_acct = fee.amount * _fee_conversion(s, fee.currency)
            except Exception:  # noqa: BLE001 - a user fee model must not break valuation
                fee_acct = 0.0
        if exit_price is None:
            exit_price = s.bid_price if q > 0 else s.ask_price
            if not exit_price:
                exit_price = s.price
        entry = self._account_value(q, self.average_price)
        exit_value = self._account_value(q, exit_price)
        return exit_value - entry - fee_acct

    @property
    def unrealized_profit(self) -> float:
        return self.total_close_profit()

    @property
    def unrealized_profit_percent(self) -> float:
        cost = self.absolute_holdings_cost
        return self.unrealized_profit / cost if cost else 0.0

    # PascalCase API
    Quantity = property(lambda self: self.quantity)
    AveragePrice = property(lambda self: self.average_price)
    HoldingsValue = property(lambda self: self.holdings_value)
    HoldingsCost = property(lambda self: self.holdings_cost)
    AbsoluteHoldingsCost = property(lambda self: self.absolute_holdings_cost)
    AbsoluteHoldingsValue = property(lambda self: self.absolute_holdings_value)
    AbsoluteQuantity = property(lambda self: self.absolute_quantity)
    UnrealizedProfit = property(lambda self: self.unrealized_profit)
    UnrealizedProfitPercent = property(lambda self: self.unrealized_profit_percent)
    Profit = property(lambda self: self.profit)
    NetProfit = property(lambda self: self.net_profit)
    TotalFees = property(lambda self: self.total_fees)
    TotalSaleVolume = property(lambda self: self.total_sale_volume)
    LastTradeProfit = property(lambda self: self.last_trade_profit)
    IsLong = property(lambda self: self.is_long)
    IsShort = property(lambda self: self.is_short)
    Invested = property(lambda self: self.invested)
    HoldStock = property(lambda self: self.invested)
    Price = property(lambda self: self.price)
    Symbol = property(lambda self: self.symbol)
    Type = property(lambda self: self.type)

    def __repr__(self) -> str:
        return f"{self.symbol.value}: {self.quantity} @ {self.average_price}"


def _fee_conversion(security: Any, currency: str) -> float:
    if currency == security.quote_currency:
        return getattr(security, "conversion_rate", 1.0) or 1.0
    if currency == "USD":
        return 1.0
    if currency == security.base_currency:
        return security.price * (getattr(security, "conversion_rate", 1.0) or 1.0)
    return 1.0
