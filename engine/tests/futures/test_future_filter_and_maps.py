"""The future contract filter (FutureFilterUniverse), the slice's futures chains, continuous
futures' map and factor files, and the quote side copy of fill-forward futures feeds."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from engine.data.arrays import QuoteBarArrays
from engine.data.continuous_futures import (
    factor_rows,
    map_rows,
    mapped_identifier,
    mapping_segments,
    price_factor,
    roll_dates,
)
from engine.model import Symbol, TradeBar
from engine.model.future_filter import ContractFilter, FutureFilterUniverse, FutureUniverse
from engine.model.futures_chain import build_future_chains
from engine.runner.feeds import copy_missing_quote_sides

NOW = datetime(2013, 10, 8)


def _contract(day: date) -> Symbol:
    return Symbol.create_future("ES", "cme", datetime.combine(day, datetime.min.time()))


def _universe() -> FutureFilterUniverse:
    days = [date(2013, 12, 20), date(2014, 3, 21), date(2014, 6, 20), date(2014, 9, 19)]
    return FutureFilterUniverse([FutureUniverse(_contract(d), NOW) for d in days], NOW)


def _expiries(universe: FutureFilterUniverse) -> list[date]:
    return [s.id.date.date() for s in universe.symbols]


def test_filter_by_expiry_months_and_cycles() -> None:
    assert _expiries(_universe().expiration(0, 182)) == [date(2013, 12, 20), date(2014, 3, 21)]
    assert _expiries(_universe().expiration(timedelta(90), timedelta(365)).front_month()) == [
        date(2014, 3, 21)
    ]
    assert _expiries(_universe().back_month()) == [date(2014, 3, 21)]
    assert len(_universe().back_months()) == 3
    assert _expiries(_universe().expiration_cycle([6, 9])) == [
        date(2014, 6, 20),
        date(2014, 9, 19),
    ]
    picked = _universe().contracts(lambda rows: [r.symbol for r in rows][-1:])
    assert _expiries(picked) == [date(2014, 9, 19)]


def test_type_filters_come_first_and_set_filter_forms() -> None:
    universe = _universe().front_month()
    with pytest.raises(ValueError, match="call StandardsOnly"):
        universe.standards_only()
    assert _universe().weeklys_only().apply_types_filter().count == 0
    by_days = ContractFilter.from_arguments(0, 100).filter(_universe())
    by_deltas = ContractFilter.from_arguments(timedelta(0), timedelta(100)).filter(_universe())
    assert by_days == by_deltas == [_contract(date(2013, 12, 20))]
    assert ContractFilter(None).filter(_universe()) == []  # no set_filter: no contracts
    with pytest.raises(TypeError, match="returns the FutureFilterUniverse"):
        ContractFilter.from_arguments(lambda u: 3).filter(_universe())


def test_slice_chains_group_contract_bars_by_canonical() -> None:
    december, march = _contract(date(2013, 12, 20)), _contract(date(2014, 3, 21))
    bars = [
        TradeBar(NOW, december, 1, 2, 0.5, 1.5, 10, timedelta(minutes=1)),
        TradeBar(NOW, march, 3, 4, 2.5, 3.5, 20, timedelta(minutes=1)),
    ]
    chains = build_future_chains(NOW, [bars])
    chain = chains[december.canonical]
    assert [c.symbol for c in chain] == [december, march]
    assert chain.contracts[march].last_price == 3.5 and chain.contracts[march].volume == 20
    assert chain.contracts[december].expiry == datetime(2013, 12, 20)
    assert list(chain.data_frame.columns)[:2] == ["expiry", "lastprice"]


def test_quote_bars_without_a_side_take_the_previous_ones() -> None:
    nan = float("nan")
    n = 3
    i = np.arange(n, dtype=np.int64)
    bid = np.array([1.0, nan, nan])
    ask = np.array([nan, 2.0, nan])
    arrays = QuoteBarArrays(
        i,
        i + 1,
        np.zeros(n, "datetime64[D]"),
        np.ones(n),
        bid.copy(),
        bid.copy(),
        bid.copy(),
        bid.copy(),
        np.ones(n),
        ask.copy(),
        ask.copy(),
        ask.copy(),
        ask.copy(),
        np.ones(n),
    )
    copy_missing_quote_sides(arrays)
    assert list(arrays.bid_close) == [1.0, 1.0, 1.0]
    assert np.isnan(arrays.ask_close[0]) and list(arrays.ask_close[1:]) == [2.0, 2.0]


def _write_continuous_files(root: Path) -> None:
    base = root / "future" / "cme"
    (base / "map_files").mkdir(parents=True)
    (base / "factor_files").mkdir(parents=True)
    (base / "map_files" / "es.csv").write_text(
        "18991230,es,CME\n"
        "20131217,es vmklfzih2mtd,CME,2\n"
        "20131219,es vmklfzih2mtd,CME,0\n"
        "20140318,es vp274hsu1af5,CME,2\n"
    )
    row = (
        '{{"Date":"{d}","BackwardsRatioScale":[{r},1,1],"BackwardsPanamaCanalScale":[{p},0,0],'
        '"ForwardPanamaCanalScale":[0,0,0],"DataMappingMode":2}}\n'
    )
    (base / "factor_files" / "es.csv").write_text(
        row.format(d="2013-12-17T00:00:00", r=0.5, p=-10)
        + row.format(d="2014-03-18T00:00:00", r=0.9, p=-2)
    )


def test_map_and_factor_files_of_a_continuous_future(tmp_path: Path) -> None:
    _write_continuous_files(tmp_path)
    rows = map_rows(tmp_path, "cme", "ES")
    assert mapped_identifier(rows, date(2013, 12, 17), 2) == "ES VMKLFZIH2MTD"
    assert mapped_identifier(rows, date(2013, 12, 18), 2) == "ES VP274HSU1AF5"
    assert mapped_identifier(rows, date(2013, 12, 18), 0) == "ES VMKLFZIH2MTD"
    assert mapped_identifier(rows, date(2014, 4, 1), 2) is None
    segments = mapping_segments(tmp_path, "cme", "ES", date(2013, 12, 16), date(2013, 12, 19), 2)
    assert [(a.day, b.day, i) for a, b, i in segments] == [
        (16, 17, "ES VMKLFZIH2MTD"),
        (18, 19, "ES VP274HSU1AF5"),
    ]
    assert roll_dates(tmp_path, "cme", "ES", date(2013, 12, 1), date(2013, 12, 31), 2) == [
        (date(2013, 12, 18), "ES VMKLFZIH2MTD", "ES VP274HSU1AF5")
    ]
    factors = factor_rows(tmp_path, "cme", "ES")
    # a date takes the earliest row dated on or after it; past the last row nothing is adjusted
    assert price_factor(factors, date(2013, 12, 17), "backwards_ratio", 2) == 0.5
    assert price_factor(factors, date(2013, 12, 18), "backwards_ratio", 2) == 0.9
    assert price_factor(factors, date(2014, 5, 1), "backwards_ratio", 2) == 1.0
    assert price_factor(factors, date(2013, 1, 1), "backwards_panama_canal", 2) == -10
    assert price_factor(factors, date(2014, 5, 1), "backwards_panama_canal", 2) == 0.0
    assert price_factor(factors, date(2013, 1, 1), "backwards_ratio", 0) == 1.0  # other mode
