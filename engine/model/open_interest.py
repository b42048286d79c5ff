"""LEAN's OpenInterest (Common/Data/Market/OpenInterest.cs): a tick of type OpenInterest whose
value is the contract's open interest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.model.data import Tick
from engine.model.enums import TickType


class OpenInterest(Tick):
    __slots__ = ()

    def __init__(self, time: datetime, symbol: Any, open_interest: float = 0.0) -> None:
        Tick.__init__(self, time, symbol, TickType.OPEN_INTEREST, float(open_interest))

    def __repr__(self) -> str:
        return f"OpenInterest({self.symbol} {self.time:%Y-%m-%d %H:%M:%S} {self.value})"
