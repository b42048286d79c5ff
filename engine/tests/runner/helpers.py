"""Write a one-file project and run it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from engine.api import BacktestOutcome, run_backtest

HEADER = "from AlgorithmImports import *\n\n"


def write_project(folder: Path, source: str, **extra_files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.py").write_text(HEADER + textwrap.dedent(source), encoding="utf-8")
    for name, text in extra_files.items():
        (folder / f"{name}.py").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def run(folder: Path, source: str, data: Path, **kwargs) -> BacktestOutcome:
    return run_backtest(write_project(folder, source), data_dir=data, **kwargs)


def debug_lines(outcome: BacktestOutcome) -> list[str]:
    return [line for line in outcome.logs if "ERROR::" not in line]
