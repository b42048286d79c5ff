"""Micro-benchmark of the minute-data readers (``python -m engine.bench`` assembles these)."""

from __future__ import annotations

import time
from pathlib import Path

from engine.data.folder import DataFolder
from engine.data.readers import read_quote_bars, read_trade_bars


def bench_read(
    folder: str | Path | DataFolder,
    ticker: str | None = None,
    *,
    security_type: str = "equity",
    market: str = "usa",
    resolution: str = "minute",
    quotes: bool = False,
    repeat: int = 3,
) -> float:
    """Bars per second reading every available day of one security (best of ``repeat``).

    Defaults to the equity ticker with the most minute files (SPY when tied). Counts the bars
    returned (regular hours, adjusted), timing file decoding end to end.
    """
    df = DataFolder(folder)
    if ticker is None:
        base = df.market_dir(security_type, market) / resolution
        candidates = sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
        if not candidates:
            raise FileNotFoundError(f"no {resolution} data under {base}")
        ticker = max(
            candidates, key=lambda t: (len(list((base / t).glob("*_trade.zip"))), t == "spy")
        )
    days = df.dates_available(security_type, market, ticker, resolution)
    if not days:
        raise FileNotFoundError(f"no {resolution} data for {ticker} in {df.root}")
    reader = read_quote_bars if quotes else read_trade_bars
    best = float("inf")
    count = 0
    for _ in range(max(1, repeat)):
        began = time.perf_counter()
        bars = reader(df, security_type, market, ticker, resolution, days[0], days[-1])
        best = min(best, time.perf_counter() - began)
        count = len(bars)
    return count / best if best > 0 else float("inf")


if __name__ == "__main__":
    import sys

    path = sys.argv[1] if len(sys.argv) > 1 else "."
    print(f"{bench_read(path):,.0f} bars/s")
