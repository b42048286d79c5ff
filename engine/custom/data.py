"""Custom data types for Python algorithms: ``PythonData``, ``SubscriptionDataSource`` and its enums
(Common/Python/PythonData.cs, Common/Data/SubscriptionDataSource.cs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.model import BaseData
from engine.model.data_source import (  # noqa: F401  (re-exported: LEAN's custom data names)
    FileFormat,
    SubscriptionDataSource,
    SubscriptionTransportMedium,
)


class PythonData(BaseData):
    """Base class of user custom data. Subclasses implement ``get_source(config, date, is_live)`` and
    ``reader(config, line, date, is_live)`` (or the PascalCase ``GetSource``/``Reader``); extra fields
    are set with ``obj["Name"] = value`` (case-insensitive) or as attributes."""

    def __init__(self) -> None:
        self.__dict__["_fields"] = {}
        BaseData.__init__(self, None, datetime(1970, 1, 1), None, 0.0)  # type: ignore[arg-type]
        self.__dict__.pop("_end_time", None)  # end_time follows time until set

    # end_time defaults to time (LEAN BaseData) until set explicitly
    @property
    def end_time(self) -> datetime:  # type: ignore[override]
        return self.__dict__.get("_end_time") or self.time

    @end_time.setter
    def end_time(self, value: datetime) -> None:
        self.__dict__["_end_time"] = value

    EndTime = end_time

    def __getitem__(self, name: str) -> Any:
        fields = self.__dict__["_fields"]
        key = str(name).lower()
        if key in fields:
            return fields[key]
        raise KeyError(f"{type(self).__name__} has no field {name!r}")

    def __setitem__(self, name: str, value: Any) -> None:
        self.__dict__["_fields"][str(name).lower()] = value

    def get_property(self, name: str) -> Any:
        return self[name]

    def has_property(self, name: str) -> bool:
        return str(name).lower() in self.__dict__["_fields"]

    def set_property(self, name: str, value: Any) -> None:
        self[name] = value

    GetProperty = get_property
    HasProperty = has_property
    SetProperty = set_property

    def __getattr__(self, name: str) -> Any:
        fields = self.__dict__.get("_fields", {})
        key = name.lower()
        if key in fields:
            return fields[key]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def default_resolution(self) -> Any:
        from engine.model import Resolution

        return Resolution.DAILY

    def is_sparse_data(self) -> bool:
        return True

    def requires_mapping(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.symbol} {self.time} value={self.value})"


def update_custom_security(security: Any, point: Any) -> None:
    """LEAN SecurityCache.AddData for custom data: the point's value becomes the price (and OHLC)."""
    cache = security.cache
    by_type = getattr(cache, "_by_type", None)
    if by_type is not None:
        by_type[type(point)] = point
    if getattr(point, "is_auxiliary", False):
        return  # auxiliary data (a funding rate) is no price, as LEAN's MarketDataType.Auxiliary
    value = float(getattr(point, "value", 0.0) or 0.0)
    cache.last_data = point
    if value:
        cache.price = value
        cache.close = value
        for name in ("open", "high", "low"):
            if not getattr(cache, name, 0.0):
                setattr(cache, name, value)
