"""Indexes and index options, as LEAN's Common/Securities/Index/Index.cs and
Common/Securities/IndexOption/IndexOption.cs.

An index is priced like an equity but is not tradable unless the algorithm sets
``is_tradable = True`` itself (LEAN remembers that choice, so re-adding the index keeps it). An
index option is a European option settled in cash: at exercise no index is delivered, the
intrinsic value is paid, part of the closed trade's profit (``engine/portfolio/exercise_results.py``,
after LEAN's Common/Securities/Option/OptionPortfolioModel.cs).
"""

from __future__ import annotations

from typing import Any

from engine.model.enums import SecurityType
from engine.portfolio.option import Option
from engine.portfolio.security import Security


class Index(Security):
    """An index: untradable by default (LEAN's ``IsTradable = false`` in the constructor)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._is_tradable = False
        self.manual_set_is_tradable = False

    @property
    def is_tradable(self) -> bool:
        return self._is_tradable

    @is_tradable.setter
    def is_tradable(self, value: bool) -> None:
        # the algorithm's own ``is_tradable = True`` is remembered (LEAN's ManualSetIsTradable)
        if value:
            self.manual_set_is_tradable = True
        self._is_tradable = bool(value)

    IsTradable = is_tradable


class IndexOption(Option):
    """An index option contract (or the canonical index option): European and cash settled
    (``Option`` gives an index option's contracts cash settlement)."""


def make_tradable(security: Any) -> None:
    """LEAN's Extensions.MakeTradable: a security added again trades again, except an index the
    algorithm never made tradable itself."""
    if security.type != SecurityType.INDEX or getattr(security, "manual_set_is_tradable", False):
        security.is_tradable = True
