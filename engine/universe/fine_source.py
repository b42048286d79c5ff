"""A fine-fundamental data source: the values of Morningstar fields by security, read from a CSV
file a user provides (``python -m engine backtest --fundamentals FILE``).

Open-source LEAN reads fine fields through an ``IFundamentalDataProvider``
(Common/Data/Fundamental/FundamentalService.cs); without one, every fine field is missing
(engine/universe/fundamental.py). This source plays that provider's part for the fields it lists.

The file has a header ``security,field,value`` and one row per value:

- ``security``: LEAN's SecurityIdentifier string (``AAPL R735QTJ8XC9X``), a ticker (``AAPL``), or
  ``*`` for every security the file gives no value of that field;
- ``field``: LEAN's ``FundamentalProperty`` name (``ValuationRatios_PERatio``,
  ``EarningRatios_EquityPerShareGrowth_OneYear``, ``HasFundamentalData``) or its Python path
  (``valuation_ratios.pe_ratio``, ``earning_ratios.equity_per_share_growth.one_year``);
- ``value``: text read as the field's LEAN type (a string, an integer, ``true``/``false``, a date
  ``YYYY-MM-DD`` or a number).

Values hold on every date of the run. ``HasFundamentalData`` replaces the coarse files' column.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.common.naming import to_snake

__all__ = [
    "FineFundamentalSource",
    "FineSourceError",
    "active_fine_source",
    "field_key",
    "use_fine_source",
]

ANY_SECURITY = "*"
TOP_LEVEL = ""  # the group of the fields a Fundamental holds itself (has_fundamental_data)
OWN_FIELDS = ("has_fundamental_data",)


class FineSourceError(ValueError):
    """A fine-fundamental file that cannot be read."""


def field_key(name: str) -> tuple[str, ...]:
    """(group, field[, period]) in snake_case of a ``FundamentalProperty`` name or a Python path;
    a field of the Fundamental itself has the group ``""``."""
    text = name.strip()
    parts = text.split(".") if "." in text else text.split("_") if text[:1].isupper() else [text]
    parts = [to_snake(p.strip()) for p in parts]
    if not all(parts) or len(parts) > 3:
        raise FineSourceError(f"not a fundamental field name: {name!r}")
    if len(parts) == 1:
        # the coarse fields (price, volume...) come from the coarse files, not from this source
        if parts[0] not in OWN_FIELDS:
            raise FineSourceError(
                f"not a fine fundamental field: {name!r} (a field is Group_Field, "
                f"group.field or one of {', '.join(OWN_FIELDS)})"
            )
        return (TOP_LEVEL, parts[0])
    return tuple(parts)


def parse_value(text: str, default: Any) -> Any:
    """``text`` as the type of a field whose missing value is ``default`` (see fundamental.py)."""
    if isinstance(default, bool):
        lowered = text.strip().lower()
        if lowered not in ("true", "false"):
            raise FineSourceError(f"expected true or false, got {text!r}")
        return lowered == "true"
    if default is None:
        return text
    if isinstance(default, datetime):
        return datetime.fromisoformat(text.strip())
    if isinstance(default, int):
        try:
            return int(text.strip())
        except ValueError:
            return int(float(text.strip()))
    return float(text.strip())


@dataclass
class FineFundamentalSource:
    """Values by security: ``values[security][key]`` with ``key`` from ``field_key``."""

    values: dict[str, dict[tuple[str, ...], Any]] = field(default_factory=dict)
    path: str = ""

    @classmethod
    def from_csv(cls, path: str | Path) -> FineFundamentalSource:
        from engine.universe.fundamental import field_default

        source = cls(path=str(path))
        try:
            handle = open(path, newline="", encoding="utf-8")
        except OSError as exc:
            raise FineSourceError(f"cannot read the fundamentals file {path}: {exc}") from exc
        with handle:
            reader = csv.reader(handle)
            header = [c.strip().lower() for c in next(reader, [])]
            if header[:3] != ["security", "field", "value"]:
                raise FineSourceError(
                    f"{path}: the first line must be the header security,field,value"
                )
            for number, row in enumerate(reader, start=2):
                if not row or not "".join(row).strip():
                    continue
                if len(row) < 3:
                    raise FineSourceError(f"{path} line {number}: expected security,field,value")
                security, name, text = row[0].strip(), row[1], row[2]
                try:
                    key = field_key(name)
                    value = parse_value(text, field_default(key))
                except (FineSourceError, ValueError) as exc:
                    raise FineSourceError(f"{path} line {number}: {exc}") from exc
                if not security:
                    raise FineSourceError(f"{path} line {number}: the security is empty")
                source.values.setdefault(security.upper(), {})[key] = value
        return source

    def of(self, sid: str, ticker: str) -> dict[tuple[str, ...], Any]:
        """The values of one security: its identifier's over its ticker's over the ``*`` ones."""
        out = dict(self.values.get(ANY_SECURITY, {}))
        for key in (ticker, sid):
            if key:
                out.update(self.values.get(key.upper(), {}))
        return out

    def own_fields(self, sid: str, ticker: str) -> dict[str, Any]:
        """The values of the fields a Fundamental holds itself (``has_fundamental_data``)."""
        return {k[1]: v for k, v in self.of(sid, ticker).items() if k[0] == TOP_LEVEL}


class PeriodField(float):
    """A multi-period field with values (LEAN's MultiPeriodField, Common/Data/Fundamental/
    MultiPeriodField.cs): its number is ``Value``, the first period that has one; its periods
    (``one_year``...) answer their values and the others a missing number."""

    def __new__(cls, periods: dict[str, float]) -> PeriodField:
        first = next((v for v in periods.values() if not math.isnan(v)), math.nan)
        out = super().__new__(cls, first)
        out.periods = dict(periods)
        return out

    def __getattr__(self, name: str) -> Any:
        from engine.universe.fundamental import MISSING

        if name.startswith("_"):
            raise AttributeError(name)
        key = to_snake(name)
        if key == "value":
            return float(self)
        if key == "has_value":
            return not math.isnan(self)
        return self.periods.get(key, MISSING)

    def get_periods(self) -> list[str]:
        from engine.common.naming import to_pascal

        return [to_pascal(p) for p in self.periods]

    def get_period_values(self) -> dict[str, float]:
        from engine.common.naming import to_pascal

        return {to_pascal(p): v for p, v in self.periods.items()}

    def get_period_value(self, period: str) -> float:
        from engine.universe.fundamental import MISSING

        return self.periods.get(to_snake(period), MISSING)

    GetPeriods = get_periods
    GetPeriodValues = get_period_values
    GetPeriodValue = get_period_value

    def __repr__(self) -> str:
        return ";".join(f"{p}:{v}" for p, v in self.get_period_values().items())


# LEAN's FundamentalService is process-wide (initialized once per run); so is this source.
_active: list[FineFundamentalSource | None] = [None]


def use_fine_source(source: FineFundamentalSource | None) -> None:
    """Make ``source`` the run's fine data (``None``: no fine data)."""
    _active[0] = source


def active_fine_source() -> FineFundamentalSource | None:
    return _active[0]
