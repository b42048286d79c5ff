"""Days with trade files but no quote files (LEAN writes both): a warning naming the files, and
under the strict-data control (``--strict-data``) a stop naming them once an order rests on them,
for option contracts at any resolution and futures at tick resolution; equities at tick
resolution get the warning even under strict data (an equity's prices come from trades when
quotes are absent). A day without either file (a weekend) is never named. The data folders are LEAN's sample data linked entry by
entry into tmp_path, one folder of it rewritten."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from helpers import debug_lines, run, write_project
from test_cli import backtest

from engine.common.controls import Controls
from engine.data.absent_quotes import absent_tick_quote_files
from engine.data.option_files import OptionContractKey, absent_quote_files

STRICT = Controls(strict_data=True)

FUTURE_TICKS = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 5)
        self.set_end_date(2013, 10, 8)
        self.set_cash(1000000)
        gold = self.add_future(Futures.Metals.GOLD, Resolution.TICK)
        gold.set_filter(0, 182)
        self.trade = TRADE
        self.ticks = 0

    def on_data(self, slice):
        self.ticks += sum(len(ticks) for ticks in slice.ticks.values())
        for chain in slice.future_chains.values():
            contracts = sorted(chain, key=lambda c: c.expiry)
            if self.trade and contracts and not self.portfolio.invested:
                self.market_order(contracts[0].symbol, 1)
                self.trade = False
"""

OPTION_MINUTES = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 24)
        self.add_equity("GOOG")
        self.contract = Symbol.create_option(
            "GOOG", Market.USA, OptionStyle.AMERICAN, OptionRight.CALL, 750, datetime(2016, 1, 15))
        self.add_option_contract(self.contract)
        self.trade = TRADE

    def on_data(self, slice):
        if self.trade and slice.bars.contains_key(self.contract):
            self.buy(self.contract, 1)
            self.trade = False
"""


def _trading(source: str, trade: bool = True) -> str:
    return source.replace("= TRADE", f"= {trade}")


EQUITY_TICKS = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.TICK).symbol
        self.quotes = 0

    def on_data(self, slice):
        ticks = slice.ticks.get(self.spy) or []
        self.quotes += sum(1 for t in ticks if t.tick_type == TickType.QUOTE)
"""

EQUITY_TICK_HISTORY = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 12)
        self.set_end_date(2013, 10, 13)
        spy = self.add_equity("SPY", Resolution.TICK).symbol
        ticks = list(self.history[Tick](spy, timedelta(days=1), Resolution.TICK))
        if not any(t.tick_type == TickType.QUOTE for t in ticks):
            raise AssertionError("no quote ticks")
"""


def _linked(lean_data: Path, root: Path, folder: Path, fill: Callable[[Path, Path], None]) -> Path:
    """The sample folder linked entry by entry under ``root``; ``folder`` (inside it) becomes a
    real folder that ``fill(source, target)`` populates."""

    def link_tree(source: Path, target: Path) -> None:
        target.mkdir(parents=True, exist_ok=True)
        for entry in source.iterdir():
            if entry == folder:
                own = target / entry.name
                own.mkdir()
                fill(entry, own)
            elif folder.is_relative_to(entry):
                link_tree(entry, target / entry.name)
            else:
                (target / entry.name).symlink_to(entry)

    link_tree(lean_data, root)
    return root


def _gold_with_one_quote_day(lean_data: Path, root: Path) -> Path:
    """GC's tick folder with its trade and open interest zips, plus a quote zip for 2013-10-07
    only (two quotes of the December contract)."""

    def fill(source: Path, target: Path) -> None:
        for path in source.iterdir():
            (target / path.name).symlink_to(path)
        with zipfile.ZipFile(target / "20131007_quote.zip", "w") as zf:
            rows = "4933381,1313.7,2,1313.9,3,usa,,0\n4933400,1313.6,1,1313.8,4,usa,,0\n"
            zf.writestr("20131007_gc_tick_quote_201312.csv", rows)

    gold = lean_data / "future" / "comex" / "tick" / "gc"
    return _linked(lean_data, root, gold, fill)


def _goog_options_without_quotes(lean_data: Path, root: Path) -> Path:
    def fill(source: Path, target: Path) -> None:
        for path in source.iterdir():
            if "_quote_" not in path.name:
                (target / path.name).symlink_to(path)

    goog = lean_data / "option" / "usa" / "minute" / "goog"
    return _linked(lean_data, root, goog, fill)


def _spy_ticks_with_quotes(lean_data: Path, root: Path) -> Path:
    """SPY's tick folder with a crafted quote zip beside each trade zip."""

    def fill(source: Path, target: Path) -> None:
        for path in source.iterdir():
            (target / path.name).symlink_to(path)
            if path.name.endswith("_trade.zip"):
                day = path.name[:8]
                with zipfile.ZipFile(target / f"{day}_quote.zip", "w") as zf:
                    rows = "34200000,1670000,100,1671000,200,P,,0\n"
                    zf.writestr(f"{day}_spy_Quote_Tick.csv", rows)

    spy = lean_data / "equity" / "usa" / "tick" / "spy"
    return _linked(lean_data, root, spy, fill)


