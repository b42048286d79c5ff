"""LEAN's built-in commands (Common/Commands/AddSecurityCommand.cs, OrderCommand.cs,
LiquidateCommand.cs, CancelOrderCommand.cs, UpdateOrderCommand.cs, BaseCommand.cs).

LEAN reads a command file with Newtonsoft's ``TypeNameHandling.All``: a payload whose ``$type`` is
the assembly-qualified name of one of these classes (``"QuantConnect.Commands.OrderCommand,
QuantConnect.Common"``, what ``lean live submit-order`` and QuantConnect's live page send) becomes
that command; any other ``$type`` is a ``CallbackCommand`` for the algorithm's registered classes.
Enum fields arrive as names (``"Equity"``, ``"StopMarket"``) or numbers, both as Newtonsoft reads
them. Each ``run`` returns the command's success; a missing or wrong field raises (the handler
reports ``<Command> Error: ...`` and a failed result, as ``BaseCommandHandler.ProcessCommands``).
"""

from __future__ import annotations

import re
from typing import Any

from engine.model import OrderType, Resolution, SecurityType, Symbol
from engine.model.orders import UpdateOrderFields
from engine.portfolio.tickets import SubmitOrderRequest

NAMESPACE = "QuantConnect.Commands."
ASSEMBLY = "QuantConnect.Common"


def _enum(kind: Any, value: Any, field: str) -> Any:
    """A LEAN enum from a name in any spelling (``StopMarket``, ``stop_market``) or its number."""
    if isinstance(value, kind):
        return value
    if isinstance(value, bool) or value is None or value == "":
        raise ValueError(f"{field} is required")
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        try:
            return kind(int(value))
        except ValueError:
            raise ValueError(f"{field} {value!r} is not a {kind.__name__}") from None
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(value).strip()).upper()
    try:
        return kind[name]
    except KeyError:
        raise ValueError(f"{field} {value!r} is not a {kind.__name__}") from None


def _number(value: Any, field: str, *, default: float | None = 0.0) -> float | None:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise ValueError(f"{field} must be a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{field} {value!r} is not a number") from None


