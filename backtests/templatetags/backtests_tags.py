from __future__ import annotations

from django import template

from backtests import conf, formatting
from backtests.selectors import queue_position as _queue_position

register = template.Library()


@register.filter
def ordinal_position(value: int | None) -> str:
    if value is None:
        return ""
    value = int(value)
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


@register.simple_tag
def queue_position(backtest) -> int | None:
    return _queue_position(backtest)


@register.filter
def tone(value) -> str:
    """ "pos" / "neg" for a signed number, "" otherwise."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    return "pos" if value > 0 else ("neg" if value < 0 else "")


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.simple_tag
def free_node_delay() -> float:
    """How long a backtest on the free B-MICRO node waits before it starts."""
    return conf.free_node_delay_seconds()


@register.simple_tag
def backtest_time_limit() -> float:
    """The wall-clock limit after which the worker stops a backtest (QCWEB_BACKTEST_MAX_SECONDS)."""
    return conf.max_seconds()


@register.filter
def duration(seconds) -> str:
    return formatting.duration(seconds)


@register.filter
def money(value) -> str:
    return formatting.money(value)


@register.filter
def money_compact(value) -> str:
    return formatting.money_compact(value)


@register.filter
def number(value, decimals: int = 2) -> str:
    return formatting.number(value, decimals=int(decimals))
