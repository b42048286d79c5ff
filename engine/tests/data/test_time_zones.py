"""numpy time-zone conversion (``engine.data.time_zones``) against pandas' tz_localize/tz_convert."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.data.time_zones import local_to_utc, offset_table, utc_to_local

MINUTE = 60 * 1_000_000_000
ZONES = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "UTC"]


def _pandas_local_to_utc(local: np.ndarray, tz: str) -> np.ndarray:
    index = pd.DatetimeIndex(local.view("datetime64[ns]"))
    aware = index.tz_localize(tz, ambiguous=np.zeros(len(local), bool), nonexistent="shift_forward")
    return aware.as_unit("ns").asi8


def _pandas_utc_to_local(utc: np.ndarray, tz: str) -> np.ndarray:
    index = pd.DatetimeIndex(utc.view("datetime64[ns]")).tz_localize("UTC").tz_convert(tz)
    return index.tz_localize(None).as_unit("ns").asi8


@pytest.mark.parametrize("tz", ZONES)
def test_matches_pandas_on_random_minutes(tz):
    rng = np.random.default_rng(3)
    first = np.datetime64("1999-01-01", "ns").astype(np.int64)
    last = np.datetime64("2025-01-01", "ns").astype(np.int64)
    times = rng.integers(first, last, 20_000) // MINUTE * MINUTE
    assert np.array_equal(utc_to_local(times, tz), _pandas_utc_to_local(times, tz))
    assert np.array_equal(local_to_utc(times, tz), _pandas_local_to_utc(times, tz))


@pytest.mark.parametrize("tz", ["America/New_York", "Europe/London", "Australia/Sydney"])
def test_skipped_and_repeated_hours_match_pandas(tz):
    starts, offsets = offset_table(tz, 2019, 2024)
    assert len(starts) > 10  # two changes a year
    around = np.arange(-180, 181) * MINUTE
    local = np.concatenate([s + o + around for s, o in zip(starts[1:], offsets[1:], strict=True)])
    local = np.concatenate([local, *(s + offsets[i] + around for i, s in enumerate(starts[1:]))])
    assert np.array_equal(local_to_utc(local, tz), _pandas_local_to_utc(local, tz))


def test_new_york_spring_forward_and_fall_back():
    ns = np.datetime64("2023-03-12T02:30", "ns").astype(np.int64)
    # 02:30 does not exist: moved forward to 03:00 EDT = 07:00 UTC
    assert local_to_utc(np.array([ns]), "America/New_York")[0] == np.datetime64(
        "2023-03-12T07:00", "ns"
    ).astype(np.int64)
    ns = np.datetime64("2023-11-05T01:30", "ns").astype(np.int64)
    # 01:30 happens twice: the standard-time (EST, UTC-5) one
    assert local_to_utc(np.array([ns]), "America/New_York")[0] == np.datetime64(
        "2023-11-05T06:30", "ns"
    ).astype(np.int64)


def test_empty_and_utc_inputs_are_copies():
    empty = np.empty(0, np.int64)
    assert len(local_to_utc(empty, "America/New_York")) == 0
    times = np.array([1, 2, 3], dtype=np.int64)
    out = utc_to_local(times, "UTC")
    assert np.array_equal(out, times) and out is not times
