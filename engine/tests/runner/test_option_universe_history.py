"""``history`` of an option's chain files (LEAN's OptionUniverse) on LEAN's sample data (GOOG,
December 2015): a flattened frame indexed by (time, symbol), one date per chain file."""

from __future__ import annotations

from helpers import debug_lines, run

UNIVERSE_HISTORY = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 25)
        self.set_end_date(2015, 12, 25)
        option = self.add_option("GOOG").symbol
        for frame in (self.history(option, 3, flatten=True),
                      self.history(OptionUniverse, option, 3, flatten=True)):
            self.debug(f"names {list(frame.index.names)} dates {frame.index.levshape[0]}")
            for day in frame.index.levels[0]:
                listed = [str(s) for s in self.option_chain_provider.get_option_contract_list(option, day)]
                chain = [str(s) for s in frame.loc[day].index]
                self.debug(f"{day} {chain == listed} {len(chain)}")
        row = frame.iloc[0]
        self.debug(f"first {frame.index[0][1]} {row['close']} {row['impliedvolatility']} {row['delta']}")
"""


def test_option_universe_history_is_a_frame_per_chain_file(tmp_path, lean_data):
    outcome = run(tmp_path / "p", UNIVERSE_HISTORY, lean_data)
    assert outcome.error is None, outcome.error
    lines = debug_lines(outcome)
    text = "\n".join(lines)
    assert text.count("names ['time', 'symbol'] dates 3") == 2, text
    days = [line.split()[2] for line in lines if " True " in line or " False " in line]
    # the files of Dec 22, 23 and 24, each ending at the next midnight
    assert days == ["2015-12-23", "2015-12-24", "2015-12-25"] * 2, text
    assert " False " not in text
    # option/usa/universes/goog/20151222.csv: the first contract, its close, volatility, delta
    assert "first GOOG  151224C00600000 149.8 3.0621143 0.9295562" in text, text


REFUSED = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 25)
        self.set_end_date(2015, 12, 25)
        option = self.add_option("GOOG").symbol
        spy = self.add_equity("SPY").symbol
        future = self.add_future(Futures.Indices.SP_500_E_MINI).symbol
        for kind, symbol in ((OptionUniverse, option), (FutureUniverse, future),
                             (OptionUniverse, spy), (FutureUniverse, spy)):
            for flatten in (False, True):
                try:
                    self.history(kind, symbol, 3, flatten=flatten)
                    self.debug(f"{kind.__name__} {symbol} {flatten} served")
                except Exception as error:
                    self.debug(f"{kind.__name__} {symbol} {flatten} {type(error).__name__}: {error}")
"""


def test_option_and_future_universe_history_refuse_alike(tmp_path, lean_data):
    outcome = run(tmp_path / "p", REFUSED, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    lines = [line for line in lines if "Universe " in line]
    assert lines == [
        "OptionUniverse ?GOOG False HistoryError: history(OptionUniverse, ...) without "
        "flatten=True is not supported by this engine",
        "OptionUniverse ?GOOG True served",
        "FutureUniverse /ES False HistoryError: history(FutureUniverse, ...) without "
        "flatten=True is not supported by this engine",
        "FutureUniverse /ES True served",
        "OptionUniverse SPY False HistoryError: history(OptionUniverse, ...) without "
        "flatten=True is not supported by this engine",
        "OptionUniverse SPY True HistoryError: history(OptionUniverse, ...) needs an option, "
        "not SPY",
        "FutureUniverse SPY False HistoryError: history(FutureUniverse, ...) without "
        "flatten=True is not supported by this engine",
        "FutureUniverse SPY True HistoryError: history(FutureUniverse, ...) needs a future, "
        "not SPY",
    ], lines
