"""Futures through the algorithm API, on LEAN's sample data (ES and GC, October 2013): chains and
their filter, contract orders with their fees, margin and settlement, expiry, continuous futures
and their history. The algorithms are written here; the figures come from the sample files."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.tests.runner.helpers import debug_lines, run


@pytest.fixture()
def es_data(lean_data: Path) -> Path:
    if not (lean_data / "future" / "cme" / "minute" / "es" / "20131008_trade.zip").is_file():
        pytest.skip("no ES minute sample data")
    return lean_data


CHAIN_ALGORITHM = """
class ChainAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_cash(1000000)
        es = self.add_future(Futures.Indices.SP_500_E_MINI)
        es.set_filter(lambda u: u.expiration(0, 182).front_month())
        gold = self.add_future("GC")
        gold.set_filter(timedelta(0), timedelta(90))
        self.added = []
        self.seen = set()
        self.trades = 0

    def on_securities_changed(self, changes):
        for security in changes.added_securities:
            self.added.append(str(security.symbol))

    def on_data(self, slice):
        for chain in slice.future_chains:
            for contract in chain.value:
                self.seen.add((str(chain.key), str(contract.symbol), contract.expiry.date()))
        if self.trades == 0 and slice.future_chains.count == 2:
            chain = slice.future_chains[self.securities["/ES"].symbol]
            contract = list(chain)[0]
            self.market_order(contract.symbol, 2)
            self.trades += 1
            self.first = contract

    def on_end_of_algorithm(self):
        security = self.securities[self.first.symbol]
        model = security.buying_power_model
        self.debug(f"added {sorted(self.added)}")
        self.debug(f"seen {sorted(self.seen)}")
        self.debug(f"model {type(model).__name__} {model.initial_overnight_margin_requirement} "
                   f"{model.maintenance_overnight_margin_requirement}")
        self.debug(f"multiplier {security.symbol_properties.contract_multiplier}")
        self.debug(f"margin used {self.portfolio.total_margin_used}")
        self.debug(f"market {self.securities['/GC'].symbol.id.market} "
                   f"tradable {self.securities['/ES'].is_tradable}")
"""


def test_chains_filters_orders_fees_and_margin(tmp_path: Path, es_data: Path) -> None:
    outcome = run(tmp_path / "p", CHAIN_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    lines = "\n".join(debug_lines(outcome))
    # the ES filter keeps the front month only; gold's the contracts expiring within 90 days
    # (gold's November contract stops on the 26th: Thanksgiving is a COMEX holiday)
    assert "added ['/ES', '/GC', 'ES20Z13', 'GC26X13', 'GC27Z13', 'GC29V13']" in lines
    assert "('/ES', 'ES20Z13', datetime.date(2013, 12, 20))" in lines
    assert "ES21H14" not in lines
    # ES margin from future/cme/margins/ES.csv (the 2013-10-03 row), 50 dollars a point
    assert "model FutureMarginModel 4180.0 3800.0" in lines
    assert "multiplier 50.0" in lines
    assert "margin used 7600.0" in lines  # 2 contracts x 3800 maintenance
    assert "market comex tradable False" in lines
    orders = outcome.result["orderEvents"]
    fills = [e for e in orders if e["status"] == "filled"]
    assert len(fills) == 1 and fills[0]["fillQuantity"] == 2
    # IB: 0.85 commission + 1.28 CME E-mini exchange fee + 0.02 regulatory, per contract
    assert outcome.result["statisticsValues"]["totalFees"] == pytest.approx(4.30)


SETTLEMENT_ALGORITHM = """
class SettlementAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 9)
        self.set_cash(100000)
        self.contract = Symbol.create_future("ES", Market.CME, datetime(2013, 12, 20))
        self.add_future_contract(self.contract)
        self.bought = False

    def on_data(self, slice):
        if not self.bought and self.contract in slice.bars:
            self.market_order(self.contract, 1)
            self.bought = True
            self.cost = self.portfolio.cash

    def on_end_of_day(self, symbol):
        holding = self.portfolio[self.contract]
        self.debug(f"{self.time.date()} cash {self.portfolio.cash:.2f} "
                   f"settled {holding.settled_profit:.2f} tpv {self.portfolio.total_portfolio_value:.2f} "
                   f"unrealized {holding.unrealized_profit:.2f}")
"""


def test_daily_settlement_moves_profit_to_cash_not_value(tmp_path: Path, es_data: Path) -> None:
    outcome = run(tmp_path / "p", SETTLEMENT_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    rows = [line.split() for line in debug_lines(outcome) if " cash " in line]
    assert len(rows) >= 2

    def value(row: list[str], name: str) -> float:
        return float(row[row.index(name) + 1])

    # buying a future costs only its fee: cash is the start less the fee plus what the daily
    # settlements paid in; the portfolio value adds the part of the profit not settled yet
    last = rows[-1]
    settled = value(last, "settled")
    assert settled != 0.0
    assert value(last, "cash") == pytest.approx(100000 - 2.15 + settled, abs=0.01)
    unsettled = value(last, "unrealized") - settled
    assert value(last, "tpv") == pytest.approx(value(last, "cash") + unsettled, abs=0.01)


EXPIRY_ALGORITHM = """
class ExpiryAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 12, 18)
        self.set_end_date(2013, 12, 24)
        self.set_cash(100000)
        self.contract = self.add_future_contract(
            Symbol.create_future("ES", Market.CME, datetime(2013, 12, 20)), Resolution.MINUTE
        ).symbol
        self.events = []

    def on_data(self, slice):
        if not self.portfolio.invested and self.contract in slice.bars and not self.events:
            self.market_order(self.contract, 1)
        for symbol, delisting in slice.delistings.items():
            self.events.append(f"{self.time} {delisting.type}")

    def on_end_of_algorithm(self):
        self.debug("events " + "; ".join(self.events))
        self.debug(f"held {self.portfolio[self.contract].quantity} "
                   f"delisted {self.securities[self.contract].is_delisted}")
