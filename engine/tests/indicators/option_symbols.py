"""Option contract symbols for the option indicator tests, made as LEAN makes them."""

from __future__ import annotations

from datetime import datetime

from engine.model.enums import Market, OptionRight, OptionStyle
from engine.model.symbol import Symbol
from engine.pricing.model_types import AMERICAN


def option(
    right: int, expiry: datetime, style: int = AMERICAN, strike: float = 450.0, ticker: str = "SPY"
) -> Symbol:
    return Symbol.create_option(
        ticker, Market.USA, OptionStyle(style), OptionRight(right), strike, expiry
    )
