"""Dividend yield of an equity from its factor file, as LEAN's ``DividendYieldProvider``
(Common/Data/DividendYieldProvider.cs), and the constant yield model
(Common/Data/ConstantDividendYieldModel.cs).

The factor file's rows become corporate events: between two rows whose price factors differ, a
dividend of ``round(reference - reference * pf / next pf, 3)`` (banker's rounding, as C#'s
``Math.Round`` on decimals), else a split of ``sf / next sf``; each dated the next trading day after
the row. The yield on a date is the sum of the dividends paid in the 350 days up to the most recent
dividend on or before that date, each scaled by the splits between it and that dividend, divided by
the security's price (the dividend's reference price when no price is given). No factor file, no
event yet or no dividend: 0.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.data.folder import DataFolder, as_date
from engine.data.market_hours import market_hours

DEFAULT_DIVIDEND_YIELD = 0.0
TRAILING_DAYS = 350  # LEAN: "15 days window from 1y to avoid overestimation from last year value"


@dataclass(frozen=True)
class CorporateEvent:
    day: date
    dividend: Decimal | None = None  # distribution per share
    split_factor: Decimal | None = None
    reference_price: Decimal = Decimal(0)


@lru_cache(maxsize=64)
def _events(path: Path, mtime: float, market: str, folder: str) -> tuple[CorporateEvent, ...]:
    rows = []
    for line in path.read_text().splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 3 or not parts[0].isdigit():
            continue
        ref = Decimal(parts[3]) if len(parts) > 3 and parts[3] else Decimal(0)
        rows.append((parts[0], Decimal(parts[1]), Decimal(parts[2]), ref))
    rows.sort(key=lambda r: r[0])
    hours = market_hours("equity", market, folder)
    events = []
    for (day, pf, sf, ref), (_, next_pf, next_sf, _) in zip(rows, rows[1:], strict=False):
        when = hours.next_trading_day(date(int(day[:4]), int(day[4:6]), int(day[6:8])))
        if pf != next_pf:
            if next_pf == 0:
                raise ValueError(f"{path.name}: price factor is zero after {day}")
            amount = (ref - ref * (pf / next_pf)).quantize(Decimal("0.001"), ROUND_HALF_EVEN)
            events.append(CorporateEvent(when, dividend=amount, reference_price=ref))
        else:
            if next_sf == 0:
                raise ValueError(f"{path.name}: split factor is zero after {day}")
            events.append(CorporateEvent(when, split_factor=sf / next_sf))
    return tuple(events)


def corporate_events(folder: str | Path | DataFolder, market: str, ticker: str):
    """Dividends and splits of an equity from its factor file (empty without one)."""
    data = DataFolder(folder)
    path = data.factor_file_path(market, ticker)
    if not path.is_file():
        return ()
    return _events(path, path.stat().st_mtime, market.lower(), str(data.root))


def dividend_yield(events, day: object, price: float | None = None) -> float:
    """LEAN's trailing dividend yield on ``day`` from ``events`` (see the module docstring)."""
    if not events:
        return DEFAULT_DIVIDEND_YIELD
    on = as_date(day)
    last = bisect.bisect_right([e.day for e in events], on) - 1
    if last < 0:
        return DEFAULT_DIVIDEND_YIELD
    recent = next((e for e in reversed(events[: last + 1]) if e.dividend is not None), None)
    if recent is None:
        return DEFAULT_DIVIDEND_YIELD
    if price is None:
        price = float(recent.reference_price)
    if price == 0:
        raise ValueError("Security price cannot be zero.")
    start = recent.day - timedelta(days=TRAILING_DAYS)
    yearly, split = Decimal(0), Decimal(1)
    for event in reversed(events[: last + 1]):
        if event.day < start:
            break
        if event.dividend is not None:
            yearly += event.dividend * split
        else:
            split *= event.split_factor
    return float(yearly) / float(price)


class ConstantDividendYieldModel:
    """One dividend yield for every date (LEAN's ConstantDividendYieldModel)."""

    def __init__(self, dividend_yield: float = 0.0) -> None:
        self.dividend_yield = float(dividend_yield)

    def get_dividend_yield(self, date: Any, security_price: Any = None) -> float:
        return self.dividend_yield

    GetDividendYield = get_dividend_yield

    def __repr__(self) -> str:
        return f"ConstantDividendYieldModel({self.dividend_yield})"


class DividendYieldProvider:
    """``DividendYieldProvider(symbol, folder)``: ``get_dividend_yield(date, price)`` of an
    equity symbol (anything with ``value``/``id.symbol`` and ``id.market``, or a ticker) from the
    factor files of the data ``folder``."""

    def __init__(self, symbol: Any, folder: str | Path | DataFolder) -> None:
        self.symbol = symbol
        sid = getattr(symbol, "id", None)
        ticker = getattr(sid, "symbol", None) or getattr(symbol, "value", None) or str(symbol)
        market = str(getattr(sid, "market", None) or getattr(symbol, "market", None) or "usa")
        self.events = corporate_events(folder, market, ticker)

    def get_dividend_yield(self, date: Any, security_price: Any = None) -> float:
        if security_price is None and hasattr(date, "end_time"):  # a price data point
            date, security_price = date.end_time, date.value
        if isinstance(date, datetime):
            date = date.date()
        price = None if security_price is None else float(security_price)
        return dividend_yield(self.events, date, price)

    GetDividendYield = get_dividend_yield
