"""PascalCase <-> snake_case names: QuantConnect's older API spells every member in PascalCase."""

from __future__ import annotations

import re
from functools import lru_cache

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@lru_cache(maxsize=4096)
def to_snake(name: str) -> str:
    """``SetHoldings`` -> ``set_holdings``, ``IsWarmingUp`` -> ``is_warming_up``, ``SMA`` -> ``sma``."""
    if not name or not name[0].isupper():
        return name
    return _BOUNDARY.sub("_", name).lower()


def to_pascal(name: str) -> str:
    """``set_holdings`` -> ``SetHoldings``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


class PascalCaseAttributes:
    """Mixin: ``obj.FooBar`` reads ``obj.foo_bar`` and ``obj.FooBar = x`` writes ``obj.foo_bar``.

    Only names starting with an upper-case letter are translated, and only when the snake_case
    attribute exists (so a user's own PascalCase attribute stays as written).
    """

    __slots__ = ()

    def __getattr__(self, name: str):  # only called when normal lookup failed
        snake = to_snake(name)
        if snake != name:
            try:
                return object.__getattribute__(self, snake)
            except AttributeError:
                pass
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name: str, value: object) -> None:
        if name[:1].isupper():
            snake = to_snake(name)
            if snake != name and (
                hasattr(type(self), snake) or snake in getattr(self, "__dict__", {})
            ):
                name = snake
        object.__setattr__(self, name, value)
