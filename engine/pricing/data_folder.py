"""Where the pricing models find the run's data folder (LEAN's ``Globals.DataFolder``): the
risk-free rate file, factor files (dividend yields) and the market-hours database. The algorithm
layer installs its run's folder with ``set_source``; without one the models use LEAN's defaults
(1 % risk-free rate, no dividends, regular US equity hours)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_source: list[Callable[[], Any]] = [lambda: None]


def set_source(source: Callable[[], Any]) -> None:
    """``source()`` answers the current run's data folder (or None)."""
    _source[0] = source


def current() -> Any:
    """The run's data folder, or None outside a run."""
    return _source[0]() or None
