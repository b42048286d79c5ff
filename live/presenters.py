"""What the live page shows of a deployment's saved state (the engine's snapshot), its charts
(Plotly figures built by the backtest results page's helpers, `backtests.charts`) and its log."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from backtests import charts as figures
from backtests import formatting
from backtests.selectors import exchange_time_zones
from live import conf
from live.models import LiveDeployment
from live.selectors import project_equity
from live.services.builtins import MANUAL_TAG
from live.services.commands import deployment_commands
from live.services.reconciliation import reconciliation_for
from live.services.results import deployment_charts, log_meta

LOG_TAIL_LINES = 200
# LEAN's default runtime statistics, in the order of QuantConnect's live results banner.
RUNTIME_STATISTICS = (
    "Equity",
    "Fees",
    "Holdings",
    "Net Profit",
    "Probabilistic Sharpe Ratio",
    "Return",
    "Unrealized",
    "Volume",
)
OPEN_STATUSES = ("New", "Submitted", "PartiallyFilled", "UpdateSubmitted", "CancelPending")


def holdings_rows(deployment: LiveDeployment) -> list[dict[str, Any]]:
    rows = []
    for row in ((deployment.state or {}).get("holdings") or {}).values():
        if not isinstance(row, dict) or not row.get("quantity"):
            continue
        rows.append(
            {
                "symbol": str((row.get("symbol") or {}).get("value", "")),
                "quantity": row.get("quantity"),
                "average_price": row.get("averagePrice"),
                "market_price": row.get("marketPrice"),
                "unrealized": row.get("unrealizedPnl"),
            }
        )
    return sorted(rows, key=lambda r: r["symbol"])


def cash_rows(deployment: LiveDeployment) -> list[dict[str, Any]]:
    rows = []
    for code, row in ((deployment.state or {}).get("cash") or {}).items():
        if isinstance(row, dict):
            rows.append({"currency": code, "amount": row.get("amount")})
    return rows


ORDER_STATUS = {
    0: "New",
    1: "Submitted",
    2: "PartiallyFilled",
    3: "Filled",
    5: "Canceled",
    6: "None",
    7: "Invalid",
    8: "CancelPending",
    9: "UpdateSubmitted",
}


def order_rows(
    deployment: LiveDeployment, limit: int = 100, zones: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The newest orders first; times in each symbol's exchange time zone when `zones` (ticker ->
    zone name, `exchange_time_zones` of the state) names it, else UTC, as the backtest results
    page shows them."""
    orders = (deployment.state or {}).get("orders") or {}
    zones = zones or {}
    rows = []
    for key in sorted(orders, key=lambda k: int(k) if str(k).isdigit() else 0, reverse=True):
        order = orders[key]
        if not isinstance(order, dict):
            continue
        symbol = order.get("symbol")
        ticker = symbol.get("value") if isinstance(symbol, dict) else symbol
        zone = zones.get(str(ticker))
        status = order.get("status")
        rows.append(
            {
                "id": order.get("id", key),
                "time": formatting.date_time(order.get("time") or order.get("createdTime"), zone),
                "zone": zone or "UTC",
                "symbol": ticker,
                "quantity": order.get("quantity"),
                "price": order.get("price"),
                "status": ORDER_STATUS.get(status, status),
                "tag": order.get("tag", ""),
                # placed from the page or the API (OrderCommand): the tag says so
                "manual": str(order.get("tag") or "").startswith(MANUAL_TAG),
            }
        )
        if len(rows) >= limit:
            break
    return rows


def security_symbols(deployment: LiveDeployment) -> list[str]:
    """Every security of the algorithm the engine reported (held or not), for the order form."""
    rows = ((deployment.state or {}).get("holdings") or {}).values()
    return sorted(
        {str((r.get("symbol") or {}).get("value", "")) for r in rows if isinstance(r, dict)} - {""}
    )


def runtime_statistics(deployment: LiveDeployment) -> dict[str, str]:
    """The eight default statistics (a dash before the first snapshot), then the algorithm's own
    (`set_runtime_statistic`)."""
    stats = (deployment.state or {}).get("runtimeStatistics") or {}
    stats = {str(k): str(v) for k, v in stats.items()} if isinstance(stats, dict) else {}
    out = {name: stats.pop(name, "-") for name in RUNTIME_STATISTICS}
    out.update(stats)
    return out


