from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def usd(cents) -> str:
    """1234 -> "$12.34"; -500 -> "-$5.00"."""
    cents = int(cents or 0)
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) / 100:,.2f}"


@register.filter
def qcc(amount) -> str:
    amount = int(amount or 0)
    return f"{amount:+,} QCC" if amount < 0 else f"{amount:,} QCC"


@register.filter
def has(actions, action: str) -> bool:
    return action in actions
