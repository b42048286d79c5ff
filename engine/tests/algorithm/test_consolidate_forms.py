"""``consolidate`` forms of QCAlgorithm.Python.cs / QCAlgorithm.Indicators.cs: bar types with a size
(Renko, VolumeRenko, Range, counts), tick types on tick and minute subscriptions, and the
``mass``/``si``/``asi`` helpers, driven through the registry as the runner does in step 16."""

from __future__ import annotations

from datetime import datetime, timedelta

from engine.algorithm.imports import (
    BaseDataConsolidator,
    QCAlgorithm,
    QuoteBar,
    QuoteBarConsolidator,
    RangeBar,
    RangeConsolidator,
    RenkoBar,
    RenkoConsolidator,
    Resolution,
    Tick,
    TickConsolidator,
    TickQuoteBarConsolidator,
    TickType,
    TradeBar,
    TradeBarConsolidator,
    VolumeRenkoBar,
    VolumeRenkoConsolidator,
)
from engine.model import Bar

T0 = datetime(2013, 10, 7, 9, 30)


class Algo(QCAlgorithm):
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.ibm = self.add_equity("IBM", Resolution.TICK).symbol


def make() -> Algo:
    algo = Algo()
    algo.initialize()
    return algo


def minute_data(symbol, n: int = 30) -> list:
    out: list = []
    for i in range(n):
        p = 100.0 + 0.07 * i
        t = T0 + timedelta(minutes=i)
        out.append(TradeBar(t, symbol, p, p + 0.05, p - 0.05, p, 5000))
        q = Bar(p + 10, p + 10, p + 10, p + 10)
        out.append(QuoteBar(t, symbol, q, 1, q, 1))
    return out


def test_consolidate_with_a_bar_type_and_size():
    algo = make()
    got: dict = {}
    types = [RenkoBar, VolumeRenkoBar, RangeBar, TradeBar, QuoteBar, object]
    made = [
        algo.consolidate(
            kind, "SPY", size, None, lambda bar, k=i: got.setdefault(k, []).append(bar)
        )
        for i, (kind, size) in enumerate(zip(types, [0.1, 10000, 12, 10, 10, 10], strict=True))
    ]
    assert [type(c) for c in made] == [
        RenkoConsolidator,
        VolumeRenkoConsolidator,
        RangeConsolidator,
        TradeBarConsolidator,
        QuoteBarConsolidator,
        BaseDataConsolidator,
    ]
    for point in minute_data(algo.spy):
        algo._consolidators.update(point)
    assert all(type(b) is RenkoBar for b in got[0]) and got[0][0].close < 101  # trades, not quotes
    assert all(type(b) is VolumeRenkoBar and b.volume == 10000 for b in got[1])
    assert all(type(b) is RangeBar for b in got[2]) and made[2].range_size == 0.12
    assert len(got[3]) == 3 and all(type(b) is TradeBar for b in got[3])
    assert len(got[4]) == 3 and all(type(b) is QuoteBar for b in got[4])
    assert all(type(b) is TradeBar for b in got[5])  # BaseData on an equity: the trade feed


def test_tick_types_pick_the_tick_consolidators_and_feeds():
    algo = make()
    got: dict = {"q": [], "t": [], "qt": [], "tt": []}
    algo.consolidate(algo.ibm, timedelta(minutes=1), TickType.QUOTE, got["q"].append)
    algo.consolidate(algo.ibm, timedelta(minutes=1), TickType.TRADE, got["t"].append)
    algo.consolidate(algo.ibm, Resolution.TICK, TickType.QUOTE, got["qt"].append)
    algo.consolidate(algo.ibm, Resolution.TICK, TickType.TRADE, got["tt"].append)
    kinds = [type(c) for c in algo._consolidators.for_symbol(algo.ibm)]
    assert kinds[:2] == [TickQuoteBarConsolidator, TickConsolidator]
    for s in range(0, 130, 10):
        t = T0 + timedelta(seconds=s)
        algo._consolidators.update(Tick(t, algo.ibm, TickType.TRADE, price=50.0, quantity=1))
        algo._consolidators.update(
            Tick(
                t, algo.ibm, TickType.QUOTE, bid_price=49.9, ask_price=50.1, bid_size=1, ask_size=1
            )
        )
    assert [type(b) for b in got["q"]] == [QuoteBar, QuoteBar]
    assert [type(b) for b in got["t"]] == [TradeBar, TradeBar]
    assert {t.tick_type for t in got["qt"]} == {TickType.QUOTE} and len(got["qt"]) == 13
    assert {t.tick_type for t in got["tt"]} == {TickType.TRADE} and len(got["tt"]) == 13


def test_consolidate_without_a_handler_is_not_registered():
    algo = make()
    consolidator = algo.consolidate(algo.spy, timedelta(minutes=5), None)
    assert isinstance(consolidator, TradeBarConsolidator) and not algo._consolidators


def test_mass_si_asi_helpers():
    algo = make()
    mass = algo.mass(algo.spy, 3, 4, Resolution.MINUTE)
    si = algo.si(algo.spy, 1.0, Resolution.MINUTE)
    asi = algo.ASI(algo.spy, 1.0, Resolution.MINUTE)
    for point in minute_data(algo.spy):
        algo._consolidators.update(point)
    assert mass.name == "MASS(3,4)(SPY_min)" and mass.is_ready and mass.samples == 30
    assert si.name == "SI(SPY_min)" and si.is_ready and si.current.value != 0
    assert asi.samples == 30 and asi.current.value > si.current.value


def test_momp_b_and_plot_indicator():
    algo = make()
    momp = algo.momp(algo.spy, 5, Resolution.MINUTE)
    beta = algo.B(algo.spy, algo.ibm, 3)
    sma = algo.sma(algo.spy, 3, Resolution.MINUTE)
    algo.plot_indicator("Mine", momp)
    algo.plot_indicator("Ready", True, sma)
    bars = [p for p in minute_data(algo.spy, 10) if isinstance(p, TradeBar)]
    for point in bars:
        algo._consolidators.update(point)
    assert momp.name == "MOMP5(SPY_min)" and momp.is_ready
    assert momp.current.value == 100.0 * (bars[-1].close - bars[-6].close) / bars[-6].close
    assert beta.name.startswith("B(")
    charts = algo._charts
    assert len(charts["Mine"].series[momp.name].values) == 10
    assert len(charts["Ready"].series[sma.name].values) == 8  # from the third bar on
