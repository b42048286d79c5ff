"""Risk-free rate from ``alternative/interest-rate/usa/interest-rate.csv`` (LEAN's
``InterestRateProvider``): header ``DATE,<series>``, rows ``yyyy-mm-dd,percent``; a rate holds until
the next row, dates before the first row use the first rate, after the last the last rate.
Without the file the rate is LEAN's default 0.01 (1%)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np

from engine.data.folder import DataFolder, as_date

DEFAULT_RISK_FREE_RATE = 0.01


class InterestRateProvider:
    """``rate(date)`` -> annual risk-free rate as a fraction (0.0075 for 0.75%)."""

    def __init__(self, folder: str | Path | DataFolder | None = None) -> None:
        self.path = DataFolder(folder).interest_rate_path if folder is not None else None
        if self.path is not None and self.path.is_file():
            self.dates, self.rates = _load(self.path, self.path.stat().st_mtime)
        else:
            self.dates, self.rates = np.empty(0, "datetime64[D]"), np.empty(0)
        self._by_day: dict[object, float] = {}

    def rate(self, day: object) -> float:
        # the statistics ask for the same days again for each rolling window: one lookup a day
        value = self._by_day.get(day)
        if value is None:
            value = float(self.rates_for(np.array([np.datetime64(as_date(day), "D")]))[0])
            self._by_day[day] = value
        return value

    def rates_for(self, days: np.ndarray) -> np.ndarray:
        days = np.asarray(days, dtype="datetime64[D]")
        if len(self.rates) == 0:
            return np.full(days.shape, DEFAULT_RISK_FREE_RATE)
        idx = np.searchsorted(self.dates, days, side="right") - 1
        return self.rates[np.clip(idx, 0, None)]

    def mean_rate(self, start: object, end: object) -> float:
        """Average daily rate over calendar days in [start, end] (LEAN averages it for Sharpe)."""
        a, b = as_date(start), as_date(end)
        days = np.arange(np.datetime64(a, "D"), np.datetime64(b, "D") + 1)
        return float(self.rates_for(days).mean()) if len(days) else self.rate(a)


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> tuple[np.ndarray, np.ndarray]:
    dates: list[date] = []
    rates: list[float] = []
    for line in path.read_text().splitlines():
        parts = line.strip().split(",")
        if len(parts) < 2 or not parts[0][:1].isdigit():
            continue
        try:
            rates.append(float(parts[1]) / 100.0)
            dates.append(as_date(parts[0]))
        except ValueError:
            continue
    order = np.argsort(np.array(dates, dtype="datetime64[D]"), kind="stable")
    return np.array(dates, dtype="datetime64[D]")[order], np.array(rates)[order]


def risk_free_rate(folder: str | Path | DataFolder | None, day: object) -> float:
    """Risk-free rate in force on ``day`` (0.01 without the file)."""
    return InterestRateProvider(folder).rate(day)
