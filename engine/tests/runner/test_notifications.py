"""``self.notify``: ignored in backtests (LEAN's NotificationManager returns False outside live
mode), queued in LEAN's JSON shape in a live run and carried by the run's snapshots."""

from __future__ import annotations

import time as wall
from datetime import timedelta

import pytest
from helpers import run

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.algorithm.reporting import EMAIL_BODY_BYTES, KEPT_NOTIFICATIONS
from engine.runner.clocks import WallClock
from engine.runner.runners import LiveRunner
from engine.runner.sources import LiveDataSource

BACKTEST = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.add_equity("SPY", Resolution.DAILY)
        self.sent = [
            self.notify.email("me@example.com", "subject", "body"),
            self.notify.web("https://example.com/hook", {"a": 1}),
            self.notify.sms("+15551234567", "text"),
            self.notify.telegram("-100", "text"),
        ]
        self.debug(f"sent {self.sent}")
"""


def test_a_backtest_ignores_notifications(tmp_path, lean_data):
    snapshots: list[dict] = []
    outcome = run(
        tmp_path / "p", BACKTEST, lean_data, snapshot_seconds=0.0, on_snapshot=snapshots.append
    )
    assert outcome.status == "Completed", outcome.error
    assert any("sent [False, False, False, False]" in line for line in outcome.logs)
    assert not any("otification" in line for line in outcome.logs)  # nothing logged either
    assert snapshots[-1]["notificationCount"] == 0 and snapshots[-1]["notifications"] == []


def live_algorithm() -> QCAlgorithm:
    algo = QCAlgorithm()
    runner = LiveRunner(algo, WallClock(end_ns=wall.time_ns()), None)
    assert runner.algorithm is algo  # building the runner puts the algorithm in live mode
    return algo


def test_live_notifications_are_queued_in_leans_shape():
    algo = live_algorithm()
    assert algo.live_mode
    assert algo.notify.email("me@example.com", "Hi", "x" * (EMAIL_BODY_BYTES + 50), "d", {"X": 1})
    assert algo.notify.web("https://example.com/hook", {"price": 1.5}, {"Authorization": "k"})
    assert algo.notify.Sms("+15551234567", "filled")
    assert algo.notify.telegram("-503016366", "hello", "bot-token")
    email, web, sms, telegram = algo.notify.requests
    assert email["type"] == "email" and email["address"] == "me@example.com"
    assert len(email["message"].encode()) == EMAIL_BODY_BYTES  # LEAN's 10 KB body
    assert email["headers"] == {"X": "1"} and email["data"] == "d"
    assert web == {
        "id": 2,
        "time": web["time"],
        "type": "web",
        "address": "https://example.com/hook",
        "data": {"price": 1.5},
        "headers": {"Authorization": "k"},
    }
    assert sms["phoneNumber"] == "+15551234567" and sms["message"] == "filled"
    assert telegram["id"] == "-503016366" and telegram["token"] == "bot-token"
    assert algo.notify.count == 4
    assert algo.notify.ftp("host", "user", "pw", "/f", "content") is False


def test_an_invalid_email_address_raises_as_in_lean():
    algo = live_algorithm()
    with pytest.raises(ValueError, match="Invalid email address"):
        algo.notify.email("not-an-address", "s", "m")


def test_the_queue_keeps_the_newest_and_counts_all():
    algo = live_algorithm()
    for i in range(KEPT_NOTIFICATIONS + 5):
        algo.notify.web("https://example.com", i)
    assert algo.notify.count == KEPT_NOTIFICATIONS + 5
    assert len(algo.notify.requests) == KEPT_NOTIFICATIONS
    assert algo.notify.requests[0]["data"] == 5


def test_a_live_run_snapshot_carries_the_requests(lean_data):
    class Live(QCAlgorithm):
        def initialize(self):
            self.schedule.on(
                self.date_rules.every_day(), self.time_rules.every(timedelta(seconds=1)), self.ping
            )

        def ping(self):
            self.notify.web("https://example.com/hook", {"time": str(self.time)})

    snapshots: list[dict] = []
    clock = WallClock(end_ns=wall.time_ns() + 1_200_000_000)
    algo = Live()
    runner = LiveRunner(algo, clock, lean_data, snapshot_seconds=0.0, on_snapshot=snapshots.append)
    runner.initialize()
    runner.run(LiveDataSource(algo, clock, pulse_seconds=0.05))
    runner.result_handler.emit_snapshot("Completed")
    last = snapshots[-1]
    assert last["notificationCount"] >= 1
    assert last["notifications"][-1]["type"] == "web"


def test_a_backtest_ignores_emails_before_checking_the_address():
    # LEAN NotificationManager.Email returns false outside live mode without validating
    assert QCAlgorithm().notify.email("email@address", "s", "m") is False
