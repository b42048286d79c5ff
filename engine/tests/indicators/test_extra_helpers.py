"""LEAN's indicator naming (``create_indicator_name``), ``filtered_identity`` and the helpers of
``engine.algorithm.extra_indicator_helpers`` (registration, LEAN names, PascalCase aliases)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.algorithm.imports import (
    HeikinAshi,
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
