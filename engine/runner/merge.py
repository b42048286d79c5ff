"""Merging feeds into time slices.

All feeds' emission times are merged once with numpy (stable by feed order), grouped by time, and
turned into bar objects chunk by chunk, so Python objects exist only for the slices about to run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from engine.common.clock import NS_PER_SECOND
from engine.data.time_zones import utc_to_local
from engine.model import Tick, TickType
from engine.model.bars import quote_bars, trade_bars
from engine.runner.feeds import Feed

CHUNK_ENTRIES = 20_000


@dataclass(slots=True)
class AuxPoint:
    """A split/dividend (or other aux) point emitted at ``emit`` (UTC ns)."""

    emit: int
    feed: Feed
    data: Any


@dataclass(slots=True)
class SliceChunk:
    times: list[int]  # UTC ns per slice
    local: list  # algorithm-tz naive datetimes per slice
    entries: list[list[tuple[Feed, Any, bool]]]  # per slice: (feed, data object, is fill-forward)
    utc: list  # UTC-aware datetimes per slice


def _datetimes(local_ns: np.ndarray) -> list:
    return (
        np.asarray(local_ns, dtype=np.int64)
        .view("datetime64[ns]")
        .astype("datetime64[us]")
        .tolist()
    )


def _utc_datetimes(utc_ns: np.ndarray) -> list:
    """UTC-aware datetimes of the UTC ns stamps. Whole seconds since 1970 (bars: every slice
    time) are made by ``datetime.fromtimestamp``, 3-4x faster than a naive datetime from
    numpy given a time zone (a step of the loop each); any other stamp goes that longer way."""
    if len(utc_ns) and utc_ns[0] >= 0 and not (utc_ns % NS_PER_SECOND).any():
        at = datetime.fromtimestamp
        return [at(seconds, UTC) for seconds in (utc_ns // NS_PER_SECOND).tolist()]
    return [moment.replace(tzinfo=UTC) for moment in _datetimes(utc_ns)]


def _times(
    feed: Feed, rows: np.ndarray, ff: np.ndarray, emit: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Bar start (exchange-local ns) and duration (ns) of each point; a fill-forward copy keeps the
    real bar's duration and ends at its emission time."""
    a = feed.arrays
    duration = a.end[rows] - a.start[rows]
    start_local = feed.start_local[rows]
    if ff.any():
        emit_local = utc_to_local(emit, feed.hours.time_zone)
        start_local = np.where(ff, emit_local - duration, start_local)
    return start_local, duration


def _trade_objects(feed: Feed, rows: np.ndarray, ff: np.ndarray, emit: np.ndarray) -> list:
    a = feed.arrays
    start_local, duration = _times(feed, rows, ff, emit)
    volume = a.volume[rows]
    if ff.any():
        volume = np.where(ff, 0.0, volume)
    return trade_bars(
        feed.symbol,
        _datetimes(start_local),
        _datetimes(start_local + duration),
        a.open[rows].tolist(),
        a.high[rows].tolist(),
        a.low[rows].tolist(),
        a.close[rows].tolist(),
        volume.tolist(),
        ff.tolist(),
    )


def _quote_objects(feed: Feed, rows: np.ndarray, ff: np.ndarray, emit: np.ndarray) -> list:
    a = feed.arrays
    start_local, duration = _times(feed, rows, ff, emit)
    bid_close, ask_close = a.bid_close[rows], a.ask_close[rows]
    with np.errstate(invalid="ignore"):
        mid = np.where(
            np.isnan(bid_close),
            ask_close,
            np.where(np.isnan(ask_close), bid_close, (bid_close + ask_close) / 2.0),
        )
    mid = np.nan_to_num(mid, nan=0.0)
    bid = [getattr(a, f"bid_{x}")[rows].tolist() for x in ("open", "high", "low", "close")]
    ask = [getattr(a, f"ask_{x}")[rows].tolist() for x in ("open", "high", "low", "close")]
    return quote_bars(
        feed.symbol,
        _datetimes(start_local),
        _datetimes(start_local + duration),
        mid.tolist(),
        ff.tolist(),
        bid,
        a.bid_size[rows].tolist(),
        ask,
        a.ask_size[rows].tolist(),
    )


def _nan0(values: np.ndarray) -> list:
    return np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0).tolist()


