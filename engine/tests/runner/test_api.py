"""engine.api.run_backtest callbacks and control flow: progress, cancel, quit, securities changed."""

from __future__ import annotations

from helpers import debug_lines, run

ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.add_equity("SPY", Resolution.MINUTE)
"""


def test_progress_is_reported_and_reaches_one(tmp_path, lean_data):
    seen: list[float] = []
    outcome = run(tmp_path / "p", ALGO, lean_data, on_progress=seen.append)
    assert outcome.status == "Completed"
    assert seen[-1] == 1.0
    assert seen == sorted(seen) and all(0 <= p <= 1 for p in seen)


def test_should_cancel_stops_with_cancelled_status(tmp_path, lean_data):
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return True

    outcome = run(tmp_path / "p", ALGO, lean_data, should_cancel=cancel)
    assert outcome.status == "Cancelled" and outcome.error is None
    assert len(calls) == 1
    assert outcome.result["status"] == "Cancelled"
    assert outcome.data_points < 3000


def test_quit_ends_the_run_after_the_step(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        ALGO
        + """
        self.n = 0
    def on_data(self, data):
        self.n += 1
        if self.n == 5:
            self.quit("enough")
    def on_end_of_algorithm(self):
        self.debug(f"n={self.n}")
""",
        lean_data,
    )
    assert outcome.error is None
    lines = debug_lines(outcome)
    assert lines[0] == "2013-10-07 09:35:00 Quit: enough"
    assert lines[-1].endswith("n=5")


def test_on_securities_changed_reports_initial_securities_in_the_first_step(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        ALGO
        + """
    def on_securities_changed(self, changes):
        self.debug(f"added {[str(s.symbol) for s in changes.added_securities]} removed {len(changes.removed_securities)}")
""",
        lean_data,
    )
    assert debug_lines(outcome)[0] == "2013-10-07 09:31:00 added ['SPY'] removed 0"


def test_warm_up_by_bar_count(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.add_equity("SPY", Resolution.MINUTE)
        self.set_warm_up(100)
        self.warm = 0
    def on_data(self, data):
        if self.is_warming_up:
            self.warm += 1
    def on_warmup_finished(self):
        self.debug(f"warm={self.warm}")
""",
        lean_data,
    )
    assert outcome.error is None
    # the last 100 minute bars of the previous session: 14:20-16:00 on 2013-10-07
    assert debug_lines(outcome)[-1].endswith("warm=100")


def test_user_charts_and_plot_in_results(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        ALGO
        + """
        chart = Chart("Custom")
        chart.add_series(Series("Line", SeriesType.LINE, "$", Color.RED))
        self.add_chart(chart)
    def on_end_of_day(self, symbol):
        self.plot("Custom", "Line", self.securities[symbol].price)
        self.Plot("Other", "Value", 1)
""",
        lean_data,
    )
    charts = outcome.result["charts"]
    assert len(charts["Custom"]["series"]["Line"]["values"]) == 5
    assert charts["Custom"]["series"]["Line"]["color"] == "#FF0000"
    assert charts["Other"]["series"]["Value"]["values"][0][1] == 1.0


def test_security_initializer_and_configuration(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.set_cash(50000)
        self.set_security_initializer(lambda security: security.set_leverage(1.5))
        self.spy = self.add_equity("SPY", Resolution.MINUTE)
        self.debug(f"leverage {self.spy.leverage}")
""",
        lean_data,
    )
    assert outcome.error is None, outcome.error
    assert debug_lines(outcome)[0].endswith("leverage 1.5")
    config = outcome.result["algorithmConfiguration"]
    assert config["cash"] == 50000 and config["resolution"] == "Minute"
    assert config["startDate"] == "2013-10-07 00:00:00"


def test_margin_calls_are_checked_and_warnings_reach_pascal_case_handlers(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 9)
        self.add_equity("SPY", Resolution.MINUTE, leverage=20)
        self.warned = 0
    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings("SPY", 19)
    def OnMarginCallWarning(self):
        self.warned += 1
    def on_end_of_algorithm(self):
        self.debug(f"warnings {self.warned}")
""",
        lean_data,
    )
    assert outcome.error is None, outcome.error
    assert any("Executed MarginCallOrder: SPY" in line for line in outcome.logs)
    assert int(debug_lines(outcome)[-1].split()[-1]) > 0
    tags = [o["tag"] for o in outcome.result["orders"].values()]
    assert "Margin Call" in tags


def test_securities_added_during_the_run_get_data_from_the_next_step(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.add_equity("SPY", Resolution.MINUTE)
        self.ibm_bars = 0
        self.first_ibm = None
    def on_data(self, data):
        if self.time.hour == 12 and self.time.minute == 0 and self.time.day == 7:
            self.add_equity("IBM", Resolution.MINUTE)
        if data.bars.contains_key("IBM"):
            self.ibm_bars += 1
            if self.first_ibm is None:
                self.first_ibm = self.time
    def on_securities_changed(self, changes):
        self.debug(f"added {[str(s.symbol) for s in changes.added_securities]}")
    def on_end_of_day(self, symbol):
        self.debug(f"eod {symbol}")
    def on_end_of_algorithm(self):
        self.debug(f"ibm bars {self.ibm_bars} first {self.first_ibm}")
""",
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = debug_lines(outcome)
    assert "2013-10-07 12:01:00 added ['IBM']" in lines
    assert lines[-1].endswith("ibm bars 630 first 2013-10-07 12:01:00")  # 240 + 390 minutes
    assert "2013-10-07 15:50:00 eod IBM" in lines and "2013-10-08 15:50:00 eod IBM" in lines
