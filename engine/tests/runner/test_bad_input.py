"""Bad projects and user errors: clear messages naming the user's file and line, no engine frames."""

from __future__ import annotations

from helpers import run, write_project

from engine.api import run_backtest

GOOD_INIT = """
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.add_equity("SPY", Resolution.MINUTE)
"""


def test_syntax_error_names_file_and_line(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p", "class A(QCAlgorithm):\n    def initialize(self)\n        pass\n", lean_data
    )
    assert outcome.status == "RuntimeError"
    assert "SyntaxError" in outcome.error and "main.py: line 4" in outcome.error
    assert outcome.result["error"] == outcome.error


def test_syntax_error_in_a_sibling_module(tmp_path, lean_data):
    folder = write_project(
        tmp_path / "p",
        "import helper\nclass A(QCAlgorithm):\n" + GOOD_INIT,
        helper="def f(:\n    pass\n",
    )
    outcome = run_backtest(folder, data_dir=lean_data)
    assert "SyntaxError" in outcome.error and "helper.py: line 1" in outcome.error


def test_sibling_modules_are_importable(tmp_path, lean_data):
    folder = write_project(
        tmp_path / "p",
        "from helper import TEXT\nclass A(QCAlgorithm):\n"
        + GOOD_INIT
        + "        self.debug(TEXT)\n",
        helper="TEXT = 'from helper'\n",
    )
    outcome = run_backtest(folder, data_dir=lean_data)
    assert outcome.error is None
    assert outcome.logs[0].endswith("from helper")


def test_no_algorithm_class(tmp_path, lean_data):
    outcome = run(tmp_path / "p", "class A:\n    pass\n", lean_data)
    assert "No algorithm found" in outcome.error and "QCAlgorithm" in outcome.error


def test_missing_initialize(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        "class A(QCAlgorithm):\n    def on_data(self, data):\n        pass\n",
        lean_data,
    )
    assert "initialize" in outcome.error


def test_unknown_symbol_warns_of_missing_data_and_runs_on(tmp_path, lean_data):
    # LEAN runs a subscription whose files are absent with no data; the log names the file
    outcome = run(
        tmp_path / "p",
        GOOD_INIT.replace('"SPY"', '"NOPE"').join(["class A(QCAlgorithm):", ""]),
        lean_data,
    )
    assert outcome.status == "Completed", outcome.error
    warnings = [line for line in outcome.logs if "No minute trade data for NOPE" in line]
    assert len(warnings) == 1
    assert "Warning:" in warnings[0]
    assert "equity/usa/minute/nope/20131007_trade.zip" in warnings[0]
    assert outcome.result["statistics"]["End Equity"] == "100000"


def test_missing_security_leaves_the_others_trading(tmp_path, lean_data):
    code = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.add_equity("SPY", Resolution.MINUTE)
        self.add_equity("NOPE", Resolution.MINUTE)

    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings("SPY", 0.5)
"""
    outcome = run(tmp_path / "p", code, lean_data)
    assert outcome.status == "Completed", outcome.error
    assert outcome.result["statistics"]["Total Orders"] == "1"
    assert any("No minute trade data for NOPE" in line for line in outcome.logs)
    assert not any("data for SPY" in line for line in outcome.logs)


def test_dates_without_data_warn_of_the_expected_file(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        GOOD_INIT.replace("2013, 10, 7", "2022, 1, 3").join(["class A(QCAlgorithm):", ""]),
        lean_data,
    )
    assert outcome.status == "Completed", outcome.error
    text = "\n".join(outcome.logs)
    assert "No minute trade data for SPY between 2022-01-03 and 2022-01-03" in text
    assert "equity/usa/minute/spy/20220103_trade.zip" in text


def test_exception_in_on_data_keeps_partial_results_and_user_frames_only(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        "class A(QCAlgorithm):"
        + GOOD_INIT
        + """
        self.n = 0
    def on_data(self, data):
        self.n += 1
        if self.n == 3:
            self.crash()
    def crash(self):
        return 1 / 0
