"""Factor files and price normalization (LEAN ``CorporateFactorProvider``).

``factor_files/<ticker>.csv`` rows: ``yyyymmdd,price_factor,split_factor,reference_price``. A bar of
date D uses the FIRST row whose date >= D (rows sit on the last trading day before each event);
dates after the last row use factors 1, 1. Without a factor file every factor is 1.

Normalization modes (``normalization=`` of the readers):
- ``adjusted`` (default): price x price_factor x split_factor; volume / that factor, rounded.
- ``split_adjusted``: price x split_factor; volume / split_factor, rounded.
- ``total_return``: price x split_factor + sum of dividends paid since the read start.
- ``scaled_raw``: the adjusted price divided by the adjustment of the read's last date, so the
  prices of that date are raw and earlier ones are on its scale (LEAN uses it to warm up models
  of raw-priced securities without jumps at splits and dividends).
- ``raw``: file prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np

from engine.data.folder import DataFolder, snake_name

NORMALIZATIONS = ("raw", "adjusted", "split_adjusted", "total_return", "scaled_raw")


def norm_normalization(value: object) -> str:
    name = snake_name(value)
    if name not in NORMALIZATIONS:
        raise ValueError(f"unsupported normalization {value!r}; expected one of {NORMALIZATIONS}")
    return name


@dataclass(frozen=True)
class FactorFile:
    """Parsed factor file; arrays sorted by date (``dates`` as datetime64[D])."""

    ticker: str
    dates: np.ndarray
    price_factor: np.ndarray
    split_factor: np.ndarray
    reference_price: np.ndarray
    # exact decimal text of each row, for LEAN-exact event arithmetic
    text_rows: tuple[tuple[str, str, str], ...] = ()

    @property
    def is_identity(self) -> bool:
        return len(self.dates) == 0

    def _row_index(self, dates: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.dates, np.asarray(dates, dtype="datetime64[D]"), side="left")

    def factors(self, dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(price_factor, split_factor) for each date (vectorised)."""
        dates = np.asarray(dates, dtype="datetime64[D]")
        if self.is_identity:
            ones = np.ones(dates.shape, dtype=np.float64)
            return ones, ones.copy()
        idx = self._row_index(dates)
        pf = np.append(self.price_factor, 1.0)[idx]
        sf = np.append(self.split_factor, 1.0)[idx]
        return pf, sf

    def price_scale(
        self, dates: np.ndarray, normalization: str = "adjusted", end: date | None = None
    ) -> np.ndarray:
        """Multiplier applied to raw prices for each date under ``normalization`` (``scaled_raw``
        is relative to ``end``, the read's last date; the last of ``dates`` without it)."""
        mode = norm_normalization(normalization)
        dates = np.asarray(dates, dtype="datetime64[D]")
        if mode == "raw":
            return np.ones(dates.shape, dtype=np.float64)
        pf, sf = self.factors(dates)
        if mode == "adjusted":
            return pf * sf
        if mode == "scaled_raw":
            if end is None and len(dates) == 0:
                return pf * sf
            last = np.asarray([end if end is not None else dates.max()], dtype="datetime64[D]")
            end_pf, end_sf = self.factors(last)
            return pf * sf / (end_pf[0] * end_sf[0])
        return sf


IDENTITY = FactorFile(
    "", np.array([], dtype="datetime64[D]"), np.array([]), np.array([]), np.array([])
)


@lru_cache(maxsize=512)
def _read_factor_file(path: Path, ticker: str, mtime: float) -> FactorFile:
    rows: list[tuple[date, str, str, str]] = []
    for line in path.read_text().splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 3 or not parts[0].isdigit():
            continue
        d = parts[0]
        ref = parts[3] if len(parts) > 3 and parts[3] else "0"
        rows.append((date(int(d[:4]), int(d[4:6]), int(d[6:8])), parts[1], parts[2], ref))
    rows.sort(key=lambda r: r[0])
    return FactorFile(
        ticker.lower(),
        np.array([r[0] for r in rows], dtype="datetime64[D]"),
        np.array([float(r[1]) for r in rows], dtype=np.float64),
        np.array([float(r[2]) for r in rows], dtype=np.float64),
        np.array([float(r[3]) for r in rows], dtype=np.float64),
        tuple((r[1], r[2], r[3]) for r in rows),
    )


def read_factor_file(folder: str | Path | DataFolder, market: str, ticker: str) -> FactorFile:
    """Factor file named after the current ticker (identity factors when absent)."""
    path = DataFolder(folder).factor_file_path(market, ticker)
    if not path.is_file():
        return IDENTITY
    return _read_factor_file(path, ticker.lower(), path.stat().st_mtime)
