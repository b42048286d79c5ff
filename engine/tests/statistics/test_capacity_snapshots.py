"""CapacityEstimate's snapshot: which symbol is the lowest-capacity one and what it is weighed by
(LEAN's Common/CapacityEstimate.cs UpdateMarketCapacity)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from engine.statistics import CapacityBar, CapacityEstimate

T0 = datetime(2013, 10, 7, 13, 31)
MINUTE = timedelta(minutes=1)


def test_a_traded_symbol_without_market_volume_yet_is_the_lowest_and_zeroes_the_estimate() -> None:
    # LEAN orders every traded symbol by its market volume, 0 included: a symbol whose window saw
    # no bar (a quote-less contract, custom data) is the lowest asset and the estimate is 0
    cap = CapacityEstimate(datetime(2013, 10, 7), datetime(2013, 10, 11, 23, 59, 59))
    cap.on_fill("SPY", T0, 100, 1000)
    cap.on_fill("QUIET", T0, 10, 100)
    cap.update(T0 + MINUTE, {"SPY": CapacityBar(100, 1_000_000, MINUTE)}, 100000)
    cap.update(T0 + timedelta(days=1), {}, 100000, force=True)
    assert cap.lowest_capacity_asset == "QUIET"
    assert cap.capacity == 0


def test_the_used_buying_power_is_asked_for_the_lowest_symbol_only() -> None:
    asked = []

    def used(symbol):
        asked.append(symbol)
        return 50000  # half the portfolio, more than its share of the sales

    cap = CapacityEstimate(datetime(2013, 10, 7), datetime(2013, 10, 11, 23, 59, 59))
    cap.on_fill("SPY", T0, 100, 100)
    cap.on_fill("AAPL", T0, 100, 100)
    bars = {
        "SPY": CapacityBar(100, 2_000_000, MINUTE),
        "AAPL": CapacityBar(100, 1_000_000, MINUTE),
    }
    cap.update(T0, bars, 100000)
    cap.update(T0 + timedelta(days=1), {}, 100000, used, lambda symbol: True, force=True)
    assert asked == ["AAPL"]
    assert cap.lowest_capacity_asset == "AAPL"
    # $100M of AAPL's bar x 0.20 minute scale, one trade, over max(sales 50%, holdings 50%)
    assert cap.capacity == Decimal("40000000.00")
