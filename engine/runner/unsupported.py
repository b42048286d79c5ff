"""Naming the LEAN feature a user's algorithm reached for when this engine lacks it.

An algorithm pasted from QuantConnect that uses a part of LEAN's API this engine does not have
fails with a bare Python error (``AttributeError: 'Symbol' object has no attribute 'create_base'``)
that reads like a bug in the user's code. ``describe_missing_feature`` turns such an error into one
line that says which LEAN name is missing. It decides from where the error happened, not from a
list of LEAN's names:

- an ``AttributeError`` on one of the engine's API objects (the algorithm, a security, a symbol,
  a slice, an order event, an indicator, one of the classes ``AlgorithmImports`` exports) raised
  by a user line, for a public name the user's own files never define;
- a ``NameError`` in a user module that imported ``AlgorithmImports`` (or a clr-era
  ``QuantConnect`` module), for a PascalCase name (LEAN's exported names are classes, enums and
  modules) the user's files never define;
- an ``ImportError`` below a module path the engine provides (``QuantConnect.*``, ``System.*``,
  ``Alphas.*`` ...);
- a ``TypeError`` for a keyword argument, or more arguments, than a function or method of the
  engine takes (LEAN's named arguments and C# overloads).

A name close to one that exists (``set_hodlings``) is a typo, not a missing feature: Python's own
message is kept. Anything else keeps Python's message too.
"""

from __future__ import annotations

import builtins
import difflib
import re
import sys
import traceback
from functools import lru_cache
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

_ENGINE_PACKAGE = "engine"
_TYPO_CUTOFF = 0.88  # difflib ratio above which a missing name is a misspelling of a present one
_OWN_TYPO_CUTOFF = 0.7  # the same for the names the user's own files define
_TYPO_LENGTH_SLACK = 2  # letters a misspelling adds or drops
_LOOKUP_FRAMES = frozenset({"__getattr__", "__getattribute__"})
_UNEXPECTED_KEYWORD = re.compile(r"^([\w.]+)\(\) got an unexpected keyword argument '(\w+)'")
_TOO_MANY = re.compile(
    r"^([\w.]+)\(\) takes [\w ]+ positional arguments? but \d+ (?:was|were) given"
)
_CANNOT_IMPORT = re.compile(r"^cannot import name '(\w+)' from '([\w.]+)'")


def describe_missing_feature(exc: BaseException, directory: Path) -> str | None:
    """One line naming the LEAN feature ``exc`` shows missing (with the user line it happened
    on), or None when ``exc`` is an ordinary error of the user's code."""
    frames = traceback.extract_tb(exc.__traceback__)
    user = [i for i, f in enumerate(frames) if _is_under(f.filename, directory)]
    if not user:
        return None
    last = frames[user[-1]]
    after_user = frames[user[-1] + 1 :]
    where = f"(line {last.lineno} of {Path(last.filename).name})"
    if isinstance(exc, ImportError):
        what = _missing_import(exc)
    elif isinstance(exc, AttributeError):
        # raised by the user's line itself, or by an engine object's attribute lookup it made
        if any(f.name not in _LOOKUP_FRAMES for f in after_user):
            return None
        what = _missing_attribute(exc, directory)
    elif isinstance(exc, NameError):
        if after_user:
            return None
        what = _missing_name(exc, _last_user_globals(exc.__traceback__, directory), directory)
    elif isinstance(exc, TypeError):
        if after_user:  # argument binding fails at the call site, before the callee runs
            return None
        what = _unsupported_arguments(str(exc))
    else:
        return None
    if what is None:
        return None
    return f"{what} is not supported by this engine {where}"


