"""Paper trading on recorded data: ``ReplayClock``, ``ReplayDataSource``, ``ReplayRunner`` and
``python -m engine live``."""

from __future__ import annotations

import json
import time as wall
from datetime import datetime

import pytest
from helpers import write_project
from test_cli import engine

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.common.clock import local_to_ns
from engine.model import Resolution
from engine.runner.clocks import ReplayClock
from engine.runner.runners import ReplayRunner

NY = "America/New_York"


def test_replay_clock_runs_at_its_speed_from_its_start():
    now = [1_000_000_000_000]
    start = local_to_ns(datetime(2013, 10, 7, 9, 30), NY)
    clock = ReplayClock(start, 60, wall_ns=lambda: now[0])
    assert clock.now_ns() == start == clock.start_ns
    now[0] += 2_000_000_000  # two real seconds: two replayed minutes
    assert clock.now_ns() == start + 120_000_000_000
    assert clock.wall_seconds_until(start + 180_000_000_000) == pytest.approx(1.0)
    assert clock.wall_seconds_until(start) == 0.0
    with pytest.raises(ValueError):
        ReplayClock(start, 0)


class Paper(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2010, 1, 1)  # ignored in live mode, as in LEAN
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.seen: list[tuple[datetime, int, int]] = []
        self.fills = []

    def on_data(self, data):
        if self.spy in data.bars:
            self.seen.append((self.time, local_to_ns(self.time, self.time_zone), wall.time_ns()))
        if not self.portfolio.invested:
            self.market_order(self.spy, 10)

    def on_order_event(self, event):
        if event.fill_quantity:
            self.fills.append((self.time, event.fill_price))


def test_replay_releases_bars_when_replay_time_reaches_them(lean_data):
    start = local_to_ns(datetime(2013, 10, 7, 9, 30), NY)
    end = local_to_ns(datetime(2013, 10, 7, 9, 40), NY)
    clock = ReplayClock(start, 600, end_ns=end)  # ten minutes a second
    algo = Paper()
    runner = ReplayRunner(algo, lean_data, clock=clock, pulse_seconds=0.05)
    runner.initialize()
    began = wall.monotonic()
    state = runner.run()
    took = wall.monotonic() - began

    assert state.status == "Completed"
    assert algo.live_mode and algo.start_date == datetime(2013, 10, 7)
    times = [t for t, _, _ in algo.seen]
    assert times[0] == datetime(2013, 10, 7, 9, 31)
    assert times[-1] == datetime(2013, 10, 7, 9, 40)
    assert len(times) == 10
    # each bar arrived when the replay clock reached it, never before, and not much later
    for _, bar_ns, wall_ns in algo.seen:
        replay_at_arrival = start + (wall_ns - clock.wall_start_ns) * 600
        assert replay_at_arrival >= bar_ns - 1_000_000
        assert replay_at_arrival - bar_ns < 60e9  # within a replayed minute (0.1 s of wall time)
    assert 0.8 < took < 3.0  # ten replayed minutes at 600x: about a second
    assert algo.fills and algo.fills[0][0] == datetime(2013, 10, 7, 9, 31)


def test_replay_resumes_from_its_start_time_skipping_earlier_data(lean_data):
    start = local_to_ns(datetime(2013, 10, 7, 10, 0), NY)
    clock = ReplayClock(start, 1200, end_ns=start + 5 * 60_000_000_000)
    algo = Paper()
    runner = ReplayRunner(algo, lean_data, clock=clock, pulse_seconds=0.05)
    runner.initialize()
    runner.run()
    times = [t for t, _, _ in algo.seen]
    assert times[0] == datetime(2013, 10, 7, 10, 1)
    assert times[-1] == datetime(2013, 10, 7, 10, 5)


ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings(self.spy, 1)
            self.log("bought at " + str(self.time))
