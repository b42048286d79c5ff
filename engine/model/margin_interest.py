"""``MarginInterestRate``: the funding rate of a perpetual crypto future, LEAN's
Common/Data/Market/MarginInterestRate.cs, read from
``cryptofuture/<market>/margin_interest/<ticker>.csv`` (``yyyyMMdd HH:mm:ss,rate``, UTC).

It is auxiliary data: it reaches ``slice.get(MarginInterestRate)`` and the security's cache
(``security.cache.get_data(MarginInterestRate)``), never the security's price.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.model.data import BaseData
from engine.model.data_source import (
    FileFormat,
    SubscriptionDataSource,
    SubscriptionTransportMedium,
)


class MarginInterestRate(BaseData):
    # the data loop keeps auxiliary points out of prices and consolidators
    is_auxiliary = True

    def __init__(
        self, symbol: Any = None, time: datetime | None = None, interest_rate: float = 0.0
    ) -> None:
        when = time or datetime(1970, 1, 1)
        super().__init__(symbol, when, when, interest_rate)

    @property
    def interest_rate(self) -> float:
        return self.value

    InterestRate = interest_rate

    def get_source(self, config: Any, date: datetime, is_live: bool) -> SubscriptionDataSource:
        symbol = config.symbol
        path = (
            f"{symbol.security_type.folder_name}/{symbol.market.lower()}/margin_interest/"
            f"{symbol.value.lower()}.csv"
        )
        return SubscriptionDataSource(path, SubscriptionTransportMedium.LOCAL_FILE, FileFormat.CSV)

    def reader(self, config: Any, line: str, date: datetime, is_live: bool) -> Any:
        when, _, rate = line.strip().partition(",")
        try:
            time = datetime.strptime(when, "%Y%m%d %H:%M:%S")
            value = float(rate)
        except ValueError:
            return None
        return MarginInterestRate(config.symbol, time, value)

    def __str__(self) -> str:
        return f"{self.symbol}: Rate {self.value}"
