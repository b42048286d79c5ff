"""The merged slices' times: each slice's UTC time as an aware datetime, exact to the microsecond
(whole-second stamps, as bars have, take a faster way than sub-second ones, as ticks may)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from engine.runner.merge import AuxPoint, SliceStream


def _utc_times(stamps: list[datetime]) -> list[datetime]:
    emits = [
        (stamp - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1) * 1000
        for stamp in stamps
    ]
    stream = SliceStream(
        [], [AuxPoint(e, None, i) for i, e in enumerate(emits)], "America/New_York"
    )
    return [moment for chunk in stream.chunks() for moment in chunk.utc]


def test_whole_second_slices_keep_their_utc_time():
    stamps = [datetime(2023, 1, 3, 14, 31, tzinfo=UTC) + timedelta(minutes=i) for i in range(5)]
    times = _utc_times(stamps)
    assert times == stamps
    assert all(t.tzinfo is UTC for t in times)


def test_sub_second_slices_keep_their_microseconds():
    start = datetime(2023, 1, 3, 14, 31, tzinfo=UTC)
    stamps = [start, start + timedelta(microseconds=250_500), start + timedelta(seconds=2)]
    times = _utc_times(stamps)
    assert times == stamps
    assert times[1].microsecond == 250_500
    assert all(t.tzinfo is UTC for t in times)
