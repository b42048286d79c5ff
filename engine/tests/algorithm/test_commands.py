"""Algorithm commands: ``add_command``/``run_command``/``on_command``, ``link`` and ``broadcast_command``."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from engine.algorithm.commands import CallbackCommand, Command
from engine.algorithm.qcalgorithm import QCAlgorithm


class _Buy(Command):
    quantity = 0
    tickers: list = []

    def run(self, algorithm):
        algorithm.received.append((self.tickers, self.quantity))
        return self.quantity > 0


class _Plain:
    def __init__(self):
        self.target = []
        self.size = 0

    def run(self, algorithm):
        algorithm.received.append(("plain", self.size))


class _NoRun:
    value = 1


class _Algo(QCAlgorithm):
    def __init__(self):
        super().__init__()
        self.received = []

    def on_command(self, data):
        self.received.append(("untyped", data.symbol, data.parameters["quantity"]))
        return True


def test_typed_commands_run_with_their_payload():
    algo = _Algo()
    algo.add_command(_Buy)
    algo.add_command(_Plain)
    result = algo.run_command(
        CallbackCommand.from_payload({"$type": "_Buy", "Quantity": 3, "tickers": ["SPY"]})
    )
    assert result.success is True and algo.received == [(["SPY"], 3)]
    assert algo.run_command({"$type": "_Plain", "size": 2}).success is None
    assert algo.received[-1] == ("plain", 2)


def test_untyped_commands_reach_on_command_case_insensitively():
    algo = _Algo()
    result = algo.run_command('{"Symbol": "SPY", "Parameters": {"quantity": 10}}')
    assert result.success is True and algo.received == [("untyped", "SPY", 10)]


def test_unknown_and_failing_commands_are_logged_once():
    algo = _Algo()
    algo.run_command({"$type": "Missing"})
    algo.run_command({"$type": "Missing"})
    assert sum("unregistered command type 'Missing'" in line for line in algo.logs) == 1


def test_a_class_without_run_is_refused():
    with pytest.raises(NotImplementedError):
        _Algo().add_command(_NoRun)


def test_link_encodes_the_command_like_lean():
    algo = _Algo()
    algo.add_command(_Buy)
    algo.project_id = 7
    command = _Buy()
    command.quantity = 5
    command.tickers = ["SPY", "IBM"]
    link = algo.link(command)
    assert link.startswith("https://www.quantconnect.com/api/v2/live/commands/create?")
    assert "&projectId=7&command%5bquantity%5d=5&command%5btickers%5d%5b0%5d=SPY" in link
    assert link.endswith("&command%5b%24type%5d=_Buy")
    plain = _Plain()
    plain.target = ["BAC"]
    query = dict(parse_qsl(urlsplit(algo.link(plain)).query))
    assert query["command[target][0]"] == "BAC" and "command[$type]" not in query


def test_broadcast_is_skipped_in_backtests_with_one_warning():
    algo = _Algo()
    assert algo.broadcast_command({"symbol": "SPY"}) is None
    algo.broadcast_command({"symbol": "SPY"})
    assert sum("broadcast commands is disabled" in line for line in algo.logs) == 1
