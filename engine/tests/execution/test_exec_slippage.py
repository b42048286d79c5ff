"""Slippage models: VolumeShareSlippageModel against LEAN's formula, the .NET-compatible seeded
generator behind MarketImpactSlippageModel, and the market impact model on LEAN's sample data."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.common.dotnet_random import DotNetRandom
from engine.execution.slippage import VolumeShareSlippageModel
from engine.model.data import Bar, QuoteBar, TradeBar
from engine.model.enums import OrderType, SecurityType
from engine.model.orders import Order
from engine.model.security import AlwaysOpenHours
from engine.model.symbol import Symbol
from engine.portfolio.security import Security

T = datetime(2013, 10, 7, 9, 59)


def _order(sec: Security, qty: float) -> Order:
    return Order(1, sec.symbol, OrderType.MARKET, qty, T)


def _equity(close: float, volume: float) -> Security:
    sec = Security(Symbol("SPY", SecurityType.EQUITY, "usa"))
    sec.update(TradeBar(T, sec.symbol, close, close, close, close, volume))
    return sec


def test_volume_share_slippage_is_the_squared_share_times_the_impact_and_price():
    model = VolumeShareSlippageModel(volume_limit=0.3, price_impact=0.05)
    sec = _equity(100.0, 1000)
    # 10 % of the bar's volume: 0.1^2 x 0.05 x 100
    assert model.get_slippage_approximation(sec, _order(sec, -100)) == pytest.approx(0.05)
    # the share is capped at the volume limit
    assert model.get_slippage_approximation(sec, _order(sec, 900)) == pytest.approx(0.45)


def test_volume_share_without_volume_uses_the_cap_for_equities_and_nothing_for_forex():
    model = VolumeShareSlippageModel()
    sec = _equity(200.0, 0)
    assert model.get_slippage_approximation(sec, _order(sec, 10)) == pytest.approx(
        0.025 * 0.025 * 0.1 * 200.0
    )
    fx = Security(Symbol("EURUSD", SecurityType.FOREX, "oanda"), AlwaysOpenHours())
    bar = Bar(1.1, 1.1, 1.1, 1.1)
    fx.update(QuoteBar(T, fx.symbol, bar, 0, bar, 0))
    assert model.get_slippage_approximation(fx, _order(fx, 1000)) == 0.0


def test_volume_share_reads_the_bid_size_for_buys_and_the_ask_size_for_sells():
    model = VolumeShareSlippageModel(volume_limit=1.0, price_impact=1.0)
    sec = Security(Symbol("EURUSD", SecurityType.FOREX, "oanda"), AlwaysOpenHours())
    bar = Bar(2.0, 2.0, 2.0, 2.0)
    sec.update(QuoteBar(T, sec.symbol, bar, 100, bar, 400))
    assert model.get_slippage_approximation(sec, _order(sec, 50)) == pytest.approx(0.25 * 2.0)
    assert model.get_slippage_approximation(sec, _order(sec, -50)) == pytest.approx(0.125**2 * 2.0)


def test_dotnet_random_matches_system_random():
    # ``new Random(0).Next()`` x3 and ``new Random(42).Next()`` in .NET
    zero = DotNetRandom(0)
    assert [zero.next_sample() for _ in range(3)] == [1559595546, 1755192844, 1649316166]
    assert DotNetRandom(42).next_sample() == 1434747710
    doubles = [DotNetRandom(7).next_double() for _ in range(2)]
    assert doubles[0] == doubles[1] and 0.0 <= doubles[0] < 1.0


IMPACT = """
from AlgorithmImports import *

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 9)
        self.set_cash(10000000)
        self.spy = self.add_equity("SPY", Resolution.DAILY)
        self.spy.set_slippage_model(MarketImpactSlippageModel(self))

    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings("SPY", 0.5)

    def on_order_event(self, event):
        if event.status == OrderStatus.FILLED:
            self.debug(f"fill {event.fill_price} price {self.securities['SPY'].price}")
"""


def test_market_impact_slippage_moves_a_large_buy_above_the_price(tmp_path, lean_data):
    from engine.api import run_backtest

    (tmp_path / "main.py").write_text(IMPACT, encoding="utf-8")
    fills = []
    for _ in range(2):
        outcome = run_backtest(tmp_path, data_dir=lean_data)
        assert outcome.error is None, (outcome.error, outcome.stacktrace)
        fills.append([line.split(" ", 2)[2] for line in outcome.logs if " fill " in line])
    assert len(fills[0]) == 1 and fills[0] == fills[1]  # seeded: the same draws every run
    fill, price = (float(v) for v in fills[0][0].split()[1::2])
    # a $5M order executed within LEAN's 75 ms latency: a positive impact of a few percent
    assert price < fill < price * 1.05
