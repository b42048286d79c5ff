"""The platform's per-run limits (engine/common/controls.py): the order cap stops the run, a
resolution finer than allowed is refused, the series cap stops the algorithm when asked, the points
cap skips with QuantConnect's message; each refusal carries the platform's note."""

from __future__ import annotations

import json

from helpers import run, write_project
from test_cli import backtest

from engine.common.controls import Controls
from engine.model import Resolution

TRADER = """
class Trader(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.add_equity("SPY", Resolution.MINUTE)
        self.count = 0

    def on_data(self, data):
        self.count += 1
        self.market_order("SPY", 1 if self.count % 2 else -1)

    def on_end_of_algorithm(self):
        self.debug(f"BARS {self.count}")
"""

NOTE = "The Quant Researcher tier or higher allows more."


def test_the_order_past_the_cap_is_refused_and_the_algorithm_stops(tmp_path, lean_data):
    controls = Controls(max_orders=5, notes=(("orders", NOTE),))
    outcome = run(tmp_path / "p", TRADER, lean_data, controls=controls)
    # LEAN checks the count before the new order (OrdersCount > max): 6 pass, the 7th is refused
    # and leaves no order behind.
    assert len(outcome.result["orders"]) == 6
    message = (
        "You have exceeded maximum number of orders (5), for unlimited orders upgrade your account."
    )
    errors = [line for line in outcome.logs if message in line]
    assert len(errors) == 1 and NOTE in errors[0]
    bars = int(next(line for line in outcome.logs if "BARS" in line).split("BARS")[1])
    assert bars < 20  # stopped on the first day, not after 5 days of minutes


def test_without_controls_the_orders_are_not_capped(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p", TRADER.replace("Resolution.MINUTE", "Resolution.DAILY"), lean_data
    )
    assert outcome.error is None
    assert not any("maximum number of orders" in line for line in outcome.logs)


SECOND = """
class Fine(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.add_equity("SPY", Resolution.SECOND)
"""


def test_a_finer_resolution_than_allowed_is_an_error_naming_the_plan(tmp_path, lean_data):
    controls = Controls(lowest_resolution=Resolution.MINUTE, notes=(("resolution", NOTE),))
    outcome = run(tmp_path / "p", SECOND, lean_data, controls=controls)
    assert outcome.status == "RuntimeError"
    assert "SPY: Second resolution data is not available" in outcome.error
    assert "finest resolution allowed is Minute" in outcome.error and NOTE in outcome.error
    tick = run(tmp_path / "t", SECOND.replace("SECOND", "TICK"), lean_data, controls=controls)
    assert "Tick resolution data is not available" in tick.error
    minute = run(tmp_path / "m", SECOND.replace("SECOND", "MINUTE"), lean_data, controls=controls)
    assert minute.error is None, minute.error


PLOTTER = """
class Plotter(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.add_equity("SPY", Resolution.MINUTE)
        self.count = 0

    def on_data(self, data):
        self.count += 1
        for i in range(SERIES):
            self.plot("Mine", f"s{i}", self.count)

    def on_end_of_algorithm(self):
        self.debug(f"BARS {self.count}")
"""


def test_past_the_series_cap_the_algorithm_stops_when_asked(tmp_path, lean_data):
    source = PLOTTER.replace("SERIES", "11")
    controls = Controls(stop_past_series_cap=True, notes=(("series", "Plot fewer series."),))
    outcome = run(tmp_path / "p", source, lean_data, controls=controls)
    message = "Exceeded maximum series count: Each backtest can have up to 10 series in total."
    errors = [line for line in outcome.logs if message in line]
    assert len(errors) == 1 and "ERROR::" in errors[0] and "Plot fewer series." in errors[0]
    bars = int(next(line for line in outcome.logs if "BARS" in line).split("BARS")[1])
    assert bars <= 2
    # A local run skips the 11th series and goes on.
    local = run(tmp_path / "l", source, lean_data)
    assert int(next(line for line in local.logs if "BARS" in line).split("BARS")[1]) > 1000
    assert any(message in line and "ERROR::" not in line for line in local.logs)


def test_past_the_points_cap_updates_are_skipped_with_one_message(tmp_path, lean_data):
    # 5 days of minutes (1,950 bars), 3 points a bar: past the 4,000 points of a series.
    source = PLOTTER.replace("SERIES", "1").replace(
        'self.plot("Mine", f"s{i}", self.count)',
        'for _ in range(3):\n                self.plot("Mine", "s0", self.count)',
    )
    outcome = run(tmp_path / "p", source, lean_data)
    assert outcome.error is None
    skipped = [line for line in outcome.logs if "Exceeded maximum data points per series" in line]
    assert len(skipped) == 1
    series = outcome.result["charts"]["Mine"]["series"]["s0"]
    assert len(series["values"]) == 4000


def test_the_cli_takes_the_controls(tmp_path, lean_data):
    project = write_project(tmp_path / "proj", TRADER)
    out = tmp_path / "out"
    proc = backtest(
        project,
        lean_data,
        out,
        "--max-orders",
        "3",
        "--lowest-resolution",
        "minute",
        "--limit-note",
        f"orders={NOTE}",
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads((out / "results.json").read_text())
    assert len(result["orders"]) == 4
    log = (out / "log.txt").read_text()
    assert "maximum number of orders (3)" in log and NOTE in log
