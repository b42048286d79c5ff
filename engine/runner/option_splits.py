"""Option contracts held into their underlying's split are closed before it, as LEAN does.

LEAN does not split option contracts: ``Engine/AlgorithmManager.cs`` keeps every split warning it
sees (``HandleSplitSymbols``, after the split, dividend and delisting handlers) and, on each later
step (``ProcessSplitSymbols``, after the scheduled events), once the underlying's exchange time has
reached the last moment a market-on-close order can be placed (the next regular close less
``MarketOnCloseOrder.SubmissionTimeBuffer``, rounded down to the underlying's finest
subscription), it cancels the open orders of every option contract on that underlying that is
held, submits a market-on-close order for the whole position (without the algorithm's order
checks), and marks the contract untradable. A contract whose delisting warning is for the same day
expires instead and is left alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from engine.model.data import Delisting, Split
from engine.model.enums import DelistingType, OrderType, Resolution
from engine.model.security import next_market_close
from engine.model.security_identifier import OPTION_TYPES
from engine.portfolio.order_checks import moc_buffer
from engine.portfolio.tickets import SubmitOrderRequest

#: The tag of the liquidation order (LEAN's text, which also names the reason).
SPLIT_LIQUIDATION_TAG = (
    "Liquidated due to impending split. Option splits are not currently supported."
)
CANCEL_TAG = (
    "Canceled due to impending split. Separate MarketOnClose order submitted to liquidate position."
)
_SPANS = {
    Resolution.TICK: timedelta(0),
    Resolution.SECOND: timedelta(seconds=1),
    Resolution.MINUTE: timedelta(minutes=1),
    Resolution.HOUR: timedelta(hours=1),
    Resolution.DAILY: timedelta(days=1),
}


def round_down_in_time_zone(local: datetime, span: timedelta, hours: Any) -> datetime:
    """LEAN's ``RoundDownInTimeZone``: ``local`` (exchange time) rounded down to a multiple of
    ``span`` counted in the data's time zone, returned in exchange time."""
    if span <= timedelta(0):
        return local
    exchange_tz, data_tz = hours.tz, hours.data_tz
    in_data = local.replace(tzinfo=exchange_tz).astimezone(data_tz).replace(tzinfo=None)
    floor = datetime.min + ((in_data - datetime.min) // span) * span
    return floor.replace(tzinfo=data_tz).astimezone(exchange_tz).replace(tzinfo=None)


class OptionSplitLiquidator:
    """The split warnings still to act on and the delisting warnings seen (LEAN's
    ``splitWarnings`` and ``pendingDelistings`` of ``AlgorithmManager.Run``)."""

    def __init__(self, algorithm: Any, subscriptions: list[Any]) -> None:
        self.algorithm = algorithm
        self.subscriptions = subscriptions
        self.warnings: list[Split] = []
        self.pending_delistings: list[Delisting] = []

    def track(self, splits: Any, delistings: Any) -> None:
        """Keep a step's split warnings (one per symbol) and its delisting warnings; a delisting
        that happened drops its warning."""
        if delistings and not self.algorithm.live_mode:
            for delisting in delistings.values():
                if delisting.type == DelistingType.WARNING:
                    self.pending_delistings.append(delisting)
                else:
                    for i, pending in enumerate(self.pending_delistings):
                        if pending.symbol == delisting.symbol:
                            del self.pending_delistings[i]
                            break
        if splits:
            for split in splits.values():
                if split.type == Split.WARNING and not any(
                    w.symbol == split.symbol for w in self.warnings
                ):
                    self.warnings.append(split)

    def process(self) -> None:
        """Liquidate the option contracts of each underlying whose split is due (latest warning
        first, as LEAN walks its list backwards)."""
        algo = self.algorithm
        for i in range(len(self.warnings) - 1, -1, -1):
            split = self.warnings[i]
            security = algo.securities.get(split.symbol)
            if security is None or (not security.is_tradable and not self._active(split.symbol)):
                del self.warnings[i]  # the underlying was removed: nothing to wait for
                continue
            if security.local_time < self._latest_close_order_time(security):
                continue
            del self.warnings[i]
            if algo.is_warming_up:
                continue  # a position after warm-up already reflects the past splits
            self._liquidate_derivatives(security, split)

    def _active(self, symbol: Any) -> bool:
        return any(r.symbol == symbol and not r.internal for r in self.subscriptions)

    def _latest_close_order_time(self, security: Any) -> datetime:
        hours = security.exchange_hours
        close = next_market_close(hours, security.local_time)
        if close is None:  # a market that never closes: no market-on-close order to wait for
            return security.local_time
        resolutions = [s.resolution for s in security.subscriptions] or [
            r.resolution for r in self.subscriptions if r.symbol == security.symbol
        ]
        # (LEAN rounds by the finest subscription; a security without one is not rounded)
        span = _SPANS[Resolution(min(int(r) for r in resolutions))] if resolutions else timedelta(0)
        return round_down_in_time_zone(close - moc_buffer(), span, hours)

    def _liquidate_derivatives(self, underlying: Any, split: Split) -> None:
        algo = self.algorithm
        symbol = underlying.symbol
        held = [
            s
            for s in algo.securities.values()
            if s.symbol.security_type in OPTION_TYPES
            and s.symbol.underlying == symbol
            and not s.symbol.underlying.is_canonical()
            and s.holdings.quantity != 0
        ]
        for option in held:
            today = option.local_time.date()
            if any(
                d.symbol == option.symbol and d.time.date() == today
                for d in self.pending_delistings
            ):
                continue  # it expires today: no closing order
            algo.transactions.cancel_open_orders(option.symbol, CANCEL_TAG)
            request = SubmitOrderRequest(
                OrderType.MARKET_ON_CLOSE,
                option.type,
                option.symbol,
                -option.holdings.quantity,
                0.0,
                0.0,
                algo.utc_time,
                SPLIT_LIQUIDATION_TAG,
            )
            algo.transactions.add_order(request)
            option.is_tradable = False
            algo.debug(
                f"MarketOnClose order submitted for option contract '{option.symbol}' due to "
                f"impending {split.symbol.value} split event. Option splits are not currently "
                "supported."
            )


__all__ = [
    "CANCEL_TAG",
    "SPLIT_LIQUIDATION_TAG",
    "OptionSplitLiquidator",
    "round_down_in_time_zone",
]
