"""LEAN's built-in commands as the web app sends them, checked before they are queued and
described for the history. Manual trading from the page or the API ("Add Security", "Create
Order", "Liquidate" one security, `manual.py`) sends them: Common/Commands' `AddSecurityCommand`, `OrderCommand`, `LiquidateCommand`, also `CancelOrderCommand` and
`UpdateOrderCommand` through the API) in the JSON shape `lean live add-security|submit-order|
liquidate` writes, `$type` assembly-qualified. They travel the path of every algorithm command
(`commands.live_command_create`: queued, written into the job's command folder by the worker, run
by the engine's `FileCommandHandler`, result stored and logged).

A built-in command is checked here before it is queued (a clear error instead of a failed result
later): the fields LEAN needs, known enums, the order types QuantConnect Paper Trading accepts
through a command. An order without a tag is tagged `Manual order` so the orders table can tell
it from the algorithm's own.
"""

from __future__ import annotations

import re
from typing import Any

from engine.algorithm.builtin_commands import builtin_name


class CommandError(ValueError):
    """The command cannot be sent (the message says why); nothing was queued."""


ASSEMBLY = "QuantConnect.Common"
# BRK.B, BTC/USD, ES-2024: letters and digits first, then also ".", "/", "-"
_TICKER = re.compile(r"[A-Z0-9][A-Z0-9./-]{0,39}")
MANUAL_TAG = "Manual order"
SECURITY_TYPES = ("Equity", "Forex", "Crypto", "Cfd", "Future", "Option", "Index")
RESOLUTIONS = ("Tick", "Second", "Minute", "Hour", "Daily")
# What an OrderCommand can place (it carries no trigger price or trailing amount) and the paper
# brokerage fills: LEAN's OrderType names.
ORDER_TYPES = ("Market", "Limit", "StopMarket", "StopLimit", "MarketOnOpen", "MarketOnClose")
_SECURITY_NUMBERS = {"Equity": 1, "Option": 2, "Forex": 4, "Future": 5, "Cfd": 6, "Crypto": 7}
_SECURITY_NUMBERS["Index"] = 9
_ORDER_NUMBERS = {name: i for i, name in enumerate(ORDER_TYPES)}
_RESOLUTION_NUMBERS = {name: i for i, name in enumerate(RESOLUTIONS)}


def lean_type(name: str) -> str:
    """The `$type` LEAN's JSON settings (TypeNameHandling.All) give a built-in command."""
    return f"QuantConnect.Commands.{name}, {ASSEMBLY}"


def _field(command: dict[str, Any], name: str) -> Any:
    """A field by its LEAN name in any letter case (Newtonsoft matches them so)."""
    for key, value in command.items():
        if str(key).lower() == name.lower():
            return value
    return None


def _enum_name(value: Any, names: tuple[str, ...], numbers: dict[str, int], what: str) -> str:
    if isinstance(value, bool) or value in (None, ""):
        raise CommandError(f"{what} is required ({', '.join(names)}).")
    if isinstance(value, int | float) or str(value).strip().isdigit():
        for name, number in numbers.items():
            if number == int(value):
                return name
    else:
        text = str(value).replace("_", "").replace(" ", "").lower()
        for name in names:
            if name.lower() == text:
                return name
    raise CommandError(f"{what} {value!r} is not one of {', '.join(names)}.")


def _number(value: Any, what: str, *, required: bool = False) -> float | None:
    if value in (None, ""):
        if required:
            raise CommandError(f"{what} is required.")
        return None
    if isinstance(value, bool):
        raise CommandError(f"{what} must be a number.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CommandError(f"{what} {value!r} is not a number.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise CommandError(f"{what} must be a finite number.")
    return number


def ticker(value: Any, what: str = "Symbol") -> str:
    text = str(value or "").strip().upper()
    if not _TICKER.fullmatch(text) or ".." in text:
        raise CommandError(f"{what} must be a ticker such as SPY.")
    return text


def builtin_check(command: dict[str, Any]) -> dict[str, Any]:
    """The command as it will be sent: a built-in command's fields checked (CommandError says
    what is wrong) and an untagged order tagged; any other command unchanged."""
    name = builtin_name(str(command.get("$type") or ""))
    if name is None:
        return command
    command = dict(command)
    if name == "AddSecurityCommand":
        ticker(_field(command, "Symbol"))
        _enum_name(
            _field(command, "SecurityType"), SECURITY_TYPES, _SECURITY_NUMBERS, "Security type"
        )
        if _field(command, "Resolution") not in (None, ""):
            _enum_name(
                _field(command, "Resolution"), RESOLUTIONS, _RESOLUTION_NUMBERS, "Resolution"
            )
        leverage = _number(_field(command, "Leverage"), "Leverage")
        if leverage is not None and leverage < 0:
            raise CommandError("Leverage cannot be negative (0: the security type's default).")
    elif name == "OrderCommand":
        if not _field(command, "Symbol"):
            ticker(_field(command, "Ticker"), "Ticker")
            _enum_name(
                _field(command, "SecurityType"), SECURITY_TYPES, _SECURITY_NUMBERS, "Security type"
            )
            if not _field(command, "Market"):
                raise CommandError("Market is required (e.g. usa).")
        order_type = _enum_name(
            _field(command, "OrderType"), ORDER_TYPES, _ORDER_NUMBERS, "Order type"
        )
        if not _number(_field(command, "Quantity"), "Quantity", required=True):
            raise CommandError("Quantity must not be zero (negative sells).")
        limit = _number(_field(command, "LimitPrice"), "Limit price")
        stop = _number(_field(command, "StopPrice"), "Stop price")
        if "Limit" in order_type and not (limit and limit > 0):
            raise CommandError(f"A {order_type} order needs a positive limit price.")
        if "Stop" in order_type and not (stop and stop > 0):
            raise CommandError(f"A {order_type} order needs a positive stop price.")
        if not _field(command, "Tag"):
            command = {k: v for k, v in command.items() if str(k).lower() != "tag"}
            command["Tag"] = MANUAL_TAG
    elif name == "LiquidateCommand":
        if _field(command, "Ticker") not in (None, ""):
            ticker(_field(command, "Ticker"), "Ticker")
    elif name in ("CancelOrderCommand", "UpdateOrderCommand"):
        order_id = _number(_field(command, "OrderId"), "Order id", required=True)
        if order_id is None or order_id < 1 or order_id != int(order_id):
            raise CommandError("Order id must be a positive whole number.")
    return command


def describe(command: dict[str, Any]) -> str:
    """What a built-in command asks, for the deployment's history (empty for other commands)."""
    name = builtin_name(str(command.get("$type") or ""))
    if name == "AddSecurityCommand":
        return f"Add security {_field(command, 'Symbol')} ({_field(command, 'SecurityType')})"
    if name == "OrderCommand":
        who = _field(command, "Ticker") or _field(command, "Symbol")
        return (
            f"{_field(command, 'OrderType')} order for {_field(command, 'Quantity')} {who}"
            f" ({_field(command, 'Tag')})"
        )
    if name == "LiquidateCommand":
        return f"Liquidate {_field(command, 'Ticker') or 'every holding'}"
    if name in ("CancelOrderCommand", "UpdateOrderCommand"):
        verb = "Cancel" if name.startswith("Cancel") else "Update"
        return f"{verb} order {_field(command, 'OrderId')}"
    return ""


__all__ = [
    "MANUAL_TAG",
    "ORDER_TYPES",
    "RESOLUTIONS",
    "SECURITY_TYPES",
    "CommandError",
    "builtin_check",
    "describe",
    "lean_type",
    "ticker",
]
