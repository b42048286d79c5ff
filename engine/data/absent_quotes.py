"""Quote tick files a data folder lacks beside the trade tick files it has.

LEAN's tick data comes as one trade zip and one quote zip per security and day
(``<type>/<market>/tick/<ticker>/<yyyymmdd>_trade.zip`` and ``..._quote.zip``, both written by its
ToolBox converters for the same day), and a tick subscription of an equity or a future reads both
(``DefaultDataTypes`` of LEAN's Common/Data/SubscriptionManager.cs gives both types trade and
quote data). A day
with the trade zip but not the quote zip is therefore data missing from the folder; a day without
either file (a weekend, a holiday, a day before the security listed) is not.
"""

from __future__ import annotations

from pathlib import Path

from engine.data.folder import DataFolder, as_date, norm_security_type


def absent_tick_quote_files(
    folder: object,
    security_type: object,
    market: str,
    ticker: str,
    start_date: object,
    end_date: object,
) -> list[Path]:
    """The quote tick zips of the days in [start, end] that have a trade tick zip but no quote
    tick zip, in date order (the name in force that day for an equity renamed by its map file)."""
    from engine.data.maps import read_map_file

    df = DataFolder(folder)
    sec = norm_security_type(security_type)
    start, end = as_date(start_date), as_date(end_date)
    quotes = set(df.dates_available(sec, market, ticker, "tick", "quote"))
    mapping = read_map_file(df, market, ticker) if sec == "equity" else None
    out: list[Path] = []
    for day in df.dates_available(sec, market, ticker, "tick", "trade"):
        if start <= day <= end and day not in quotes:
            name = (mapping.ticker_on(day) if mapping is not None else None) or ticker.lower()
            out.append(df.zip_path(sec, market, name, "tick", "quote", day))
    return out


def absent_tick_quotes_message(ticker: str, security_type: str, missing: list[Path]) -> str:
    """A sentence naming the absent quote tick files (the first three, and how many more)."""
    names = ", ".join(path.name for path in missing[:3])
    more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
    return (
        f"no tick quote data for {ticker.upper()} ({security_type}): {names}{more} missing beside "
        f"its trade tick files in {missing[0].parent}. No quote ticks (TickType.QUOTE) arrive those "
        "days: quote "
        "consolidators, quote tick history and bid/ask prices stay empty; LEAN's data has these "
        "quotes."
    )
