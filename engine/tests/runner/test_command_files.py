"""Commands sent to a live run through files (LEAN's ``FileCommandHandler``): the handler on its
own, inside a replay, and through ``python -m engine live --commands-dir``."""

from __future__ import annotations

import json
import threading
from datetime import datetime

import pytest
from helpers import write_project
from test_cli import engine

from engine.algorithm.commands import Command
from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.common.clock import local_to_ns
from engine.model import Resolution
from engine.runner.clocks import ReplayClock
from engine.runner.commands import FileCommandHandler, result_name
from engine.runner.runners import ReplayRunner

NY = "America/New_York"


class Boom(Command):
    def run(self, algorithm):
        raise ValueError("no target given")


class Echo(Command):
    text = ""

    def run(self, algorithm):
        algorithm.log(f"echo {self.text}")
        return True


class Receiver(QCAlgorithm):
    def initialize(self):
        self.add_command(Echo)
        self.add_command(Boom)
        self.untyped = []

    def on_command(self, data):
        self.untyped.append(data.target)
        if data.target == "fail":
            raise RuntimeError("refused")
        return data.target == "ok"


def _write(folder, name, payload):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(payload if isinstance(payload, str) else json.dumps(payload))


def _result(folder, command_id):
    return json.loads((folder / result_name(command_id)).read_text())


def test_the_handler_runs_each_file_once_and_writes_results(tmp_path):
    algo = Receiver()
    algo.initialize()
    commands, results = tmp_path / "commands", tmp_path / "out"
    handler = FileCommandHandler(algo, commands, results)
    assert handler.process() == []  # the folder does not exist yet

    _write(commands, "command-1.json", {"$type": "Echo", "Text": "hi", "id": "1"})
    _write(commands, "command-2.json", {"target": "ok"})
    _write(
        commands, "command-3.json", [{"target": "no", "id": "3a"}, {"target": "fail", "id": "3b"}]
    )
    _write(commands, "command-4.json", "{not json")
    _write(commands, "command-5.json", {"$type": "Unknown"})
    _write(commands, "command-6.json", {"$type": "Boom"})
    _write(commands, "ignored.json", {"target": "ok"})  # not command*.json
    ran = handler.process()
    assert [r["id"] for r in ran] == ["1", "2", "3a", "3b", "4", "5", "6"]
    assert _result(results, "1") == {"id": "1", "commandName": "Echo", "success": True}
    assert _result(results, "2")["success"] is True and _result(results, "2")["commandName"] == (
        "OnCommand"
    )
    assert _result(results, "3a")["success"] is False
    failed = _result(results, "3b")
    assert failed["success"] is False and failed["error"] == "refused"
    assert "not a JSON command" in _result(results, "4")["error"]
    assert _result(results, "5")["success"] is None  # LEAN: an unregistered type is ignored
    assert _result(results, "6")["success"] is None  # run_command logs a failing typed command
    assert algo.untyped == ["ok", "no", "fail"]
    logs = "\n".join(algo.logs)
    assert "echo hi" in logs
    assert "OnCommand Error: refused" in logs
    assert "Detected unregistered command type 'Unknown', will be ignored" in logs
    assert "Unexpected error running command 'Boom' error: 'no target given'" in logs
    assert not (results / "result-command-ignored.json").exists()

    # a file is run once, even though the engine cannot delete it (a read-only mount)
    assert handler.process() == []
    _write(commands, "command-7.json", {"target": "ok", "id": "../../etc/x"})
    assert [r["id"] for r in handler.process()] == ["../../etc/x"]
    assert _result(results, "../../etc/x")["success"] is True
    assert (results / "result-command-.._.._etc_x.json").exists()


class Trader(QCAlgorithm):
    def initialize(self):
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.add_command(Buy)
        self.fills = []

    def on_order_event(self, event):
        if event.fill_quantity:
            self.fills.append((self.time, event.fill_quantity, event.ticket.tag))


class Buy(Command):
    quantity = 0

    def run(self, algorithm):
        algorithm.market_order(algorithm.spy, int(self.quantity), tag="from a command")
        return True


