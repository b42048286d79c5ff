"""engine.api.check_project: syntax errors and unknown names, without false alarms on user code."""

from __future__ import annotations

from helpers import write_project

from engine.api import check_project


def messages(folder) -> list[str]:
    return [f"{d.file}:{d.line}: {d.message}" for d in check_project(folder)]


def test_clean_typical_algorithm(tmp_path):
    folder = write_project(
        tmp_path / "p",
        """
from helper import Helper

class A(QCAlgorithm):
    limit = 3

    def initialize(self):
        self.SetStartDate(2020, 1, 1)
        self.spy = self.AddEquity("SPY", Resolution.Minute).Symbol
        self.window = RollingWindow[TradeBar](self.limit)
        self.helper = Helper()
        self.a, self.b = 1, 2
        self.schedule.on(self.date_rules.every_day(self.spy), self.time_rules.at(10, 0), self.rebalance)

    @property
    def ready(self):
        return self.window.is_ready

    def rebalance(self):
        if self.ready and self.a < self.b and self.counter_value() > 0:
            self.set_holdings(self.spy, 0.5)
        self.Debug(f"{self.Time} {self.Portfolio.TotalPortfolioValue} {math.sqrt(4)} {np.pi}")

    def counter_value(self):
        total = sum(x for x in range(3))
        for i, v in enumerate([1, 2]):
            total += i * v
        try:
            pass
        except ValueError as exc:
            self.log(str(exc))
        return total

    def OnData(self, data: Slice):
        self.late_attribute = 1
        if data.ContainsKey(self.spy):
            self.window.Add(data[self.spy])
""",
        helper="class Helper:\n    pass\n",
    )
    assert messages(folder) == []


def test_reports_unknown_names_and_attributes(tmp_path):
    folder = write_project(
        tmp_path / "p",
        """
class A(QCAlgorithm):
    def initialize(self):
        self.SetHoldingz("SPY", 1)
        value = undefined_thing + 1
        self.object_store_thing.save("x")
""",
    )
    found = messages(folder)
    assert "main.py:6: QCAlgorithm has no attribute 'SetHoldingz'" in found
    assert any(m.startswith("main.py:7: Unknown name 'undefined_thing'") for m in found)
    assert "main.py:8: QCAlgorithm has no attribute 'object_store_thing'" in found


def test_syntax_error_is_reported_with_position(tmp_path):
    folder = write_project(
        tmp_path / "p", "class A(QCAlgorithm):\n    def initialize(self)\n        pass\n"
    )
    [diagnostic] = check_project(folder)
    assert (
        diagnostic.file == "main.py"
        and diagnostic.line == 4
        and "SyntaxError" in diagnostic.message
    )


def test_dynamic_code_and_unknown_star_imports_are_not_checked_for_names(tmp_path):
    folder = write_project(
        tmp_path / "p",
        """
from somewhere_else import *

class A(QCAlgorithm):
    def initialize(self):
        value = maybe_from_star
""",
    )
    assert messages(folder) == []
