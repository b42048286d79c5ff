"""Data LEAN would read that the data folder lacks, where the run can go on without it.

By default a warning in the algorithm's log, named again by the run's error if the run fails (a
failure may come from the absent data). Under the strict-data control (``Controls.strict_data``,
``python -m engine backtest --strict-data``) absent data that sets a security's prices stops the
run at once with ``IncompleteData`` naming the files: a run on part of LEAN's data cannot be
compared with LEAN's figures. An equity's quote ticks do not set its prices in that sense: its
prices and fills come from trades when quotes are absent, as for much of LEAN's own data folder
(minute and second equity days without quote files), so they stay a warning.
"""

from __future__ import annotations

from typing import Any

from engine.common.controls import controls_of
from engine.errors import IncompleteData


def note_absent_data(algorithm: Any, message: str, *, prices: bool = True) -> None:
    """Warn once per message (or stop, see the module's note) about absent data."""
    if prices and controls_of(algorithm).strict_data:
        raise IncompleteData(
            f"Incomplete data (strict data): {message} The run stops here because it was started "
            "with --strict-data; without it the run goes on without these files."
        )
    notes = algorithm.__dict__.setdefault("_absent_data_notes", [])
    if message not in notes:
        notes.append(message)
        algorithm.debug(f"Warning: {message}")


def absent_data_notes(algorithm: Any) -> list[str]:
    """The absent-data warnings of the run so far."""
    return list(algorithm.__dict__.get("_absent_data_notes", []))