"""


@pytest.mark.parametrize(
    ("zone", "bought"), [(None, "09:31"), ("UTC", "13:31"), ("Asia/Hong_Kong", "21:31")]
)
def test_cli_live_replays_and_writes_snapshots(tmp_path, lean_data, zone, bought):
    """The same replay whatever the algorithm's zone: its time reads in that zone."""
    source = (
        ALGO
        if zone is None
        else ALGO.replace(
            "def initialize(self):", f"def initialize(self):\n        self.set_time_zone({zone!r})"
        )
    )
    project = write_project(tmp_path / "p", source)
    out = tmp_path / "out"
    done = engine(
        "live",
        str(project),
        "--data",
        str(lean_data),
        "--out",
        str(out),
        "--replay-start",
        "2013-10-07T09:30",
        "--replay-end",
        "2013-10-07T09:50",
        "--speed",
        "1200",
        "--pulse-seconds",
        "0.05",
        "--snapshot-seconds",
        "0.2",
        "--status-file",
        str(tmp_path / "status.json"),
        "--cash",
        "usd=5000",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads((out / "results.json").read_text())
    assert result["status"] == "Completed"
    log = (out / "log.txt").read_text()
    assert f"bought at 2013-10-07 {bought}:00" in log
    snapshot = json.loads((out / "snapshot.json").read_text())
    assert snapshot["holdings"] and snapshot["time"].startswith(f"2013-10-07T{bought[:2]}:")
    assert 4500 < snapshot["equity"] < 5500  # the account's cash, not the default 100,000


def test_cli_live_refuses_a_start_without_data(tmp_path, lean_data):
    project = write_project(tmp_path / "p", ALGO)
    done = engine(
        "live",
        str(project),
        "--data",
        str(lean_data),
        "--out",
        str(tmp_path / "out"),
        "--replay-start",
        "2031-01-02",
        "--replay-end",
        "2031-01-03",
    )
    assert done.returncode == 1
    result = json.loads((tmp_path / "out" / "results.json").read_text())
    assert result["status"] == "RuntimeError" and "data" in result["error"].lower()


def test_the_account_state_replaces_the_algorithms_cash_and_adds_holdings(lean_data):
    start = local_to_ns(datetime(2013, 10, 7, 9, 30), NY)
    clock = ReplayClock(start, 1200, end_ns=start + 2 * 60_000_000_000)

    class Holder(QCAlgorithm):
        def initialize(self):
            self.set_cash(1_000_000)

    algo = Holder()
    runner = ReplayRunner(
        algo,
        lean_data,
        clock=clock,
        pulse_seconds=0.05,
        cash={"USD": 5000.0},
        holdings=[("spy", 10, 140.0)],
    )
    runner.initialize()
    assert algo.portfolio.cash == 5000.0
    spy = next(s for s in algo.securities.keys() if s.value == "SPY")
    assert algo.portfolio[spy].quantity == 10
    assert algo.portfolio[spy].average_price == 140.0
    runner.run()
    assert algo.portfolio[spy].quantity == 10
    assert algo.portfolio.total_portfolio_value > 5000.0 + 10 * 140.0 * 0.9


def test_a_liquidation_request_sells_everything_then_stops(lean_data):
    start = local_to_ns(datetime(2013, 10, 7, 9, 30), NY)
    clock = ReplayClock(start, 1200, end_ns=start + 60 * 60_000_000_000)
    algo = Paper()
    runner = ReplayRunner(
        algo,
        lean_data,
        clock=clock,
        pulse_seconds=0.05,
        liquidate_requested=lambda: len(algo.fills) >= 1,
    )
    runner.initialize()
    state = runner.run()
    assert state.status == "Cancelled"
    spy = algo.spy
    assert algo.portfolio[spy].quantity == 0
    assert len(algo.fills) == 2  # the buy, then the liquidation's sell
    assert algo.time < datetime(2013, 10, 7, 9, 40)  # it stopped, the replay did not run out


class Chatty(QCAlgorithm):
    """Logs and plots on every bar, with the wall time of each line."""

    def initialize(self):
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol

    def on_data(self, data):
        if self.spy in data.bars:
            self.log(f"at {wall.monotonic():.6f}")
            self.plot("Prices", "SPY", data.bars[self.spy].close)


def test_a_live_run_snapshots_soon_after_each_logged_line_with_its_charts(lean_data):
    """Snapshots every 10 s, but a line logged is in a snapshot at the next poll (0.2 s); the
    user's charts come with the snapshots that follow a new point."""
    start = local_to_ns(datetime(2013, 10, 7, 9, 30), NY)
    end = local_to_ns(datetime(2013, 10, 7, 9, 38), NY)
    snapshots: list[tuple[float, dict]] = []
    runner = ReplayRunner(
        Chatty(),
        lean_data,
        clock=ReplayClock(start, 120, end_ns=end),  # a bar every half second
        pulse_seconds=0.05,
        snapshot_seconds=10.0,
        on_snapshot=lambda s: snapshots.append((wall.monotonic(), s)),
    )
    runner.initialize()
    assert runner.run().status == "Completed"

    delays = {}
    for when, snapshot in snapshots:
        for line in snapshot["logs"]:
            logged = float(line.rsplit(" ", 1)[1])
            delays.setdefault(logged, when - logged)
    # the 09:31-09:37 bars; the 09:38 one ends the run (a runner's caller writes the last one),
    # though on a loaded machine the run's last poll may already have carried it
    assert len(delays) in (7, 8)
    assert max(delays.values()) < 0.5
    charted = [s["charts"] for _, s in snapshots if "charts" in s]
    # only snapshots after a new point carry the charts (one more when the last poll carried 09:38)
    assert 1 <= len(charted) <= len(delays)
    assert len(charted[-1]["Prices"]["series"]["SPY"]["values"]) == len(delays)


def test_a_live_snapshot_carries_each_exchanges_time_zone(lean_data):
    """A live page shows order times in the exchange's zone, as the backtest results page does:
    the snapshot names the subscriptions the zones are found from, and the algorithm's zone."""
    from zoneinfo import ZoneInfo

    from engine.data.market_hours import exchange_time_zone

    start = local_to_ns(datetime(2013, 10, 7, 9, 30), NY)
    snapshots: list[dict] = []
    runner = ReplayRunner(
        Paper(),
        lean_data,
        clock=ReplayClock(start, 600, end_ns=start + 10 * 60_000_000_000),
        pulse_seconds=0.05,
        snapshot_seconds=0.0,
        on_snapshot=snapshots.append,
    )
    runner.initialize()
    assert runner.run().status == "Completed"
    last = next(s for s in reversed(snapshots) if s["orders"])
    assert last["timeZone"] == NY  # the algorithm's zone, that of `time`
    spy = [s for s in last["dataSubscriptions"] if s["symbol"] == "SPY"]
    assert spy == [
        {
            "securityType": "equity",
            "market": "usa",
            "symbol": "SPY",
            "dataset": "spy",
            "resolution": "minute",
            "internal": False,
        }
    ]
    zone = exchange_time_zone(spy[0]["securityType"], spy[0]["market"], lean_data)
    assert zone == NY
    # the fill at 09:31 New York time (13:31 UTC in October) reads 09:31 in the exchange's zone
    order = last["orders"]["1"]
    filled = datetime.fromisoformat(order["lastFillTime"].replace("Z", "+00:00"))
    assert filled.strftime("%H:%M") == "13:31"
    assert filled.astimezone(ZoneInfo(zone)).strftime("%H:%M") == "09:31"


class UtcPaper(Paper):
    """``Paper`` on a UTC clock: LEAN keeps the algorithm's time in its own zone and converts
    each security's data with its exchange's zone, so the same bars arrive, four hours later."""

    def initialize(self):
        self.set_time_zone("UTC")
        super().initialize()


def test_a_replay_on_an_algorithm_in_utc_gets_the_same_bars_at_utc_times(lean_data):
    start = local_to_ns(datetime(2013, 10, 7, 9, 30), NY)
    end = local_to_ns(datetime(2013, 10, 7, 9, 40), NY)
    algo = UtcPaper()
    runner = ReplayRunner(
        algo, lean_data, clock=ReplayClock(start, 1200, end_ns=end), pulse_seconds=0.05
    )
    runner.initialize()
    assert runner.run().status == "Completed"
    assert algo.time_zone == "UTC" and algo.start_date == datetime(2013, 10, 7)
    times = [t for t, _, _ in algo.seen]
    # 09:31-09:40 New York is 13:31-13:40 UTC in October
    assert times[0] == datetime(2013, 10, 7, 13, 31)
    assert times[-1] == datetime(2013, 10, 7, 13, 40)
    assert len(times) == 10
    assert algo.fills and algo.fills[0][0] == datetime(2013, 10, 7, 13, 31)