def _tick_objects(feed: Feed, rows: np.ndarray, ff: np.ndarray, emit: np.ndarray) -> list:
    a = feed.arrays
    sym = feed.symbol
    times = _datetimes(feed.start_local[rows])
    kind = TickType.QUOTE if feed.tick_type == TickType.QUOTE else TickType.TRADE
    price = _nan0(a.price[rows])
    quantity = _nan0(a.quantity[rows])
    bid, ask = _nan0(a.bid_price[rows]), _nan0(a.ask_price[rows])
    bid_size, ask_size = _nan0(a.bid_size[rows]), _nan0(a.ask_size[rows])
    exchange, condition = a.exchange[rows].tolist(), a.condition[rows].tolist()
    suspicious = a.suspicious[rows].tolist()
    return [
        Tick(t, sym, kind, p, q, b, k, bs, ks, ex or "", co or "", bool(su))
        for t, p, q, b, k, bs, ks, ex, co, su in zip(
            times,
            price,
            quantity,
            bid,
            ask,
            bid_size,
            ask_size,
            exchange,
            condition,
            suspicious,
            strict=True,
        )
    ]


class SliceStream:
    """Iterates the merged time slices of ``feeds`` (plus aux points) in chunks."""

    def __init__(
        self, feeds: list[Feed], aux: list[AuxPoint], algorithm_tz: str, start_ns: int | None = None
    ) -> None:
        self.feeds = feeds
        self.aux = sorted(aux, key=lambda p: p.emit)
        self.tz = algorithm_tz
        ends = [f.emit for f in feeds]
        ids = [np.full(len(f.emit), i, dtype=np.int32) for i, f in enumerate(feeds)]
        rows = [f.row for f in feeds]
        ffs = [f.ff for f in feeds]
        n_feeds = len(feeds)
        if self.aux:
            ends.append(np.array([p.emit for p in self.aux], dtype=np.int64))
            ids.append(np.full(len(self.aux), n_feeds, dtype=np.int32))
            rows.append(np.arange(len(self.aux), dtype=np.int64))
            ffs.append(np.zeros(len(self.aux), bool))
        emit = np.concatenate(ends) if ends else np.empty(0, np.int64)
        feed_id = np.concatenate(ids) if ids else np.empty(0, np.int32)
        row = np.concatenate(rows) if rows else np.empty(0, np.int64)
        ff = np.concatenate(ffs) if ffs else np.empty(0, bool)
        if start_ns is not None:
            keep = emit >= start_ns
            emit, feed_id, row, ff = emit[keep], feed_id[keep], row[keep], ff[keep]
        # aux points (midnight splits/dividends) sort before bars at the same time; then feed order
        key_feed = np.where(feed_id == n_feeds, -1, feed_id)
        order = np.lexsort((key_feed, emit))
        self.emit, self.feed_id, self.row, self.ff = (
            emit[order],
            feed_id[order],
            row[order],
            ff[order],
        )
        self.times, self.bounds = np.unique(self.emit, return_index=True)
        self.bounds = np.append(self.bounds, len(self.emit)).astype(np.int64)
        self.n_feeds = n_feeds

    def __len__(self) -> int:
        return len(self.times)

    @property
    def total_points(self) -> int:
        return len(self.emit)

    def chunks(self, chunk_entries: int = CHUNK_ENTRIES) -> Iterator[SliceChunk]:
        n = len(self.times)
        a = 0
        while a < n:
            lo = int(self.bounds[a])
            b = int(np.searchsorted(self.bounds, lo + chunk_entries, side="right")) - 1
            b = max(b, a + 1)
            b = min(b, n)
            yield self._materialize(a, b)
            a = b

    def _materialize(self, a: int, b: int) -> SliceChunk:
        lo, hi = int(self.bounds[a]), int(self.bounds[b])
        fid = self.feed_id[lo:hi]
        rows = self.row[lo:hi]
        ff = self.ff[lo:hi]
        emit = self.emit[lo:hi]
        objs: list[Any] = [None] * (hi - lo)
        feeds_of: list[Any] = [None] * (hi - lo)
        for i in np.flatnonzero(np.bincount(fid)).tolist():  # the feeds present, in order
            pos = np.flatnonzero(fid == i)
            if i == self.n_feeds:
                for p, r in zip(pos.tolist(), rows[pos].tolist(), strict=True):
                    point = self.aux[r]
                    objs[p] = point.data
                    feeds_of[p] = point.feed
                continue
            feed = self.feeds[i]
            make = (
                _tick_objects
                if feed.is_tick
                else _quote_objects
                if feed.is_quote
                else _trade_objects
            )
            made = make(feed, rows[pos], ff[pos], emit[pos])
            for p, obj in zip(pos.tolist(), made, strict=True):
                objs[p] = obj
                feeds_of[p] = feed
        ff_list = ff.tolist()
        times = self.times[a:b]
        local = _datetimes(utc_to_local(times, self.tz))
        triples = list(zip(feeds_of, objs, ff_list, strict=True))
        offsets = (self.bounds[a : b + 1] - lo).tolist()
        entries = [triples[s:e] for s, e in zip(offsets, offsets[1:])]  # noqa: B905 - one shorter by design
        return SliceChunk(times.tolist(), local, entries, _utc_datetimes(times))
