"""One backtest run from a project folder to a result document (``engine.api.run_backtest``)."""

from __future__ import annotations

import logging
import time as _wall
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from engine.common.controls import Controls
from engine.errors import IncompleteData, MissingData, RunStopped, UserCodeError
from engine.runner.document_json import document_json_parts
from engine.runner.project import (
    LoadedProject,
    ProjectError,
    describe_user_error,
    import_guard,
    load_project,
    new_algorithm,
    unload_project,
)
from engine.runner.results import build_document, json_default
from engine.runner.runners import AlgorithmRunner, BacktestRunner, PeriodError
from engine.universe.fine_source import FineFundamentalSource, FineSourceError, use_fine_source

logger = logging.getLogger(__name__)


@dataclass
class BacktestOutcome:
    result: dict
    logs: list[str] = field(default_factory=list)
    error: str | None = None
    stacktrace: str | None = None
    status: str = "Completed"
    elapsed_seconds: float = 0.0
    data_points: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


def run_backtest(
    project_dir: str | Path,
    *,
    data_dir: str | Path,
    out_dir: str | Path | None = None,
    parameters: dict[str, Any] | None = None,
    on_progress: Callable[[float], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    object_store_dir: str | Path | None = None,
    snapshot_seconds: float | None = None,
    on_snapshot: Callable[[dict], None] | None = None,
    make_runner: Callable[..., AlgorithmRunner] = BacktestRunner,
    period_start: date | None = None,
    period_end: date | None = None,
    controls: Controls | None = None,
    cash: dict[str, float] | None = None,
    holdings: list[tuple[str, float, float]] | None = None,
    fundamentals_file: str | Path | None = None,
    working_dir: str | Path | None = None,
) -> BacktestOutcome:
    """Run ``main.py`` of ``project_dir`` on the LEAN data folder ``data_dir``.

    ``parameters``: name -> value (strings; ``get_parameter`` converts). ``on_progress(fraction)``
    is called with the share of simulated time done (throttled); ``should_cancel()`` is polled about
    five times a second of wall time and stops the run with status "Cancelled". ``on_snapshot``
    receives the run's state (``ResultHandler.snapshot``) every ``snapshot_seconds`` of wall time.
    With ``out_dir`` the result is written to ``out_dir/results.json`` and the logs to
    ``out_dir/log.txt``. ``make_runner(algorithm, data_dir, **handlers)`` builds the runner (a
    paper-trading replay passes ``ReplayRunner`` with its clock); its ``run()`` runs the loop.
    ``period_start``/``period_end`` replace the dates ``initialize`` set (LEAN's job
    ``PeriodStart``/``PeriodFinish``; a walk-forward split runs one algorithm on two ranges).
    ``controls``: the platform's limits of the run (engine/runner/controls.py).
    ``cash`` (currency -> amount) and ``holdings`` ((ticker, quantity, average price)) replace the
    account ``initialize`` set up (a reconciliation starts where its live deployment started).
    ``fundamentals_file``: fine-fundamental values (engine/universe/fine_source.py) the run's
    fundamental objects answer with.
    ``working_dir``: the folder relative local custom-data sources resolve against, as LEAN's
    process working directory (default: the project folder); it need not exist.
    """
    started = _wall.monotonic()
    project: LoadedProject | None = None
    algorithm = None
    runner: AlgorithmRunner | None = None
    error: str | None = None
    stacktrace: str | None = None
    status = "Completed"
    try:
        use_fine_source(
            FineFundamentalSource.from_csv(fundamentals_file) if fundamentals_file else None
        )
        project = load_project(project_dir)
        algorithm = new_algorithm(project)
        algorithm.set_parameters(dict(parameters or {}))
        if controls is not None:
            controls.apply(algorithm)
        period = {
            key: value
            for key, value in (("period_start", period_start), ("period_end", period_end))
            if value is not None
        }
        if cash:
            period["cash"] = cash
        if holdings:
            period["holdings"] = holdings
        runner = make_runner(
            algorithm,
            data_dir,
            on_progress=on_progress,
            should_cancel=should_cancel,
            snapshot_seconds=snapshot_seconds,
            on_snapshot=on_snapshot,
            **period,
        )
        runner.runtime.attach(
            object_store_dir=str(object_store_dir) if object_store_dir else None,
            project_dir=str(project.directory),  # custom data: relative paths
            working_dir=str(working_dir) if working_dir else None,
        )
        with import_guard(project.directory):
            try:
                runner.initialize()
                state = runner.run()
            except UserCodeError as exc:
                if isinstance(exc.original, IncompleteData):
                    # the strict-data stop, raised inside a step (an order, a history call, the
                    # feeds of a security added there): the data's fault, not the user's code
                    raise exc.original from None
                raise
        status = state.status
        if state.stop_reason and status != "Cancelled":
            error = None
    except ProjectError as exc:
        error, stacktrace, status = str(exc), exc.stacktrace or str(exc), "RuntimeError"
    except UserCodeError as exc:
        directory = project.directory if project else Path(".")
        message, file, _line, stack = describe_user_error(exc.original, directory)
        status = "RuntimeError"
        if file:
            error, stacktrace = f"Runtime Error: {message}", stack
        else:  # no user frame: the engine failed while handling the step
            error = (
                f"Engine error during {exc.where}: {type(exc.original).__name__}: {exc.original}"
            )
            stacktrace = "".join(traceback.format_exception(exc.original))
        absent = runner.runtime.absent_data() if runner is not None else []
        if absent:  # the failure may come from data the folder lacks: say so on the first line
            first, _, rest = error.partition("\n")
            error = f"{first} (data absent from the data folder: {'; '.join(absent)})" + (
                f"\n{rest}" if rest else ""
            )
        if algorithm is not None:
            algorithm.error(error)
    except FineSourceError as exc:
        error, stacktrace, status = str(exc), "", "RuntimeError"
    except MissingData as exc:
        error, stacktrace, status = str(exc), str(exc), "RuntimeError"
    except PeriodError as exc:
        error, stacktrace, status = str(exc), "", "RuntimeError"
    except MemoryError:
        error, stacktrace, status = "The backtest ran out of memory.", "", "RuntimeError"
    except RunStopped as exc:  # the time limit interrupted the run (possibly inside user code)
        error, stacktrace, status = str(exc), "", "RuntimeError"
    except Exception as exc:  # an engine bug: report it, never crash the caller
        error = f"Engine error: {type(exc).__name__}: {exc}"
        stacktrace, status = traceback.format_exc(), "RuntimeError"
    use_fine_source(None)  # the source is the run's: a later run in this process starts without
    if runner is not None and runner.results is not None:
        # the state as the run ended: a stop (or a liquidation before it) between two periodic
        # snapshots is otherwise never reported, as LEAN's live result handler sends its last
        # packet on exit
        try:
            runner.result_handler.emit_snapshot(status)
        except Exception:
            logger.exception("The final snapshot could not be written")
    logs = algorithm.logs if algorithm is not None else []
    if error and not any(error in line for line in logs):
        logs = [*logs, f"ERROR:: {error}"]
    result: dict = {}
    if algorithm is not None:
        try:
            result = build_document(
                algorithm, runner.results if runner is not None else None, status=status
            )
        except Exception as exc:  # keep whatever we have
            result = {"status": status}
            if error is None:
                error = f"Engine error while building results: {type(exc).__name__}: {exc}"
                stacktrace = traceback.format_exc()
    else:
        result = {"status": status}
    if error:
        result["error"] = error
        result["stacktrace"] = stacktrace or ""
    result["logs"] = logs
    outcome = BacktestOutcome(
        result,
        logs,
        error,
        stacktrace,
        status,
        _wall.monotonic() - started,
        runner.state.data_points if runner is not None else 0,
    )
    if out_dir is not None:
        write_outputs(outcome, Path(out_dir))
    if project is not None:
        unload_project(project)
    return outcome


def write_outputs(outcome: BacktestOutcome, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    # the document is a tree (built from fresh dicts and lists): no cycle check, and the rolling
    # windows' repeated trades are encoded once
    with (out_dir / "results.json").open("w", encoding="utf-8") as results:
        results.writelines(document_json_parts(outcome.result, json_default))
    (out_dir / "log.txt").write_text(
        "\n".join(outcome.logs) + ("\n" if outcome.logs else ""), encoding="utf-8"
    )
