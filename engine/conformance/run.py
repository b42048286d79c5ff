"""Run LEAN's Python regression algorithms through this engine and compare with LEAN's figures.

Each algorithm runs as ``python -m engine backtest`` in a process of its own (a time limit, and a
crash stays one line of the report), on the checkout's ``Data/`` folder, with the ``parameters``
of its ``Launcher/config.json``. The code run is LEAN's own repository, chosen by the developer;
the web platform never runs this.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.conformance.catalog import Case
from engine.conformance.compare import differences

AGREE, DIFFER, ERROR, TIMEOUT = "agree", "differ", "error", "timeout"
# LEAN's twin declares CanRunLocally false: its figures need data the LEAN repository does not
# ship, so no run on the sample folder can be held to them (whatever ours gives, kept in
# ``run_status``)
NOT_LOCAL = "not-local"


@dataclass
class Outcome:
    name: str
    area: str
    status: str
    detail: str
    seconds: float
    # what the run itself gave (agree, differ, error, timeout); ``status`` is the same but
    # ``not-local`` for an algorithm LEAN marks CanRunLocally false
    run_status: str = ""
    # LEAN's ExpectedStatistics and ours (every statistic, compared or not), for the
    # all-statistics report (``engine/conformance/all_statistics.py``); empty when no run result
    expected: dict[str, str] = field(default_factory=dict)
    statistics: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.run_status = self.run_status or self.status


def launcher_parameters(lean_root: Path) -> dict[str, str]:
    """The ``parameters`` of the checkout's ``Launcher/config.json`` (JSON with comments)."""
    import json5

    path = lean_root / "Launcher" / "config.json"
    if not path.exists():
        return {}
    config = json5.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in (config.get("parameters") or {}).items()}


def launcher_working_dir(lean_root: Path) -> Path:
    """The working directory of LEAN's launcher (``Launcher/bin/Debug`` of the checkout, where a
    build puts it); the folder need not exist, paths through it are joined lexically."""
    return lean_root / "Launcher" / "bin" / "Debug"


def _project(case: Case, folder: Path) -> Path:
    """A project folder: the algorithm as main.py, its sibling files importable (some regression
    algorithms import helpers from other files of Algorithm.Python)."""
    project = folder / "project"
    project.mkdir()
    (project / "main.py").write_text(case.python_file.read_text(encoding="utf-8"))
    for sibling in case.python_file.parent.glob("*.py"):
        if sibling != case.python_file and sibling.name != "main.py":
            (project / sibling.name).symlink_to(sibling)
    return project


def run_case(
    case: Case,
    **options: Any,
) -> Outcome:
    """One algorithm (``run_engine``), reported ``not-local`` when LEAN's twin declares
    CanRunLocally false."""
    outcome = run_engine(case, **options)
    if case.can_run_locally:
        return outcome
    ours = f"{outcome.status}{': ' + outcome.detail if outcome.detail else ''}"
    detail = f"LEAN's figures need data its repository lacks (CanRunLocally false); ours: {ours}"
    return Outcome(
        case.name,
        case.area,
        NOT_LOCAL,
        detail,
        outcome.seconds,
        run_status=outcome.status,
        expected=outcome.expected,
        statistics=outcome.statistics,
    )


