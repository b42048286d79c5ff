"""Crypto futures' margin and funding (LEAN Common/Securities/CryptoFuture/CryptoFutureMarginModel.cs,
BinanceCryptoFutureMarginModel.cs, BinanceFutureMarginInterestRateModel.cs and
BybitFutureMarginInterestRateModel.cs).

A crypto future's margin is held in its collateral currency: the base currency of a coin-margined
contract (BTC for Binance's BTCUSD), the quote currency of the others (USDT for ADAUSDT). The
margin of a position is its value in that currency over the leverage, and the margin an order can
use is that currency's balance less what the other positions sharing it hold.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from engine.execution.buying_power import (
    MaintenanceMargin,
    SecurityMarginModel,
    buying_power_call,
    lean_parameters,
)
from engine.model.enums import OrderDirection, SecurityType

# LEAN's CryptoFuture.IsCryptoCoinFuture: any other quote currency makes a coin-margined contract
STABLE_COLLATERALS = ("USDT", "BUSD", "USDC")


def is_coin_future(security: Any) -> bool:
    """Whether the contract is margined and settled in its base currency (BTCUSD)."""
    return str(security.quote_currency) not in STABLE_COLLATERALS


def collateral_currency(security: Any) -> str:
    """The currency holding the contract's margin."""
    if is_coin_future(security) and security.base_currency:
        return str(security.base_currency)
    return str(security.quote_currency)


class CryptoFutureMarginModel(SecurityMarginModel):
    """Initial and maintenance margin alike: the position's value over the leverage, in the
    collateral currency, converted into the account currency."""

    def __init__(self, leverage: float = 25.0, *_obsolete: float) -> None:
        super().__init__(leverage, 0.0)

    def get_initial_margin_requirement(self, security: Any, quantity: float) -> float:
        if not quantity or security.cache.last_data is None or not security.price:
            return 0.0
        value = security.holdings.get_quantity_value(quantity, security.price)
        return abs(value.amount) / self.get_leverage(security) * value.cash.conversion_rate

    @lean_parameters
    def get_maintenance_margin(self, security: Any) -> float:
        return MaintenanceMargin(
            self.get_initial_margin_requirement(security, security.holdings.quantity)
        )

    def get_margin_remaining(
        self, portfolio: Any, security: Any, direction: OrderDirection
    ) -> float:
        currency = collateral_currency(security)
        cash = portfolio.cash_book.ensure(currency)
        total = self.total_collateral(portfolio, security, currency)
        result = total
        for other in portfolio.securities.iter_values():
            if (
                other is security
                or other.type != SecurityType.CRYPTO_FUTURE
                or not other.holdings.quantity
            ):
                continue
            if self.shares_collateral(portfolio, currency, other):
                result -= buying_power_call(
                    other.buying_power_model, "get_maintenance_margin", other
                )
        holdings = security.holdings
        if (holdings.is_long and direction == OrderDirection.SELL) or (
            holdings.is_short and direction == OrderDirection.BUY
        ):
            # the margin freed by closing the position, and the same again to open the other side
            result += buying_power_call(
                self, "get_maintenance_margin", security
            ) + self.get_initial_margin_requirement(security, holdings.absolute_quantity)
        result -= total * self.required_free_buying_power_percent
        result *= cash.conversion_rate
        return max(result, 0.0)

    def shares_collateral(self, portfolio: Any, currency: str, other: Any) -> bool:
        return currency == collateral_currency(other)

    def total_collateral(self, portfolio: Any, security: Any, currency: str) -> float:
        return portfolio.cash_book.ensure(currency).amount

    GetInitialMarginRequirement = get_initial_margin_requirement
    GetMaintenanceMargin = get_maintenance_margin


class BinanceCryptoFutureMarginModel(CryptoFutureMarginModel):
    """Binance's: an EU account in credits trading mode (a ``BNFCR`` balance in the cash book)
    pools every balance as collateral for every contract."""

    CREDITS = "BNFCR"

    def total_collateral(self, portfolio: Any, security: Any, currency: str) -> float:
        book = portfolio.cash_book
        if self.CREDITS not in book:
            return super().total_collateral(portfolio, security, currency)
        return sum(
            book.convert(cash.amount, cash.symbol, currency)
            for cash in book.values()
            if cash.amount
        )

    def shares_collateral(self, portfolio: Any, currency: str, other: Any) -> bool:
        return self.CREDITS in portfolio.cash_book or super().shares_collateral(
            portfolio, currency, other
        )


def _next_funding(time: datetime) -> datetime:
    """Funding is settled at 00:00, 08:00 and 16:00 UTC."""
    day = time.replace(hour=0, minute=0, second=0, microsecond=0)
    if time.hour >= 16:
        return day + timedelta(days=1)
    if time.hour >= 8:
        return day + timedelta(hours=16)
    return day + timedelta(hours=8)


class BinanceFutureMarginInterestRateModel:
    """Funding of a perpetual: at each funding time while a position is open, the position's value
    times the latest funding rate leaves (positive rate on a long, negative on a short) or reaches
    the collateral currency."""

    def __init__(self) -> None:
        self._next: datetime | None = None

    def apply_margin_interest_rate(self, parameters: Any) -> None:
        from engine.model.margin_interest import MarginInterestRate

        security = parameters.security
        time = parameters.time.replace(tzinfo=None)
        if not security.holdings.quantity:
            self._next = None
            return
        if self._next is None:  # a position just opened
            self._next = _next_funding(time)
        rate = security.cache.get_data(MarginInterestRate)
        if rate is None:
            return
        while time >= self._next:
            value = security.holdings.get_quantity_value(security.holdings.quantity)
            value.cash.add_amount(-rate.value * value.amount)
            self._next = _next_funding(self._next)

    ApplyMarginInterestRate = apply_margin_interest_rate


class BybitFutureMarginInterestRateModel(BinanceFutureMarginInterestRateModel):
    """Bybit funds its perpetuals as Binance does."""
