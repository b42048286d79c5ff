"""The engine's public interface for the web app (and anything else embedding it).

    run_backtest(project_dir, *, data_dir, out_dir=None, parameters=None, on_progress=None,
                 should_cancel=None, object_store_dir=None) -> BacktestOutcome
    check_project(project_dir) -> list[Diagnostic]
    json_default(value)   # json.dumps(outcome.result, default=json_default)

``run_backtest`` never raises for problems of the user's project or data: they come back in
``BacktestOutcome.error`` / ``.stacktrace`` with whatever result was computed so far.
See engine/README.md.
"""

from __future__ import annotations

from engine.runner.backtest import BacktestOutcome, run_backtest
from engine.runner.check import Diagnostic, check_project
from engine.runner.results import json_default

__all__ = ["BacktestOutcome", "Diagnostic", "check_project", "json_default", "run_backtest"]
