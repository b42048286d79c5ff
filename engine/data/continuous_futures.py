"""Continuous futures: the data of a future chain's symbol (``/ES``) taken from the contract it maps
to on each date, adjusted across rolls (LEAN's MapFile.GetMappedSymbol over
``future/<market>/map_files/<ticker>.csv``, MappingContractFactorProvider over
``future/<market>/factor_files/<ticker>.csv`` and Extensions.Normalize).

A map file row ``20131217,es vmklfzih2mtd,CME,2`` says that under data mapping mode 2 (open
interest) the chain maps to the contract ``ES VMKLFZIH2MTD`` up to and including 2013-12-17: the
mapped contract of a date is that of the first row of the mode dated on or after it. A factor file
row holds, per mode, the backwards ratio, backwards Panama canal and forward Panama canal scales of
the contract depths 0, 1, 2; a date's scale is that of the earliest row of the mode dated on or
after it (1 for a ratio, 0 for an offset after the last row). Ratios multiply prices, Panama canal
scales are added to them; raw data is not adjusted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from engine.data.folder import DataFolder

RATIO, PANAMA = "ratio", "panama"
SCALE_FIELDS = {
    "backwards_ratio": ("BackwardsRatioScale", RATIO),
    "backwards_panama_canal": ("BackwardsPanamaCanalScale", PANAMA),
    "forward_panama_canal": ("ForwardPanamaCanalScale", PANAMA),
}


class ContinuousFutureError(ValueError):
    """A continuous future that cannot be built (no map file, unsupported mode)."""


@dataclass(frozen=True, slots=True)
class MapRow:
    date: date
    identifier: str  # "ES VMKLFZIH2MTD"
    mode: int | None


@dataclass(frozen=True, slots=True)
class FactorRow:
    date: date
    mode: int | None
    scales: dict[str, tuple[float, ...]]


def _market_dir(folder: Any, market: str) -> Path:
    return DataFolder(folder).market_dir("future", market)


@lru_cache(maxsize=64)
def _read_map(path: Path, mtime: float) -> tuple[MapRow, ...]:
    rows = []
    for line in path.read_text().splitlines():
        fields = [f.strip() for f in line.split(",")]
        if len(fields) < 2 or not fields[0].isdigit():
            continue
        mode = int(fields[3]) if len(fields) >= 4 and fields[3] else None
        rows.append(MapRow(datetime.strptime(fields[0], "%Y%m%d").date(), fields[1].upper(), mode))
    rows.sort(key=lambda r: r.date)
    return tuple(rows)


def map_rows(folder: Any, market: str, ticker: str) -> tuple[MapRow, ...]:
    path = _market_dir(folder, market) / "map_files" / f"{ticker.lower()}.csv"
    if not path.is_file():
        raise ContinuousFutureError(
            f"No map file for the continuous future {ticker.upper()} ({path}): its contracts "
            "cannot be mapped"
        )
    return _read_map(path, path.stat().st_mtime)


def mapped_identifier(rows: tuple[MapRow, ...], day: date, mode: int) -> str | None:
    """The identifier string of the contract mapped on ``day``; None past the map file's end."""
    for row in rows:
        if row.mode is not None and row.mode != mode:
            continue
        if row.date >= day and " " in row.identifier:
            return row.identifier
    return None


@lru_cache(maxsize=64)
def _read_factors(path: Path, mtime: float) -> tuple[FactorRow, ...]:
    rows = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        raw = json.loads(line)
        scales = {
            name: tuple(float(v) for v in raw.get(key) or ())
            for name, (key, _) in SCALE_FIELDS.items()
        }
        rows.append(
            FactorRow(
                datetime.fromisoformat(raw["Date"]).date(), raw.get("DataMappingMode"), scales
            )
        )
    rows.sort(key=lambda r: r.date)
    return tuple(rows)


def factor_rows(folder: Any, market: str, ticker: str) -> tuple[FactorRow, ...]:
    path = _market_dir(folder, market) / "factor_files" / f"{ticker.lower()}.csv"
    if not path.is_file():
        return ()
    return _read_factors(path, path.stat().st_mtime)


