"""The option indicators on LEAN's third-party American greeks
(Tests/TestData/greeksindicator/american/third_party_1_greeks.csv, read from the bare git clone of
LEAN named by ``LEAN_MIRROR``; skips without one), with the acceptance of LEAN's
``ComparesAgainstExternalData`` tests: ``max(error_rate * |expected|, error_margin)``, the
contract with its mirror contract, the forward tree for both the price and the volatility."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime

import pytest

from engine.indicators.base import IndicatorDataPoint
from engine.indicators.option_greeks import Delta, Gamma, ImpliedVolatility, Theta, Vega
from engine.pricing.model_types import CALL, PUT, OptionPricingModelType
from engine.tests.indicators.option_symbols import option

MIRROR = os.environ.get("LEAN_MIRROR", "")
FILE = "Tests/TestData/greeksindicator/american/third_party_1_greeks.csv"
FORWARD = OptionPricingModelType.FORWARD_TREE


def rows() -> list[list[str]]:
    if not MIRROR or shutil.which("git") is None or not os.path.isdir(MIRROR):
        pytest.skip("no LEAN mirror (set LEAN_MIRROR to a bare clone of LEAN)")
    shown = subprocess.run(
        ["git", f"--git-dir={MIRROR}", "show", f"HEAD:{FILE}"], capture_output=True, text=True
    )
    if shown.returncode != 0:
        pytest.skip(f"LEAN's {FILE} is not in the mirror")
    lines = [line.split(",") for line in shown.stdout.splitlines() if line.strip()]
    return lines[3:-1]  # LEAN skips the deep in-the-money last row too


def when(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M:%S")


# indicator, LEAN's error rate and margin, call column, put column
CASES = [
    (ImpliedVolatility, 0.08, 1e-4, 7, 6),
    (Delta, 0.03, 1e-4, 9, 8),
    (Gamma, 0.12, 1e-4, 11, 10),
    (Vega, 0.2, 2e-4, 13, 12),
    (Theta, 0.6, 1.5e-3, 15, 14),
]


@pytest.mark.parametrize("cls,error_rate,margin,call_column,put_column", CASES)
def test_american_greeks_against_third_party_values(
    cls, error_rate, margin, call_column, put_column
):
    checked = 0
    for items in rows():
        expiry, strike, time = when(items[1]), float(items[2]), when(items[3])
        rate, dividend, spot = float(items[-2]), float(items[-1]), float(items[-4])
        call, put = option(CALL, expiry, strike=strike), option(PUT, expiry, strike=strike)
        for symbol, mirror, own, other, column in (
            (call, put, items[5], items[4], call_column),
            (put, call, items[4], items[5], put_column),
        ):
            indicator = cls(symbol, rate, dividend, mirror, FORWARD)
            indicator.update(IndicatorDataPoint(symbol, time, float(own)))
            indicator.update(IndicatorDataPoint(symbol.underlying, time, spot))
            indicator.update(IndicatorDataPoint(mirror, time, float(other)))
            expected = float(items[column])
            acceptance = max(error_rate * abs(expected), margin)
            assert indicator.current.value == pytest.approx(expected, abs=acceptance), (
                cls.__name__,
                items[:4],
                symbol.id.option_right,
            )
            checked += 1
    assert checked >= 30
