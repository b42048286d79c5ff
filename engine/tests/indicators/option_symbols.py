"""A stand-in for an option contract symbol with the parts the option indicators and price models
read (``id.date``, ``id.strike_price``, ``id.option_right``, ``id.option_style``,
``id.security_type``, ``underlying``, ``get_mirror_option_symbol()``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from engine.pricing.model_types import AMERICAN


@dataclass(frozen=True)
class OptionId:
    symbol: str
    security_type: int
    date: datetime | None = None
    strike_price: float = 0.0
    option_right: int = 0
    option_style: int = 0
    market: str = "usa"


@dataclass(frozen=True)
class OptionSymbol:
    value: str
    id: OptionId
    underlying: OptionSymbol | None = None

    @property
    def security_type(self) -> int:
        return self.id.security_type

    def get_mirror_option_symbol(self) -> OptionSymbol:
        return option(
            1 - self.id.option_right,
            self.id.date,
            self.id.option_style,
            self.id.strike_price,
            self.underlying.value,
        )


def option(
    right: int, expiry: datetime, style: int = AMERICAN, strike: float = 450.0, ticker: str = "SPY"
) -> OptionSymbol:
    underlying = OptionSymbol(ticker, OptionId(ticker, 1))
    sid = OptionId(ticker, 2, expiry, strike, right, style)
    text = f"{ticker} {expiry:%y%m%d}{'CP'[right]}{int(strike * 1000):08d}"
    return OptionSymbol(text, sid, underlying)


__all__ = ["OptionId", "OptionSymbol", "option"]
