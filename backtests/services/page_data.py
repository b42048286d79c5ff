"""The results page's data, computed once when a backtest ends and stored beside its results.

A finished backtest never changes, yet its page used to parse the whole result document (often
megabytes: every order, every chart point) and rebuild every Plotly figure on each request, and
inlined the figures into the HTML. Now the worker stores, next to `results.json`:

- `page-summary.json`: the few keys the page's overview shows (statistics, runtime statistics,
  the datasets read), the list of figures and the chart data's ETag;
- `charts.json.gz`: every figure of the page as one gzip-compressed JSON document, served as it
  is (`Content-Encoding: gzip`) by `backtests:chart_data` with its ETag.

Backtests that ended before this existed get both on the first view of their page (`FORMAT`
also rebuilds them when the figures' shape changes).

A running backtest's page shows `partial.json`, rewritten by the worker from the engine's
periodic snapshots (`partial_update`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import datetime
from typing import Any

from backtests import charts, formatting, presenters
from backtests.models import Backtest
from backtests.selectors import exchange_time_zones
from backtests.storage import (
    CHART_DATA,
    PAGE_SUMMARY,
    PARTIAL,
    RESULTS,
    output_read,
    output_version,
    output_write,
)

# Bumped whenever the stored figures or summary change shape: older copies are rebuilt.
FORMAT = 3
SUMMARY_KEYS = (
    "statistics",
    "statisticsValues",
    "runtimeStatistics",
    "runtimeStatisticsValues",
    "dataSubscriptions",
)
# The range buttons of a time-axis chart (QuantConnect's 1M / 3M / 1Y / All).
RANGE_BUTTONS = {
    "buttons": [
        {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
        {"count": 3, "label": "3m", "step": "month", "stepmode": "backward"},
        {"count": 1, "label": "1y", "step": "year", "stepmode": "backward"},
        {"label": "all", "step": "all"},
    ],
    "x": 1,
    "xanchor": "right",
    # just above the plot area, below Plotly's toolbar (the modebar, top right of the figure),
    # which covered them when they sat higher
    "y": 1.02,
    "yanchor": "bottom",
    "font": {"size": 11},
}
RANGE_BUTTONS_MARGIN_TOP = 64  # pixels above the plot area: the toolbar, then the buttons
# What a running backtest's page keeps of the snapshots.
PARTIAL_EQUITY_POINTS = 2000
PARTIAL_LOG_LINES = 200
PARTIAL_ORDERS = 50
PARTIAL_SUBSCRIPTIONS = 200  # the securities kept to find the orders' exchange time zones


def page_figures(result: dict) -> list[tuple[str, str, dict]]:
    """(id, title, Plotly figure) of every chart the results page shows, in order."""
    figures = [("equity", "Strategy Equity", charts.equity_figure(result))]
    figures.append(("drawdown", "Drawdown", charts.drawdown_figure(result)))
    for index, (name, figure) in enumerate(charts.other_figures(result)):
        figures.append((f"chart-{index}", name, figure))
    for _, _, figure in figures:
        xaxis = figure["layout"].get("xaxis")
        if xaxis and xaxis.get("type") == "date":  # not pies; the PDF's figures stay without
            figure["layout"]["xaxis"] = {**xaxis, "rangeselector": RANGE_BUTTONS}
            margin = figure["layout"].get("margin") or {}
            top = max(margin.get("t", 0), RANGE_BUTTONS_MARGIN_TOP)
            figure["layout"]["margin"] = {**margin, "t": top}
    return figures


def page_data_store(*, backtest: Backtest, result: dict) -> dict[str, Any]:
    """Compute and store the page's summary and chart data from the result document; returns
    the summary."""
    figures = page_figures(result) if result.get("statistics") or result.get("charts") else []
    document = json.dumps(
        {fid: figure for fid, _, figure in figures}, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")
    # mtime=0: the same figures give the same bytes, so the same ETag after a rebuild
    compressed = gzip.compress(document, compresslevel=6, mtime=0)
    summary: dict[str, Any] = {key: result.get(key) or {} for key in SUMMARY_KEYS}
    summary["dataSubscriptions"] = result.get("dataSubscriptions") or []
    summary.update(
        {
            "format": FORMAT,
            "hasResult": bool(result.get("statistics") or result.get("charts")),
            "figures": [{"id": fid, "title": title} for fid, title, _ in figures],
            "insightCount": len(result.get("insights") or []),
            "etag": hashlib.sha256(compressed).hexdigest()[:32],
            "chartBytes": len(document),
            # the results document it was built from: a rewritten one gives a new summary
            "resultsVersion": output_version(backtest, RESULTS),
        }
    )
    output_write(backtest, CHART_DATA, compressed)
    output_write(backtest, PAGE_SUMMARY, json.dumps(summary).encode("utf-8"))
    return summary


def page_summary(*, backtest: Backtest) -> dict[str, Any]:
    """The stored summary of a finished backtest (built from its results the first time it is
    missing, outdated, or older than the results document); {} while it runs or when it left no result document."""
    if not backtest.is_finished:
        return {}
    stored: dict[str, Any] = {}
    data = output_read(backtest, PAGE_SUMMARY)
    if data:
        try:
            summary = json.loads(data)
        except ValueError:
            summary = None
        if isinstance(summary, dict) and summary.get("format") == FORMAT:
            stored = summary
            if summary.get("resultsVersion") == output_version(backtest, RESULTS):
                return summary
    # missing, outdated, or the results document was written after it: build it again, unless
    # the document cannot be read any more (then the stored copy is what is left)
    raw = output_read(backtest, RESULTS)
    try:
        result = json.loads(raw) if raw else None
    except ValueError:
        result = None
    if not isinstance(result, dict):
        return stored
    return page_data_store(backtest=backtest, result=result)


def chart_data(*, backtest: Backtest) -> bytes | None:
    """The stored gzip-compressed figures; None when there are none."""
    return output_read(backtest, CHART_DATA)


# -- while it runs --------------------------------------------------------------------------------
def _algorithm_time(text: Any) -> str | None:
    """The snapshot's algorithm time as "YYYY-MM-DD HH:MM:SS" (the algorithm's time zone, as the
    engine reports it), or None when it is not a time."""
    try:
        return datetime.fromisoformat(str(text)).strftime("%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError):
        return None


def partial_update(
    *, backtest: Backtest, partial: dict[str, Any], snapshot: dict[str, Any], lines: list[str]
) -> dict[str, Any]:
    """Fold one engine snapshot (untrusted: the job wrote it) into the running page's state
    `partial` (equity points, the latest log lines, orders and runtime statistics), store it and
    return it."""
    equity = list(partial.get("equity") or [])
    when, value = _algorithm_time(snapshot.get("time")), snapshot.get("equity")
    if when is not None and isinstance(value, int | float) and (not equity or equity[-1][0] < when):
        equity.append([when, float(value)])
        if len(equity) > PARTIAL_EQUITY_POINTS:  # thin the middle, keep both ends
            equity = equity[:1] + equity[1:-1][::2] + equity[-1:]
    logs = (list(partial.get("logs") or []) + [line[:2000] for line in lines])[-PARTIAL_LOG_LINES:]
    raw_orders = snapshot.get("orders")
    orders = raw_orders if isinstance(raw_orders, dict) else {}
    newest = sorted(orders, key=lambda k: int(k) if str(k).isdigit() else 0)[-PARTIAL_ORDERS:]
    state = {
        "time": when or "",
        "equity": equity,
        "logs": logs,
        "logCount": snapshot.get("logCount") if isinstance(snapshot.get("logCount"), int) else 0,
        "orderCount": len(orders),
        "orders": {k: orders[k] for k in newest if isinstance(orders[k], dict)},
        "runtimeStatistics": _strings(snapshot.get("runtimeStatistics")),
        "runtimeStatisticsValues": _numbers(snapshot.get("runtimeStatisticsValues")),
        # what each security's exchange time zone is found from, so the running page shows
        # order times in exchange time as the finished page does
        "dataSubscriptions": _subscriptions(snapshot.get("dataSubscriptions")),
    }
    output_write(backtest, PARTIAL, json.dumps(state).encode("utf-8"))
    return state


def _strings(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k)[:64]: str(v)[:64] for k, v in list(value.items())[:40]}


def _subscriptions(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        return []
    keys = ("symbol", "securityType", "market")
    return [
        {key: str(entry.get(key) or "")[:64] for key in keys}
        for entry in value[:PARTIAL_SUBSCRIPTIONS]
        if isinstance(entry, dict)
    ]


def _numbers(value: Any) -> dict[str, float]:
    if not isinstance(value, dict):
        return {}
    return {str(k)[:64]: v for k, v in list(value.items())[:40] if isinstance(v, int | float)}


def partial_state(*, backtest: Backtest) -> dict[str, Any]:
    """What the worker last stored of a running backtest; {} before its first snapshot."""
    data = output_read(backtest, PARTIAL)
    try:
        state = json.loads(data) if data else {}
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def partial_context(*, backtest: Backtest) -> dict[str, Any]:
    """The running page's partial results, as the template shows them."""
    state = partial_state(backtest=backtest)
    if not state:
        return {"partial": None}
    xs = [t for t, _ in state.get("equity") or []]
    ys = [v for _, v in state.get("equity") or []]
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Equity",
                "x": xs,
                "y": ys,
                "line": {"color": charts.EQUITY_COLOR, "width": 2},
                "hovertemplate": "$%{y:,.2f}<extra>Equity</extra>",
            }
        ],
        "layout": charts.figure_layout(height=300) | {"showlegend": False, "uirevision": "partial"},
    }
    figure["layout"]["yaxis"].update({"tickprefix": "$", "tickformat": ",.0f"})
    zones = exchange_time_zones(state)
    orders = presenters.orders({"orders": state.get("orders") or {}}, zones)
    orders.reverse()
    return {
        "partial": {
            "time": state.get("time", ""),
            "runtime_statistics": presenters.runtime_statistics(state),
            "orders": orders,
            "time_zone": formatting.zone_label(zones),
            "order_count": state.get("orderCount", 0),
            "logs": state.get("logs") or [],
            "log_count": state.get("logCount", 0),
            "figure": figure,
        }
    }
