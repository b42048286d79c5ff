"""``python -m engine`` end to end (subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import write_project

REPO = Path(__file__).resolve().parents[3]

ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.add_equity("SPY", Resolution.MINUTE)
        self.debug("param " + self.get_parameter("p", "none"))
"""


def engine(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def backtest(
    project: Path, data: Path, out: Path, *options: str, timeout: float = 120
) -> subprocess.CompletedProcess:
    """``python -m engine backtest <project> --data <data> --out <out> <options>``."""
    return engine(
        "backtest", str(project), "--data", str(data), "--out", str(out), *options, timeout=timeout
    )


def test_backtest_writes_results_log_and_status(tmp_path, lean_data):
    project = write_project(tmp_path / "proj", ALGO)
    out = tmp_path / "out"
    status = tmp_path / "status.json"
    proc = backtest(
        project,
        lean_data,
        out,
        "--parameter",
        "p=7",
        "--status-file",
        str(status),
    )
    assert proc.returncode == 0, proc.stderr
    assert "Status: Completed" in proc.stdout and "Start Equity" in proc.stdout
    result = json.loads((out / "results.json").read_text())
    assert result["statistics"]["End Equity"] == "100000"
    assert result["algorithmConfiguration"]["parameters"] == {"p": "7"}
    assert (out / "log.txt").read_text().startswith("2013-10-07 00:00:00 param 7")
    assert json.loads(status.read_text()) | {"elapsed": 0} == {
        "progress": 1.0,
        "status": "Completed",
        "elapsed": 0,
    }


def test_backtest_error_exits_non_zero_and_still_writes_results(tmp_path, lean_data):
    project = write_project(
        tmp_path / "proj", ALGO + "    def on_data(self, data):\n        raise KeyError('x')\n"
    )
    out = tmp_path / "out"
    proc = backtest(project, lean_data, out)
    assert proc.returncode == 1
    result = json.loads((out / "results.json").read_text())
    assert "KeyError" in result["error"] and "main.py: line 11" in result["error"]
    assert "ERROR::" in (out / "log.txt").read_text()


def test_cancel_file_stops_with_cancelled(tmp_path, lean_data):
    project = write_project(tmp_path / "proj", ALGO)
    cancel = tmp_path / "cancel"
    cancel.write_text("")
    status = tmp_path / "status.json"
    proc = backtest(
        project,
        lean_data,
        tmp_path / "out",
        "--cancel-file",
        str(cancel),
        "--status-file",
        str(status),
    )
    assert proc.returncode == 3
    assert json.loads(status.read_text())["status"] == "Cancelled"


def test_time_limit_interrupts_user_code(tmp_path, lean_data):
    project = write_project(
        tmp_path / "proj",
        ALGO + "    def on_data(self, data):\n        while True:\n            pass\n",
    )
    out = tmp_path / "out"
    proc = backtest(
        project,
        lean_data,
        out,
        # long enough for the algorithm to reach on_data on a loaded machine (importing pandas
        # and the engine takes seconds when several test processes share two cores)
        "--max-seconds",
        "6",
        timeout=90,
    )
    assert proc.returncode == 4
    result = json.loads((out / "results.json").read_text())
    assert "time limit of 6 seconds" in result["error"]
    assert result["statistics"]["Start Equity"] == "100000"  # what was computed is kept


def test_memory_limit(tmp_path, lean_data):
    project = write_project(
        tmp_path / "proj", ALGO + "        self.big = bytearray(3_000_000_000)\n"
    )
    out = tmp_path / "out"
    proc = backtest(
        project,
        lean_data,
        out,
        "--max-memory-mb",
        "1500",
    )
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "memory" in json.loads((out / "results.json").read_text())["error"]


def test_check_command(tmp_path):
    project = write_project(
        tmp_path / "proj",
        """
class A(QCAlgorithm):
    def initialize(self):
        self.my_value = 1
        self.SetHoldingz("SPY", 1)
        x = undefined_name + self.my_value
""",
    )
    proc = engine("check", str(project), "--json")
    assert proc.returncode == 1
    found = json.loads(proc.stdout)
    messages = [d["message"] for d in found]
    assert "QCAlgorithm has no attribute 'SetHoldingz'" in messages
    assert any("undefined_name" in m for m in messages)
    assert all(d["file"] == "main.py" for d in found)


def test_a_file_given_for_the_project_folder_is_refused_clearly(tmp_path):
    project = write_project(tmp_path / "proj", ALGO)
    for command in ("check", "backtest"):
        proc = engine(command, str(project / "main.py"))
        assert proc.returncode == 2
        assert proc.stderr.strip() == (
            f"{project / 'main.py'} is not a project folder, a folder holding main.py "
            f"(give its folder, {project})"
        )
    assert not (project / "main.py" / "backtests").exists()


def test_snapshot_seconds_writes_snapshot_json(tmp_path, lean_data):
    project = write_project(tmp_path / "p", ALGO)
    out = tmp_path / "out"
    proc = backtest(project, lean_data, out, "--snapshot-seconds", "0")
    assert proc.returncode == 0, proc.stderr
    snapshot = json.loads((out / "snapshot.json").read_text())
    # the last snapshot is written as the run ends, with its final status
    assert snapshot["status"] == "Completed"
    assert {"equity", "holdings", "cash", "orders", "runtimeStatistics", "logs"} <= set(snapshot)
    assert snapshot["cash"]["USD"]["currencySymbol"] == "$"
    assert not (out / "snapshot.json.tmp").exists()