def price_factor(
    rows: tuple[FactorRow, ...], day: date, normalization: str, mode: int, depth: int = 0
) -> float:
    """The scale of ``normalization`` ("backwards_ratio", "backwards_panama_canal",
    "forward_panama_canal") on ``day``."""
    kind = SCALE_FIELDS[normalization][1]
    factor = 1.0 if kind == RATIO else 0.0
    for row in reversed(rows):
        if row.date < day:
            break
        if row.mode == mode:
            values = row.scales[normalization]
            if len(values) > depth:
                factor = values[depth]
    return factor


def adjustment_kind(normalization: str) -> str | None:
    """RATIO, PANAMA, or None for unadjusted (raw) data."""
    if normalization == "raw":
        return None
    if normalization not in SCALE_FIELDS:
        raise ContinuousFutureError(
            f"A continuous future's data normalization is raw, backwards_ratio, "
            f"backwards_panama_canal or forward_panama_canal, not {normalization}"
        )
    return SCALE_FIELDS[normalization][1]


def expiry_at_depth(folder: Any, market: str, ticker: str, expiry: date, depth: int) -> date:
    """The expiry of the contract ``depth`` contracts after the one expiring on ``expiry`` (LEAN's
    Extensions.AdjustSymbolByOffset: from each expiry, the first later expiry the expiry function
    gives for the following months)."""
    from engine.data.future_expiry import expiry_of_contract_month

    for _ in range(depth):
        months = 1
        while True:
            index = expiry.year * 12 + expiry.month - 1 + months
            month = date(index // 12, index % 12 + 1, 1)
            later = expiry_of_contract_month(folder, market, ticker, month).date()
            if later > expiry:
                break
            months += 1
        expiry = later
    return expiry


def identifier_at_depth(folder: Any, market: str, ticker: str, identifier: str, depth: int) -> str:
    """The identifier string of the contract ``depth`` contracts after ``identifier`` (itself at
    depth 0): a continuous future with a contract_depth_offset follows that contract."""
    if depth == 0:
        return identifier
    from engine.model.symbol import SecurityIdentifier

    expiry = SecurityIdentifier.parse(identifier).date
    later = expiry_at_depth(folder, market, ticker, expiry.date(), depth)
    return str(SecurityIdentifier.generate_future(later, ticker.upper(), market))


def mapping_segments(
    folder: Any, market: str, ticker: str, start: date, end: date, mode: int, depth: int = 0
) -> list[tuple[date, date, str]]:
    """(first date, last date, identifier) runs of the mapped contract over [start, end], the
    contract ``depth`` contracts after the map file's with a depth offset (the roll dates stay
    the map file's, as LEAN's Symbol.UpdateMappedSymbol with a contract depth offset)."""
    rows = map_rows(folder, market, ticker)
    out: list[tuple[date, date, str]] = []
    day = start
    while day <= end:
        ident = mapped_identifier(rows, day, mode)
        if ident is not None and depth:
            ident = identifier_at_depth(folder, market, ticker, ident, depth)
        if ident is None:
            break
        if out and out[-1][2] == ident and out[-1][1] == day - timedelta(days=1):
            out[-1] = (out[-1][0], day, ident)
        else:
            out.append((day, day, ident))
        day += timedelta(days=1)
    return out


def roll_dates(
    folder: Any, market: str, ticker: str, start: date, end: date, mode: int, depth: int = 0
) -> list[tuple[date, str, str]]:
    """(date, old identifier, new identifier) of each roll after ``start`` up to ``end``."""
    segments = mapping_segments(folder, market, ticker, start, end, mode, depth)
    return [(segments[i][0], segments[i - 1][2], segments[i][2]) for i in range(1, len(segments))]


def adjust_prices(
    values: np.ndarray, days: np.ndarray, factors: dict[date, float], kind: str | None
) -> np.ndarray:
    """Prices of rows dated ``days`` adjusted by each date's factor."""
    if kind is None or len(values) == 0:
        return values
    per_row = np.array([factors[d] for d in days.astype("datetime64[D]").tolist()])
    return values * per_row if kind == RATIO else values + per_row


def _concat_arrays(parts: list[Any], empty: Any) -> Any:
    import dataclasses

    if not parts:
        return empty
    if len(parts) == 1:
        return parts[0]
    merged = {}
    for f in dataclasses.fields(parts[0]):
        values = [getattr(p, f.name) for p in parts]
        merged[f.name] = np.concatenate(values) if isinstance(values[0], np.ndarray) else values[0]
    return type(parts[0])(**merged)


_PRICE_FIELDS = (
    "open",
    "high",
    "low",
    "close",
    "bid_open",
    "bid_high",
    "bid_low",
    "bid_close",
    "ask_open",
    "ask_high",
    "ask_low",
    "ask_close",
)


def _mapped_contract_parts(
    folder: Any,
    market: str,
    ticker: str,
    start: date,
    end: date,
    *,
    normalization: str,
    mode: int,
    depth: int,
    read: Callable[[date, date, str], Any],
    price_fields: tuple[str, ...],
) -> list[Any]:
    """The arrays ``read(first, last, contract month)`` gives for each segment of the mapping over
    file dates [start, end], their ``price_fields`` adjusted by each date's factor (and, for the
    ratio adjustment, the factor kept as ``scale``)."""
    from engine.data.future_expiry import contract_month_of
    from engine.model.symbol import SecurityIdentifier

    kind = adjustment_kind(normalization)
    factors_table = factor_rows(folder, market, ticker) if kind is not None else ()
    parts = []
    for first, last, ident in mapping_segments(folder, market, ticker, start, end, mode, depth):
        identifier = SecurityIdentifier.parse(ident)
        arrays = read(first, last, contract_month_of(ticker, identifier.date).strftime("%Y%m"))
        if kind is not None and len(arrays.date):
            days = arrays.date.astype("datetime64[D]")
            factors = {
                d: price_factor(factors_table, d, normalization, mode, depth)
                for d in set(days.tolist())
            }
            for name in price_fields:
                values = getattr(arrays, name, None)
                if values is not None:
                    setattr(arrays, name, adjust_prices(values, days, factors, kind))
            if kind == RATIO:
                arrays.scale = np.array([factors[d] for d in days.tolist()])
        parts.append(arrays)
    return parts


def read_continuous_bars(
    folder: Any,
    market: str,
    ticker: str,
    resolution: str,
    quotes: bool,
    start: date,
    end: date,
    *,
    normalization: str,
    mode: int,
    depth: int = 0,
    extended_hours: bool = False,
    strict_daily: bool = True,
) -> Any:
    """Trade (or quote) bars of the continuous future over file dates [start, end]: each date's
    bars from its mapped contract, adjusted by the date's factor."""
    from engine.data.readers import read_quote_bars, read_trade_bars

    reader = read_quote_bars if quotes else read_trade_bars

    def read(first: date, last: date, contract: str) -> Any:
        return reader(
            folder,
            "future",
            market,
            ticker,
            resolution,
            first,
            last,
            normalization="raw",
            extended_hours=extended_hours,
            strict_daily=strict_daily,
            contract=contract,
        )

    parts = _mapped_contract_parts(
        folder,
        market,
        ticker,
        start,
        end,
        normalization=normalization,
        mode=mode,
        depth=depth,
        read=read,
        price_fields=_PRICE_FIELDS,
    )
    return _concat_arrays(parts, read(start, start - timedelta(days=1), "000000"))


_TICK_PRICE_FIELDS = ("price", "bid_price", "ask_price")


def read_continuous_ticks(
    folder: Any,
    market: str,
    ticker: str,
    tick_type: str,
    start: date,
    end: date,
    *,
    normalization: str,
    mode: int,
    depth: int = 0,
    extended_hours: bool = False,
) -> Any:
    """Trade (or quote, open interest) ticks of the continuous future over file dates [start,
    end]: each date's ticks from its mapped contract, prices adjusted by the date's factor."""
    from engine.data.readers import read_ticks

    def read(first: date, last: date, contract: str) -> Any:
        return read_ticks(
            folder,
            "future",
            market,
            ticker,
            first,
            last,
            tick_type=tick_type,
            normalization="raw",
            extended_hours=extended_hours,
            contract=contract,
        )

    parts = _mapped_contract_parts(
        folder,
        market,
        ticker,
        start,
        end,
        normalization=normalization,
        mode=mode,
        depth=depth,
        read=read,
        price_fields=_TICK_PRICE_FIELDS,
    )
    return _concat_arrays(parts, read(start, start - timedelta(days=1), "000000"))
