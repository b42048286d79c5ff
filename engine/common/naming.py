"""PascalCase <-> snake_case names: QuantConnect's older API spells every member in PascalCase."""

from __future__ import annotations

import re
from functools import lru_cache

_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")
_WORD = re.compile(r"([a-z0-9])([A-Z])")


@lru_cache(maxsize=4096)
def snake_case(name: str) -> str:
    """``SetHoldings`` / ``setHoldings`` / ``SPLIT_ADJUSTED`` -> ``set_holdings`` / ``split_adjusted``;
    ``HTTPServer`` -> ``http_server``, ``SMA`` -> ``sma``."""
    return _WORD.sub(r"\1_\2", _ACRONYM.sub(r"\1_\2", name)).lower()


def to_snake(name: str) -> str:
    """A PascalCase member name in snake_case (``SetHoldings`` -> ``set_holdings``, ``IsWarmingUp``
    -> ``is_warming_up``, ``SMA`` -> ``sma``); names not starting with a capital are returned as
    they are (they are already snake_case, or a user's own)."""
    if not name or not name[0].isupper():
        return name
    return snake_case(name)


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