def split_orders(rows: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """(open orders, filled orders) of the page's order rows."""
    return (
        [r for r in rows if r["status"] in OPEN_STATUSES],
        [r for r in rows if r["status"] == "Filled"],
    )


def log_tail(deployment: LiveDeployment, lines: int = LOG_TAIL_LINES) -> list[str]:
    path = deployment.log_path
    if not path.exists():
        return []
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 256 * 1024))
        data = handle.read()
    return data.decode("utf-8", errors="replace").splitlines()[-lines:]


def equity_figure(
    deployment: LiveDeployment, reconciliation: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Strategy Equity: the project's live equity curve (earlier deployments' too) and, when a reconciliation backtest finished, its
    equity over the same period ("Out of Sample Backtest", as QuantConnect names it)."""
    document = {
        "charts": {
            "Strategy Equity": {"series": {"Equity": {"values": project_equity(deployment)}}}
        }
    }
    figure = figures.equity_figure(document, benchmark=False, height=360)
    if reconciliation:
        xs, ys = figures.equity_series(reconciliation)
        if xs:
            figure["data"].append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": "Out of Sample Backtest",
                    "x": xs,
                    "y": ys,
                    "line": {"color": figures.BENCHMARK_COLOR, "width": 1.5, "dash": "dot"},
                    "hovertemplate": "$%{y:,.2f}<extra>Backtest</extra>",
                }
            )
    figure["layout"]["uirevision"] = "live"  # keep the reader's zoom across updates
    return figure


def chart_figures(deployment: LiveDeployment) -> tuple[dict[str, dict], int]:
    """The user's charts (`self.plot`), one figure each by chart name, and the points the chart
    quotas skipped."""
    charts, skipped = deployment_charts(deployment)
    out = {}
    for name in charts:
        figure = figures.chart_figure({"charts": charts}, name)
        if figure is not None:
            figure["layout"]["uirevision"] = "live"
            out[name] = figure
    return out, skipped


def heartbeat_stale(deployment: LiveDeployment) -> bool:
    """A Running deployment whose worker has not reported for `conf.STALE_SECONDS`: its worker
    is gone (the periodic task resumes it once a worker runs), so the page must not simply say
    Running."""
    if deployment.status != LiveDeployment.Status.RUNNING or deployment.heartbeat_at is None:
        return False
    age = (timezone.now() - deployment.heartbeat_at).total_seconds()
    return age > conf.STALE_SECONDS


def page_context(
    deployment: LiveDeployment, *, reconciliation: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Everything of the page that changes while the deployment runs (the state fragment)."""
    state = deployment.state or {}
    # the exchanges' zones, from the subscriptions the engine's snapshot lists
    zones = exchange_time_zones(state)
    orders = order_rows(deployment, zones=zones)
    open_orders, filled_orders = split_orders(orders)
    custom, skipped = chart_figures(deployment)
    recon = reconciliation if reconciliation is not None else reconciliation_for(deployment)
    return {
        "deployment": deployment,
        "holdings": holdings_rows(deployment),
        "cash": cash_rows(deployment),
        "orders": orders,
        "open_orders": open_orders,
        "filled_orders": filled_orders,
        "statistics": runtime_statistics(deployment),
        "figures": {
            "equity": equity_figure(deployment, recon.get("result")),
            **{f"chart-{i}": f for i, f in enumerate(custom.values())},
        },
        "chart_names": list(custom),
        "points_skipped": skipped,
        "log_meta": log_meta(deployment),
        "reconciliation": recon.get("backtest"),
        "securities": security_symbols(deployment),
        "commands": list(
            deployment_commands(deployment).select_related("user").order_by("-created", "-id")[:10]
        ),
        "events": list(deployment.events.select_related("user").order_by("-created", "-id")[:50]),
        "equity_last": (deployment.equity or [[0, None]])[-1][1],
        "time_zone": formatting.zone_label(zones),
        # the algorithm's clock, in its own zone (LEAN's default: New York)
        "algorithm_time": formatting.date_time(state.get("time")),
        "algorithm_time_zone": state.get("timeZone") or "",
        "can_write": getattr(deployment, "access", "read") != "read",
        "heartbeat_stale": heartbeat_stale(deployment),
    }
