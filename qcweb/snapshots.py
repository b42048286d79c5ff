"""Following a running engine job through the snapshots it writes (`python -m engine ...
--snapshot-seconds N` rewrites `snapshot.json` in its output folder, `engine/runner/result_handler.py`).

Shared by the live deployments' worker and the backtest worker: both read the job's folder as
hostile output (regular files only, capped) and act only when a file changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qcweb import sandbox

SNAPSHOT_FILE = "snapshot.json"


class ChangedOutput:
    """Reads JSON files of a running job's folder (hostile: regular files only, capped) and
    answers only when a file's content changed since the last read, so an unchanged snapshot
    costs no database write and no page update."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.last: dict[str, bytes] = {}

    def read(self, name: str, *, max_bytes: int) -> dict[str, Any] | None:
        try:
            data = sandbox.read_output(self.folder, name, max_bytes=max_bytes)
        except (sandbox.UnsafeOutput, OSError):
            return None
        if not data or self.last.get(name) == data:
            return None
        self.last[name] = data
        try:
            value = json.loads(data)
        except ValueError:  # a file cut at the cap, or not JSON
            return None
        return value if isinstance(value, dict) else None


def new_log_lines(snapshot: dict[str, Any], seen: int) -> tuple[list[str], int]:
    """Lines the engine logged since `seen` (its count this run), and the new count. A snapshot
    carries only the latest lines: a gap is reported as such."""
    logs = snapshot.get("logs")
    count = snapshot.get("logCount")
    if not isinstance(logs, list) or not isinstance(count, int) or count <= seen:
        return [], seen
    fresh = count - seen
    lines = [str(line) for line in logs[-fresh:]]
    if fresh > len(logs):
        lines.insert(0, f"LOG:: {fresh - len(logs)} lines were logged too fast to be kept.")
    return lines, count
