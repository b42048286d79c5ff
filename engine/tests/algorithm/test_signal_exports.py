"""Signal exports: skipped with one message in backtests; the web providers fail clearly live."""

from __future__ import annotations

import pytest

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.algorithm.signal_exports import SignalExportManager, VBaseSignalExport


class _Recorder:
    def __init__(self):
        self.sent = []

    def send(self, parameters):
        self.sent.append(list(parameters.targets))
        return True


def test_backtests_do_not_send_and_say_so_once():
    algo = QCAlgorithm()
    recorder = _Recorder()
    algo.signal_export.add_signal_export_provider(recorder)
    assert algo.signal_export.set_target_portfolio(["target"]) is True
    assert algo.signal_export.set_target_portfolio(["target"]) is True
    assert recorder.sent == []
    assert sum("only sent in live mode" in line for line in algo.logs) == 1


def test_live_runs_call_user_providers_and_web_providers_fail_clearly():
    algo = QCAlgorithm()
    algo._live_mode = True
    manager = SignalExportManager(algo)
    assert manager.set_target_portfolio(["t"]) is False  # no provider
    recorder = _Recorder()
    manager.add_signal_export_providers([recorder])
    assert manager.set_target_portfolio(["t1", "t2"]) is True and recorder.sent == [["t1", "t2"]]
    manager.add_signal_export_provider(VBaseSignalExport("key", "collection"))
    with pytest.raises(RuntimeError, match="vBaseSignalExport.*network access"):
        manager.set_target_portfolio(["t"])


def test_vbase_needs_a_key_and_a_collection():
    with pytest.raises(ValueError, match="API key"):
        VBaseSignalExport("", "collection")
    with pytest.raises(ValueError, match="Collection name"):
        VBaseSignalExport("key", " ")