def _missing_attribute(exc: AttributeError, directory: Path) -> str | None:
    obj, name = getattr(exc, "obj", None), getattr(exc, "name", None)
    if obj is None or not name or name.startswith("_"):
        return None
    owner = obj if isinstance(obj, type) else type(obj)
    api = _engine_class(owner)
    stored, members, _bound = _user_defined_names(directory)
    # an engine object (a TradeBar, a Symbol) only holds the user's names the user set on it; an
    # object of the user's own class (the algorithm) also holds its methods and class attributes
    # (a method's local variables are not among them: ``option_chain = self.option_chain(...)``)
    own = stored if api is owner else members
    if api is not owner and hasattr(api, "__setitem__"):
        return None  # the user's custom data (a PythonData): its properties are the user's own
    if api is None or name in own or _is_typo(name, dir(obj), own):
        return None
    return f"LEAN's {_display_name(api)}.{name}"


def _missing_name(exc: NameError, module_globals: dict[str, Any], directory: Path) -> str | None:
    name = getattr(exc, "name", None)
    if not name or not name[0].isupper() or not _imports_lean(module_globals):
        return None
    own = _user_defined_names(directory)[2]
    if name in own or _is_typo(name, [*module_globals, *vars(builtins)], own):
        return None
    return f"LEAN's name `{name}` (from AlgorithmImports)"


def _missing_import(exc: ImportError) -> str | None:
    text = str(exc)
    imported = _CANNOT_IMPORT.match(text)
    if imported:  # ``from QuantConnect.X import Name``: the module exists, the name does not
        name, module = imported.groups()
        if _provided_by_engine(module):
            return f"LEAN's name `{name}` (from {module})"
        return None
    module = getattr(exc, "name", None)
    if not module or "." not in module:
        return None
    parts = module.split(".")
    for depth in range(len(parts) - 1, 0, -1):
        parent = ".".join(parts[:depth])
        if parent in sys.modules:
            return f"LEAN's module `{module}`" if _provided_by_engine(parent) else None
    return None


def _unsupported_arguments(text: str) -> str | None:
    keyword = _UNEXPECTED_KEYWORD.match(text)
    if keyword:
        callee = _engine_callable(keyword.group(1))
        return f"LEAN's {callee}(..., {keyword.group(2)}=...) argument" if callee else None
    # LEAN's C# overloads: a call with more arguments than the signature here takes (a call
    # with fewer is as likely the user's slip, so Python's message stays for it)
    found = _TOO_MANY.match(text)
    if found:
        callee = _engine_callable(found.group(1))
        return f"LEAN's overload of {callee} with more arguments" if callee else None
    return None


def _is_typo(name: str, present: list[str], own: frozenset[str]) -> bool:
    """Whether ``name`` misspells a name that exists; the user's own names are the likelier
    targets of a slip (``self.fsat`` for ``self.fast``), so a looser likeness counts for them."""

    # A slip changes a letter or two; a name that merely contains another (``add_option`` and a
    # local ``option``) is a different name. A capitalised name (a class, LEAN's or the user's) is
    # not a slip of the user's own lower-case variable (LEAN's ``Futures`` beside a loop variable
    # ``future`` or an attribute ``_future``, ``Option`` beside a parameter ``option``); of a
    # built-in it may be (``Print``).
    def near(names, *, own_names: bool = False) -> list[str]:
        return [
            other
            for other in names
            if abs(len(other) - len(name)) <= _TYPO_LENGTH_SLACK
            and not (own_names and name[0].isupper() and other.lstrip("_")[:1].islower())
        ]

    folded = name.casefold()
    return bool(
        any(other.casefold() == folded for other in present)
        or difflib.get_close_matches(name, near(present), n=1, cutoff=_TYPO_CUTOFF)
        or difflib.get_close_matches(name, near(own, own_names=True), n=1, cutoff=_OWN_TYPO_CUTOFF)
    )


def _engine_class(owner: type) -> type | None:
    """The first engine class ``owner`` is or derives from (a user's algorithm -> QCAlgorithm)."""
    for cls in owner.__mro__:
        if cls.__module__.split(".")[0] == _ENGINE_PACKAGE:
            return cls
    return None


