"""The numbers of a finished backtest's statistics, from its result document.

Pure functions, no Django models: used by the pages and the REST API (the document itself is
read through `backtests.storage` / `backtests.selectors.backtest_result`).
"""

from __future__ import annotations

import re


def statistic_value(result: dict, name: str, *, runtime: bool = False) -> float | None:
    """The engine's number for a statistic shown as text: `name` "Net Profit" is `netProfit` in
    the document's `statisticsValues` (`runtimeStatisticsValues` with `runtime`). None when the
    document has none (written by an older engine) or the value is not a number."""
    values = result.get("runtimeStatisticsValues" if runtime else "statisticsValues") or {}
    words = re.findall(r"[A-Za-z0-9]+", name)
    key = words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:]) if words else ""
    value = values.get(key)
    return float(value) if isinstance(value, int | float) else None