def _flag(value: Any, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return bool(value)


class BaseCommand:
    """Fields are set from the payload by their LEAN names in any letter case."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = {str(k).lower(): v for k, v in fields.items()}

    def get(self, name: str, default: Any = None) -> Any:
        value = self.fields.get(name.lower())
        return default if value is None else value

    def symbol(self, algorithm: Any) -> Symbol:
        """BaseCommand.GetSymbol: an explicit ``Symbol`` (its value, or a ``{"value": ...}``
        object) names a security of the algorithm; otherwise ticker, security type (not Base) and
        market are all required."""
        given = self.get("Symbol")
        if isinstance(given, dict):
            given = given.get("value") or given.get("Value")
        if given:
            security = (
                algorithm.securities.get(str(given)) if hasattr(algorithm, "securities") else None
            )
            if security is not None:
                return security.symbol
        ticker, market = self.get("Ticker"), self.get("Market")
        kind = self.get("SecurityType")
        if ticker and market and kind not in (None, ""):
            security_type = _enum(SecurityType, kind, "SecurityType")
            if security_type != SecurityType.BASE:
                return Symbol(str(ticker).upper(), security_type, str(market).lower())
        raise ValueError(
            "BaseCommand.GetSymbol(): Please provide values for: Ticker, Market & SecurityType"
        )

    def run(self, algorithm: Any) -> bool:  # pragma: no cover - every command overrides it
        raise NotImplementedError


class AddSecurityCommand(BaseCommand):
    """``algorithm.add_security(type, symbol, resolution, market, fill forward, leverage,
    extended hours)``; defaults: minute, the type's default market, fill forward, the type's
    default leverage, regular hours."""

    def run(self, algorithm: Any) -> bool:
        ticker = self.get("Symbol") or self.get("Ticker")
        if isinstance(ticker, dict):
            ticker = ticker.get("value") or ticker.get("Value")
        if not ticker:
            raise ValueError("Symbol is required")
        security = algorithm.add_security(
            _enum(SecurityType, self.get("SecurityType"), "SecurityType"),
            str(ticker).upper(),
            _enum(Resolution, self.get("Resolution", "Minute"), "Resolution"),
            self.get("Market") or None,
            _flag(self.get("FillDataForward"), True),
            _number(self.get("Leverage"), "Leverage"),
            _flag(self.get("ExtendedMarketHours"), False),
        )
        self.result_symbol = str(security.symbol.value)
        return True


class OrderCommand(BaseCommand):
    """A ``SubmitOrderRequest`` of the given type, quantity, prices and tag; the algorithm logs
    ``<type> for <quantity> units of <symbol>: <response>`` (as an error when refused)."""

    def run(self, algorithm: Any) -> bool:
        symbol = self.symbol(algorithm)
        order_type = _enum(OrderType, self.get("OrderType"), "OrderType")
        quantity = _number(self.get("Quantity"), "Quantity", default=None)
        if not quantity:
            raise ValueError("Quantity must be a non-zero number of units")
        if symbol not in algorithm.securities:
            raise ValueError(f"{symbol.value} is not a security of the algorithm; add it first")
        # LEAN: new SubmitOrderRequest(..., algorithm.DefaultOrderProperties), no conversion of a
        # market order outside market hours (that is QCAlgorithm.MarketOrder's, not the command's)
        request = SubmitOrderRequest(
            order_type=order_type,
            security_type=symbol.security_type,
            symbol=symbol,
            quantity=quantity,
            stop_price=_number(self.get("StopPrice"), "StopPrice") or 0.0,
            limit_price=_number(self.get("LimitPrice"), "LimitPrice") or 0.0,
            time=algorithm.utc_time,
            tag=str(self.get("Tag", "")),
            order_properties=algorithm.default_order_properties.clone(),
        )
        ticket = algorithm.submit_order_request(request)
        response = ticket.submit_request.response
        message = f"{order_type} for {quantity:g} units of {symbol.value}: {response}"
        (algorithm.error if response.is_error else algorithm.debug)(message)
        return not response.is_error


class LiquidateCommand(BaseCommand):
    """Liquidate one security (ticker, type and market given) or the whole portfolio."""

    def run(self, algorithm: Any) -> bool:
        kind = self.get("SecurityType")
        named = (
            self.get("Ticker") is not None
            or self.get("Market") is not None
            or (kind not in (None, "", 0, "0") and _enum(SecurityType, kind, "SecurityType"))
        )
        if named:
            algorithm.liquidate(self.symbol(algorithm))
        else:
            algorithm.liquidate()
        return True


class CancelOrderCommand(BaseCommand):
    def run(self, algorithm: Any) -> bool:
        order_id = int(_number(self.get("OrderId"), "OrderId", default=None) or 0)
        response = algorithm.transactions.cancel_order(order_id)
        return bool(response.is_success)


class UpdateOrderCommand(BaseCommand):
    def run(self, algorithm: Any) -> bool:
        order_id = int(_number(self.get("OrderId"), "OrderId", default=None) or 0)
        ticket = algorithm.transactions.get_order_ticket(order_id)
        if ticket is None:
            return False
        tag = self.get("Tag")
        response = ticket.update(
            UpdateOrderFields(
                quantity=_number(self.get("Quantity"), "Quantity", default=None),
                limit_price=_number(self.get("LimitPrice"), "LimitPrice", default=None),
                stop_price=_number(self.get("StopPrice"), "StopPrice", default=None),
                tag=None if tag is None else str(tag),
            )
        )
        return bool(response.is_success)


BUILTIN = {
    cls.__name__: cls
    for cls in (
        AddSecurityCommand,
        OrderCommand,
        LiquidateCommand,
        CancelOrderCommand,
        UpdateOrderCommand,
    )
}


def builtin_name(type_name: str) -> str | None:
    """The built-in command a ``$type`` names (``QuantConnect.Commands.OrderCommand,
    QuantConnect.Common`` or without the assembly), else None."""
    full = type_name.split(",")[0].strip()
    assembly = type_name.split(",", 1)[1].strip() if "," in type_name else ASSEMBLY
    if not full.startswith(NAMESPACE) or assembly != ASSEMBLY:
        return None
    name = full[len(NAMESPACE) :]
    return name if name in BUILTIN else None


def builtin_command(type_name: str, fields: dict[str, Any]) -> BaseCommand | None:
    name = builtin_name(type_name)
    return BUILTIN[name](fields) if name else None


__all__ = ["BUILTIN", "builtin_command", "builtin_name"]
