"""``QCAlgorithm.statistics`` during a run and ``set_summary_statistic`` (LEAN's StatisticsResults)."""

from __future__ import annotations

from helpers import debug_lines, run

SOURCE = """
class StatisticsProbe(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.spy = self.add_equity("SPY", Resolution.DAILY).symbol
        self.fills = 0
        self.debug(f"before: {len(self.statistics.summary)}")

    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings(self.spy, 0.5)

    def on_order_event(self, order_event):
        if order_event.status == OrderStatus.FILLED:
            self.fills += 1
            self.set_summary_statistic("Fills", self.fills)
            summary = self.statistics.summary
            names = sorted(kvp.key for kvp in summary)
            self.debug(f"orders={summary[PerformanceMetrics.TOTAL_ORDERS]} fills={summary['Fills']}")
            self.debug(f"has sharpe={PerformanceMetrics.SHARPE_RATIO in summary} names={'Fills' in names}")
"""


def test_statistics_summary_holds_the_run_so_far_and_custom_entries(tmp_path, lean_data):
    outcome = run(tmp_path / "p", SOURCE, lean_data)
    assert outcome.ok, outcome.error
    lines = debug_lines(outcome)
    assert any(line.endswith("before: 0") for line in lines)
    assert any(line.endswith("orders=1 fills=1") for line in lines)
    assert any(line.endswith("has sharpe=True names=True") for line in lines)
    assert outcome.result["statistics"]["Fills"] == "1"
