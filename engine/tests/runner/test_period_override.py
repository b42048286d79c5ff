"""A run's start/end override (LEAN's job PeriodStart/PeriodFinish): the dates replace those
``initialize`` set, applied after it, in process and through ``python -m engine backtest``."""

from __future__ import annotations

import json
from datetime import date

from helpers import run, write_project
from test_cli import backtest

# Sets 2013-10-07..2013-10-11 itself; logs the first and last bar's day and the dates it sees.
ALGO = """
class Dated(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.add_equity("SPY", Resolution.DAILY)
        self.days = []

    def on_data(self, data):
        if data.bars.contains_key("SPY"):
            self.days.append(self.time.date().isoformat())

    def on_end_of_algorithm(self):
        self.debug(f"RANGE {self.start_date:%Y-%m-%d} {self.end_date:%Y-%m-%d %H:%M:%S}")
        self.debug("DAYS " + ",".join(self.days))
"""


def _line(outcome, prefix: str) -> str:
    return next(line for line in outcome.logs if prefix in line).split(prefix, 1)[1].strip()


def test_without_override_the_algorithm_dates_run(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ALGO, lean_data)
    assert outcome.error is None, outcome.error
    assert _line(outcome, "RANGE") == "2013-10-07 2013-10-11 23:59:59"
    assert _line(outcome, "DAYS").split(",")[-1] == "2013-10-11"


def test_override_replaces_both_dates(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        ALGO,
        lean_data,
        period_start=date(2013, 10, 8),
        period_end=date(2013, 10, 9),
    )
    assert outcome.error is None, outcome.error
    # as LEAN's SetEndDate: the end date covers its whole day
    assert _line(outcome, "RANGE") == "2013-10-08 2013-10-09 23:59:59"
    days = _line(outcome, "DAYS").split(",")
    # daily bars end at the close: the 8th's and the 9th's bars, none of the 7th, 10th or 11th
    assert days == ["2013-10-08", "2013-10-09"]
    config = outcome.result["algorithmConfiguration"]
    assert config["startDate"].startswith("2013-10-08")
    assert config["endDate"].startswith("2013-10-09")


def test_override_of_one_date_keeps_the_other(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ALGO, lean_data, period_end=date(2013, 10, 8))
    assert outcome.error is None, outcome.error
    assert _line(outcome, "RANGE") == "2013-10-07 2013-10-08 23:59:59"
    assert _line(outcome, "DAYS").split(",")[-1] == "2013-10-08"


def test_override_that_ends_before_it_starts_is_a_clear_error(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ALGO, lean_data, period_start=date(2013, 10, 15))
    assert outcome.status == "RuntimeError"
    assert "starts on 2013-10-15, after its end date 2013-10-11" in outcome.error


def test_cli_start_and_end_date(tmp_path, lean_data):
    project = write_project(tmp_path / "proj", ALGO)
    out = tmp_path / "out"
    proc = backtest(
        project, lean_data, out, "--start-date", "2013-10-09", "--end-date", "2013-10-10"
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads((out / "results.json").read_text())
    assert result["algorithmConfiguration"]["startDate"].startswith("2013-10-09")
    assert any("DAYS 2013-10-09,2013-10-10" in line for line in result["logs"])


def test_cli_refuses_bad_dates(tmp_path, lean_data):
    project = write_project(tmp_path / "proj", ALGO)
    proc = backtest(project, lean_data, tmp_path / "out", "--start-date", "2013-13-01")
    assert proc.returncode == 2 and "expected a date YYYY-MM-DD" in proc.stderr
    proc = backtest(
        project,
        lean_data,
        tmp_path / "out",
        "--start-date",
        "2013-10-10",
        "--end-date",
        "2013-10-08",
    )
    assert proc.returncode == 2 and "is after --end-date" in proc.stderr


ACCOUNT = """from AlgorithmImports import *


class Account(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.set_cash(100000)
        self.add_equity("SPY", Resolution.MINUTE)

    def on_end_of_algorithm(self):
        self.log(f"cash {self.portfolio.cash:.2f} spy {self.portfolio['SPY'].quantity:g} "
                 f"ibm {self.portfolio['IBM'].quantity:g}")
"""


def test_a_backtest_starts_with_the_account_it_is_given(tmp_path, lean_data):
    from test_cli import engine

    project = write_project(tmp_path / "p", ACCOUNT)
    out = tmp_path / "out"
    done = engine(
        "backtest",
        str(project),
        "--data",
        str(lean_data),
        "--out",
        str(out),
        "--cash",
        "USD=2500.5",
        "--holding",
        "SPY=10@140",
        "--holding",
        "IBM=3@180",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads((out / "results.json").read_text())
    assert "cash 2500.50 spy 10 ibm 3" in (out / "log.txt").read_text()
    # the equity is the given account's (cash and the holdings at market), not set_cash's 100,000
    equity = result["charts"]["Strategy Equity"]["series"]["Equity"]["values"]
    last = equity[-1][1] if isinstance(equity[-1], list) else equity[-1]["y"]
    assert 2500.5 + 10 * 130 + 3 * 150 < last < 2500.5 + 10 * 190 + 3 * 200
    bad = engine("backtest", str(project), "--data", str(lean_data), "--cash", "USD=lots")
    assert bad.returncode != 0 and "--cash expects CURRENCY=AMOUNT" in bad.stderr
