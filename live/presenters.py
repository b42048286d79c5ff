"""What the live page shows of a deployment's saved state (the engine's snapshot)."""

from __future__ import annotations

from typing import Any

from live.models import LiveDeployment

LOG_TAIL_LINES = 200


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
                "unrealized": row.get("unrealizedPnL"),
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


def order_rows(deployment: LiveDeployment, limit: int = 100) -> list[dict[str, Any]]:
    orders = (deployment.state or {}).get("orders") or {}
    rows = []
    for key in sorted(orders, key=lambda k: int(k) if str(k).isdigit() else 0, reverse=True):
        order = orders[key]
        if not isinstance(order, dict):
            continue
        symbol = order.get("symbol")
        status = order.get("status")
        rows.append(
            {
                "id": order.get("id", key),
                "time": order.get("time") or order.get("createdTime"),
                "symbol": symbol.get("value") if isinstance(symbol, dict) else symbol,
                "quantity": order.get("quantity"),
                "price": order.get("price"),
                "status": ORDER_STATUS.get(status, status),
                "tag": order.get("tag", ""),
            }
        )
        if len(rows) >= limit:
            break
    return rows


def runtime_statistics(deployment: LiveDeployment) -> dict[str, str]:
    stats = (deployment.state or {}).get("runtimeStatistics") or {}
    return {str(k): str(v) for k, v in stats.items()} if isinstance(stats, dict) else {}


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


def equity_polyline(points: list[list[float]], width: int = 600, height: int = 160) -> str:
    """SVG polyline points of the equity curve scaled into width x height ("" under 2 points)."""
    if len(points) < 2:
        return ""
    times = [p[0] for p in points]
    values = [p[1] for p in points]
    t0, t1 = min(times), max(times)
    v0, v1 = min(values), max(values)
    span_t = (t1 - t0) or 1.0
    span_v = (v1 - v0) or 1.0
    return " ".join(
        f"{(t - t0) / span_t * width:.1f},{height - 4 - (v - v0) / span_v * (height - 8):.1f}"
        for t, v in zip(times, values, strict=True)
    )


def page_context(deployment: LiveDeployment) -> dict[str, Any]:
    return {
        "deployment": deployment,
        "holdings": holdings_rows(deployment),
        "cash": cash_rows(deployment),
        "orders": order_rows(deployment),
        "statistics": runtime_statistics(deployment),
        "equity_svg": equity_polyline(deployment.equity or []),
        "equity_last": (deployment.equity or [[0, None]])[-1][1],
        "algorithm_time": (deployment.state or {}).get("time", ""),
        "can_write": getattr(deployment, "access", "read") != "read",
    }
