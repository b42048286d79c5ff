"""The engine's exceptions, in one leaf module every layer may import (it imports nothing).

How a run reports each of them is decided in ``engine.runner.backtest.run_backtest``:

- ``UserCodeError``: the user's algorithm raised; kept with the original exception and where the
  engine was when it happened ("on_data", "scheduled event 'x'", ...).
- ``MissingData``: a subscription (or a currency conversion) has no data at all.
- ``IncompleteData`` (a ``MissingData``): files absent beside the ones the folder has, a stop only
  under the strict-data control (otherwise a warning).
- ``AlgorithmError``: a misuse of the QCAlgorithm API (a bad argument, a call at the wrong time).
- ``RunCancelled``: raised to abandon a run at once; the loop itself stops a cancelled run at its
  next poll and reports the status ``Cancelled``.
- ``RunStopped``: the hard time limit interrupted the run, possibly inside user code. A
  ``BaseException`` so that a user's ``except Exception`` cannot swallow it.
"""

from __future__ import annotations


class UserCodeError(Exception):
    """An exception raised by the user's algorithm (kept with its original traceback)."""

    def __init__(self, where: str, original: BaseException) -> None:
        super().__init__(f"{where}: {type(original).__name__}: {original}")
        self.where = where
        self.original = original


class MissingData(Exception):
    """A subscription has no data files at all (the message names the expected file)."""


class IncompleteData(MissingData):
    """Under ``Controls.strict_data``: files the folder lacks beside the ones it has (a day's trade
    files without their quote files); the message names the security and the files."""


class AlgorithmError(Exception):
    """A misuse of the API reported to the user (bad argument, call at the wrong time)."""


class RunCancelled(Exception):
    """Raised to abandon a run at once (the loop itself stops cancelled runs at its next poll)."""


class RunStopped(BaseException):  # noqa: N818 - BaseException: user `except Exception` must not swallow it
    """Raised in the main thread when the time limit is exceeded inside user code."""


class InvalidOperationException(Exception):  # noqa: N818 - .NET's name, caught by LEAN algorithms
    """.NET's ``InvalidOperationException``: a call not valid in the object's current state (LEAN
    raises it, e.g., for a tick history request given a number of periods)."""


class ArgumentException(ValueError):  # noqa: N818 - .NET's name, caught by LEAN algorithms
    """.NET's ``ArgumentException``: an argument the callee cannot work with (LEAN raises it, e.g.,
    when an option price model does not price the contract's option style). A ``ValueError``, so
    Python code catching that catches it too."""


class HistoryError(Exception):
    """A history call the engine cannot serve (bad arguments, no data folder, a form of a request
    this engine lacks)."""


class HistoryOperationError(HistoryError, InvalidOperationException):
    """A history request LEAN refuses with ``InvalidOperationException`` (a tick count, bars of
    ticks); user code catches it under either name."""


# The names these had before they moved here (runner modules re-export them under these names).
BacktestCancelled = RunCancelled
BacktestStopped = RunStopped

__all__ = [
    "AlgorithmError",
    "ArgumentException",
    "InvalidOperationException",
    "BacktestCancelled",
    "BacktestStopped",
    "HistoryError",
    "HistoryOperationError",
    "MissingData",
    "IncompleteData",
    "RunCancelled",
    "RunStopped",
    "UserCodeError",
]
