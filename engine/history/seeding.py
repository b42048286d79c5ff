"""``get_last_known_prices``: the last data point of each of a security's data types before the
algorithm time, for seeding a new security's price (Algorithm/QCAlgorithm.History.cs
``GetLastKnownPrices``).

LEAN asks for the last ``SeedLookbackPeriod`` (5) bars of every subscription at its resolution
(tick and second data at minute resolution), retries the types that found nothing with a longer
look-back at the same resolution (its ``SeedRetry*LookbackPeriod`` settings: 10 daily, 24 hour or
1,440 minute bars), and finally with up to 50 daily bars. The result is one point
per data type, ordered by time and, at equal times, trade before quote.
"""

from __future__ import annotations

from typing import Any

from engine.history.provider import HistorySpec, read_count
from engine.model import DataNormalizationMode, Resolution, SecurityType, Symbol, TickType

SEED_LOOKBACK_PERIOD = 5
# LEAN's Config "seed-retry-minute-lookback-period" / hour / daily defaults
SEED_RETRY_MINUTE_LOOKBACK_PERIOD = 24 * 60
SEED_RETRY_HOUR_LOOKBACK_PERIOD = 24
SEED_RETRY_DAILY_LOOKBACK_PERIOD = 10
TICK_TYPE_ORDER = {TickType.TRADE: 0, TickType.QUOTE: 1}


def _seed_resolution(resolution: Resolution) -> Resolution:
    return Resolution.MINUTE if resolution in (Resolution.TICK, Resolution.SECOND) else resolution


def _subscription_types(security: Any, symbol: Symbol) -> list[tuple[Resolution, TickType, bool]]:
    """(resolution, tick type, extended hours) of each of the security's market data subscriptions."""
    from engine.model import QuoteBar

    out = []
    for info in getattr(security, "subscriptions", None) or ():
        tick_type = TickType.QUOTE if info.data_type is QuoteBar else TickType.TRADE
        key = (_seed_resolution(info.resolution), tick_type, bool(info.extended_market_hours))
        if key not in out:
            out.append(key)
    return out


def _last_point(folder: Any, spec: HistorySpec, count: int, now_ns: int) -> Any:
    from engine.history.api import to_bars
    from engine.model import QuoteBar, TradeBar

    result = read_count(folder, spec, count, now_ns)
    data_type = QuoteBar if spec.tick_types == (TickType.QUOTE,) else TradeBar
    bars = to_bars([result], data_type, True)
    return bars[-1] if bars else None


def last_known_prices(algorithm: Any, security: Any) -> list[Any]:
    """The seed points of ``security`` (a Security), oldest first (trade before quote)."""
    folder = getattr(algorithm, "_data_folder", None)
    symbol = security.symbol
    if folder is None or symbol.security_type == SecurityType.BASE:
        return []
    normalization = getattr(security, "data_normalization_mode", DataNormalizationMode.ADJUSTED)
    now_ns = algorithm._history_now_ns()
    found: dict[TickType, Any] = {}
    for resolution, tick_type, extended in _subscription_types(security, symbol):
        if tick_type in found:
            continue
        attempts = (
            (resolution, SEED_LOOKBACK_PERIOD),
            (
                resolution,
                {
                    Resolution.DAILY: SEED_RETRY_DAILY_LOOKBACK_PERIOD,
                    Resolution.HOUR: SEED_RETRY_HOUR_LOOKBACK_PERIOD,
                }.get(resolution, SEED_RETRY_MINUTE_LOOKBACK_PERIOD),
            ),
            (Resolution.DAILY, min(60, 5 * SEED_RETRY_DAILY_LOOKBACK_PERIOD)),
        )
        for res, count in attempts:
            if (
                res == Resolution.DAILY
                and tick_type == TickType.QUOTE
                and symbol.security_type == SecurityType.EQUITY
            ):
                continue  # LEAN has no daily equity quote bars
            spec = HistorySpec(symbol, res, extended, normalization, (tick_type,))
            point = _last_point(folder, spec, count, now_ns)
            if point is not None:
                found[tick_type] = point
                break
    return sorted(found.values(), key=lambda p: (p.time, TICK_TYPE_ORDER[_tick_type(p)]))


def _tick_type(point: Any) -> TickType:
    from engine.model import QuoteBar

    return TickType.QUOTE if isinstance(point, QuoteBar) else TickType.TRADE


def last_known_price(algorithm: Any, security: Any) -> Any:
    """LEAN's obsolete ``GetLastKnownPrice``: one point, the trade bar when there is one."""
    points = last_known_prices(algorithm, security)
    if not points:
        return None
    return min(points, key=lambda p: TICK_TYPE_ORDER[_tick_type(p)])
