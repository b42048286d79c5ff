"""The merge's fast bar builders produce exactly what the model's constructors produce."""

from __future__ import annotations

from datetime import datetime, timedelta

from engine.model import Bar, QuoteBar, SecurityType, Symbol, TradeBar
from engine.model.bars import quote_bars, trade_bars

SPY = Symbol("SPY", SecurityType.EQUITY, "usa")
T = datetime(2013, 10, 7, 9, 30)
E = T + timedelta(minutes=1)
NAN = float("nan")


def slots(obj: object) -> dict:
    names = {n for cls in type(obj).__mro__ for n in getattr(cls, "__slots__", ())}
    out = {}
    for n in names:
        v = getattr(obj, n)
        out[n] = slots(v) if isinstance(v, Bar) else v
    return out


def test_trade_bar_matches_constructor():
    fast = trade_bars(SPY, [T], [E], [1.0], [2.0], [0.5], [1.5], [100.0], [False])[0]
    assert slots(fast) == slots(TradeBar(T, SPY, 1.0, 2.0, 0.5, 1.5, 100.0, timedelta(minutes=1)))
    ff = trade_bars(SPY, [T], [E], [1.0], [2.0], [0.5], [1.5], [0.0], [True])[0]
    assert ff.is_fill_forward and ff.period == timedelta(minutes=1)


def test_quote_bar_matches_constructor_with_both_or_one_side():
    cases = [
        ((1.0, 1.1, 0.9, 1.05), 10.0, (1.2, 1.3, 1.1, 1.25), 20.0),
        ((1.0, 1.1, 0.9, 1.05), 10.0, (NAN, NAN, NAN, NAN), NAN),
        ((NAN, NAN, NAN, NAN), NAN, (1.2, 1.3, 1.1, 1.25), 20.0),
    ]
    for bid, bid_size, ask, ask_size in cases:
        has_bid, has_ask = bid[0] == bid[0], ask[0] == ask[0]
        expected = QuoteBar(
            T,
            SPY,
            Bar(*bid) if has_bid else None,
            bid_size if bid_size == bid_size else 0.0,
            Bar(*ask) if has_ask else None,
            ask_size if ask_size == ask_size else 0.0,
            timedelta(minutes=1),
        )
        mid = expected.value
        fast = quote_bars(
            SPY,
            [T],
            [E],
            [mid],
            [False],
            [[x] for x in bid],
            [bid_size],
            [[x] for x in ask],
            [ask_size],
        )[0]
        assert slots(fast) == slots(expected)
        assert fast.close == expected.close and fast.period == expected.period
