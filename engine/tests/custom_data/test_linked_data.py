"""LEAN's IconicTypes ``LinkedData``, a security's data by type (``security.data``) and the
cache's ``add_data_list``; a custom subscription without files runs on with a warning."""

from __future__ import annotations

from datetime import datetime

from helpers import debug_lines, run

from engine.custom import CustomConfig, SubscriptionTransportMedium
from engine.custom.iconic_types import LinkedData
from engine.model import Market, Resolution, SecurityType, Symbol
from engine.model.data import TradeBar
from engine.model.security import DynamicSecurityData, SecurityCache

ALGO = """
from AlgorithmImports import *
from QuantConnect.Data.Custom.IconicTypes import *


class Linked(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 1)
        self.set_end_date(2024, 7, 5)
        self._spy = self.add_equity("SPY", Resolution.DAILY)
        linked = self.add_data(LinkedData, "SPY", Resolution.DAILY)
        kind = list(linked.subscriptions)[0].type
        self.debug(f"type {kind.__name__}")
        points = []
        for count in (7, 9):
            point = LinkedData()
            point.count = count
            point.symbol = linked.symbol
            point.end_time = self.start_date
            points.append(point)
        self._spy.cache.add_data_list(points, kind, False)

    def on_data(self, data):
        latest = self._spy.data.get(LinkedData)
        every = self._spy.data.get_all(LinkedData)
        bar = self._spy.data.get(TradeBar)
        self.debug(f"latest {latest.count} all {[p.count for p in every]} bar {bar is not None}")
        if not self.portfolio.invested:
            self.buy("SPY", 10)
"""


def test_linked_data_kept_in_the_equity_cache_is_read_by_type(tmp_path, demo_data):
    outcome = run(tmp_path / "p", ALGO, demo_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert "type LinkedData" in lines
    assert "latest 9 all [7, 9] bar True" in lines
    # LEAN ships no TestData/linked file: the subscription runs empty, with a warning
    warnings = [line for line in lines if line.startswith("Warning: no data for custom type")]
    assert len(warnings) == 1 and "TestData/linked/spy.csv" in warnings[0]
    assert outcome.result["statistics"]["Total Orders"] == "1"


def test_linked_data_source_and_reader_follow_leans_type():
    symbol = Symbol("SPY", SecurityType.BASE, Market.USA)
    config = CustomConfig(symbol, LinkedData, Resolution.DAILY)
    day = datetime(2024, 7, 2)
    factory = LinkedData()
    source = factory.get_source(config, day, False)
    assert source.source == "TestData/linked/spy.csv"
    assert source.transport_medium == SubscriptionTransportMedium.LOCAL_FILE
    point = factory.reader(config, "any line", day, False)
    assert (point.count, point.symbol, point.end_time) == (10, symbol, day)
    assert factory.requires_mapping() and factory.is_sparse_data()


def test_add_data_list_drops_fill_forward_points_unless_told_there_are_none():
    cache = SecurityCache()
    real, filled = TradeBar(), TradeBar()
    filled.is_fill_forward = True
    cache.add_data_list([real, filled], TradeBar)
    assert cache.get_all(TradeBar) == [real]
    cache.add_data_list([filled], TradeBar)  # nothing real: the cache keeps what it had
    assert cache.get_all(TradeBar) == [real]
    cache.add_data_list([real, filled], TradeBar, False)
    assert cache.get_all(TradeBar) == [real, filled]
    data = DynamicSecurityData(cache)
    assert data.get(TradeBar) is filled
    assert data.has_data(TradeBar) and not data.has_data(LinkedData)
    assert data.get(LinkedData) is None and data.get_all(LinkedData) == []
