"""LEAN's indicator naming (``create_indicator_name``), ``filtered_identity`` and the helpers of
``engine.algorithm.extra_indicator_helpers`` (registration, LEAN names, PascalCase aliases)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.algorithm.imports import (
    HeikinAshi,
    MovingAverageType,
    PythonConsolidator,
    QCAlgorithm,
    QuoteBar,
    RegressionChannel,
    Resolution,
    TradeBar,
)
from engine.model.data import Bar


class Algo(QCAlgorithm):
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol


def make() -> Algo:
    algo = Algo()
    algo.initialize()
    algo.settings.automatic_indicator_warm_up = False
    return algo


def test_create_indicator_name_follows_lean():
    algo = make()
    assert algo.create_indicator_name(algo.spy, "close", Resolution.MINUTE) == "close(SPY_min)"
    assert algo.create_indicator_name(algo.spy, "SMA(5)", None) == "SMA(5,SPY_min)"
    assert algo.CreateIndicatorName(algo.spy, "RC(3,2)", Resolution.DAILY) == "RC(3,2,SPY_day)"
    assert algo.create_indicator_name(None, "B(5)", Resolution.HOUR) == "B(5,hr)"


def test_helpers_register_lean_named_indicators_and_update_them():
    algo = make()
    rc = algo.rc(algo.spy, 3, 2.0)
    ha = algo.HeikinAshi(algo.spy)
    natr = algo.NATR(algo.spy, 2, Resolution.MINUTE)
    assert isinstance(rc, RegressionChannel) and isinstance(ha, HeikinAshi)
    assert (rc.name, ha.name, natr.name) == ("RC(3,2,SPY_min)", "HA(SPY_min)", "NATR(2,SPY_min)")
    start = datetime(2013, 10, 7, 9, 30)
    for i in range(4):
        price = 100.0 + i
        bar = TradeBar(
            start + timedelta(minutes=i), algo.spy, price, price + 1, price - 1, price, 10
        )
        algo._consolidators.update(bar)
    assert rc.is_ready and ha.is_ready and natr.is_ready
    assert rc.current.value == pytest.approx(103.0)  # a straight line is its own regression


def test_filtered_identity_helper_filters_the_feed():
    algo = make()
    identity = algo.filtered_identity(algo.spy, filter=lambda data: data.close > 100)
    assert identity.name == "close(SPY_min)"
    start = datetime(2013, 10, 7, 9, 30)
    for i, price in enumerate((101.0, 99.0, 98.0)):
        bar = TradeBar(start + timedelta(minutes=i), algo.spy, price, price, price, price, 10)
        algo._consolidators.update(bar)
    assert identity.current.value == 101.0 and identity.is_ready


def test_python_consolidator_fires_its_event_and_quote_bar_update():
    class Custom(PythonConsolidator):
        def __init__(self) -> None:
            self.consolidated = None
            self.working_data = None
            self.input_type = QuoteBar

        def update(self, data) -> None:
            self.on_data_consolidated(self, data)

    seen = []
    custom = Custom()
    custom.data_consolidated += lambda sender, bar: seen.append(bar)
    quote = QuoteBar(datetime(2013, 10, 7), None, Bar(1.0, 1.0, 1.0, 1.0), 5, None, 0)
    quote.update(0, 1.5, 1.6, 0, 0, 7)
    assert quote.bid.high == 1.5 and quote.ask.close == 1.6 and quote.last_ask_size == 7
    assert quote.value == 1.6
    custom.update(quote)
    assert seen == [quote] and custom[0] is quote


HELPER_CALLS = {
    # helper: (args after the symbol, LEAN's name)
    "APO": ((3, 5, MovingAverageType.SIMPLE), "APO(3,5,SPY_min)"),
    "ppo": ((3, 5, MovingAverageType.EXPONENTIAL), "PPO(3,5,SPY_min)"),
    "AO": ((3, 5, MovingAverageType.SIMPLE), "AO(3,5,Simple,SPY_min)"),
    "CMO": ((5,), "CMO(5,SPY_min)"),
    "TRIX": ((3,), "TRIX(3,SPY_min)"),
    "DPO": ((5,), "DPO(5,SPY_min)"),
    "KER": ((5,), "KER(5,SPY_min)"),
    "ULTOSC": ((2, 3, 4), "ULTOSC(2,3,4,SPY_min)"),
    "DEM": ((5, MovingAverageType.SIMPLE), "DEM(5,Simple,SPY_min)"),
    "DO": ((3, 2, 2, 2), "DO(3,2,2,2,SPY_min)"),
    "FISH": ((5,), "FISH(5,SPY_min)"),
    "KST": ((2, 2, 3, 2, 4, 2, 5, 2, 2), "KST(2,2,3,2,4,2,5,2,2,Simple,SPY_min)"),
    "MOMERSION": ((4, 8), "MOMERSION(4,8,SPY_min)"),
    "SRSI": ((3, 3, 2, 2), "SRSI(3,3,2,2,SPY_min)"),
    "TSI": ((4, 3, 2), "TSI(4,3,2,SPY_min)"),
    "RVI": ((3, MovingAverageType.SIMPLE), "RVI(3,Simple,SPY_min)"),
    "ZLEMA": ((5,), "ZLEMA(5,SPY_min)"),
    "T3": ((2, 0.7), "T3(2,0.7,SPY_min)"),
    "ALMA": ((5, 6, 0.85), "ALMA(5,6,0.85,SPY_min)"),
    "CMF": ((5,), "CMF(5,SPY_min)"),
    "VWMA": ((5,), "VWMA(5,SPY_min)"),
    "FI": ((5,), "FI(5,SPY_min)"),
    "EMV": ((2, 10000), "EMV(2, 10000,SPY_min)"),
    "ABANDS": ((5, 4), "ABANDS(5,4,SPY_min)"),
    "ADXR": ((3,), "ADXR(3,SPY_min)"),
    "AR": ((5,), "AR(5,SPY_min)"),
    "CHOP": ((5,), "CHOP(5,SPY_min)"),
    "CC": ((2, 3, 2), "CC(2,3,2,SPY_min)"),
    "CO": ((2, 4), "CO(2,4,SPY_min)"),
    "VTX": ((5,), "VTX(5,SPY_min)"),
    "TSF": ((5,), "TSF(5,SPY_min)"),
    "RMA": ((2,), "RMA(2,SPY_min)"),
    "MGD": ((5,), "MGD(5,SPY_min)"),
    "SOBV": ((5,), "SOBV(5,SPY_min)"),
    "AD": ((), "AD(SPY_min)"),
    "ADOSC": ((2, 4), "ADOSC(2,4,SPY_min)"),
    "BOP": ((), "BOP(SPY_min)"),
    "IBS": ((), "IBS(SPY_min)"),
    "MIDPOINT": ((5,), "MIDPOINT(5,SPY_min)"),
    "MIDPRICE": ((5,), "MIDPRICE(5,SPY_min)"),
    "LOGR": ((5,), "LOGR(5,SPY_min)"),
    "LSMA": ((5,), "LSMA(5,SPY_min)"),
    "STC": ((3, 4, 6), "STC(3,4,6,SPY_min)"),
    "STR": ((3, 2.0), "STR(3,2,SPY_min)"),
    "SM": ((5, 2, 5, 1.5), "SM(5, 2, 5, 1.5,SPY_min)"),
    "WTO": ((3, 4, 2), "WTO(3,4,2,SPY_min)"),
    "RSV": ((5,), "RSV(5,SPY_min)"),
    "TDD": ((5, 0.01), "TDD(5,0.01,SPY_min)"),
    "SORTINO": ((5,), "SORTINO(5,0,SPY_min)"),
    "SR": ((5, 0.02), "SR(5,0.02,SPY_min)"),
    "CRSI": ((3, 2, 5), "CRSI(3,2,5,SPY_min)"),
    "PSO": ((4, 3), "PSO(4,3,SPY_min)"),
    "CKS": ((3, 2.5, 3), "CKS(3,2.5,3,SPY_min)"),
    "VIDYA": ((4,), "VIDYA(4,SPY_min)"),
    "KVO": ((3, 5, 4), "KVO(3,5,4,SPY_min)"),
    "ZZ": ((0.01, 2), "ZZ(0.01,2,SPY_min)"),
    "FRAMA": ((4, 10), "FRAMA(4,10,SPY_min)"),
    "APS": ((3,), "APS(3,SPY_min)"),
    "HE": ((10, 4), "HE(10,4,SPY_min)"),
}


@pytest.mark.parametrize("helper", sorted(HELPER_CALLS))
def test_each_helper_registers_a_lean_named_indicator_that_gets_ready(helper):
    algo = make()
    args, name = HELPER_CALLS[helper]
    indicator = getattr(algo, helper)(algo.spy, *args)
    assert getattr(algo, helper.lower()) is not None  # the snake_case name exists too
    assert indicator.name == name
    start = datetime(2013, 10, 7, 9, 30)
    for i in range(40):
        price = 100.0 + (i % 7) - 0.5 * (i % 3)
        bar = TradeBar(
            start + timedelta(minutes=i),
            algo.spy,
            price - 0.2,
            price + 1,
            price - 1,
            price,
            100 + i,
        )
        algo._consolidators.update(bar)
    assert indicator.is_ready


def test_create_consolidator_and_deregister_indicator():
    from engine.algorithm.imports import (
        IdentityDataConsolidator,
        QuoteBarConsolidator,
        TickQuoteBarConsolidator,
        TickType,
        TradeBarConsolidator,
    )
    from engine.model.data import Tick

    assert isinstance(
        QCAlgorithm.create_consolidator(timedelta(0), TradeBar), IdentityDataConsolidator
    )
    assert isinstance(
        QCAlgorithm.create_consolidator(timedelta(minutes=5), TradeBar), TradeBarConsolidator
    )
    assert isinstance(
        QCAlgorithm.CreateConsolidator(timedelta(minutes=5), QuoteBar), QuoteBarConsolidator
    )
    quote_ticks = QCAlgorithm.create_consolidator(timedelta(minutes=1), Tick, TickType.QUOTE)
    assert isinstance(quote_ticks, TickQuoteBarConsolidator)
    algo = make()
    ad = algo.ad(algo.spy)
    algo.deregister_indicator(ad)
    bar = TradeBar(datetime(2013, 10, 7, 9, 30), algo.spy, 1, 2, 0.5, 1.5, 10)
    algo._consolidators.update(bar)
    assert ad.samples == 0


def test_breadth_helpers_use_lean_names():
    algo = make()
    qqq = algo.add_equity("QQQ", Resolution.MINUTE).symbol
    assert algo.ADDIFF([algo.spy, qqq]).name == "A/D Difference(min)"
    assert algo.mosc([algo.spy, qqq]).name == "MO(19,39,min)"
    assert algo.MSI([algo.spy, qqq], 5, 10, Resolution.DAILY).name == "MSI(5,10,day)"
