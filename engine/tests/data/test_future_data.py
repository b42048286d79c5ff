"""Futures data: contract expiries, margin files, universe (chain) files and per-contract CSVs."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from engine.data.folder import read_zip_entry
from engine.data.future_chain import listed_contracts, universe_file_for
from engine.data.future_expiry import (
    FutureExpiryError,
    contract_month_of,
    expiry_of_contract_month,
    nth_last_business_day,
)
from engine.data.future_margins import MarginHistory
from engine.data.readers import read_quote_bars, read_trade_bars


def test_equity_index_futures_expire_at_1330_on_the_third_friday_of_the_quarter(
    tmp_path: Path,
) -> None:
    assert expiry_of_contract_month(tmp_path, "cme", "ES", date(2013, 12, 1)) == datetime(
        2013, 12, 20, 13, 30
    )
    # a serial month expires with the next quarterly contract
    assert expiry_of_contract_month(tmp_path, "cme", "ES", date(2013, 10, 1)) == datetime(
        2013, 12, 20, 13, 30
    )
    assert expiry_of_contract_month(tmp_path, "eurex", "FESX", date(2014, 3, 1)) == datetime(
        2014, 3, 21, 13, 30
    )


def test_gold_expires_on_the_third_last_business_day_skipping_holidays() -> None:
    assert nth_last_business_day(2014, 12, 3, frozenset()) == date(2014, 12, 29)
    assert nth_last_business_day(2014, 12, 3, frozenset({date(2014, 12, 30)})) == date(2014, 12, 26)


def test_a_contract_month_follows_the_expiry_month_for_crude_oil_only() -> None:
    assert contract_month_of("CL", date(2013, 11, 20)) == date(2013, 12, 1)
    assert contract_month_of("ES", datetime(2013, 12, 20, 13, 30)) == date(2013, 12, 1)


def test_a_ticker_without_an_expiry_rule_is_named(tmp_path: Path) -> None:
    with pytest.raises(FutureExpiryError, match="ZZZ"):
        expiry_of_contract_month(tmp_path, "cme", "ZZZ", date(2013, 12, 1))


def test_margin_file_rows_by_date_with_intraday_defaults(tmp_path: Path) -> None:
    margins = tmp_path / "future" / "cme" / "margins"
    margins.mkdir(parents=True)
    (margins / "ES.csv").write_text(
        "date,initial,maintenance\n# a comment\n20131003,4180,3800\n20120326,4375,3500,2000,1500\n"
    )
    history = MarginHistory.load(tmp_path, "cme", "es")
    oct8 = history.on(date(2013, 10, 8))
    assert (oct8.initial_overnight, oct8.maintenance_overnight) == (4180.0, 3800.0)
    assert (oct8.initial_intraday, oct8.maintenance_intraday) == pytest.approx((1672.0, 1520.0))
    early = history.on(date(2013, 1, 2))
    assert (early.initial_intraday, early.maintenance_intraday) == (2000.0, 1500.0)
    # before the first row LEAN keeps the first row
    assert history.on(date(2000, 1, 1)).initial_overnight == 4375.0
    assert MarginHistory.load(tmp_path, "cme", "NQ").on(date(2013, 10, 8)) is None


def test_the_chain_of_a_day_is_the_previous_files_unexpired_contracts(tmp_path: Path) -> None:
    folder = tmp_path / "future" / "cme" / "universes" / "es"
    folder.mkdir(parents=True)
    header = "#expiry,open,high,low,close,volume,open_interest\n"
    (folder / "20131004.csv").write_text(header + "201309,1,1,1,1,0,5\n201312,2,2,2,2,10,20\n")
    (folder / "20131007.csv").write_text(
        header + "201312,3,3,3,1646.5,7,2723644\n201403,4,4,4,4,0,\n"
    )
    assert universe_file_for(tmp_path, "cme", "es", date(2013, 10, 8)).name == "20131007.csv"
    contracts = listed_contracts(tmp_path, "cme", "es", date(2013, 10, 8))
    assert [c.month_code for c in contracts] == ["201312", "201403"]
    assert contracts[0].expiry == datetime(2013, 12, 20, 13, 30)
    assert (contracts[0].close, contracts[0].open_interest) == (1646.5, 2723644.0)
    assert contracts[1].open_interest is None
    # the 20131004 file (read on Monday the 7th) lists September, which expired on the 20th
    assert [c.month_code for c in listed_contracts(tmp_path, "cme", "es", date(2013, 10, 7))] == [
        "201312"
    ]
    assert listed_contracts(tmp_path, "cme", "es", date(2013, 9, 1)) == []


def test_a_contract_month_picks_its_csv_in_a_zip_of_contracts(tmp_path: Path) -> None:
    path = tmp_path / "20131008_trade.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("20131008_es_minute_trade_201312.csv", "0,1,1,1,1,5\n")
        zf.writestr("20131008_es_minute_trade_201403.csv", "0,2,2,2,2,6\n")
    assert read_zip_entry(path, "201403") == b"0,2,2,2,2,6\n"
    assert read_zip_entry(path, "201406") == b""
    assert read_zip_entry(path) == b"0,1,1,1,1,5\n"


def test_es_contract_bars_from_the_sample_data(lean_data: Path) -> None:
    if not (lean_data / "future" / "cme" / "minute" / "es").is_dir():
        pytest.skip("no ES minute data")
    day = "2013-10-08"
    common = dict(normalization="raw", contract="201312")
    trades = read_trade_bars(
        lean_data, "future", "cme", "es", "minute", day, day, extended_hours=True, **common
    )
    regular = read_trade_bars(lean_data, "future", "cme", "es", "minute", day, day, **common)
    quotes = read_quote_bars(
        lean_data, "future", "cme", "es", "minute", day, day, extended_hours=True, **common
    )
    assert len(trades.close) == 1357 and trades.close[0] == 1667.5
    assert 0 < len(regular.close) < len(trades.close)
    assert len(quotes.bid_close) > 0
    march = read_trade_bars(
        lean_data,
        "future",
        "cme",
        "es",
        "minute",
        day,
        day,
        extended_hours=True,
        normalization="raw",
        contract="201403",
    )
    assert len(march.close) and march.close[0] != trades.close[0]
    daily = read_trade_bars(
        lean_data, "future", "cme", "es", "daily", "2013-10-01", "2013-10-10", **common
    )
    assert list(daily.close) == [1668.0, 1646.5, 1648.75, 1682.5]
