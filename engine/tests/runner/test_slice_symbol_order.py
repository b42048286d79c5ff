"""A slice's collections in symbol order, as LEAN's DataDictionary (Common/Data/Market/
DataDictionary.cs sorts its keys, values and items by Symbol.CompareTo) and LEAN's Slice
(Common/Data/Slice.cs keeps its data in one): the algorithms add their securities in reverse
alphabetical order, so the order their data arrives in is not the symbols' order."""

from __future__ import annotations

from pathlib import Path

from engine.tests.runner.helpers import debug_lines, run


def logged(outcome) -> dict[str, str]:
    """The algorithm's debug lines ("<time> <name> <value>") as name -> value."""
    return dict(line.split(" ", 3)[2:] for line in debug_lines(outcome) if line.count(" ") >= 3)


EQUITIES = """
class SliceOrder(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        for ticker in ["SPY", "IBM", "AIG"]:
            self.add_equity(ticker, Resolution.MINUTE)
        self.logged = False

    def on_data(self, data):
        if self.logged or len(data.bars) < 3:
            return
        self.logged = True
        names = lambda symbols: ",".join(str(s) for s in symbols)
        self.debug("bars.keys " + names(data.bars.keys()))
        self.debug("bars.values " + names(b.symbol for b in data.bars.values()))
        self.debug("bars.items " + names(k for k, _ in data.bars.items()))
        self.debug("bars.iter " + names(kvp.key for kvp in data.bars))
        self.debug("quote_bars.keys " + names(data.quote_bars.keys()))
        self.debug("get.keys " + names(data.get(TradeBar).keys()))
        self.debug("slice.keys " + names(data.keys()))
        self.debug("slice.values " + names(v.symbol for v in data.values()))
        self.debug("slice.iter " + names(kvp.key for kvp in data))
"""


def test_equity_bars_and_the_slice_come_in_symbol_order(tmp_path: Path, lean_data: Path) -> None:
    outcome = run(tmp_path / "p", EQUITIES, lean_data)
    assert outcome.error is None, outcome.error
    lines = logged(outcome)
    for name in ("bars.keys", "bars.values", "bars.items", "bars.iter", "get.keys"):
        assert lines[name] == "AIG,IBM,SPY", name
    assert lines["quote_bars.keys"] == "AIG,IBM,SPY"
    for name in ("slice.keys", "slice.values", "slice.iter"):
        assert lines[name] == "AIG,IBM,SPY", name


FUTURES = """
class ChainOrder(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        for future in [Futures.Metals.GOLD, Futures.Indices.SP_500_E_MINI]:
            self.add_future(future, Resolution.MINUTE).set_filter(0, 182)
        self.logged = False

    def on_data(self, data):
        chains = data.future_chains
        if self.logged or len(chains) < 2:
            return
        self.logged = True
        self.debug("chains " + ",".join(str(k) for k in chains.keys()))
        for canonical, chain in chains.items():
            self.debug(f"contracts{canonical} " + ",".join(str(c.symbol) for c in chain))
            self.debug(f"expiries{canonical} " + ",".join(f"{c.expiry:%Y%m%d}" for c in chain))
"""


def test_futures_chains_and_their_contracts_come_in_symbol_order(
    tmp_path: Path, lean_data: Path
) -> None:
    outcome = run(tmp_path / "p", FUTURES, lean_data)
    assert outcome.error is None, outcome.error
    lines = logged(outcome)
    assert lines["chains"] == "/ES,/GC"
    for canonical in ("/ES", "/GC"):
        contracts = lines[f"contracts{canonical}"].split(",")
        assert len(contracts) >= 2
        assert contracts == sorted(contracts), contracts
    # symbol order, not expiry order: GC26G14 (February 2014) comes before GC29V13 (October 2013)
    expiries = lines["expiries/GC"].split(",")
    assert expiries != sorted(expiries)
