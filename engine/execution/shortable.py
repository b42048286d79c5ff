"""Shortable providers: how many shares of a symbol may be shorted on a date, and the borrow fee and
rebate rates (Common/Data/Shortable/NullShortableProvider.cs, LocalDiskShortableProvider.cs).

A provider answers ``shortable_quantity(symbol, local_time)`` (``None``: no limit),
``fee_rate(symbol, local_time)`` and ``rebate_rate(symbol, local_time)`` (annual fractions). The
transaction manager refuses short orders beyond the quantity (``shortable_order_allowed``); the
short margin interest model charges the fee and pays the rebate.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

from engine.data.data_provider import DefaultDataProvider
from engine.execution.compat import user_method

__all__ = ["LocalDiskShortableProvider", "NullShortableProvider"]


class NullShortableProvider:
    """Everything is shortable, without fee or rebate."""

    def fee_rate(self, symbol: Any, local_time: datetime) -> float:
        return 0.0

    def rebate_rate(self, symbol: Any, local_time: datetime) -> float:
        return 0.0

    def shortable_quantity(self, symbol: Any, local_time: datetime) -> int | None:
        return None

    FeeRate = fee_rate
    RebateRate = rebate_rate
    ShortableQuantity = shortable_quantity


NullShortableProvider.INSTANCE = NullShortableProvider()  # type: ignore[attr-defined]
NullShortableProvider.Instance = NullShortableProvider.INSTANCE  # type: ignore[attr-defined]


class LocalDiskShortableProvider:
    """Reads ``<type>/<market>/shortable/<brokerage>/symbols/<ticker>.csv`` of the data folder: rows
    ``yyyymmdd,quantity[,rebate %[,fee %]]``. A date without a row is shortable without limit, fee
    or rebate. ``data_folder`` is the run's data folder (the runner sets it, as LEAN's global data
    folder setting)."""

    data_folder: Path | None = None
    # LEAN's protected ``DataProvider`` (the local disk), for subclasses reading their own files
    data_provider = DefaultDataProvider()

    def __init__(self, brokerage: str) -> None:
        self.brokerage = brokerage.lower()
        self._ticker: str | None = None
        self._rows: dict[date, tuple[int | None, float, float]] = {}

    def _row(self, symbol: Any, local_time: datetime) -> tuple[int | None, float, float] | None:
        if symbol is None:
            return None
        if symbol.value != self._ticker:
            self._ticker = symbol.value
            self._rows = self._read(symbol)
        day = local_time.date() if isinstance(local_time, datetime) else local_time
        return self._rows.get(day)

    def _read(self, symbol: Any) -> dict[date, tuple[int | None, float, float]]:
        if self.data_folder is None:
            return {}
        path = (
            Path(self.data_folder)
            / symbol.security_type.folder_name
            / symbol.id.market
            / "shortable"
            / self.brokerage
            / "symbols"
            / f"{symbol.value.lower()}.csv"
        )
        rows: dict[date, tuple[int | None, float, float]] = {}
        if not path.is_file():
            return rows
        with open(path, newline="") as fh:
            for line in csv.reader(fh):
                if not line or not line[0].strip() or line[0].startswith("#"):
                    continue
                day = datetime.strptime(line[0].strip(), "%Y%m%d").date()
                quantity = int(float(line[1])) if len(line) > 1 and line[1].strip() else None
                rebate = float(line[2]) if len(line) > 2 and line[2].strip() else 0.0
                fee = float(line[3]) if len(line) > 3 and line[3].strip() else 0.0
                # the file's rates are percentages
                rows[day] = (quantity, rebate / 100.0, fee / 100.0)
        return rows

    def fee_rate(self, symbol: Any, local_time: datetime) -> float:
        row = self._row(symbol, local_time)
        return row[2] if row is not None else 0.0

    def rebate_rate(self, symbol: Any, local_time: datetime) -> float:
        row = self._row(symbol, local_time)
        return row[1] if row is not None else 0.0

    def shortable_quantity(self, symbol: Any, local_time: datetime) -> int | None:
        row = self._row(symbol, local_time)
        return row[0] if row is not None else None

    FeeRate = fee_rate
    RebateRate = rebate_rate
    ShortableQuantity = shortable_quantity


def shortable_quantity(provider: Any, symbol: Any, local_time: datetime) -> int | None:
    """Ask a provider, LEAN's or a user's (either spelling)."""
    if provider is None:
        return None
    method = user_method(provider, "shortable_quantity", "ShortableQuantity")
    return method(symbol, local_time)


def provider_rate(provider: Any, which: str, symbol: Any, local_time: datetime) -> float:
    """``fee_rate`` or ``rebate_rate`` of a provider, LEAN's or a user's (either spelling)."""
    if provider is None:
        return 0.0
    pascal = "".join(part.capitalize() for part in which.split("_"))
    return float(user_method(provider, which, pascal)(symbol, local_time) or 0.0)


def shortable_order_allowed(
    provider: Any,
    symbol: Any,
    local_time: datetime,
    holdings_quantity: float,
    open_orders_quantity: float,
    short_quantity: float,
) -> bool:
    """LEAN ``QCAlgorithm.Shortable``: whether shorting ``short_quantity`` more keeps the position,
    with the open orders, within the shortable quantity. Already at the limit nothing more may be
    shorted, whatever the quantity."""
    limit = shortable_quantity(provider, symbol, local_time)
    if limit is None:
        return True
    if holdings_quantity + open_orders_quantity <= -limit:
        return False
    return holdings_quantity - abs(short_quantity) + open_orders_quantity >= -limit
