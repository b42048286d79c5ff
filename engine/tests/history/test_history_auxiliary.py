"""History of auxiliary data (Algorithm/QCAlgorithm.History.cs): dividends, splits, renames and
delistings from the factor and map files, a continuous future's mapping changes, and the
margin interest rates of a perpetual future over a bar count's span."""

from __future__ import annotations

from pathlib import Path

from engine.tests.runner.helpers import debug_lines, run

AUXILIARY = """
class AuxHistory(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2021, 1, 1)
        self.set_end_date(2021, 1, 5)
        aapl = self.add_equity("AAPL", Resolution.DAILY).symbol
        dividends = self.history(Dividend, aapl, 250)
        self.debug(f"dividends {[(t.date().isoformat(), round(d, 4)) for (s, t), d in dividends.distribution.items()]}")
        splits = self.history[Split](aapl, datetime(2020, 8, 1), datetime(2020, 9, 30))
        self.debug(f"splits {[(s.time.date().isoformat(), s.type, s.split_factor) for s in splits]}")
        spwr = Symbol.create("SPWR", SecurityType.EQUITY, Market.USA)
        renames = self.history(SymbolChangedEvent, spwr, datetime(2007, 1, 1), datetime(2012, 1, 1))
        self.debug(f"renames {[(t.date().isoformat(), o, n) for ((s, t), o, n) in zip(renames.index, renames.oldsymbol, renames.newsymbol)]}")
        gone = Symbol.create("AAA.1", SecurityType.EQUITY, Market.USA)
        delistings = self.history[Delisting](gone, datetime(2007, 5, 1), datetime(2007, 6, 1))
        self.debug(f"delistings {[(d.time.date().isoformat(), int(d.type)) for d in delistings]}")
        es = Symbol.create(Futures.Indices.SP_500_E_MINI, SecurityType.FUTURE, Market.CME)
        rolls = self.history[SymbolChangedEvent](es, datetime(2008, 1, 1), datetime(2010, 1, 1), data_mapping_mode=DataMappingMode.LAST_TRADING_DAY)
        self.debug(f"rolls {[(r.time.date().isoformat(), r.old_symbol, r.new_symbol) for r in rolls]}")
        btc = Symbol.create("BTCUSD", SecurityType.CRYPTO_FUTURE, Market.BINANCE)
        rates = self.history(MarginInterestRate, btc, 48, Resolution.HOUR)
        self.debug(f"rates {len(rates)} {list(rates.interestrate)}")
        both = self.history(Dividend, [aapl, Symbol.create("SPY", SecurityType.EQUITY, Market.USA)], 250, Resolution.DAILY)
        self.debug(f"both {len(both)} {sorted(set(str(s) for s in both.index.get_level_values(0)))}")
"""


def test_auxiliary_history(tmp_path: Path, lean_data: Path) -> None:
    outcome = run(tmp_path / "p", AUXILIARY, lean_data)
    assert outcome.error is None, outcome.error
    lines = "\n".join(debug_lines(outcome))
    # 250 daily bars before 2021-01-01 reach back to January 2020: AAPL's four dividends
    assert (
        "dividends [('2020-02-07', 0.77), ('2020-05-08', 0.82), ('2020-08-07', 0.82), "
        "('2020-11-06', 0.21)]" in lines
    )
    assert "splits [('2020-08-28', 0, 0.25), ('2020-08-31', 1, 0.25)]" in lines
    assert "renames [('2008-09-30', 'SPWR', 'SPWRA'), ('2011-11-17', 'SPWRA', 'SPWR')]" in lines
    assert "delistings [('2007-05-18', 0), ('2007-05-19', 1)]" in lines
    assert "rolls [('2009-12-18', 'ES UIK2F7CJ4V0H', 'ES UL1O3PMW3IM9')]" in lines
    # 48 hours before 2021-01-01 00:00 New York (05:00 UTC): five of the file's 8-hourly rates
    assert "rates 5 [0.00093629, 0.00042645, 0.00015032, 0.0003294, 0.0001]" in lines
    assert "both 8 ['AAPL', 'SPY']" in lines
