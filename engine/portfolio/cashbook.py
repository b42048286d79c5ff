"""``CashBook``/``Cash``: currency balances with conversion rates to the account currency (USD)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.model.enums import SecurityType


class Cash:
    def __init__(self, symbol: str, amount: float = 0.0, conversion_rate: float = 0.0) -> None:
        self.symbol = symbol.upper()
        self.amount = amount
        self.conversion_rate = conversion_rate
        self.currency_symbol = "$" if self.symbol == "USD" else ""
        # set when the run resolves the currency feeds (engine.portfolio.currency_conversion)
        self.currency_conversion: Any = None

    @property
    def value_in_account_currency(self) -> float:
        return self.amount * self.conversion_rate

    def add_amount(self, amount: float) -> float:
        self.amount += amount
        return self.amount

    def set_amount(self, amount: float) -> None:
        self.amount = amount

    Symbol = property(lambda self: self.symbol)
    CurrencyConversion = property(lambda self: self.currency_conversion)
    Amount = property(lambda self: self.amount)
    ConversionRate = property(lambda self: self.conversion_rate)
    ValueInAccountCurrency = property(lambda self: self.value_in_account_currency)
    AddAmount = add_amount
    SetAmount = set_amount

    def __repr__(self) -> str:
        return f"{self.symbol}: {self.amount} @ {self.conversion_rate}"


class ConvertibleCashAmount:
    """An amount in one currency with that currency's ``Cash`` (LEAN ConvertibleCashAmount):
    ``in_account_currency`` converts it at the cash's rate."""

    def __init__(self, amount: float, cash: Cash) -> None:
        self.amount = amount
        self.cash = cash

    @property
    def in_account_currency(self) -> float:
        return self.amount * self.cash.conversion_rate

    def __float__(self) -> float:
        return self.amount

    def __repr__(self) -> str:
        return f"{self.amount} {self.cash.symbol}"

    Amount = property(lambda self: self.amount)
    Cash = property(lambda self: self.cash)
    InAccountCurrency = property(lambda self: self.in_account_currency)


class CurrencyCash(str):
    """A security's quote or base currency: its name, which the engine compares and keys by, that
    also reads and changes that currency's ``Cash`` in the cash book, as LEAN's
    ``Security.QuoteCurrency`` and ``BaseCurrency`` are ``Cash`` objects
    (``security.base_currency.set_amount(0.005)``)."""

    _book: CashBook

    def __new__(cls, name: str, book: CashBook) -> CurrencyCash:
        currency = super().__new__(cls, name)
        currency._book = book
        return currency

    def __reduce__(self) -> tuple[Any, ...]:
        return (str, (str(self),))

    @property
    def cash(self) -> Cash:
        return self._book.ensure(str(self))

    symbol = property(lambda self: str(self))
    amount = property(lambda self: self.cash.amount)
    conversion_rate = property(lambda self: self.cash.conversion_rate)
    value_in_account_currency = property(lambda self: self.cash.value_in_account_currency)

    def set_amount(self, amount: float) -> None:
        self.cash.set_amount(float(amount))

    def add_amount(self, amount: float) -> float:
        return self.cash.add_amount(float(amount))

    Symbol = symbol
    Amount = amount
    ConversionRate = conversion_rate
    ValueInAccountCurrency = value_in_account_currency
    SetAmount = set_amount
    AddAmount = add_amount


