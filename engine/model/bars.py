"""Fast construction of the model's bar objects from column lists (the hot path of the merge).

The objects are exactly what ``TradeBar(...)`` / ``QuoteBar(...)`` / ``Bar(...)`` build (every slot
set the same way; ``engine/tests/runner/test_bars.py`` checks it slot by slot); the constructor calls
are skipped and derived values (end time, a quote bar's mid-close value) come precomputed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine.model.data import Bar, QuoteBar, TradeBar

_new = object.__new__


def trade_bars(
    symbol: Any,
    times: Sequence,
    ends: Sequence,
    opens: Sequence,
    highs: Sequence,
    lows: Sequence,
    closes: Sequence,
    volumes: Sequence,
    fill_forward: Sequence[bool],
) -> list[TradeBar]:
    out: list[TradeBar] = []
    append = out.append
    cls = TradeBar
    for t, e, o, h, lo, c, v, f in zip(
        times, ends, opens, highs, lows, closes, volumes, fill_forward, strict=True
    ):
        b = _new(cls)
        b.symbol = symbol
        b.time = t
        b.end_time = e
        b.value = c
        b.is_fill_forward = f
        b.open = o
        b.high = h
        b.low = lo
        b.close = c
        b.volume = v
        append(b)
    return out


def _side(o: float, h: float, lo: float, c: float) -> Bar | None:
    if o != o:  # NaN: no quotes on that side
        return None
    b = _new(Bar)
    b.open = o
    b.high = h
    b.low = lo
    b.close = c
    return b


def quote_bars(
    symbol: Any,
    times: Sequence,
    ends: Sequence,
    values: Sequence,
    fill_forward: Sequence[bool],
    bid: Sequence[Sequence],
    bid_size: Sequence,
    ask: Sequence[Sequence],
    ask_size: Sequence,
) -> list[QuoteBar]:
    """``bid``/``ask``: (open, high, low, close) column lists; ``values``: the mid close (or the one
    side present, else 0), as ``QuoteBar.__init__`` computes it."""
    out: list[QuoteBar] = []
    append = out.append
    cls = QuoteBar
    new_bar = _new
    bar_cls = Bar
    bo_, bh_, bl_, bc_ = bid
    ao_, ah_, al_, ac_ = ask
    for t, e, val, f, bo, bh, bl, bc, bs, ao, ah, al, ac, as_ in zip(
        times,
        ends,
        values,
        fill_forward,
        bo_,
        bh_,
        bl_,
        bc_,
        bid_size,
        ao_,
        ah_,
        al_,
        ac_,
        ask_size,
        strict=True,
    ):
        q = _new(cls)
        if bo == bo:
            side = new_bar(bar_cls)
            side.open = bo
            side.high = bh
            side.low = bl
            side.close = bc
            q.bid = side
        else:
            q.bid = None
        if ao == ao:
            side = new_bar(bar_cls)
            side.open = ao
            side.high = ah
            side.low = al
            side.close = ac
            q.ask = side
        else:
            q.ask = None
        q.last_bid_size = 0.0 if bs != bs else bs
        q.last_ask_size = 0.0 if as_ != as_ else as_
        q.symbol = symbol
        q.time = t
        q.end_time = e
        q.value = val
        q.is_fill_forward = f
        append(q)
    return out
