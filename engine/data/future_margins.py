"""Future margin requirements by date: ``future/<market>/margins/<TICKER>.csv`` of a LEAN data
folder (``date,initial,maintenance[,initial intraday,maintenance intraday]``), as LEAN's
Common/Securities/Future/MarginRequirementsEntry.cs reads them: intraday margins default to 40 %
of the overnight ones, lines starting with ``#`` are comments, the first line is the header."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.data.folder import DataFolder

INTRADAY_SHARE = 0.4


@dataclass(frozen=True, slots=True)
class MarginRequirements:
    """The margins per contract in force from ``date`` on."""

    date: date
    initial_overnight: float = 0.0
    maintenance_overnight: float = 0.0
    initial_intraday: float = 0.0
    maintenance_intraday: float = 0.0


def parse_margin_line(line: str) -> MarginRequirements:
    fields = [f.strip() for f in line.split(",")]
    if len(fields) < 3:
        raise ValueError(f"future margin line needs date,initial,maintenance: {line!r}")
    initial, maintenance = float(fields[1]), float(fields[2])
    return MarginRequirements(
        datetime.strptime(fields[0], "%Y%m%d").date(),
        initial,
        maintenance,
        float(fields[3]) if len(fields) >= 4 and fields[3] else initial * INTRADAY_SHARE,
        float(fields[4]) if len(fields) >= 5 and fields[4] else maintenance * INTRADAY_SHARE,
    )


@lru_cache(maxsize=64)
def _read(path: Path, mtime: float) -> tuple[MarginRequirements, ...]:
    lines = [
        line for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")
    ]
    return tuple(sorted((parse_margin_line(line) for line in lines[1:]), key=lambda e: e.date))


def margin_file_path(folder: Any, market: str, ticker: str) -> Path:
    return DataFolder(folder).market_dir("future", market) / "margins" / f"{ticker.upper()}.csv"


class MarginHistory:
    """The margin requirements of one future ticker over time (empty without its file: LEAN then
    uses zero margin)."""

    def __init__(self, entries: tuple[MarginRequirements, ...], path: Path | None = None) -> None:
        self.entries = entries
        self.path = path
        self._dates = [e.date for e in entries]

    @classmethod
    def load(cls, folder: Any, market: str, ticker: str) -> MarginHistory:
        path = margin_file_path(folder, market, ticker)
        if not path.is_file():
            return cls((), path)
        return cls(_read(path, path.stat().st_mtime), path)

    def on(self, day: date) -> MarginRequirements | None:
        """The requirements in force on ``day``: the last entry dated on or before it (the first
        entry before its date, as LEAN's index starts at the first row)."""
        if not self.entries:
            return None
        i = bisect.bisect_right(self._dates, day) - 1
        return self.entries[max(i, 0)]
