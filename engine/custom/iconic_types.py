"""LEAN's test data types of Common/Data/Custom/IconicTypes/ (module
``QuantConnect.Data.Custom.IconicTypes``): ``LinkedData``, custom data linked to an equity."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from engine.custom.data import (
    FileFormat,
    PythonData,
    SubscriptionDataSource,
    SubscriptionTransportMedium,
)


class LinkedData(PythonData):
    """Custom data mapped to an equity's ticker with an integer ``count`` (LEAN's LinkedData.cs).

    Its source is ``TestData/linked/<ticker>.csv`` (under the data folder or the project folder
    here, LEAN's working folder there); every line of it is a point of count 10 stamped with the
    file's date. LEAN ships no such file, so algorithms fill the security cache by hand
    (``security.cache.add_data_list``) and the subscription stays empty."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    @property
    def Count(self) -> int:  # noqa: N802 - LEAN's C# property name
        return self.count

    @Count.setter
    def Count(self, value: int) -> None:  # noqa: N802
        self.count = value

    def get_source(self, config: Any, date: Any, is_live: bool) -> SubscriptionDataSource:
        symbol = config.symbol
        underlying = getattr(symbol, "underlying", None) or symbol
        ticker = str(getattr(underlying, "value", underlying)).lower()
        return SubscriptionDataSource(
            str(PurePosixPath("TestData", "linked", f"{ticker}.csv")),
            SubscriptionTransportMedium.LOCAL_FILE,
            FileFormat.CSV,
        )

    def reader(self, config: Any, line: str, date: Any, is_live: bool) -> LinkedData:
        point = LinkedData()
        point.count = 10
        point.symbol = config.symbol
        point.time = date
        point.end_time = date
        return point

    def requires_mapping(self) -> bool:
        return True

    def __str__(self) -> str:
        return f"{self.symbol}: count {self.count} at {self.end_time}"


__all__ = ["LinkedData"]
