"""LEAN SecurityIdentifier strings."""

from __future__ import annotations

from datetime import date, datetime

from engine.model.enums import OptionRight, OptionStyle, SecurityType
from engine.model.security_identifier import SecurityIdentifier
from engine.model.symbol import Symbol
from engine.statistics import security_identifier
from engine.statistics.identifiers import equity_identifier


def test_equity_sids_match_lean() -> None:
    assert security_identifier("SPY", "equity", "usa", date(1998, 1, 2)) == "SPY R735QTJ8XC9X"
    assert security_identifier("IBM") == "IBM R735QTJ8XC9X"  # default first date 1998-01-02
    # first date of map_files/aaa.1.csv (the AAA delisted in 2007)
    assert security_identifier("AAA", 1, "usa", date(2002, 5, 22)) == "AAA SEVKGI6HF885"


def test_undated_and_future_sids() -> None:
    assert security_identifier("LTCUSD", "crypto", "coinbase") == "LTCUSD 2XR"
    assert security_identifier("ES", "future", "cme", date(2013, 12, 20)) == "ES VMKLFZIH2MTD"


def test_types_without_a_date_of_their_own_pack_leans_default_date() -> None:
    # LEAN's GenerateIndex and a perpetual's GenerateCryptoFuture use DefaultDate (1899-12-30)
    assert security_identifier("SPX", "index", "usa") == "SPX 31"
    assert security_identifier("ADAUSDT", "cryptofuture", "binance") == "ADAUSDT 18R"
    assert security_identifier("BTCUSDT", "cryptofuture", "bybit") == "BTCUSDT 2V3"


def test_an_equity_without_a_map_file_is_dated_leans_default_date(lean_data) -> None:
    # India's sample data has no map files: LEAN's GetFirstTickerAndDate falls back to DefaultDate
    assert equity_identifier(lean_data, "india", "YESBANK") == "YESBANK UL"
    assert equity_identifier(lean_data, "usa", "SHY") == "SHY 2T"
    assert equity_identifier(lean_data, "usa", "SPY") == "SPY R735QTJ8XC9X"


def equity(ticker, folder):
    sid = equity_identifier(folder, "usa", ticker)
    return SecurityIdentifier(ticker, SecurityType.EQUITY, "usa", sid)


def test_an_equity_option_identifier_carries_the_first_ticker_of_its_underlying(lean_data) -> None:
    # GOOG's map file starts as GOOCV, TWX's as AOL: LEAN's GenerateOption takes the underlying
    # identifier's ticker, while the contract's OSI ticker keeps the one it trades as
    # (as SecurityIdentifier.generate_equity builds it: today's ticker, the map file's string)
    goog = Symbol(equity("GOOG", lean_data), "GOOG")
    option = Symbol.create_option(
        goog, "usa", OptionStyle.AMERICAN, OptionRight.CALL, 750, datetime(2015, 12, 24)
    )
    assert str(option.id) == "GOOCV W6NBKMCS6GQU|GOOCV VP83T1ZUHROL"
    assert option.value == "GOOG  151224C00750000"
    twx = Symbol(equity("TWX", lean_data), "TWX")
    option = Symbol.create_option(
        twx, "usa", OptionStyle.AMERICAN, OptionRight.CALL, 60, datetime(2014, 1, 18)
    )
    assert str(option.id).startswith("AOL ") and str(option.id).endswith("|AOL R735QTJ8XC9X")
    assert option.value.startswith("TWX ")