def test_a_replay_runs_commands_as_they_arrive_and_their_orders_fill(tmp_path, lean_data):
    start = local_to_ns(datetime(2013, 10, 7, 9, 30), NY)
    clock = ReplayClock(start, 600, end_ns=start + 20 * 60_000_000_000)  # 20 minutes in 2 s
    algo = Trader()
    commands, results = tmp_path / "commands", tmp_path / "out"
    runner = ReplayRunner(
        algo,
        lean_data,
        clock=clock,
        pulse_seconds=0.05,
        commands=commands,
        command_results=results,
    )
    runner.initialize()

    # the command arrives while the replay runs (once the algorithm is past 09:35)
    def send_later():
        while algo.time < datetime(2013, 10, 7, 9, 35) and not stop.is_set():
            stop.wait(0.02)
        _write(commands, "command-buy.json", {"$type": "Buy", "quantity": 7})

    stop = threading.Event()
    sender = threading.Thread(target=send_later)
    sender.start()
    try:
        state = runner.run()
    finally:
        stop.set()
        sender.join()
    assert state.status == "Completed"
    assert _result(results, "buy") == {"id": "buy", "commandName": "Buy", "success": True}
    assert len(algo.fills) == 1
    when, quantity, tag = algo.fills[0]
    assert quantity == 7 and tag == "from a command"
    assert datetime(2013, 10, 7, 9, 35) <= when < datetime(2013, 10, 7, 9, 50)
    assert algo.portfolio[algo.spy].quantity == 7


ALGO = """from AlgorithmImports import *


class Say(Command):
    text = ""

    def run(self, algorithm):
        algorithm.log(f"said {self.text} at {algorithm.time}")
        return True


class Listener(QCAlgorithm):
    def initialize(self):
        self.add_equity("SPY", Resolution.MINUTE)
        self.add_command(Say)

    def on_command(self, data):
        self.log(f"untyped {data.value}")
        return True
"""


def test_cli_live_runs_command_files_and_writes_results_beside_results_json(tmp_path, lean_data):
    project = write_project(tmp_path / "p", ALGO)
    commands, out = tmp_path / "commands", tmp_path / "out"
    _write(commands, "command-a.json", {"$type": "Say", "text": "hello"})
    _write(commands, "command-b.json", {"value": 42})
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
        "2013-10-07T09:35",
        "--speed",
        "1200",
        "--pulse-seconds",
        "0.05",
        "--commands-dir",
        str(commands),
    )
    assert done.returncode == 0, done.stderr
    assert _result(out, "a") == {"id": "a", "commandName": "Say", "success": True}
    assert _result(out, "b") == {"id": "b", "commandName": "OnCommand", "success": True}
    log = (out / "log.txt").read_text()
    assert "said hello at 2013-10-07 09:3" in log and "untyped 42" in log


class Alert(Command):
    level = 0

    def run(self, algorithm):
        return True


def test_a_live_algorithm_broadcasts_through_its_runner_and_fails_clearly_without_one(
    tmp_path, lean_data
):
    start = local_to_ns(datetime(2013, 10, 7, 9, 30), NY)
    clock = ReplayClock(start, 1200, end_ns=start + 60_000_000_000)
    algo = Receiver()
    runner = ReplayRunner(
        algo, lean_data, clock=clock, commands=tmp_path / "c", command_results=tmp_path / "out"
    )
    runner.initialize()
    algo.add_command(Alert)
    alert = Alert()
    alert.level = 3
    algo.broadcast_command(alert)
    algo.broadcast_command({"target": "everyone"})
    first = json.loads((tmp_path / "out" / "broadcast-1.json").read_text())
    assert first == {"level": 3, "$type": "Alert"}  # registered here: the type travels with it
    assert json.loads((tmp_path / "out" / "broadcast-2.json").read_text()) == {"target": "everyone"}

    lonely = Receiver()
    ReplayRunner(lonely, lean_data, clock=ReplayClock(start, 1200)).initialize()
    with pytest.raises(RuntimeError, match="needs a live deployment"):
        lonely.broadcast_command({"target": "everyone"})


# -- LEAN's built-in commands, as `lean live add-security|submit-order|liquidate` write them ------
def _lean(name: str, **fields) -> dict:
    return {"$type": f"QuantConnect.Commands.{name}, QuantConnect.Common", **fields}


class Plain(QCAlgorithm):
    def initialize(self):
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.fills = []

    def on_order_event(self, event):
        if event.fill_quantity:
            self.fills.append((str(event.symbol.value), event.fill_quantity, event.ticket.tag))


