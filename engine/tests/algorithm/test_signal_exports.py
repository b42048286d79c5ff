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


PORTFOLIO_ALGORITHM = """
class FromPortfolio(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.sent = None

    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings(self.spy, -0.5)
        elif self.sent is None:
            self.sent = self.signal_export.set_target_portfolio_from_portfolio()
            for target in self.signal_export.portfolio_targets():
                self.debug(f"target {target.symbol.value} {target.quantity:.4f} sent {self.sent}")
"""


def test_targets_from_the_portfolio_are_its_holdings_as_percents(tmp_path, lean_data):
    from engine.tests.runner.helpers import debug_lines, run

    outcome = run(tmp_path, PORTFOLIO_ALGORITHM, lean_data)
    assert outcome.error is None, outcome.error
    lines = debug_lines(outcome)
    target = next(line for line in lines if " target SPY " in line)
    # a short position of half the portfolio: about -0.5 of it (the fill's price and fee aside)
    quantity = float(target.split(" target SPY ")[1].split()[0])
    assert -0.51 < quantity < -0.49
    assert target.endswith("sent True")
    assert any("only sent in live mode" in line for line in lines)