def test_future_tick_days_without_quotes_are_named(tmp_path, lean_data):
    data = _gold_with_one_quote_day(lean_data, tmp_path / "data")
    outcome = run(tmp_path / "p", _trading(FUTURE_TICKS), data)
    assert outcome.error is None, outcome.error
    warnings = [line for line in debug_lines(outcome) if "no tick quote data for GC" in line]
    assert len(warnings) == 1, debug_lines(outcome)
    # 10-08 lacks its quotes; 10-07 has them and 10-05/06 (a weekend) have no files at all
    assert "20131008_quote.zip missing beside its trade tick files" in warnings[0]
    assert "20131007_quote" not in warnings[0]
    assert "20131005" not in warnings[0] and "20131006" not in warnings[0]


def test_strict_data_stops_an_order_on_incomplete_future_ticks(tmp_path, lean_data):
    data = _gold_with_one_quote_day(lean_data, tmp_path / "data")
    outcome = run(tmp_path / "p", _trading(FUTURE_TICKS), data, controls=STRICT)
    assert outcome.status == "RuntimeError"
    first = outcome.error.splitlines()[0]
    assert first.startswith("Incomplete data (strict data): an order for GC"), first
    assert "no tick quote data for GC (future): 20131008_quote.zip" in first
    assert "20131007_quote" not in first
    assert not outcome.result["orders"]  # the stop comes before the order


def test_strict_data_runs_on_without_orders_on_the_incomplete_data(tmp_path, lean_data):
    data = _gold_with_one_quote_day(lean_data, tmp_path / "data")
    outcome = run(tmp_path / "p", _trading(FUTURE_TICKS, False), data, controls=STRICT)
    assert outcome.error is None, outcome.error
    assert any("no tick quote data for GC" in line for line in debug_lines(outcome))


def test_strict_data_runs_on_when_the_days_are_complete(tmp_path, lean_data):
    data = _gold_with_one_quote_day(lean_data, tmp_path / "data")
    source = _trading(FUTURE_TICKS).replace(
        "set_end_date(2013, 10, 8)", "set_end_date(2013, 10, 7)"
    )
    outcome = run(tmp_path / "p", source, data, controls=STRICT)
    assert outcome.error is None, outcome.error
    assert len(outcome.result["orders"]) == 1
    assert not any("tick quote data" in line for line in debug_lines(outcome))


def test_strict_data_stops_an_option_order_naming_the_quote_files(tmp_path, lean_data):
    data = _goog_options_without_quotes(lean_data, tmp_path / "data")
    outcome = run(tmp_path / "p", _trading(OPTION_MINUTES), data, controls=STRICT)
    assert outcome.status == "RuntimeError"
    first = outcome.error.splitlines()[0]
    assert first.startswith("Incomplete data (strict data): an order for GOOG  160115C00750000"), (
        first
    )
    assert "no minute quote data for GOOG option contracts: 20151224_quote_american.zip" in first
    # without strict data the same run warns and trades
    outcome = run(tmp_path / "q", _trading(OPTION_MINUTES), data)
    assert outcome.error is None, outcome.error
    assert len(outcome.result["orders"]) == 1


def test_strict_data_stops_a_price_read_by_the_algorithm(tmp_path, lean_data):
    """A decision on a contract's price rests on the absent quotes (a contract that did not trade
    reads 0): the algorithm's own read stops the run; the engine's reads (valuing the chain,
    the equity's holdings) do not."""
    data = _goog_options_without_quotes(lean_data, tmp_path / "data")
    source = _trading(OPTION_MINUTES, False).replace(
        "    def on_data(self, slice):\n",
        "    def on_data(self, slice):\n        self.last = self.securities[self.contract].ask_price\n",
    )
    outcome = run(tmp_path / "p", source, data, controls=STRICT)
    first = outcome.error.splitlines()[0]
    assert first.startswith(
        "Incomplete data (strict data): the algorithm read the price of GOOG  160115C00750000"
    ), first
    assert "20151224_quote_american.zip" in first
    outcome = run(tmp_path / "q", _trading(OPTION_MINUTES, False), data, controls=STRICT)
    assert outcome.error is None, outcome.error
    assert any("no minute quote data for GOOG" in line for line in debug_lines(outcome))


