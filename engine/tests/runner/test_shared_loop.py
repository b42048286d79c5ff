"""The shared time loop driven by other data sources and clocks than a backtest's: hand-made
slices with a simulated clock, a live source with the wall clock (scheduled events fire on
wall-clock time with no data at all), and periodic result snapshots during a run."""

from __future__ import annotations

import time as wall
from datetime import datetime, timedelta

from helpers import run

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.common.clock import local_to_ns, ns_to_local
from engine.model import Market, Resolution, SecurityType, Symbol, TradeBar
from engine.runner import loop
from engine.runner.clocks import SimulatedClock, WallClock
from engine.runner.runners import AlgorithmRunner, LiveRunner
from engine.runner.sources import LiveDataSource, SliceListSource


class HandMade(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.schedule.on(self.date_rules.every_day(), self.time_rules.at(9, 45), self.at_945)
        self.seen = []
        self.events = []
        self.fills = []

    def on_data(self, data):
        self.seen.append((self.time, data.bars[self.spy].close))
        if not self.portfolio.invested:
            self.market_order(self.spy, 10)

    def on_order_event(self, event):
        if event.fill_quantity:
            self.fills.append((self.time, event.fill_price, event.fill_quantity))

    def at_945(self):
        self.events.append((self.time, self.securities[self.spy].price))


def _bars(symbol, start: datetime, n: int) -> list[tuple[datetime, list]]:
    out = []
    for i in range(n):
        t = start + timedelta(minutes=i)
        price = 100.0 + i
        bar = TradeBar(
            t, symbol, price, price + 0.5, price - 0.5, price, 1000.0, timedelta(minutes=1)
        )
        out.append((t + timedelta(minutes=1), [bar]))
    return out


def test_hand_made_slices_with_a_simulated_clock(lean_data):
    algo = HandMade()
    runner = AlgorithmRunner(algo, lean_data)
    runner.initialize()
    slices = _bars(algo.spy, datetime(2013, 10, 7, 9, 30), 30)  # 09:31 ... 10:00
    slices.append((datetime(2013, 10, 7, 10, 30), []))  # a time pulse: clock only
    start = local_to_ns(datetime(2013, 10, 7), algo.time_zone)
    end = local_to_ns(algo.end_date, algo.time_zone)
    state = runner.run_source(SliceListSource(algo, slices), SimulatedClock(start, end), start)

    assert state.status == "Completed"
    assert [t for t, _ in algo.seen] == [t for t, _ in slices[:-1]]
    assert algo.seen[0] == (datetime(2013, 10, 7, 9, 31), 100.0)
    # step 11: the 09:45 event sees the 09:44-09:45 bar's price (its slice time is 09:45)
    assert algo.events == [(datetime(2013, 10, 7, 9, 45), 114.0)]
    # the market order of the first on_data fills in step 19 of the same slice, at its bar
    assert algo.fills == [(datetime(2013, 10, 7, 9, 31), 100.0, 10)]
    assert algo.time == datetime(2013, 10, 7, 10, 30)  # the pulse moved the clock
    doc = runner.final_document()
    (holding,) = [h for h in doc["holdings"].values() if h["symbol"]["value"] == "SPY"]
    assert holding["quantity"] == 10 and holding["averagePrice"] == 100.0
    # unrealized: 10 x (129 - 100) less the estimated $1 fee of closing the position
    assert holding["marketPrice"] == 129.0 and holding["unrealizedPnl"] == 289.0
    assert doc["statisticsValues"]["totalOrders"] == 1


class AddsDuringTheRun(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.seen = []

    def on_data(self, data):
        self.seen.append((self.time, sorted(s.value for s in data.bars.keys())))
        if len(self.seen) == 2:
            self.add_equity("AAPL", Resolution.MINUTE)


def test_a_security_added_during_a_hand_made_run_gets_the_next_slices(lean_data):
    algo = AddsDuringTheRun()
    runner = AlgorithmRunner(algo, lean_data)
    runner.initialize()
    aapl = Symbol("AAPL", SecurityType.EQUITY, Market.USA)
    slices = []
    for when, (spy_bar,) in _bars(algo.spy, datetime(2013, 10, 7, 9, 30), 5):
        other = TradeBar(spy_bar.time, aapl, 1.0, 1.0, 1.0, 1.0, 1.0, timedelta(minutes=1))
        slices.append((when, [spy_bar, other]))
    start = local_to_ns(datetime(2013, 10, 7), algo.time_zone)
    end = local_to_ns(algo.end_date, algo.time_zone)
    runner.run_source(SliceListSource(algo, slices), SimulatedClock(start, end), start)
    assert [names for _, names in algo.seen] == [
        ["SPY"],
        ["SPY"],  # AAPL is added here: its data starts with the next slice
        ["AAPL", "SPY"],
        ["AAPL", "SPY"],
        ["AAPL", "SPY"],
    ]


class Live(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)  # ignored in live mode, as in LEAN
        self.fired: list[tuple[datetime, int]] = []
        self.data_calls = 0

    def on_data(self, data):
        self.data_calls += 1

    def on_event(self):
        self.fired.append((self.time, wall.time_ns()))


def test_wall_clock_fires_a_scheduled_event_without_any_data(lean_data):
    now = wall.time_ns()
    clock = WallClock(end_ns=now + 1_500_000_000)
    algo = Live()
    runner = LiveRunner(algo, clock, lean_data)
    runner.initialize()
    due_ns = now + 400_000_000  # an event 0.4 s from now, in algorithm time
    local_due = ns_to_local(due_ns, algo.time_zone)
    midnight = local_due.replace(hour=0, minute=0, second=0, microsecond=0)
    algo.schedule.on(
        algo.date_rules.every_day(), algo.time_rules.at(local_due - midnight), algo.on_event
    )
    source = LiveDataSource(algo, clock, pulse_seconds=0.05)
    started = wall.monotonic()
    state = runner.run(source)

    assert state.status == "Completed"
    assert algo.live_mode and algo.start_date.date() == midnight.date()
    assert algo.data_calls == 0
    assert len(algo.fired) == 1
    (event_time, fired_at) = algo.fired[0]
    assert abs((event_time - local_due).total_seconds()) < 0.001  # the event's own time
    assert due_ns <= fired_at < due_ns + 200_000_000  # fired on wall-clock time, not late
    assert 1.3 < wall.monotonic() - started < 3.0  # the run ended at the clock's end


def test_live_source_delivers_pushed_data(lean_data):
    clock = WallClock(end_ns=wall.time_ns() + 600_000_000)
    algo = HandMade()
    runner = LiveRunner(algo, clock, lean_data)
    runner.initialize()
    source = LiveDataSource(algo, clock, pulse_seconds=0.05)
    bar = TradeBar(algo.time, algo.spy, 1.0, 1.0, 1.0, 1.0, 10.0, timedelta(minutes=1))
    source.push(bar)
    runner.run(source)
    assert [close for _, close in algo.seen] == [1.0]


ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings(self.spy, 1)
            self.debug("bought")
"""


def test_result_snapshots_arrive_during_the_run(tmp_path, lean_data, monkeypatch):
    monkeypatch.setattr(loop, "POLL_SECONDS", 0.0)  # poll every step
    snapshots: list[dict] = []
    outcome = run(
        tmp_path / "p", ALGO, lean_data, snapshot_seconds=0.005, on_snapshot=snapshots.append
    )
    assert outcome.status == "Completed"
    assert len(snapshots) >= 2
    first, last = snapshots[0], snapshots[-1]
    assert set(first) >= {
        "status",
        "progress",
        "time",
        "equity",
        "holdings",
        "cash",
        "orders",
        "runtimeStatistics",
        "logs",
        "accountCurrency",
    }
    # periodic snapshots while it runs, then one more as the run ends, with its final status
    assert all(s["status"] == "Running" for s in snapshots[:-1])
    assert last["status"] == "Completed"
    times = [s["time"] for s in snapshots]
    assert times == sorted(times) and times[0] < times[-1]
    progress = [s["progress"] for s in snapshots]
    assert progress == sorted(progress) and 0 <= progress[0] < progress[-1] <= 1
    # taken while the run went on: the last one holds the position and the order
    spy = [h for h in last["holdings"].values() if h["symbol"]["value"] == "SPY"][0]
    assert spy["quantity"] > 0 and last["orders"]
    assert last["cash"]["USD"]["amount"] < 100_000
    assert "bought" in " ".join(last["logs"])
    assert last["runtimeStatistics"]["Equity"].startswith("$")
    assert last["runtimeStatisticsValues"]["equity"] == round(last["equity"], 2)
