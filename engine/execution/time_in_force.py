"""Time-in-force expiry (LEAN Common/Orders/TimeInForces): checked in every scan before the fill model."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from engine.model.enums import SecurityType
from engine.model.orders import Order, TimeInForce
from engine.model.security import next_market_close

_NEW_YORK = ZoneInfo("America/New_York")


def _utc(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _forex_cutoff(order_ny: datetime) -> datetime:
    """17:00 New York on the order date, or the next day's 17:00 if placed at/after 17:00."""
    cutoff = datetime.combine(order_ny.date(), time(17, 0))
    return cutoff if order_ny < cutoff else cutoff + timedelta(days=1)


def is_order_expired(security: Any, order: Order) -> bool:
    tif: TimeInForce = order.time_in_force
    if tif.kind == TimeInForce.GTC:
        return False
    now_utc = security.time_keeper.utc_time
    st = security.type
    order_utc = _utc(order.time)
    if tif.kind == TimeInForce.DAY_KIND:
        if st in (SecurityType.FOREX, SecurityType.CFD):
            now_ny = now_utc.astimezone(_NEW_YORK).replace(tzinfo=None)
            order_ny = order_utc.astimezone(_NEW_YORK).replace(tzinfo=None)
            return now_ny >= _forex_cutoff(order_ny)
        if st in (SecurityType.CRYPTO, SecurityType.CRYPTO_FUTURE):
            return now_utc.date() != order_utc.date()
        local_order = order_utc.astimezone(security.time_zone).replace(tzinfo=None)
        close = next_market_close(security.exchange_hours, local_order)
        return close is not None and security.local_time >= close
    if tif.kind == TimeInForce.GTD:
        expiry = tif.expiry
        if st in (SecurityType.FOREX, SecurityType.CFD):
            now_ny = now_utc.astimezone(_NEW_YORK).replace(tzinfo=None)
            return now_ny >= datetime.combine(expiry, time(17, 0))
        if st in (SecurityType.CRYPTO, SecurityType.CRYPTO_FUTURE):
            return now_utc.date() > expiry
        close = next_market_close(security.exchange_hours, datetime.combine(expiry, time(0, 0)))
        return close is not None and security.local_time >= close
    return False
