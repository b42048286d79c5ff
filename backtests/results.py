"""Reading what a finished backtest left behind: JSON files and the numbers of its statistics.

Pure functions, no Django models: used by the worker (outcome and key numbers), the selectors
(result document), the pages and the REST API.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any


def read_json_file(path: Path) -> Any | None:
    """The parsed JSON of `path`; None when it is missing, unreadable or not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def statistic_value(result: dict, name: str, *, runtime: bool = False) -> float | None:
    """The engine's number for a statistic shown as text: `name` "Net Profit" is `netProfit` in
    the document's `statisticsValues` (`runtimeStatisticsValues` with `runtime`). None when the
    document has none (written by an older engine) or the value is not a number."""
    values = result.get("runtimeStatisticsValues" if runtime else "statisticsValues") or {}
    words = re.findall(r"[A-Za-z0-9]+", name)
    key = words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:]) if words else ""
    value = values.get(key)
    return float(value) if isinstance(value, int | float) else None
