"""LEAN SecurityIdentifier strings."""

from __future__ import annotations

from datetime import date

from engine.statistics import security_identifier


def test_equity_sids_match_lean() -> None:
    assert security_identifier("SPY", "equity", "usa", date(1998, 1, 2)) == "SPY R735QTJ8XC9X"
    assert security_identifier("IBM") == "IBM R735QTJ8XC9X"  # default first date 1998-01-02
    # first date of map_files/aaa.1.csv (the AAA delisted in 2007)
    assert security_identifier("AAA", 1, "usa", date(2002, 5, 22)) == "AAA SEVKGI6HF885"


def test_undated_and_future_sids() -> None:
    assert security_identifier("LTCUSD", "crypto", "coinbase") == "LTCUSD 2XR"
    assert security_identifier("ES", "future", "cme", date(2013, 12, 20)) == "ES VMKLFZIH2MTD"