def run_engine(
    case: Case,
    *,
    data_dir: Path,
    parameters: dict[str, str],
    timeout: float,
    fundamentals: Path | None = None,
    working_dir: Path | None = None,
) -> Outcome:
    """One algorithm in an engine process of its own. ``working_dir`` stands for LEAN's process
    working directory (relative local custom-data sources resolve against it)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lean-regression-") as tmp:
        folder = Path(tmp)
        out = folder / "out"
        command = [sys.executable, "-m", "engine", "backtest", str(_project(case, folder))]
        command += ["--data", str(data_dir), "--out", str(out), "--max-seconds", f"{timeout:g}"]
        # a day's trade files without their quote files stop the run naming them: a run on part of
        # LEAN's data would otherwise count as the engine disagreeing
        command.append("--strict-data")
        if working_dir is not None:
            command += ["--working-dir", str(working_dir)]
        for key, value in sorted(parameters.items()):
            command += ["--parameter", f"{key}={value}"]
        if fundamentals is not None:  # LEAN's regression runs' fine data (fundamentals.py)
            command += ["--fundamentals", str(fundamentals)]
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        try:
            subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout + 30,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Outcome(case.name, case.area, TIMEOUT, f"over {timeout:g} s", timeout)
        elapsed = time.monotonic() - started
        try:
            result = json.loads((out / "results.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Outcome(case.name, case.area, ERROR, "no results.json written", elapsed)
    figures = {"expected": dict(case.expected), "statistics": _strings(result.get("statistics"))}
    if result.get("error"):
        first = str(result["error"]).strip().splitlines()[0][:240]
        if _stopped_as_lean(case, str(result["error"])):
            # LEAN's twin expects this algorithm to stop with an error: its figures still count
            diffs = differences(case.expected, result.get("statistics") or {})
            if not diffs:
                detail = f"stopped as LEAN: {first}"
                return Outcome(case.name, case.area, AGREE, detail, elapsed, **figures)
        status = TIMEOUT if "time limit" in first else ERROR
        return Outcome(case.name, case.area, status, first, elapsed, **figures)
    diffs = differences(case.expected, result.get("statistics") or {})
    if diffs:
        return Outcome(case.name, case.area, DIFFER, "; ".join(diffs), elapsed, **figures)
    return Outcome(case.name, case.area, AGREE, "", elapsed, **figures)


def _strings(statistics: Any) -> dict[str, str]:
    """A run's statistics as the strings shown (results.json holds strings; anything else is
    printed as Python would)."""
    if not isinstance(statistics, dict):
        return {}
    return {str(key): str(value) for key, value in statistics.items()}


def _stopped_as_lean(case: Case, error: str) -> bool:
    """Whether the run's error is the end LEAN's twin declares: ``AlgorithmStatus.Running`` is an
    initialization that fails (the algorithm never starts), ``RuntimeError`` a run that stops with
    an error."""
    if "time limit" in error:
        return False
    # an engine error names the step ("... during initialize"), a user error its frame ("at
    # initialize")
    in_initialize = "during initialize" in error or "\n  at initialize\n" in error
    if case.status == "Running":
        return in_initialize
    return case.status == "RuntimeError" and not in_initialize


def run_all(
    cases: Iterable[Case],
    *,
    data_dir: Path,
    parameters: dict[str, str],
    timeout: float,
    jobs: int,
    report: Callable[[Outcome], None] | None = None,
    fundamentals: Path | None = None,
    working_dir: Path | None = None,
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    options = {
        "data_dir": data_dir,
        "parameters": parameters,
        "timeout": timeout,
        "fundamentals": fundamentals,
        "working_dir": working_dir,
    }
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(run_case, c, **options) for c in cases]
        for future in futures:
            outcome = future.result()
            outcomes.append(outcome)
            if report is not None:
                report(outcome)
    return outcomes


def format_line(outcome: Outcome) -> str:
    detail = f"  {outcome.detail}" if outcome.detail else ""
    return (
        f"{outcome.status.upper():10s}{outcome.area:17s}{outcome.name} "
        f"({outcome.seconds:.1f} s){detail}"
    )


def summary(outcomes: list[Outcome]) -> str:
    """A table by area, then the share that agrees outside options and futures."""
    by_area: dict[str, Counter] = defaultdict(Counter)
    for outcome in outcomes:
        by_area[outcome.area][outcome.status] += 1
    lines = [
        f"{'area':17s}{'total':>6s}{AGREE:>8s}{DIFFER:>8s}{ERROR:>8s}{TIMEOUT:>9s}{NOT_LOCAL:>11s}"
    ]
    for area in sorted(by_area):
        counts = by_area[area]
        lines.append(
            f"{area:17s}{sum(counts.values()):6d}{counts[AGREE]:8d}{counts[DIFFER]:8d}"
            f"{counts[ERROR]:8d}{counts[TIMEOUT]:9d}{counts[NOT_LOCAL]:11d}"
        )
    not_local = [o for o in outcomes if o.status == NOT_LOCAL]
    if not_local:
        anyway = sum(o.run_status == AGREE for o in not_local)
        lines.append(
            f"{NOT_LOCAL} (LEAN's CanRunLocally false): {len(not_local)}, "
            f"{anyway} of them agree anyway"
        )
    scope = [o for o in outcomes if o.area != "options/futures"]
    if scope:
        agree = sum(o.status == AGREE for o in scope)
        lines.append(
            f"outside options/futures: {agree} of {len(scope)} agree "
            f"({100 * agree / len(scope):.1f} %)"
        )
    return "\n".join(lines)


def write_json(outcomes: list[Outcome], path: Path) -> None:
    path.write_text(json.dumps([asdict(o) for o in outcomes], indent=1), encoding="utf-8")
