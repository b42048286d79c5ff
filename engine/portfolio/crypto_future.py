"""Crypto futures (perpetuals such as Binance's BTCUSD and ADAUSDT): their holdings, valued as
LEAN values them (Common/Securities/CryptoFuture/CryptoFuture.cs and CryptoFutureHolding.cs).

A contract quoted in a stable coin (USDT, BUSD, USDC) is worth ``price x quantity x multiplier`` in
that coin. A coin-margined contract (BTCUSD, quoted in USD and settled in BTC) is worth
``quantity x multiplier / price`` in its base currency: Binance's BTCUSD contract is 100 USD of
bitcoin, so its value, its margin, its fees and its profit are counted in BTC.
"""

from __future__ import annotations

from engine.execution.crypto_futures import is_coin_future
from engine.portfolio.cashbook import Cash, ConvertibleCashAmount
from engine.portfolio.holding import SecurityHolding


class CryptoFutureHolding(SecurityHolding):
    """The position in one crypto future: every value goes through ``get_quantity_value``, in the
    contract's collateral currency (LEAN CryptoFutureHolding.GetQuantityValue)."""

    def get_quantity_value(
        self, quantity: float, price: float | None = None
    ) -> ConvertibleCashAmount:
        s = self._security
        price = s.price if price is None else price
        multiplier = s.symbol_properties.contract_multiplier
        if s.symbol.market == "dydx" or not is_coin_future(s):
            amount = price * quantity * multiplier
            currency = s.quote_currency
        else:
            # Binance: (10 contracts x 100 USD) / 9,800 USD = 0.10204 BTC
            amount = quantity * multiplier / price if price else 0.0
            currency = s.base_currency or s.quote_currency
        book = getattr(s, "cash_book", None)
        cash = book.ensure(currency) if book is not None else None
        if cash is None:
            cash = Cash(currency, 0.0, getattr(s, "conversion_rate", 1.0) or 1.0)
        return ConvertibleCashAmount(amount, cash)

    def _account_value(self, quantity: float, price: float) -> float:
        return self.get_quantity_value(quantity, price).in_account_currency

    @property
    def holdings_cost(self) -> float:
        if not self.quantity:
            return 0.0
        return self._account_value(self.quantity, self.average_price)

    @property
    def holdings_value(self) -> float:
        if not self.quantity:
            return 0.0
        return self._account_value(self.quantity, self._security.price)

    HoldingsValue = property(lambda self: self.holdings_value)
    HoldingsCost = property(lambda self: self.holdings_cost)
    AbsoluteHoldingsCost = property(lambda self: self.absolute_holdings_cost)
    AbsoluteHoldingsValue = property(lambda self: self.absolute_holdings_value)
    UnrealizedProfit = property(lambda self: self.unrealized_profit)
    UnrealizedProfitPercent = property(lambda self: self.unrealized_profit_percent)
