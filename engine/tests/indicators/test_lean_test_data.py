"""The cycle, turning-point, profile and new-highs/new-lows indicators against LEAN's own expected
values: the files of LEAN's Tests/TestData read from the bare git clone of LEAN named by ``LEAN_MIRROR``, with the settings of LEAN's Tests/Indicators/*Tests.cs. Skips without one."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from datetime import datetime, timedelta

import pytest

from engine.indicators import (
    HilbertTransform,
    MesaAdaptiveMovingAverage,
    NewHighsNewLows,
    NewHighsNewLowsVolume,
    ParabolicStopAndReverseExtended,
    PivotPointsHighLow,
    TimeProfile,
    TomDemarkSequential,
    VolumeProfile,
)
from engine.model import Market, SecurityType, Symbol, TradeBar

MIRROR = os.environ.get("LEAN_MIRROR", "")
DAY = timedelta(days=1)


def lean_rows(name: str) -> list[dict[str, str]]:
    if not MIRROR or shutil.which("git") is None or not os.path.isdir(MIRROR):
        pytest.skip("no LEAN mirror (set LEAN_MIRROR to a bare clone of LEAN)")
    shown = subprocess.run(
        ["git", f"--git-dir={MIRROR}", "show", f"HEAD:Tests/TestData/{name}"],
        capture_output=True,
        text=True,
    )
    if shown.returncode != 0:
        pytest.skip(f"LEAN's Tests/TestData/{name} is not in the mirror")
    return list(csv.DictReader(io.StringIO(shown.stdout)))


def symbol(ticker: str) -> Symbol:
    return Symbol(ticker, SecurityType.EQUITY, Market.USA)


SPY = symbol("SPY")


def bar(time: datetime, row: dict[str, str], keys: tuple[str, ...], who: Symbol = SPY) -> TradeBar:
    o, h, low, c = (float(row[k]) for k in keys[:4])
    volume = float(row[keys[4]]) if len(keys) > 4 else 0.0
    return TradeBar(time, who, o, h, low, c, volume, DAY)


def test_hilbert_transform_in_phase_and_quadrature():
    ht = HilbertTransform()
    checked = 0
    for row in lean_rows("spy_with_hilbert.csv"):
        ht.update(datetime.strptime(row["Date"], "%Y%m%d %H:%M"), float(row["Close"]))
        assert ht.current.value == float(row["Close"])
        assert ht.in_phase.current.value == pytest.approx(float(row["InPhase"]), abs=1e-6)
        assert ht.quadrature.current.value == pytest.approx(float(row["Quadrature"]), abs=1e-6)
        checked += 1
    assert checked > 200 and ht.is_ready


def test_mesa_adaptive_moving_average_and_fama():
    mama = MesaAdaptiveMovingAverage("MAMA")
    checked = 0
    for row in lean_rows("spy_mama.csv"):
        time = datetime.strptime(row["date"], "%Y%m%d %H:%M")
        mama.update(bar(time, row, ("open", "high", "low", "close")))
        if row["mama"]:
            assert mama.current.value == pytest.approx(float(row["mama"]), rel=1e-9)
            assert mama.fama.current.value == pytest.approx(float(row["fama"]), rel=1e-9)
            checked += 1
    assert checked > 500


@pytest.mark.parametrize(
    ("column", "parameters"),
    [
        ("SAREXT", ()),
        ("SAREXT_PARAM1", (0.0, 0.0, 0.03, 0.02, 0.4, 0.02, 0.01, 0.3)),
        ("SAREXT_PARAM2", (100, 0.0, 0.03, 0.02, 0.4, 0.02, 0.01, 0.3)),
        ("SAREXT_PARAM3", (-95, 0.0, 0.03, 0.02, 0.4, 0.02, 0.01, 0.3)),
        ("SAREXT_PARAM4", (100, 0.02, 0.03, 0.02, 0.4, 0.02, 0.01, 0.3)),
    ],
)
def test_parabolic_sar_extended(column, parameters):
    sarext = ParabolicStopAndReverseExtended(*parameters)
    checked = 0
    for row in lean_rows("spy_sarext.txt"):
        time = datetime.strptime(row["date"], "%Y-%m-%d")
        sarext.update(bar(time, row, ("open", "high", "low", "close")))
        if row[column]:
            assert sarext.current.value == pytest.approx(float(row[column]), abs=1e-6)
            checked += 1
    assert checked > 5000


def test_tom_demark_sequential_phases():
    tds = TomDemarkSequential("ABC")
    rows = lean_rows("td_sequential_test_data.csv")
    for row in rows:
        time = datetime.strptime(row["Date"], "%m/%d/%Y %H:%M")
        tds.update(bar(time, row, ("Open", "High", "Low", "Close", "Volume")))
        assert tds.current.value == float(row["TDS"]), row["Date"]
    assert len(rows) > 20


def test_pivot_points_high_low():
    pphl = PivotPointsHighLow(10)
    for row in lean_rows("spy_pivot_pnt_hl.txt"):
        time = datetime.strptime(row["Date"], "%Y-%m-%dT%H:%M:%SZ")
        pphl.update(bar(time, row, ("Open", "High", "Low", "Close", "Volume")))
        assert pphl.current.value == float(row["PPHL"]), row["Date"]
    assert pphl.get_all_pivot_points_array()


@pytest.mark.parametrize(("kind", "name"), [(VolumeProfile, "vp"), (TimeProfile, "tp")])
def test_market_profiles(kind, name):
    profile = kind(3)
    checked = 0
    for row in lean_rows(f"{name}_datatest.csv"):
        time = datetime.strptime(row["Date"], "%Y-%m-%d")
        profile.update(bar(time, row, ("Open", "High", "Low", "Close", "Volume")))
        if not profile.is_ready or not row["POCPrice"].strip():
            continue
        assert profile.current.value == pytest.approx(float(row["POCPrice"]), abs=0.01)
        assert profile.poc_volume == float(row["POCVolume"])
        assert (profile.profile_high, profile.profile_low) == (float(row["PH"]), float(row["PL"]))
        assert profile.value_area_volume == pytest.approx(float(row["VA"]), abs=0.01)
        assert profile.value_area_high == float(row["VAH"])
        assert profile.value_area_low == float(row["VAL"])
        checked += 1
    assert checked > 15


@pytest.mark.parametrize(
    ("kind", "column", "part"),
    [
        (NewHighsNewLows, "NH/NL Difference", "difference"),
        (NewHighsNewLows, "NH/NL Ratio", "ratio"),
        (NewHighsNewLowsVolume, "NH/NL Volume Ratio", "volume_ratio"),
    ],
)
def test_new_highs_new_lows(kind, column, part):
    symbols = {ticker: symbol(ticker) for ticker in ("AAPL", "IBM", "GOOG")}
    indicator = kind("test_name", 2)
    for who in symbols.values():
        indicator.add(who)
    checked = 0
    for row in lean_rows("nhnl_data.csv"):
        time = datetime.strptime(row["Date"], "%Y%m%d")
        keys = ("Open", "High", "Low", "Close", "Volume")
        indicator.update(bar(time, row, keys, symbols[row["Symbol"]]))
        if indicator.is_ready and row[column].strip():
            assert getattr(indicator, part).current.value == pytest.approx(float(row[column]))
            checked += 1
    assert checked > 700