def test_builtin_commands_add_a_security_order_it_and_liquidate_in_a_replay(tmp_path, lean_data):
    start = local_to_ns(datetime(2013, 10, 7, 9, 30), NY)
    clock = ReplayClock(start, 600, end_ns=start + 30 * 60_000_000_000)
    algo = Plain()
    commands, results = tmp_path / "commands", tmp_path / "out"
    runner = ReplayRunner(
        algo, lean_data, clock=clock, pulse_seconds=0.05, commands=commands, command_results=results
    )
    runner.initialize()
    steps = [
        (
            datetime(2013, 10, 7, 9, 33),
            "command-1.json",
            _lean(
                "AddSecurityCommand",
                Id="add",
                Symbol="IBM",
                SecurityType="Equity",
                Resolution="Minute",
                Market="usa",
                FillDataForward=True,
                Leverage=0.0,
                ExtendedMarketHours=False,
            ),
        ),
        (
            datetime(2013, 10, 7, 9, 36),
            "command-2.json",
            [
                _lean(
                    "OrderCommand",
                    Id="buy",
                    Ticker="IBM",
                    Market="usa",
                    SecurityType=1,
                    OrderType="Market",
                    Quantity=10,
                    Tag="Manual order",
                ),
                _lean(
                    "OrderCommand",
                    Id="limit",
                    Ticker="SPY",
                    Market="usa",
                    SecurityType="Equity",
                    OrderType="Limit",
                    Quantity=5,
                    LimitPrice=1.0,
                ),
                _lean("OrderCommand", Id="nomarket", Ticker="SPY", OrderType="Market", Quantity=1),
                _lean(
                    "OrderCommand",
                    Id="badtype",
                    Ticker="SPY",
                    Market="usa",
                    SecurityType="Equity",
                    OrderType="Sideways",
                    Quantity=1,
                ),
            ],
        ),
        (
            datetime(2013, 10, 7, 9, 45),
            "command-3.json",
            [
                _lean("CancelOrderCommand", Id="cancel", OrderId=2),
                _lean(
                    "LiquidateCommand", Id="sell", Ticker="IBM", Market="usa", SecurityType="Equity"
                ),
            ],
        ),
    ]

    def send_later():
        for when, name, payload in steps:
            while algo.time < when and not stop.is_set():
                stop.wait(0.02)
            _write(commands, name, payload)

    stop = threading.Event()
    sender = threading.Thread(target=send_later)
    sender.start()
    try:
        state = runner.run()
    finally:
        stop.set()
        sender.join()
    assert state.status == "Completed"
    assert _result(results, "add") == {
        "id": "add",
        "commandName": "AddSecurityCommand",
        "success": True,
    }
    assert _result(results, "buy")["success"] is True
    assert _result(results, "limit")["success"] is True
    missing = _result(results, "nomarket")
    assert missing["success"] is False and "Ticker, Market & SecurityType" in missing["error"]
    assert "is not a OrderType" in _result(results, "badtype")["error"]
    assert _result(results, "cancel")["success"] is True
    assert _result(results, "sell") == {
        "id": "sell",
        "commandName": "LiquidateCommand",
        "success": True,
    }
    ibm = [f for f in algo.fills if f[0] == "IBM"]
    assert ibm[0][1:] == (10, "Manual order")
    assert ibm[1][1] == -10 and algo.portfolio["IBM"].quantity == 0
    assert not [f for f in algo.fills if f[0] == "SPY"]  # the limit at $1 never filled, cancelled
    logs = "\n".join(algo.logs)
    assert "Market for 10 units of IBM: OrderResponse: OrderId: 1 Success" in logs
    assert "OrderCommand Error: BaseCommand.GetSymbol()" in logs


def test_a_registered_class_named_like_a_builtin_is_the_algorithms_own(tmp_path):
    algo = Receiver()
    algo.initialize()
    handler = FileCommandHandler(algo, tmp_path / "c", tmp_path / "out")
    _write(tmp_path / "c", "command-1.json", {"$type": "OrderCommand", "id": "1"})
    _write(tmp_path / "c", "command-2.json", _lean("QuitCommand", id="2"))
    handler.process()
    # a short name is a CallbackCommand (unregistered here), as LEAN's TypeNameHandling reads it
    assert _result(tmp_path / "out", "1")["success"] is None
    assert _result(tmp_path / "out", "2")["success"] is None
