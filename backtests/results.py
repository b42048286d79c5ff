"""Reading what a finished backtest left behind: JSON files and the numbers in its statistics.

Pure functions, no Django models: used by the worker (outcome and key numbers), the selectors
(result document), the pages and the REST API.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_json_file(path: Path) -> Any | None:
    """The parsed JSON of `path`; None when it is missing, unreadable or not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def parse_statistic(value: Any) -> float | None:
    """A LEAN statistics value as a number: "$1,234.56" -> 1234.56, "5.3%" -> 5.3, 3 -> 3.0;
    None when it is missing or not a number ("-", "AAPL R735QTJ8XC9X").

    LEAN's result document writes its statistics as display strings (currency signs, thousands
    separators, percent signs); this is the one place that reads them back as numbers."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    cleaned = str(value).replace("$", "").replace(",", "").replace("%", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None