def test_strict_data_accepts_complete_option_data(tmp_path, lean_data):
    outcome = run(tmp_path / "p", _trading(OPTION_MINUTES), lean_data, controls=STRICT)
    assert outcome.error is None, outcome.error
    assert len(outcome.result["orders"]) == 1


def test_equity_quote_ticks_absent_warn_even_under_strict_data(tmp_path, lean_data):
    if not (lean_data / "equity" / "usa" / "tick" / "spy" / "20131007_trade.zip").is_file():
        pytest.skip("SPY trade ticks of 2013-10-07 absent")
    if (lean_data / "equity" / "usa" / "tick" / "spy" / "20131007_quote.zip").is_file():
        pytest.skip("the sample folder has SPY's quote ticks")
    outcome = run(tmp_path / "p", EQUITY_TICKS, lean_data, controls=STRICT)
    assert outcome.error is None, outcome.error
    warnings = [line for line in debug_lines(outcome) if "no tick quote data for SPY" in line]
    assert len(warnings) == 1
    assert "20131007_quote.zip missing beside its trade tick files" in warnings[0]


def test_equity_tick_history_names_absent_quote_ticks_in_its_error(tmp_path, lean_data):
    if (lean_data / "equity" / "usa" / "tick" / "spy" / "20131011_quote.zip").is_file():
        pytest.skip("the sample folder has SPY's quote ticks")
    outcome = run(tmp_path / "p", EQUITY_TICK_HISTORY, lean_data)
    first = outcome.error.splitlines()[0]
    assert first.startswith("Runtime Error: AssertionError: no quote ticks (data absent"), first
    assert "20131011_quote.zip" in first


def test_equity_ticks_with_quotes_raise_no_warning(tmp_path, lean_data):
    data = _spy_ticks_with_quotes(lean_data, tmp_path / "data")
    outcome = run(tmp_path / "p", EQUITY_TICKS, data, controls=STRICT)
    assert outcome.error is None, outcome.error
    assert not any("tick quote data" in line for line in debug_lines(outcome))


def test_absent_tick_quote_files_lists_only_days_with_trades(tmp_path, lean_data):
    data = _gold_with_one_quote_day(lean_data, tmp_path / "data")
    missing = absent_tick_quote_files(data, "future", "comex", "gc", "2013-10-01", "2013-10-31")
    assert [p.name for p in missing] == ["20131008_quote.zip", "20131009_quote.zip"]
    assert missing[0].parent == data / "future" / "comex" / "tick" / "gc"


def test_the_command_line_takes_strict_data(tmp_path, lean_data):
    data = _goog_options_without_quotes(lean_data, tmp_path / "data")
    project = write_project(tmp_path / "p", _trading(OPTION_MINUTES))
    proc = backtest(project, data, tmp_path / "out", "--strict-data")
    assert proc.returncode == 1, proc.stderr
    error = json.loads((tmp_path / "out" / "results.json").read_text())["error"]
    assert error.startswith("Incomplete data (strict data): an order for GOOG"), error
    proc = backtest(project, data, tmp_path / "out2")
    assert proc.returncode == 0, proc.stderr


def test_trade_only_hour_and_daily_option_years_are_not_missing(lean_data):
    """LEAN's own repository has the ES future options' 2020 hour and daily trade zips without
    quote zips (FutureOptionHourly/DailyRegressionAlgorithm's figures come from them)."""
    folder = lean_data / "futureoption" / "cme" / "hour" / "es" / "202003"
    if not (folder / "es_2020_trade_american.zip").is_file():
        pytest.skip("ES future option hour trades of 2020 absent")
    key = OptionContractKey(
        underlying="es",
        right="call",
        strike=3200.0,
        expiry=date(2020, 3, 20),
        security_type="futureoption",
        market="cme",
        contract_month="202003",
    )
    for resolution in ("hour", "daily"):
        assert absent_quote_files(lean_data, key, resolution, "2020-01-01", "2020-03-20") == []
