"""Wall-clock paper trading on a live feed: ``FolderFeed`` (CSV bars written into a folder while
the run follows them), ``LiveFeedRunner`` and ``python -m engine live --feed-folder``."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time as wall
from datetime import UTC, datetime, timedelta
from pathlib import Path

from helpers import write_project
from test_cli import REPO

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.common.clock import local_to_ns
from engine.model import Market, Resolution
from engine.runner.clocks import WallClock
from engine.runner.livefeed import FolderFeed, LiveFeedRunner


def iso(ns: int) -> str:
    return datetime.fromtimestamp(ns / 1e9, UTC).isoformat()


def bar_line(ns: int, ticker: str, close: float) -> str:
    return f"{iso(ns)},{ticker},{close - 1},{close + 1},{close - 2},{close},1000\n"


class Follower(QCAlgorithm):
    """Crypto trades around the clock, so the test's market is open whenever it runs."""

    def initialize(self):
        self.btc = self.add_crypto("BTCUSD", Resolution.MINUTE, Market.COINBASE).symbol
        self.seen: list[tuple[datetime, float, int]] = []
        self.fills: list[float] = []

    def on_data(self, data):
        if self.btc in data.bars:
            bar = data.bars[self.btc]
            self.seen.append((self.time, bar.close, wall.time_ns()))
            if not self.portfolio.invested:
                self.market_order(self.btc, 0.5)

    def on_order_event(self, event):
        if event.fill_quantity:
            self.fills.append(event.fill_price)


def test_a_live_run_follows_bars_written_into_the_folder(tmp_path, lean_data):
    folder = tmp_path / "feed"
    folder.mkdir()
    start = wall.time_ns()
    # written before the run began: history, not live data
    (folder / "0-old.csv").write_text(
        "time,ticker,open,high,low,close,volume\n" + bar_line(start - 600_000_000_000, "BTCUSD", 1)
    )
    clock = WallClock(end_ns=start + 3_000_000_000)
    algo = Follower()
    feed = FolderFeed(folder, poll_seconds=0.05)
    runner = LiveFeedRunner(algo, lean_data, clock=clock, feed=feed, pulse_seconds=0.05)
    runner.initialize()
    written: list[tuple[int, float]] = []

    def writer() -> None:
        wall.sleep(0.5)
        path = folder / "1-live.csv"
        for i in range(4):
            now = wall.time_ns()
            with path.open("a") as handle:  # a growing file: only complete lines are read
                handle.write(bar_line(now - 60_000_000_000, "BTCUSD", 30000 + i))
                handle.write(bar_line(now, "ETHUSD", 2000))  # not subscribed: dropped
            written.append((wall.time_ns(), 30000.0 + i))
            wall.sleep(0.4)

    thread = threading.Thread(target=writer)
    thread.start()
    state = runner.run()
    thread.join()

    assert state.status == "Completed"
    assert algo.live_mode
    assert [close for _, close, _ in algo.seen] == [30000.0, 30001.0, 30002.0, 30003.0]
    assert feed.skipped == 1  # the bar from before the run
    for (time, _, arrived), (written_at, _) in zip(algo.seen, written, strict=True):
        assert arrived >= written_at - 50_000_000  # never before it was written
        assert arrived - written_at < 1_500_000_000  # and soon after (polled every 0.05 s)
        # the algorithm's clock is the wall clock, not the bar's time
        now_local = local_to_ns(time, algo.time_zone)
        assert abs(now_local - arrived) < 1_500_000_000
    assert algo.fills and algo.fills[0] == 30000.0  # a paper fill at the live bar's price


def test_a_bad_line_ends_the_run_with_an_error_naming_the_feed(tmp_path, lean_data):
    from engine.runner.livefeed import LiveFeedError

    folder = tmp_path / "feed"
    folder.mkdir()
    clock = WallClock(end_ns=wall.time_ns() + 5_000_000_000)
    algo = Follower()
    runner = LiveFeedRunner(
        algo, lean_data, clock=clock, feed=FolderFeed(folder, poll_seconds=0.05)
    )
    runner.initialize()
    (folder / "bad.csv").write_text("yesterday,BTCUSD,1,2\n")
    began = wall.monotonic()
    try:
        runner.run()
    except LiveFeedError as exc:
        assert "Live folder feed failed" in str(exc) and "bad.csv" in str(exc)
    else:
        raise AssertionError("the run should have failed")
    assert wall.monotonic() - began < 3  # at once, not at the clock's end