class CashBook:
    def __init__(self, account_currency: str = "USD") -> None:
        self.account_currency = account_currency
        self._cash: dict[str, Cash] = {account_currency: Cash(account_currency, 0.0, 1.0)}
        # internal securities added for conversion rates only (``engine.runner.conversion``)
        self.conversion_securities: list[Any] = []
        # currencies with a constant rate (stablecoins without a pair on their market: 1.0)
        self.fixed_rates: dict[str, float] = {}

    def fix_rate(self, symbol: str, rate: float) -> None:
        symbol = symbol.upper()
        self.fixed_rates[symbol] = rate
        self.ensure(symbol).conversion_rate = rate

    # dict-like
    def __getitem__(self, symbol: str) -> Cash:
        return self._cash[symbol.upper()]

    def __contains__(self, symbol: object) -> bool:
        return isinstance(symbol, str) and symbol.upper() in self._cash

    def __iter__(self) -> Iterator[str]:
        return iter(self._cash)

    def __len__(self) -> int:
        return len(self._cash)

    def keys(self) -> list[str]:
        return list(self._cash)

    def values(self) -> list[Cash]:
        return list(self._cash.values())

    def items(self) -> list[tuple[str, Cash]]:
        return list(self._cash.items())

    def try_get_value(self, symbol: str) -> tuple[bool, Cash | None]:
        c = self._cash.get(symbol.upper())
        return c is not None, c

    def add(self, symbol: str, amount: float, conversion_rate: float = 0.0) -> Cash:
        symbol = symbol.upper()
        if symbol == self.account_currency:
            conversion_rate = 1.0
        cash = self._cash.get(symbol)
        if cash is None:
            cash = self._cash[symbol] = Cash(symbol, amount, conversion_rate)
        else:
            cash.amount = amount
            if conversion_rate:
                cash.conversion_rate = conversion_rate
        return cash

    def ensure(self, symbol: str) -> Cash:
        symbol = symbol.upper()
        cash = self._cash.get(symbol)
        if cash is None:
            cash = self._cash[symbol] = Cash(
                symbol, 0.0, 1.0 if symbol == self.account_currency else 0.0
            )
        return cash

    def add_amount(self, symbol: str, amount: float) -> None:
        self.ensure(symbol).add_amount(amount)

    def amount(self, symbol: str) -> float:
        c = self._cash.get(symbol.upper())
        return c.amount if c is not None else 0.0

    def _rate(self, symbol: str) -> float:
        c = self._cash.get(symbol)
        return c.conversion_rate if c is not None else 0.0

    @property
    def total_value_in_account_currency(self) -> float:
        total = 0.0
        for cash in self._cash.values():
            total += cash.amount * cash.conversion_rate
        return total

    def convert_to_account_currency(self, amount: float, currency: str) -> float:
        if currency == self.account_currency or not amount:
            return amount
        c = self._cash.get(currency.upper())
        return amount * c.conversion_rate if c is not None else amount

    def convert(self, amount: float, source: str, target: str) -> float:
        src = self._cash.get(source.upper())
        dst = self._cash.get(target.upper())
        if src is None or dst is None or not dst.conversion_rate:
            return amount
        return amount * src.conversion_rate / dst.conversion_rate

    def update_conversion_rates(self, securities: Any) -> None:
        """Rates from the latest prices of pairs quoting a currency against a currency whose rate is known
        (direct ``XUSD``, inverted ``USDX``, or two legs such as BTCUSDT x USDT)."""
        acct = self.account_currency
        conversion = self.conversion_securities
        candidates = list(securities.values()) + conversion if conversion else securities.values()
        fixed = self.fixed_rates
        pairs = [
            s
            for s in candidates
            if s.type in (SecurityType.FOREX, SecurityType.CRYPTO, SecurityType.CFD)
            and s.price
            and s.base_currency
        ]
        for sym, cash in self._cash.items():
            conversion = cash.currency_conversion
            if conversion is not None and sym != acct and sym not in fixed:
                rate = conversion.update()
                if rate:
                    cash.conversion_rate = rate
        for _ in range(2):
            for sym, cash in self._cash.items():
                if sym == acct or sym in fixed or cash.currency_conversion is not None:
                    continue
                rate = 0.0
                for sec in pairs:
                    if sec.base_currency == sym:
                        other = (
                            1.0 if sec.quote_currency == acct else self._rate(sec.quote_currency)
                        )
                        if other:
                            rate = sec.price * other
                    elif sec.quote_currency == sym:
                        other = 1.0 if sec.base_currency == acct else self._rate(sec.base_currency)
                        if other:
                            rate = other / sec.price
                    if rate and (sec.quote_currency == acct or sec.base_currency == acct):
                        break
                if rate:
                    cash.conversion_rate = rate
        for sec in securities.values():
            q = self._cash.get(sec.quote_currency)
            sec.conversion_rate = q.conversion_rate if q is not None and q.conversion_rate else 1.0

    # PascalCase API
    AccountCurrency = property(lambda self: self.account_currency)
    TotalValueInAccountCurrency = property(lambda self: self.total_value_in_account_currency)
    ConvertToAccountCurrency = convert_to_account_currency
    Add = add
    TryGetValue = try_get_value
    ContainsKey = __contains__
    Keys = property(keys)
    Values = property(values)

    def __repr__(self) -> str:
        return "CashBook(" + ", ".join(repr(c) for c in self._cash.values()) + ")"