""",
        lean_data,
    )
    assert outcome.status == "RuntimeError"
    assert outcome.error.startswith("Runtime Error: ZeroDivisionError: division by zero")
    assert "in main.py: line 15" in outcome.error
    assert "engine/" not in outcome.stacktrace and "at on_data" in outcome.stacktrace
    assert "at crash" in outcome.stacktrace
    assert outcome.result["statistics"]["Start Equity"] == "100000"  # partial results kept
    assert outcome.logs[-1].startswith("2013-10-07 09:33:00 ERROR:: Runtime Error")


def test_exception_in_initialize(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        "class A(QCAlgorithm):\n    def initialize(self):\n        raise ValueError('bad')\n",
        lean_data,
    )
    assert "ValueError: bad" in outcome.error and "main.py: line 5" in outcome.error


def test_import_guard(tmp_path, lean_data):
    outcome = run(tmp_path / "p", "import subprocess\nclass A(QCAlgorithm):" + GOOD_INIT, lean_data)
    assert "Import of module 'subprocess' is not allowed (main.py, line 3)" in outcome.error
    outcome = run(
        tmp_path / "q", "class A(QCAlgorithm):" + GOOD_INIT + "        import socket\n", lean_data
    )
    assert "Import of module 'socket' is not allowed" in outcome.error
    assert "main.py" in outcome.error


def test_user_except_exception_does_not_hide_guard_from_engine_imports(tmp_path, lean_data):
    # engine code may import anything: the guard only looks at imports made by the project's files
    outcome = run(
        tmp_path / "p",
        "class A(QCAlgorithm):" + GOOD_INIT + "        import json, math\n",
        lean_data,
    )
    assert outcome.error is None


def test_runs_are_isolated(tmp_path, lean_data):
    a = write_project(
        tmp_path / "a",
        "import helper\nclass A(QCAlgorithm):" + GOOD_INIT + "        self.debug(helper.X)\n",
        helper="X = 'a'\n",
    )
    b = write_project(
        tmp_path / "b",
        "import helper\nclass A(QCAlgorithm):" + GOOD_INIT + "        self.debug(helper.X)\n",
        helper="X = 'b'\n",
    )
    assert run_backtest(a, data_dir=lean_data).logs[0].endswith(" a")
    assert run_backtest(b, data_dir=lean_data).logs[0].endswith(" b")


def test_a_project_that_fails_to_load_leaves_no_modules_behind(tmp_path, lean_data):
    broken = write_project(
        tmp_path / "a",
        "from helper import MISSING\nclass A(QCAlgorithm):\n" + GOOD_INIT,
        helper="TEXT = 'from a'\n",
    )
    assert "MISSING" in run_backtest(broken, data_dir=lean_data).error
    folder = write_project(
        tmp_path / "b",
        "from helper import TEXT\nclass A(QCAlgorithm):\n"
        + GOOD_INIT
        + "        self.debug(TEXT)\n",
        helper="TEXT = 'from b'\n",
    )
    outcome = run_backtest(folder, data_dir=lean_data)
    assert outcome.error is None
    assert outcome.logs[0].endswith("from b")


def trade_ticks_only(lean_data, root):
    """A data folder like ``lean_data`` whose SPY tick folder holds 2013-10-07's trades only."""
    root.mkdir()
    for entry in lean_data.iterdir():
        if entry.name != "equity":
            (root / entry.name).symlink_to(entry)
    usa = root / "equity" / "usa"
    usa.mkdir(parents=True)
    for entry in (lean_data / "equity" / "usa").iterdir():
        if entry.name != "tick":
            (usa / entry.name).symlink_to(entry)
    spy = usa / "tick" / "spy"
    spy.mkdir(parents=True)
    (spy / "20131007_trade.zip").symlink_to(
        lean_data / "equity" / "usa" / "tick" / "spy" / "20131007_trade.zip"
    )
    return root


def test_missing_equity_quote_ticks_are_named_in_the_log(tmp_path, lean_data):
    code = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.add_equity("SPY", Resolution.TICK)
        self.trades = 0
        self.consolidate("SPY", timedelta(minutes=30), TickType.TRADE, self.on_trades)

    def on_trades(self, bar):
        self.trades += 1

    def on_end_of_algorithm(self):
        self.debug(f"trade bars {self.trades}")
"""
    data = trade_ticks_only(lean_data, tmp_path / "data")
    outcome = run(tmp_path / "p", code, data)
    assert outcome.status == "Completed", outcome.error
    warnings = [line for line in outcome.logs if "Warning: no tick quote data for SPY" in line]
    assert len(warnings) == 1
    assert "20131007_quote.zip missing beside its trade tick files in " in warnings[0]
    assert "equity/usa/tick/spy" in warnings[0]
    assert "TickType.QUOTE" in warnings[0]
    # the trade ticks still arrive
    assert any("trade bars 13" in line for line in outcome.logs), outcome.logs[-3:]


def test_minute_equity_without_quote_files_gets_no_warning(tmp_path, lean_data):
    outcome = run(tmp_path / "p", GOOD_INIT.join(["class A(QCAlgorithm):", ""]), lean_data)
    assert outcome.status == "Completed", outcome.error
    assert not any("Warning:" in line for line in outcome.logs)
