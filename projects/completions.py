"""What the IDE's completion and hover know of the QuantConnect API, read from the engine itself
(so it cannot drift from what runs): QCAlgorithm's public methods and properties with their
signatures and first docstring paragraph, the members of the enum-like classes of
`AlgorithmImports` (`Resolution.`, `OrderType.`, ...), and every name `AlgorithmImports` exports."""

from __future__ import annotations

import enum
import inspect
import re
from functools import lru_cache
from typing import Any

MAX_DOC = 600
# "(Algorithm/QCAlgorithm.cs)", "(engine/algorithm/downloads.py)": where the engine's authors
# found or keep a behaviour, which tells the user of the editor nothing.
SOURCE_REFERENCE = re.compile(r"\s*\([^()]*?[\w/]+\.(?:cs|py)\b[^()]*\)")
SOURCE_PATH = re.compile(r"\b\w+(?:/[\w.]+)+\.(?:cs|py)\b\s*")


def _doc(value: Any) -> str:
    text = inspect.getdoc(value) or ""
    first = SOURCE_PATH.sub("", SOURCE_REFERENCE.sub("", text.split("\n\n", 1)[0]))
    return first.strip()[:MAX_DOC]


def _signature(name: str, value: Any) -> str:
    try:
        signature = inspect.signature(value)
    except (TypeError, ValueError):
        return f"{name}(...)"
    params = [p for p in signature.parameters.values() if p.name != "self"]
    shown = []
    for p in params:
        text = p.name
        if p.kind is p.VAR_POSITIONAL:
            text = f"*{p.name}"
        elif p.kind is p.VAR_KEYWORD:
            text = f"**{p.name}"
        elif p.default is not p.empty:
            text = f"{p.name}={p.default!r}"[:40]
        shown.append(text)
    return f"{name}({', '.join(shown)})"


def _snake(name: str) -> bool:
    """The Python API's spelling (set_start_date), not the PascalCase aliases (SetStartDate)."""
    return not name.startswith("_") and name == name.lower()


def _members(cls: type) -> list[dict[str, str]]:
    found = []
    for name in sorted(dir(cls)):
        if not _snake(name):
            continue
        try:
            value = inspect.getattr_static(cls, name)
        except AttributeError:
            continue
        if isinstance(value, property):
            found.append({"name": name, "kind": "property", "detail": name, "doc": _doc(value)})
        elif isinstance(value, (staticmethod, classmethod)) or inspect.isfunction(value):
            function = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
            found.append(
                {
                    "name": name,
                    "kind": "method",
                    "detail": _signature(name, function),
                    "doc": _doc(function),
                }
            )
    return found


def _constants(cls: type) -> list[dict[str, str]]:
    """An enum's members (Resolution.MINUTE), or a class's upper-case constants (Market.USA)."""
    if issubclass(cls, enum.Enum):
        return [{"name": m.name, "kind": "enum", "detail": f"{cls.__name__}.{m.name}"} for m in cls]
    found = []
    for name, value in vars(cls).items():
        if name.isupper() and isinstance(value, (int, float, str)):
            found.append(
                {"name": name, "kind": "constant", "detail": f"{cls.__name__}.{name} = {value!r}"}
            )
    return sorted(found, key=lambda m: m["name"])


@lru_cache(maxsize=1)
def api_completions() -> dict[str, Any]:
    from engine.algorithm import imports
    from engine.algorithm.qcalgorithm import QCAlgorithm

    names = []
    types: dict[str, list[dict[str, str]]] = {}
    for name in sorted(imports.__all__):
        value = getattr(imports, name, None)
        if value is None or name.startswith("_"):
            continue
        kind = (
            "class"
            if inspect.isclass(value)
            else "function"
            if callable(value)
            else "module"
            if inspect.ismodule(value)
            else "variable"
        )
        names.append(
            {
                "name": name,
                "kind": kind,
                "doc": _doc(value) if kind in ("class", "function") else "",
            }
        )
        if inspect.isclass(value):
            constants = _constants(value)
            if constants:
                types[name] = constants
    return {"algorithm": _algorithm_members(QCAlgorithm), "types": types, "names": names}


def _algorithm_members(cls: type) -> list[dict[str, str]]:
    """The class's methods and properties plus what its constructor sets (self.portfolio,
    self.securities, ...), documented by the value's own class."""
    found = _members(cls)
    known = {m["name"] for m in found}
    try:
        instance = cls()
    except Exception:  # noqa: BLE001 - completion must not break the IDE page
        return found
    for name, value in sorted(vars(instance).items()):
        if _snake(name) and name not in known:
            found.append(
                {
                    "name": name,
                    "kind": "property",
                    "detail": f"{name}: {type(value).__name__}",
                    "doc": _doc(type(value)) if not isinstance(value, (int, float, str)) else "",
                }
            )
    return sorted(found, key=lambda m: m["name"])