"""


def test_a_contract_is_delisted_and_liquidated_after_expiry(tmp_path: Path, es_data: Path) -> None:
    outcome = run(tmp_path / "p", EXPIRY_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    lines = "\n".join(debug_lines(outcome))
    assert "2013-12-20 00:00:00 Warning" in lines
    assert "2013-12-21 00:00:00 Delisted" in lines
    assert "held 0.0 delisted True" in lines
    tags = [o.get("tag") for o in outcome.result["orders"].values()]
    assert "Liquidate from delisting" in tags


CONTINUOUS_ALGORITHM = """
class ContinuousAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 12, 16)
        self.set_end_date(2013, 12, 21)
        self.future = self.add_future(
            Futures.Indices.SP_500_E_MINI,
            data_normalization_mode=DataNormalizationMode.RAW,
            data_mapping_mode=DataMappingMode.OPEN_INTEREST,
        )
        self.changes = []
        self.prices = {}

    def on_data(self, slice):
        for symbol, changed in slice.symbol_changed_events.items():
            self.changes.append(f"{self.time} {changed.old_symbol}->{changed.new_symbol} "
                                f"mapped {self.future.mapped}")
        bar = slice.bars.get(self.future.symbol)
        if bar is not None:
            self.prices[self.time.date()] = (str(self.future.mapped), bar.close)

    def on_end_of_algorithm(self):
        self.debug("changes " + "; ".join(self.changes))
        for day, value in sorted(self.prices.items()):
            self.debug(f"price {day} {value[0]} {value[1]}")
        history = self.history(self.future.symbol, 3, Resolution.MINUTE)
        self.debug(f"levels {list(history.index.names)} rows {len(history)}")
"""


def test_continuous_future_maps_rolls_and_has_history(tmp_path: Path, es_data: Path) -> None:
    outcome = run(tmp_path / "p", CONTINUOUS_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    lines = "\n".join(debug_lines(outcome))
    # future/cme/map_files/es.csv: under open interest mapping ESZ13 until 2013-12-17
    assert "2013-12-18 00:00:00 ES VMKLFZIH2MTD->ES VP274HSU1AF5 mapped ES21H14" in lines, lines
    prices = [line for line in lines.splitlines() if line.split(" ", 2)[-1].startswith("price")]
    assert any("2013-12-18 ES21H14" in p for p in prices), prices
    assert "levels ['expiry', 'symbol', 'time'] rows 3" in lines


UNIVERSE_HISTORY_ALGORITHM = """
class UniverseHistoryAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 11)
        self.set_end_date(2013, 10, 11)
        future = self.add_future(Futures.Indices.SP_500_E_MINI).symbol
        frame = self.history(FutureUniverse, future, 3, flatten=True)
        for day in frame.index.levels[0]:
            listed = [str(s) for s in self.future_chain_provider.get_future_contract_list(future, day)]
            chain = [str(s) for s in frame.loc[day].index]
            self.debug(f"{day} {chain == listed} {chain}")
"""


def test_future_universe_history_matches_the_chain_provider(tmp_path: Path, es_data: Path) -> None:
    outcome = run(tmp_path / "p", UNIVERSE_HISTORY_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    lines = [line for line in debug_lines(outcome) if " True " in line or " False " in line]
    # the files of Oct 8, 9 and 10, each ending at the next midnight
    assert [line.split()[2] for line in lines] == ["2013-10-09", "2013-10-10", "2013-10-11"]
    assert all(" True " in line for line in lines)
    assert "'ES20Z13', 'ES21H14'" in lines[0]


DAILY_GAP_ALGORITHM = """
class DailyGapAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 12, 19)
        self.set_end_date(2013, 12, 27)
        self.contract = Symbol.create_future("ES", Market.CME, datetime(2014, 6, 20))
        self.add_future_contract(self.contract, Resolution.DAILY)
        self.seen = []

    def on_data(self, slice):
        bar = slice.bars.get(self.contract)
        if bar is not None:
            self.seen.append(f"{self.time.date()}:{'ff' if bar.is_fill_forward else 'real'}")

    def on_end_of_algorithm(self):
        self.debug(" ".join(self.seen))
"""


def test_daily_future_bars_fill_forward_over_days_without_a_row(
    tmp_path: Path, es_data: Path
) -> None:
    outcome = run(tmp_path / "p", DAILY_GAP_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    seen = debug_lines(outcome)[-1]
    # es_trade_201406 has no rows for 2013-12-23 and 24: both sessions are filled forward
    assert "2013-12-20:real" in seen, seen
    assert "2013-12-23:ff" in seen and "2013-12-24:ff" in seen, seen
    assert "2013-12-26:real" in seen, seen
