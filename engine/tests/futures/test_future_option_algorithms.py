"""Future options through the algorithm API, on LEAN's sample data (ES options on the June 2020
E-mini, OG options on the April 2020 gold future): a contract held to expiry and exercised into
its future, the chains of a future's universe, and the futures options margin curve. The
algorithms are written here; the figures come from the sample files."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from engine.execution.future_option_margin import future_option_margin
from engine.model.enums import OptionRight
from engine.tests.runner.helpers import debug_lines, run


@pytest.fixture()
def fop_data(lean_data: Path) -> Path:
    root = lean_data / "futureoption"
    if not (root / "cme" / "minute" / "es" / "202006" / "20200106_quote_american.zip").is_file():
        pytest.skip("no ES future option sample data")
    if not (root / "comex" / "universes" / "og" / "202004" / "20200103.csv").is_file():
        pytest.skip("no OG future option sample data")
    return lean_data


EXERCISE_ALGORITHM = """
class ExerciseAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2020, 1, 5)
        self.set_end_date(2020, 6, 30)
        self.future = self.add_future_contract(
            Symbol.create_future("ES", Market.CME, datetime(2020, 6, 19)), Resolution.MINUTE
        ).symbol
        calls = [s for s in self.option_chain(self.future)
                 if s.id.option_right == OptionRight.CALL and s.id.strike_price <= 3200]
        self.contract = self.add_future_option_contract(
            max(calls, key=lambda s: s.id.strike_price), Resolution.MINUTE
        ).symbol
        self.schedule.on(self.date_rules.tomorrow,
                         self.time_rules.after_market_open(self.future, 1), self.buy)
        self.delistings = []

    def buy(self):
        self.market_order(self.contract, 1)
        option = self.securities[self.contract]
        self.debug(f"margin {type(option.buying_power_model).__name__} "
                   f"fills {type(option.fill_model).__name__}")

    def on_data(self, slice):
        for delisting in slice.delistings.values():
            self.delistings.append((str(delisting.symbol), str(delisting.type), delisting.time))

    def on_order_event(self, event):
        if event.status == OrderStatus.FILLED:
            holding = self.portfolio[self.future].quantity
            self.debug(f"fill {self.time} {event.symbol} {event.fill_quantity} "
                       f"{event.fill_price} future {holding} {event.message}")

    def on_end_of_algorithm(self):
        option = self.securities[self.contract]
        self.debug(f"contract {self.contract} multiplier "
                   f"{option.symbol_properties.contract_multiplier} unit "
                   f"{option.contract_unit_of_trade}")
        for item in self.delistings:
            self.debug(f"delisting {item}")
"""


def test_a_contract_held_to_expiry_is_exercised_into_its_future(
    tmp_path: Path, fop_data: Path
) -> None:
    outcome = run(tmp_path / "p", EXERCISE_ALGORITHM, fop_data)
    assert outcome.error is None, outcome.error
    lines = "\n".join(debug_lines(outcome))
    # the highest strike at or below 3200 in the chain file, the future's properties (50 a point)
    # and one future contract delivered per option (LEAN's SecurityService unit of trade)
    assert "contract ES19M20  200619C03200000 multiplier 50.0 unit 1.0" in lines
    # LEAN's FutureOption models: FuturesOptionsMarginModel, FutureOptionFillModel (a
    # FutureFillModel)
    assert "margin FuturesOptionsMarginModel fills FutureFillModel" in lines
    # bought at the ask of the first minute after the open; exercised at the strike at the
    # midnight ending the expiry date, the future then liquidated by its own delisting
    assert "fill 2020-01-06 09:31:00 ES19M20  200619C03200000 1.0 136.0 future 0" in lines
    assert "fill 2020-06-20 00:00:00 ES19M20 1.0 3200.0 future 1.0 Option Exercise" in lines
    assert "fill 2020-06-20 00:00:00 ES19M20 -1.0 3242.5 future 0" in lines
    assert (
        "delisting ('ES19M20  200619C03200000', 'Warning', datetime.datetime(2020, 6, 19, 0, 0))"
        in lines
    )
    # premium 136 x 50 paid, 42.5 x 50 made on the delivered future, 1.42 of fees
    stats = outcome.result["statistics"]
    assert stats["End Equity"] == "95323.58"
    assert stats["Total Orders"] == "3"


CHAINS_ALGORITHM = """
class ChainsAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2020, 1, 4)
        self.set_end_date(2020, 1, 6)
        gold = self.add_future("GC", Resolution.MINUTE, Market.COMEX)
        gold.set_filter(0, 365)
        self.add_future_option(gold.symbol, lambda u: u.calls_only())
        self.seen = set()
        self.chains = set()

    def on_data(self, slice):
        for canonical, chain in slice.option_chains.items():
            self.chains.add(str(canonical.underlying))
            for contract in chain:
                self.seen.add(str(contract.symbol))
        april = [s for s in self.securities.keys() if str(s) == "GC28J20"]
        if april and april[0] in slice.option_chains:
            self.by_future = len(slice.option_chains[april[0]].contracts)

    def on_end_of_algorithm(self):
        self.debug(f"chains {sorted(self.chains)}")
        self.debug(f"seen {sorted(self.seen)}")
        self.debug(f"by future {self.by_future}")
"""


def test_add_future_option_follows_the_future_universe(tmp_path: Path, fop_data: Path) -> None:
    outcome = run(tmp_path / "p", CHAINS_ALGORITHM, fop_data)
    assert outcome.error is None, outcome.error
    lines = "\n".join(debug_lines(outcome))
    # only the April contract has option files (futureoption/comex/.../og/202004); its options
    # expire in February and March, before the future
    assert "chains ['GC28J20']" in lines
    assert "seen ['OG    200225C01600000', 'OG    200326C01650000']" in lines
    assert "by future 2" in lines


def _option(right: OptionRight, strike: float, future_price: float) -> SimpleNamespace:
    return SimpleNamespace(
        underlying=SimpleNamespace(price=future_price), right=right, scaled_strike_price=strike
    )


def test_futures_options_margin_curve() -> None:
    # at the money the curve is at half its ceiling (the long call's ceiling 1.2 x the future's)
    assert future_option_margin(_option(OptionRight.CALL, 3000, 3000), 1000.0) == 600.0
    assert future_option_margin(_option(OptionRight.PUT, 3000, 3000), 1000.0) == 500.0
    # short calls: growth -4, the future's price x 1.5: 1000 / (1 + e^(-4/3)) = 791.4
    assert future_option_margin(_option(OptionRight.CALL, 3000, 3000), 1000.0, False) == 791.0
    # short puts: ceiling 1.25 x, growth 2.4, price x 0.3: 1250 / (1 + e^-5.6) = 1245.4
    assert future_option_margin(_option(OptionRight.PUT, 3000, 3000), 1000.0, False) == 1245.0
    # deep out of the money a long call needs next to nothing, deep in the money the ceiling
    assert future_option_margin(_option(OptionRight.CALL, 6000, 3000), 1000.0) == 0.0
    assert future_option_margin(_option(OptionRight.CALL, 1500, 3000), 1000.0) == 1176.0
    # no price for the future yet: no requirement (LEAN's GH #6523 guard)
    assert future_option_margin(_option(OptionRight.CALL, 3000, 0.0), 1000.0) == 0.0
