"""Manual trading of a running deployment from its page or the API: "Add Security", "Create
Order" and "Liquidate" one security, as LEAN's built-in commands (`builtins.py`) through the path
of every algorithm command (`commands.live_command_create`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from live.models import LiveCommand, LiveDeployment
from live.services.builtins import MANUAL_TAG, lean_type, ticker
from live.services.commands import live_command_create

if TYPE_CHECKING:
    from accounts.models import User


def live_add_security(
    *,
    deployment: LiveDeployment,
    user: User,
    symbol: str,
    security_type: str = "Equity",
    resolution: str = "Minute",
    leverage: float = 0.0,
    market: str = "usa",
    fill_forward: bool = True,
    extended_market_hours: bool = False,
) -> LiveCommand:
    """Ask the running algorithm to subscribe to `symbol` (LEAN's AddSecurityCommand)."""
    return live_command_create(
        deployment=deployment,
        user=user,
        command={
            "$type": lean_type("AddSecurityCommand"),
            "Symbol": ticker(symbol),
            "SecurityType": security_type,
            "Resolution": resolution,
            "Market": (market or "usa").strip().lower(),
            "FillDataForward": bool(fill_forward),
            "Leverage": float(leverage or 0.0),
            "ExtendedMarketHours": bool(extended_market_hours),
        },
    )


def live_manual_order(
    *,
    deployment: LiveDeployment,
    user: User,
    symbol: str,
    quantity: float,
    order_type: str = "Market",
    limit_price: float | None = None,
    stop_price: float | None = None,
    security_type: str = "Equity",
    market: str = "usa",
    tag: str = "",
) -> LiveCommand:
    """Place an order in the running algorithm (LEAN's OrderCommand), tagged as manual."""
    tag = tag.strip()
    return live_command_create(
        deployment=deployment,
        user=user,
        command={
            "$type": lean_type("OrderCommand"),
            "Ticker": ticker(symbol, "Ticker"),
            "SecurityType": security_type,
            "Market": (market or "usa").strip().lower(),
            "OrderType": order_type,
            "Quantity": quantity,
            "LimitPrice": limit_price or 0.0,
            "StopPrice": stop_price or 0.0,
            "Tag": f"{MANUAL_TAG}: {tag}" if tag else MANUAL_TAG,
        },
    )


def live_liquidate_security(
    *,
    deployment: LiveDeployment,
    user: User,
    symbol: str,
    security_type: str = "Equity",
    market: str = "usa",
) -> LiveCommand:
    """Liquidate one security of the running algorithm (LEAN's LiquidateCommand); the algorithm
    keeps running (the page's Liquidate button stops it as well)."""
    return live_command_create(
        deployment=deployment,
        user=user,
        command={
            "$type": lean_type("LiquidateCommand"),
            "Ticker": ticker(symbol, "Ticker"),
            "SecurityType": security_type,
            "Market": (market or "usa").strip().lower(),
        },
    )


__all__ = ["live_add_security", "live_liquidate_security", "live_manual_order"]
