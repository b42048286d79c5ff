"""Option and future symbols against the identifier strings LEAN's own tests publish
(Tests/Common/Securities/SecurityIdentifierTests.cs, Tests/Common/SymbolTests.cs,
Tests/Common/SymbolRepresentationTests.cs)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from engine.algorithm import imports
from engine.model.enums import OptionRight, OptionStyle, SecurityType
from engine.model.symbol import SecurityIdentifier, Symbol
from engine.model.symbol_representation import SymbolRepresentation

AAPL = SecurityIdentifier.parse("AAPL R735QTJ8XC9X")
SPY = SecurityIdentifier.parse("SPY R735QTJ8XC9X")


@pytest.mark.parametrize(
    ("style", "right", "strike", "expected"),
    [
        (OptionStyle.AMERICAN, OptionRight.CALL, 100, "AAPL XEOLB4YAUINA|AAPL R735QTJ8XC9X"),
        (OptionStyle.AMERICAN, OptionRight.PUT, 100, "AAPL 31DSLGKXI4C12|AAPL R735QTJ8XC9X"),
        (OptionStyle.EUROPEAN, OptionRight.CALL, 100, "AAPL XEOOUQW0NLD2|AAPL R735QTJ8XC9X"),
        (OptionStyle.EUROPEAN, OptionRight.PUT, 100, "AAPL 31DSP06V7XEQU|AAPL R735QTJ8XC9X"),
        (OptionStyle.AMERICAN, OptionRight.CALL, "0.01", "AAPL XEOLB4YALY06|AAPL R735QTJ8XC9X"),
        (OptionStyle.AMERICAN, OptionRight.PUT, "0.01", "AAPL 31DSLGKXHVRDY|AAPL R735QTJ8XC9X"),
        (OptionStyle.EUROPEAN, OptionRight.CALL, "0.01", "AAPL XEOOUQW0F0PY|AAPL R735QTJ8XC9X"),
        (OptionStyle.EUROPEAN, OptionRight.PUT, "0.01", "AAPL 31DSP06V7OU3Q|AAPL R735QTJ8XC9X"),
    ],
)
def test_option_identifiers_are_leans(style, right, strike, expected) -> None:
    equity = Symbol(AAPL, "AAPL")
    option = Symbol.create_option(equity, "usa", style, right, strike, datetime(2020, 5, 21))
    assert str(option.id) == expected
    assert option.id.strike_price == float(Decimal(str(strike)))
    parsed = SecurityIdentifier.parse(expected)
    assert parsed == option.id
    assert (parsed.option_right, parsed.option_style) == (right, style)
    assert parsed.date == datetime(2020, 5, 21)
    assert parsed.underlying == AAPL


def test_option_identifier_fields_round_trip() -> None:
    put = SecurityIdentifier.generate_option(
        datetime(2015, 9, 18), SPY, "usa", 195.5, OptionRight.PUT, OptionStyle.EUROPEAN
    )
    again = SecurityIdentifier.parse(str(put))
    for sid in (put, again):
        assert sid.option_right == OptionRight.PUT
        assert sid.option_style == OptionStyle.EUROPEAN
        assert sid.strike_price == 195.5
        assert sid.date == datetime(2015, 9, 18)
        assert (sid.market, sid.security_type, sid.symbol) == ("usa", SecurityType.OPTION, "SPY")
        assert sid.has_underlying and sid.underlying == SPY


def test_negative_strike_survives_parsing() -> None:
    option = SecurityIdentifier.generate_option(
        datetime(2020, 4, 20), SPY, "usa", -50, OptionRight.CALL, OptionStyle.AMERICAN
    )
    assert SecurityIdentifier.parse(str(option)).strike_price == -50


def test_strike_beyond_the_identifier_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        SecurityIdentifier.generate_option(
            datetime(2020, 4, 20), SPY, "usa", 1234567, OptionRight.CALL, OptionStyle.AMERICAN
        )


def test_fields_of_other_types_are_errors() -> None:
    with pytest.raises(ValueError, match="only defined for options"):
        _ = SPY.strike_price
    with pytest.raises(ValueError, match="no underlying"):
        _ = SPY.underlying
    with pytest.raises(ValueError, match="SecurityIdentifier string"):
        SecurityIdentifier.parse("SPY")


@pytest.mark.parametrize(
    ("identifier", "ticker", "value", "canonical"),
    [
        ("CL XKJAZ588SI4H", "CL", "CL21F21", "/CL"),
        ("CL JL", "CL", "/CL", "/CL"),
        ("ES 1S4 | ES XLDTU1KH5XC1", "CL", "?ES21F21", "?ES21F21"),
        ("ES XKGCMV4QK9VO | ES XLDTU1KH5XC1", "ES", "ES21F21  201218C00000000", "?ES21F21"),
        ("SPY 2U | SPY R735QTJ8XC9X", "SPY", "?SPY", "?SPY"),
        ("GOOCV 305RBQ2BZBZT2 | GOOCV VP83T1ZUHROL", "GOOCV", "GOOCV 151224P00007500", "?GOOCV"),
    ],
)
def test_symbol_values_and_canonicals_are_leans(identifier, ticker, value, canonical) -> None:
    symbol = Symbol(SecurityIdentifier.parse(identifier), ticker)
    assert symbol.value == value
    assert str(symbol.id) == identifier.replace(" | ", "|")
    assert symbol.canonical.value == canonical
    assert symbol.canonical is symbol.canonical
    assert symbol.canonical.is_canonical()
    assert symbol.canonical.security_type == symbol.security_type
    assert symbol.canonical.market == symbol.market


@pytest.mark.parametrize("identifier", ["SPY R735QTJ8XC9X", "EURGBP 8G", "BTCUSD XJ"])
def test_other_types_have_no_canonical(identifier) -> None:
    symbol = Symbol(SecurityIdentifier.parse(identifier), identifier.split()[0])
    assert symbol.value == identifier.split()[0]
    assert not symbol.is_canonical()
    with pytest.raises(ValueError, match="no canonical"):
        _ = symbol.canonical


def test_option_contract_symbol_has_osi_value_and_underlying() -> None:
    spy = Symbol(SPY, "SPY")
    call = Symbol.create_option(
        spy, "usa", OptionStyle.AMERICAN, OptionRight.CALL, 650, datetime(2014, 6, 6)
    )
    assert call.value == "SPY   140606C00650000"
    assert call.underlying is spy and call.has_underlying
    assert not call.is_canonical() and call.has_canonical()
    assert str(call.canonical.id) == "SPY 2U|SPY R735QTJ8XC9X"
    assert call.id.date == datetime(2014, 6, 6)
    # the ticker form makes the equity underlying itself
    by_ticker = Symbol.create_option(
        "SPY", "usa", OptionStyle.AMERICAN, OptionRight.CALL, 650, datetime(2014, 6, 6)
    )
    assert by_ticker.underlying.security_type == SecurityType.EQUITY
    assert (
        Symbol.create("SPY", SecurityType.OPTION, "usa").value == "?SPY"
        and Symbol.create_canonical_option(spy) == call.canonical
    )


def test_index_options_keep_their_own_ticker() -> None:
    spx = Symbol.create("SPX", SecurityType.INDEX, "usa")
    assert str(spx.id) == "SPX 31"
    weekly = Symbol.create_canonical_option(spx, "SPXW", "usa", "?SPXW")
    assert weekly.value == "?SPXW" and weekly.id.symbol == "SPXW"
    assert weekly.security_type == SecurityType.INDEX_OPTION
    assert weekly.id.option_style == OptionStyle.EUROPEAN
    assert weekly.underlying is spx
    contract = Symbol.create_option(
        spx, "SPXW", "usa", OptionStyle.EUROPEAN, OptionRight.PUT, 3800, datetime(2021, 1, 8)
    )
    assert contract.value == "SPXW  210108P03800000"
    assert contract.canonical == weekly
    assert Symbol.create("SPX", SecurityType.INDEX_OPTION, "usa").value == "?SPX"


def test_future_options_use_the_options_ticker() -> None:
    gold = Symbol.create_future("GC", "comex", datetime(2020, 12, 29))
    assert gold.value == "GC29Z20"
    option = Symbol.create_option(
        gold, "comex", OptionStyle.AMERICAN, OptionRight.CALL, 1900, datetime(2020, 11, 24)
    )
    assert option.security_type == SecurityType.FUTURE_OPTION
    assert option.id.symbol == "OG"
    assert option.value == "OG    201124C01900000"
    assert option.canonical.value == "?OG"
    assert option.underlying == gold
    with pytest.raises(ValueError, match="future option"):
        Symbol.create("OG", SecurityType.FUTURE_OPTION, "comex")


def test_future_symbols() -> None:
    contract = Symbol.create_future("ES", "cme", datetime(2020, 12, 18))
    assert contract.value == "ES18Z20"
    assert contract.id.date == datetime(2020, 12, 18)
    canonical = Symbol.create("ES", SecurityType.FUTURE, "cme")
    assert (canonical.value, str(canonical.id)) == ("/ES", "ES 1S1")
    assert canonical.is_canonical() and contract.canonical == canonical
    # crude oil expiring in November is the December contract
    assert Symbol.create_future("CL", "nymex", datetime(2020, 11, 20)).value == "CL20Z20"


def test_contracts_compare_and_hash_by_identifier() -> None:
    make = lambda strike: Symbol.create_option(  # noqa: E731
        Symbol(SPY, "SPY"),
        "usa",
        OptionStyle.AMERICAN,
        OptionRight.CALL,
        strike,
        datetime(2014, 6, 6),
    )
    first, same, other = make(650), make(650), make(655)
    assert first == same and hash(first) == hash(same) and first != other
    assert {first: 1}[same] == 1 and len({first, same, other}) == 2
    assert first == "SPY   140606C00650000"
    parsed = Symbol(SecurityIdentifier.parse(str(first.id)), "SPY")
    assert parsed == first and hash(parsed) == hash(first)
    # an alias does not change a contract's identity
    aliased = Symbol.create_option(
        Symbol(SPY, "SPY"),
        "usa",
        OptionStyle.AMERICAN,
        OptionRight.CALL,
        650,
        datetime(2014, 6, 6),
        "MINE",
    )
    assert aliased.value == "MINE" and aliased == first and hash(aliased) == hash(first)
    futures = {Symbol.create_future("ES", "cme", datetime(2020, 12, 18)): "dec"}
    assert futures[Symbol.create_future("ES", "cme", datetime(2020, 12, 18))] == "dec"
    assert Symbol.create_future("ES", "cme", datetime(2021, 3, 19)) not in futures


@pytest.mark.parametrize(
    ("ticker", "kind", "style", "target", "underlying_id", "underlying_value", "strike", "expiry"),
    [
        ("SPXW  230111C02400000", SecurityType.INDEX_OPTION, OptionStyle.EUROPEAN, "SPXW", "SPX", "SPX", 2400, "2023-01-11"),
        ("SPY   230111C02400000", SecurityType.OPTION, OptionStyle.AMERICAN, "SPY", "SPY", "SPY", 2400, "2023-01-11"),
        ("JPM   240501C00130750", SecurityType.OPTION, OptionStyle.AMERICAN, "JPM", "JPM", "JPM", Decimal("130.75"), "2024-05-01"),
        ("ES20H20  200320P03290000", SecurityType.FUTURE_OPTION, OptionStyle.AMERICAN, "ES20H20", "ES", "ES20H20", 3290, "2020-03-20"),
        ("BRK.B   260206C00495000", SecurityType.OPTION, OptionStyle.AMERICAN, "BRK.B", "BRK.B", "BRK.B", 495, "2026-02-06"),
    ],
)  # fmt: skip
def test_parse_option_ticker_osi(
    ticker, kind, style, target, underlying_id, underlying_value, strike, expiry
) -> None:
    symbol = SymbolRepresentation.parse_option_ticker_osi(ticker, kind, style, "usa")
    assert symbol.value == ticker
    assert symbol.id.symbol == target
    assert symbol.underlying.id.symbol == underlying_id
    assert symbol.underlying.value == underlying_value
    assert (symbol.security_type, symbol.id.option_style) == (kind, style)
    assert symbol.id.strike_price == strike
    assert symbol.id.date == datetime.strptime(expiry, "%Y-%m-%d")


def test_osi_tickers_generate_and_reject() -> None:
    generate = SymbolRepresentation.generate_option_ticker_osi
    assert (
        generate("MSFT", OptionRight.CALL, 47.5, datetime(2006, 3, 18)) == "MSFT  060318C00047500"
    )
    assert (
        generate("ABCDEF", OptionRight.CALL, 47.5, datetime(2006, 3, 18))
        == "ABCDEF 060318C00047500"
    )
    with pytest.raises(ValueError, match="not an OSI option ticker"):
        SymbolRepresentation.parse_option_ticker_osi("SPY 2014 C 650")
    ok, *_ = SymbolRepresentation.try_decompose_option_ticker_osi("nonsense")
    assert ok is False


def test_future_tickers() -> None:
    parse = SymbolRepresentation.parse_future_ticker
    cases = {"EX20": ("E", 1, 20, 11), "ABCZ1": ("ABC", 1, 1, 12), "ED01X20": ("ED", 1, 20, 11)}
    cases["ABC11Z1"] = ("ABC", 11, 1, 12)
    for ticker, expected in cases.items():
        result = parse(ticker)
        got = (result.underlying, result.expiration_day, result.expiration_year_short)
        assert (*got, result.expiration_month) == expected
    assert parse("invalid") is None
    generate = SymbolRepresentation.generate_future_ticker
    assert generate("ED", datetime(2016, 12, 12)) == "ED12Z16"
    assert generate("ED", datetime(2016, 12, 12), False) == "ED12Z6"
    assert generate("B", datetime(2016, 12, 29), False) == "B29G7"
    assert generate("YO", datetime(2016, 12, 20), False, False) == "YOF7"
    assert generate("ES", datetime(2010, 3, 1), False, False) == "ESH0"


def test_algorithm_imports_export_the_names() -> None:
    for name in ("OptionRight", "OptionStyle", "SymbolRepresentation", "SecurityIdentifier"):
        assert name in imports.__all__
    assert imports.OptionRight.Put == OptionRight.PUT
    spy = imports.Symbol(SPY, "SPY")
    contract = imports.Symbol.CreateOption(
        spy,
        "usa",
        imports.OptionStyle.American,
        imports.OptionRight.Call,
        650,
        datetime(2014, 6, 6),
    )
    assert contract.Value == "SPY   140606C00650000" and contract.ID.StrikePrice == 650


def test_create_option_from_an_identifier() -> None:
    sid = SecurityIdentifier.parse("SPY VR60JP9LC3EU|SPY R735QTJ8XC9X")
    spy = Symbol(SPY, "SPY")
    option = Symbol.create_option(sid, "SPY   140606C00650000", spy)
    assert option.underlying is spy and option.id.strike_price == 650
    assert option == Symbol.create_option(
        spy, "usa", OptionStyle.AMERICAN, OptionRight.CALL, 650, datetime(2014, 6, 6)
    )
    with pytest.raises(ValueError, match="does not match"):
        Symbol.create_option(sid, "SPY   140606C00650000", Symbol(AAPL, "AAPL"))
    with pytest.raises(ValueError, match="not an option identifier"):
        Symbol.create_option(SPY, "SPY")
