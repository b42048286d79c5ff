"""Corporate events derived from map and factor files, as LEAN's event providers emit them.

For two consecutive factor rows (D0, next) with D0 a trading day and D1 the next trading day:
- split factors differ: ``split_warning`` on D0 and ``split`` on D1 with
  ``split_factor = sf(D0) / sf(next)`` (0.5 for a 2-for-1 split);
- price factors differ: ``dividend`` on D1 with
  ``distribution = round(ref - ref * pf(D0) / pf(next), 2)`` (banker's rounding), ``ref`` = the row's
  reference price, or the raw close of D0 when the row has none.
Map files add ``symbol_changed`` on the first date under a new ticker, ``delisting_warning`` on the
delisting date and ``delisted`` on the next trading day. Events are emitted at 00:00 exchange time
of their date (``time``: UTC ns) and only while the subscription runs: D0 and D1 in [start, end]
(LEAN sets the pending event on D0's new-tradable-date and emits it on D1's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import numpy as np

from engine.data.factors import read_factor_file
from engine.data.folder import DataFolder, as_date
from engine.data.maps import read_map_file
from engine.data.market_hours import market_hours
from engine.data.time_zones import local_to_utc

EVENT_KINDS = (
    "split_warning",
    "split",
    "dividend",
    "symbol_changed",
    "delisting_warning",
    "delisted",
)


@dataclass(frozen=True)
class CorporateEvent:
    kind: str  # one of EVENT_KINDS
    date: date  # exchange-local date the event is emitted (at 00:00)
    time: int  # UTC ns of that midnight
    ticker: str  # current ticker (upper case)
    split_factor: float = 1.0  # split / split_warning: sf(D0)/sf(next)
    distribution: float = 0.0  # dividend per share, dollars
    reference_price: float = 0.0  # raw close the split/dividend refers to
    old_ticker: str = ""  # symbol_changed
    new_ticker: str = ""
    delisting_date: date | None = None  # delisting_warning / delisted: the map file's last date


def _raw_daily_closes(folder: DataFolder, market: str, ticker: str) -> dict[date, float]:
    """Raw daily closes by date from the daily file(s) ({} when absent)."""
    from engine.data.readers import read_trade_bars

    try:
        bars = read_trade_bars(
            folder,
            "equity",
            market,
            ticker,
            "daily",
            "1990-01-01",
            "2050-12-31",
            normalization="raw",
        )
    except (OSError, ValueError):
        return {}
    return {d.item(): float(c) for d, c in zip(bars.date, bars.raw_close, strict=True)}


def corporate_events(
    folder: str | Path | DataFolder,
    ticker: str,
    start_date: object,
    end_date: object,
    *,
    market: str = "usa",
) -> list[CorporateEvent]:
    """Splits, dividends, renames and delistings of an equity between start and end (inclusive)."""
    df = DataFolder(folder)
    start, end = as_date(start_date), as_date(end_date)
    hours = market_hours("equity", market, df)
    mapping = read_map_file(df, market, ticker)
    factors = read_factor_file(df, market, ticker)
    name = ticker.upper()
    events: list[tuple[date, int, CorporateEvent]] = []
    closes: dict[date, float] | None = None

    def midnight_utc(d: date) -> int:
        ns = np.array([np.datetime64(d, "ns").astype(np.int64)])
        return int(local_to_utc(ns, hours.time_zone)[0])

    def tradable(d: date) -> bool:
        return start <= d <= end and hours.is_date_open(d) and mapping.has_data(d)

    def raw_close(d: date) -> float:
        nonlocal closes
        if closes is None:
            closes = _raw_daily_closes(df, market, ticker)
        return closes.get(d, 0.0)

    rows = factors.text_rows
    dates = [d.item() for d in factors.dates]
    for i in range(len(rows) - 1):
        d0 = dates[i]
        if not tradable(d0):
            continue
        d1 = hours.next_trading_day(d0)
        pf0, sf0, ref_text = (Decimal(x) for x in rows[i])
        pf1, sf1, _ = (Decimal(x) for x in rows[i + 1])
        if sf0 != sf1:
            factor = float(sf0 / sf1)
            prev = raw_close(hours.previous_trading_day(d0))
            events.append(
                (
                    d0,
                    0,
                    CorporateEvent(
                        "split_warning", d0, midnight_utc(d0), name, factor, reference_price=prev
                    ),
                )
            )
        if not tradable(d1):
            continue
        ref = ref_text if ref_text != 0 else Decimal(str(raw_close(d0)))
        if pf0 != pf1:
            dist = (ref - ref * (pf0 / pf1)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
            if dist != 0:
                events.append(
                    (
                        d1,
                        1,
                        CorporateEvent(
                            "dividend",
                            d1,
                            midnight_utc(d1),
                            name,
                            distribution=float(dist),
                            reference_price=float(ref),
                        ),
                    )
                )
        if sf0 != sf1:
            events.append(
                (
                    d1,
                    2,
                    CorporateEvent(
                        "split",
                        d1,
                        midnight_utc(d1),
                        name,
                        float(sf0 / sf1),
                        reference_price=float(ref),
                    ),
                )
            )
    for d, old, new in mapping.changes():
        if tradable(d):
            events.append(
                (
                    d,
                    3,
                    CorporateEvent(
                        "symbol_changed",
                        d,
                        midnight_utc(d),
                        name,
                        old_ticker=old.upper(),
                        new_ticker=new.upper(),
                    ),
                )
            )
    if mapping.is_delisted:
        d = mapping.delisting_date
        if start <= d <= end:
            events.append(
                (
                    d,
                    4,
                    CorporateEvent("delisting_warning", d, midnight_utc(d), name, delisting_date=d),
                )
            )
        nxt = hours.next_trading_day(d)
        if start <= nxt <= end:
            events.append(
                (nxt, 5, CorporateEvent("delisted", nxt, midnight_utc(nxt), name, delisting_date=d))
            )
    events.sort(key=lambda e: (e[0], e[1]))
    return [e[2] for e in events]


def event_data(event: CorporateEvent, symbol: Any) -> Any:
    """The data point of ``event`` for ``symbol`` (Split, Dividend, SymbolChangedEvent or
    Delisting), at the midnight of its date in New York, as LEAN's event providers emit them."""
    from engine.common.clock import ns_to_local
    from engine.model import Delisting, DelistingType, Dividend, Split, SymbolChangedEvent

    local = ns_to_local(event.time, "America/New_York")
    kind = event.kind
    if kind == "split":
        return Split(symbol, local, event.reference_price, event.split_factor, Split.SPLIT_OCCURRED)
    if kind == "split_warning":
        return Split(symbol, local, event.reference_price, event.split_factor, Split.WARNING)
    if kind == "dividend":
        return Dividend(symbol, local, event.distribution, event.reference_price)
    if kind == "symbol_changed":
        return SymbolChangedEvent(symbol, local, event.old_ticker, event.new_ticker)
    if kind == "delisting_warning":
        return Delisting(symbol, local, 0.0, DelistingType.WARNING)
    if kind == "delisted" and event.delisting_date is not None:
        # LEAN's DelistingEventProvider dates the delisting the day after the delisting date (it
        # is emitted on the next tradable date); its price is the last known one (set by the loop)
        after = datetime.combine(event.delisting_date, datetime.min.time()) + timedelta(days=1)
        return Delisting(symbol, after, 0.0, DelistingType.DELISTED)
    return None
