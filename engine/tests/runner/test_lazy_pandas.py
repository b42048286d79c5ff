"""A backtest that does not use pandas does not import it; ``pd`` works when an algorithm uses it.

(pandas takes about half a second to import; ``engine/common/lazy_module.py``.)"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from helpers import write_project

REPO = Path(__file__).resolve().parents[3]

RUN = r"""
import sys
from engine.api import run_backtest

outcome = run_backtest(sys.argv[1], data_dir=sys.argv[2])
print("status", outcome.status)
print("pandas imported", "pandas" in sys.modules)
print("\n".join(outcome.logs))
"""

NO_PANDAS = """
class Plain(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.add_equity("SPY", Resolution.MINUTE)

    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings("SPY", 1)
"""

USES_PANDAS = """
class Frames(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.add_equity("SPY", Resolution.DAILY)
        frame = pd.DataFrame({"a": [1.0, 2.0]})
        self.debug(f"mean {frame['a'].mean()} {type(frame).__module__.split('.')[0]}")
"""


def _run(project: Path, data: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RUN), str(project), str(data)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_backtest_without_pandas_does_not_import_it(tmp_path, lean_data):
    out = _run(write_project(tmp_path / "plain", NO_PANDAS), lean_data)
    assert "status Completed" in out
    assert "pandas imported False" in out


def test_pd_from_algorithm_imports_is_pandas_on_first_use(tmp_path, lean_data):
    project = write_project(tmp_path / "frames", USES_PANDAS)
    out = _run(project, lean_data)
    assert "status Completed" in out and "pandas imported True" in out
    assert "mean 1.5 pandas" in out
