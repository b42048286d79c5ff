"""Learning Center task checks: what a learner's algorithm did, read from the engine's result
document (LEAN's BacktestResult shape), compared with a lesson's expected outcome.

A lesson's `checks.toml` lists checks as `[[check]]` tables, each with a `kind`, its own fields
and an optional `message` shown when it fails:

- `completes`: the backtest ran to the end without a runtime error (always checked first).
- `holds`: `symbol` is held at the end (`quantity` > 0; `short = true` for < 0).
- `flat`: nothing, or `symbol`, is held at the end.
- `order`: at least `count` (1) orders with `type` (market, limit, stop_market, ...), `direction`
  (buy/sell) and `symbol`, each optional; `limit = "below_market"` or `"above_market"` compares
  a limit order's price with the last price when it was placed.
- `min_orders`: at least `count` orders in all.
- `chart`: a chart named `chart` with a series (`series`, optional) that has points.
- `log`: the log has a line containing `contains`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.model.enums import OrderDirection, OrderType

KINDS = {"completes", "holds", "flat", "order", "min_orders", "chart", "log"}


class CheckFileError(ValueError):
    """A checks file an educator wrote is malformed (the message says where)."""


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "message": self.message}


def validate_checks(checks: list[dict]) -> list[dict]:
    """The checks of a file, each with a known kind and the fields it needs."""
    if not isinstance(checks, list) or not checks:
        raise CheckFileError("A checks file needs at least one [[check]].")
    for position, check in enumerate(checks, 1):
        kind = check.get("kind")
        if kind not in KINDS:
            raise CheckFileError(
                f"check {position}: unknown kind {kind!r} ({', '.join(sorted(KINDS))})"
            )
        if kind in {"holds"} and not check.get("symbol"):
            raise CheckFileError(f"check {position}: `{kind}` needs a symbol")
        if kind == "chart" and not check.get("chart"):
            raise CheckFileError(f"check {position}: `chart` needs a chart name")
        if kind == "log" and not check.get("contains"):
            raise CheckFileError(f"check {position}: `log` needs `contains`")
        if kind == "order":
            if "type" in check and check["type"].upper() not in OrderType.__members__:
                raise CheckFileError(f"check {position}: unknown order type {check['type']!r}")
            if "direction" in check and check["direction"].upper() not in {"BUY", "SELL"}:
                raise CheckFileError(f"check {position}: direction is buy or sell")
            if check.get("limit") not in (None, "below_market", "above_market"):
                raise CheckFileError(f"check {position}: limit is below_market or above_market")
    return checks


def symbol_of(entry: dict) -> str:
    symbol = entry.get("symbol") or {}
    return str(symbol.get("value") if isinstance(symbol, dict) else symbol).upper()


def holdings(result: dict) -> dict[str, float]:
    out: dict[str, float] = {}
    for holding in (result.get("holdings") or {}).values():
        out[symbol_of(holding)] = out.get(symbol_of(holding), 0.0) + float(
            holding.get("quantity") or 0
        )
    return out


def orders(result: dict) -> list[dict]:
    found = result.get("orders") or {}
    return list(found.values()) if isinstance(found, dict) else list(found)


def order_matches(order: dict, check: dict) -> bool:
    if "type" in check and order.get("type") != OrderType[check["type"].upper()].value:
        return False
    if (
        "direction" in check
        and order.get("direction") != OrderDirection[check["direction"].upper()].value
    ):
        return False
    if "symbol" in check and symbol_of(order) != check["symbol"].upper():
        return False
    limit = check.get("limit")
    if limit:
        price = order.get("limitPrice")
        market = (order.get("orderSubmissionData") or {}).get("lastPrice")
        if price is None or not market:
            return False
        if limit == "below_market" and not price < market:
            return False
        if limit == "above_market" and not price > market:
            return False
    return True


def describe_order(check: dict) -> str:
    parts = [check.get("direction", ""), check.get("type", "").replace("_", " "), "order"]
    text = " ".join(p for p in parts if p)
    if check.get("symbol"):
        text += f" for {check['symbol']}"
    if check.get("limit") == "below_market":
        text += " with its limit price below the market price"
    if check.get("limit") == "above_market":
        text += " with its limit price above the market price"
    return text


def run_check(check: dict, result: dict, log: str) -> CheckResult:
    kind = check["kind"]
    held = holdings(result)
    if kind == "completes":
        return CheckResult(True, "The algorithm ran to the end.")
    if kind == "holds":
        symbol = check["symbol"].upper()
        quantity = held.get(symbol, 0.0)
        ok = quantity < 0 if check.get("short") else quantity > 0
        side = "short" if check.get("short") else "long"
        default = f"Expected a {side} position in {symbol} at the end; the algorithm held {quantity:g} shares."
        if ok:
            return CheckResult(True, f"Holds {symbol}.")
        return CheckResult(False, check.get("message") or default)
    if kind == "flat":
        symbol = (check.get("symbol") or "").upper()
        open_positions = {s: q for s, q in held.items() if q and (not symbol or s == symbol)}
        ok = not open_positions
        default = "Expected no open position at the end; still held: " + ", ".join(
            f"{q:g} {s}" for s, q in open_positions.items()
        )
        return CheckResult(ok, "No open position." if ok else check.get("message") or default)
    if kind == "order":
        count = int(check.get("count", 1))
        matching = [o for o in orders(result) if order_matches(o, check)]
        ok = len(matching) >= count
        default = f"Expected at least {count} {describe_order(check)}; found {len(matching)}."
        return CheckResult(
            ok, f"Placed {describe_order(check)}." if ok else check.get("message") or default
        )
    if kind == "min_orders":
        count = int(check.get("count", 1))
        found = len(orders(result))
        ok = found >= count
        default = f"Expected at least {count} orders; the algorithm placed {found}."
        return CheckResult(ok, f"Placed {found} orders." if ok else check.get("message") or default)
    if kind == "chart":
        chart = (result.get("charts") or {}).get(check["chart"]) or {}
        series = chart.get("series") or {}
        wanted = check.get("series")
        candidates = [series.get(wanted) or {}] if wanted else list(series.values())
        ok = any(s.get("values") for s in candidates)
        name = f"{check['chart']}" + (f" / {wanted}" if wanted else "")
        default = f"Expected a chart {name} with points; " + (
            "it has none." if chart else "there is no such chart."
        )
        return CheckResult(ok, f"Plotted {name}." if ok else check.get("message") or default)
    if kind == "log":
        ok = check["contains"] in log
        default = f"Expected a log line containing {check['contains']!r}."
        return CheckResult(ok, "Logged it." if ok else check.get("message") or default)
    raise CheckFileError(f"unknown kind {kind!r}")


def evaluate(
    checks: list[dict], result: dict | None, *, log: str = "", error: str = ""
) -> list[CheckResult]:
    """Every check's outcome. Without a result (a runtime error) only that failure is reported."""
    if result is None or error:
        return [
            CheckResult(
                False, f"The algorithm did not finish: {error or 'no results were written.'}"
            )
        ]
    return [run_check(check, result, log) for check in checks]