def _display_name(cls: type) -> str:
    """The name a LEAN user knows a class by: a mixin of the algorithm class is QCAlgorithm."""
    from engine.algorithm.qcalgorithm import QCAlgorithm

    if cls is not QCAlgorithm and cls in QCAlgorithm.__mro__ and cls is not object:
        return "QCAlgorithm"
    return cls.__name__


def _engine_callable(qualname: str) -> str | None:
    """``Class.method`` of an engine class or an engine function's name, as a LEAN user would
    write it; None when ``qualname`` is not defined by the engine."""
    head, *rest = qualname.split(".")
    for module_name, module in list(sys.modules.items()):
        if module_name.split(".")[0] != _ENGINE_PACKAGE or module is None:
            continue
        target = vars(module).get(head)
        if target is None or getattr(target, "__module__", "") != module_name:
            continue
        if isinstance(target, type):
            return ".".join([_display_name(target), *rest])
        if callable(target) and not rest:
            return head
    return None


def _provided_by_engine(module_name: str) -> bool:
    """Whether the engine registered ``module_name`` (a clr-era ``QuantConnect.*`` or framework
    package it synthesizes, or one of its own modules)."""
    module = sys.modules.get(module_name)
    if not isinstance(module, ModuleType):
        return False
    file = getattr(module, "__file__", None)
    if file is None:  # built at run time (a namespace package or a built-in has a spec)
        return getattr(module, "__spec__", None) is None
    return Path(file).resolve().is_relative_to(Path(__file__).resolve().parents[1])


def _imports_lean(module_globals: dict[str, Any]) -> bool:
    """Whether a user module took LEAN's names (``from AlgorithmImports import *``)."""
    from engine.algorithm.qcalgorithm import QCAlgorithm

    return module_globals.get("QCAlgorithm") is QCAlgorithm or any(
        isinstance(v, ModuleType) and _provided_by_engine(v.__name__)
        for v in module_globals.values()
    )


def _last_user_globals(tb: TracebackType | None, directory: Path) -> dict[str, Any]:
    found: dict[str, Any] = {}
    while tb is not None:
        if _is_under(tb.tb_frame.f_code.co_filename, directory):
            found = tb.tb_frame.f_globals
        tb = tb.tb_next
    return found


def _user_defined_names(directory: Path) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(the attribute names set, the class members defined, every name bound) by the user's files that the run loaded (not every file of the folder: a
    project may hold many unrelated scripts, whose names say nothing about this run)."""
    files = set()
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if file and _is_under(file, directory):
            files.add(file)
    stamp = []
    for file in sorted(files):
        try:
            stamp.append((file, Path(file).stat().st_mtime))
        except OSError:
            continue
    return _defined_names(tuple(stamp))


@lru_cache(maxsize=8)
def _defined_names(
    stamp: tuple[tuple[str, float], ...],
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(the attribute names the user's files set, ``x.name = ...``; those and the members their
    classes define, methods and class attributes; every name they bind: those, variables,
    functions, classes, parameters and import aliases)."""
    import ast

    names: set[str] = set()
    stored: set[str] = set()
    members: set[str] = set()
    for path, _mtime in stamp:
        try:
            tree = ast.parse(Path(path).read_text(encoding="utf-8", errors="replace"))
        except (SyntaxError, OSError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                stored.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.alias):
                names.add(node.asname or node.name.split(".")[0])
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                        members.add(statement.name)
                    else:  # class attributes: ``period = 14`` in the class body
                        members.update(
                            target.id
                            for target in ast.walk(statement)
                            if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store)
                        )
    return frozenset(stored), frozenset(members | stored), frozenset(names | stored)


def _is_under(filename: str | None, directory: Path) -> bool:
    if not filename:
        return False
    try:  # a file linked into the project folder is the project's, wherever the link points
        path, folder = Path(filename), directory.resolve()
        return path.absolute().is_relative_to(folder) or path.resolve().is_relative_to(folder)
    except (OSError, ValueError):
        return False
