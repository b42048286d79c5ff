"""The engine's public interface for the web app (and anything else embedding it).

    run_backtest(project_dir, *, data_dir, out_dir=None, parameters=None, on_progress=None,
                 should_cancel=None, object_store_dir=None) -> BacktestOutcome
    check_project(project_dir) -> list[Diagnostic]

``run_backtest`` never raises for problems of the user's project or data: they come back in
``BacktestOutcome.error`` / ``.stacktrace`` with whatever result was computed so far.
See engine/README.md.
"""

from __future__ import annotations

from engine.runner.backtest import BacktestOutcome, run_backtest
from engine.runner.check import Diagnostic, check_project

__all__ = ["BacktestOutcome", "Diagnostic", "check_project", "run_backtest"]