def test_a_missing_folder_is_a_clear_error(tmp_path, lean_data):
    from engine.runner.livefeed import LiveFeedError

    algo = Follower()
    runner = LiveFeedRunner(
        algo, lean_data, clock=WallClock(), feed=FolderFeed(tmp_path / "nowhere")
    )
    runner.initialize()
    try:
        runner.run()
    except LiveFeedError as exc:
        assert "does not exist" in str(exc)
    else:
        raise AssertionError("the run should have failed")


ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.btc = self.add_crypto("BTCUSD", Resolution.MINUTE, Market.COINBASE).symbol
    def on_data(self, data):
        if self.btc in data.bars:
            self.log(f"bar {data.bars[self.btc].close}")
            self.notify.web("http://example.test/hook", {"close": data.bars[self.btc].close})
"""


def test_cli_live_on_a_feed_folder(tmp_path, lean_data):
    project = write_project(tmp_path / "p", ALGO)
    folder, out = tmp_path / "feed", tmp_path / "out"
    folder.mkdir()
    stop = tmp_path / "stop"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engine",
            "live",
            str(project),
            "--data",
            str(lean_data),
            "--out",
            str(out),
            "--feed-folder",
            str(folder),
            "--pulse-seconds",
            "0.05",
            "--snapshot-seconds",
            "0.1",
            "--cancel-file",
            str(stop),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        snapshot_file = out / "snapshot.json"
        deadline = wall.monotonic() + 30
        while not snapshot_file.exists() and wall.monotonic() < deadline:
            wall.sleep(0.1)
        assert snapshot_file.exists(), "the run never started"
        (folder / "bars.csv").write_text(bar_line(wall.time_ns(), "BTCUSD", 42000))
        snapshot: dict = {}
        while wall.monotonic() < deadline:
            snapshot = json.loads(snapshot_file.read_text())
            if snapshot.get("notificationCount"):
                break
            wall.sleep(0.1)
        assert any("bar 42000" in line for line in snapshot["logs"])
        assert snapshot["notifications"][0]["type"] == "web"
        assert snapshot["notifications"][0]["data"] == {"close": 42000.0}
        # the algorithm's time is now, not a replayed date
        algorithm_time = datetime.fromisoformat(snapshot["time"])
        assert abs(algorithm_time.date() - datetime.now().date()) <= timedelta(days=1)
        stop.touch()
        assert process.wait(timeout=30) == 3  # cancelled
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_cli_live_needs_a_replay_start_or_a_feed_folder(tmp_path, lean_data):
    project = write_project(tmp_path / "p", ALGO)
    done = subprocess.run(
        [sys.executable, "-m", "engine", "live", str(project), "--data", str(lean_data)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "--replay-start DATE or --feed-folder DIR is required" in done.stderr


def test_folder_feed_reads_ticks_and_only_complete_lines(tmp_path, lean_data):
    folder = tmp_path / "feed"
    folder.mkdir()
    algo = Follower()
    runner = LiveFeedRunner(algo, lean_data, clock=WallClock(), feed=FolderFeed(folder))
    runner.initialize()
    feed = runner.feed
    now = wall.time_ns()
    feed.open(algo, now - 1_000_000)
    path = Path(folder / "t.csv")
    path.write_text(f"{iso(now)},btcusd,30500.5,0.25\n{iso(now)},BTCUSD,1,2")  # 2nd: no newline
    items = list(feed.read_file(path))
    assert len(items) == 1 and items[0].price == 30500.5 and items[0].quantity == 0.25
    with path.open("a") as handle:
        handle.write(",3,4,5\n")  # completes the second line: a bar
    items = list(feed.read_file(path))
    assert len(items) == 1 and items[0].close == 4.0
    assert list(feed.read_file(path)) == []  # nothing new
    path.write_text(f"{iso(now)},BTCUSD,7,1\n")  # replaced by a new, shorter file
    (tick,) = feed.read_file(path)
    assert tick.price == 7.0
