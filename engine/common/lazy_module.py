"""A module object that imports the real module the first time one of its names is used.

``from AlgorithmImports import *`` gives every algorithm ``pd`` (pandas), as LEAN's does, but
importing pandas takes about half a second and most algorithms never touch it; the algorithm gets
this stand-in, which becomes a copy of pandas' namespace on first use.
"""

from __future__ import annotations

import importlib
import types
from typing import Any


class LazyModule(types.ModuleType):
    """``LazyModule("pandas")``: ``pandas`` is imported when an attribute is first looked up."""

    def __getattr__(self, name: str) -> Any:  # only called for names not (yet) in __dict__
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)
        try:
            return module.__dict__[name]
        except KeyError:
            return getattr(module, name)  # a module-level __getattr__ of the real module

    def __dir__(self) -> list[str]:
        return dir(importlib.import_module(self.__name__))

    def __repr__(self) -> str:
        return f"<lazily imported module {self.__name__!r}>"
