"""Calling models that users may write with LEAN's snake_case or older PascalCase method names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def user_method(
    model: Any, snake: str, pascal: str, base: type | None = None
) -> Callable[..., Any]:
    """The most derived implementation among ``snake`` and ``pascal``: walk the MRO and take the first
    class that defines either name in its own body (snake_case wins when a class defines both)."""
    for cls in type(model).__mro__:
        body = cls.__dict__
        if snake in body:
            return getattr(model, snake)
        if pascal in body:
            return getattr(model, pascal)
    return getattr(model, snake)
