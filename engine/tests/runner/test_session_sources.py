"""A regular-hours intraday subscription reads the bars outside its session as fill-forward
sources, but of each run of them only the last before session time can ever be copied: the
others leave the feed (LEAN's sample SPY minute files run 04:00-20:00, 828 rows on 2013-10-07
against the session's 390)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from engine.common.clock import ns_to_local
from engine.model import Resolution, SecurityType, Symbol, TickType
from engine.model.subscriptions import SubscriptionRequest
from engine.runner.feeds import load_feed


def _spy(lean_data: Path) -> Symbol:
    if not (lean_data / "equity" / "usa" / "minute" / "spy" / "20131007_trade.zip").is_file():
        pytest.skip("no SPY minute sample data")
    return Symbol.create("SPY", SecurityType.EQUITY, "usa")


def test_only_the_last_bar_of_each_run_outside_the_session_is_kept(lean_data):
    request = SubscriptionRequest(_spy(lean_data), Resolution.MINUTE)
    feed = load_feed(lean_data, request, TickType.TRADE, date(2013, 10, 7), date(2013, 10, 8))
    ends = [ns_to_local(int(t), "America/New_York") for t in feed.arrays.end]
    outside = [f"{e:%d %H:%M}" for e, out in zip(ends, feed.outside, strict=True) if out]
    # the pre-market's last minute before each open and the last after-market minute of each day
    # (the next day's pre-market follows it with no session between: only the 7th's goes)
    assert outside == ["07 09:30", "08 09:30", "08 20:00"]
    inside = [e for e, out in zip(ends, feed.outside, strict=True) if not out]
    assert len(inside) == 780 and all((e.hour, e.minute) > (9, 30) for e in inside)
    assert not feed.ff.any() and np.array_equal(feed.row, np.arange(len(feed.emit)))


def test_an_extended_hours_subscription_keeps_every_bar(lean_data):
    request = SubscriptionRequest(_spy(lean_data), Resolution.MINUTE, extended_market_hours=True)
    feed = load_feed(lean_data, request, TickType.TRADE, date(2013, 10, 7), date(2013, 10, 7))
    assert len(feed.emit) == 828
