"""Option contract files and option universe (chain) files of LEAN's sample data."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from engine.data.option_files import (
    OptionContractKey,
    read_option_open_interest,
    read_option_quote_bars,
    read_option_trade_bars,
)
from engine.universe.option_universe_file import read_chain_file

NS = 1_000_000_000


def test_entry_names_scale_the_strike():
    key = OptionContractKey("GOOG", "call", 52.5, date(2016, 1, 15))
    assert key.entry_suffix() == "call_525000_20160115.csv"


def test_minute_trade_bar_of_one_contract(lean_data):
    key = OptionContractKey("GOOG", "call", 400.0, date(2017, 1, 20))
    bars = read_option_trade_bars(lean_data, key, "minute", date(2015, 12, 24), date(2015, 12, 24))
    # the file's single row: 39420000 ms = 10:57 New York, 355.54 x 1
    assert len(bars) == 1
    assert bars.close[0] == pytest.approx(355.54)
    assert bars.volume[0] == 1
    start = np.datetime64(int(bars.start[0]), "ns")
    assert start == np.datetime64("2015-12-24T15:57")  # UTC
    assert bars.end[0] - bars.start[0] == 60 * NS


def test_minute_quote_bars_keep_both_sides(lean_data):
    key = OptionContractKey("GOOG", "call", 750.0, date(2016, 1, 15))
    bars = read_option_quote_bars(lean_data, key, "minute", date(2015, 12, 24), date(2015, 12, 24))
    assert len(bars) > 100
    both = ~np.isnan(bars.bid_close) & ~np.isnan(bars.ask_close)
    assert both.any()
    assert np.all(bars.ask_close[both] >= bars.bid_close[both])
    assert bars.bid_close[0] == pytest.approx(12.9)


def test_daily_bars_and_open_interest(lean_data):
    key = OptionContractKey("GOOG", "put", 710.0, date(2015, 12, 31))
    bars = read_option_trade_bars(lean_data, key, "daily", date(2015, 12, 1), date(2015, 12, 31))
    assert list(bars.close) == pytest.approx([0.6, 0.2])
    times, values = read_option_open_interest(
        lean_data, key, "minute", date(2015, 12, 24), date(2015, 12, 24)
    )
    assert list(values) == [78.0]
    assert len(times) == 1


def test_a_contract_without_files_reads_empty(lean_data):
    key = OptionContractKey("GOOG", "call", 1.0, date(2016, 1, 15))
    assert (
        len(
            read_option_trade_bars(lean_data, key, "minute", date(2015, 12, 24), date(2015, 12, 24))
        )
        == 0
    )


def test_chain_file_rows(lean_data):
    chain = read_chain_file(lean_data, "GOOG", date(2015, 12, 24))
    assert chain is not None
    assert chain.underlying.close == pytest.approx(748.40)
    first = chain.contracts[0]
    assert (first.expiry, first.strike, first.right) == (date(2015, 12, 31), 450.0, "C")
    assert first.implied_volatility == pytest.approx(1.7405772)
    assert first.delta == pytest.approx(0.9915959)
    assert first.open_interest is None
    assert read_chain_file(lean_data, "GOOG", date(2015, 12, 25)) is None
