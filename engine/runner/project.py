"""Loading a user project: ``main.py`` plus sibling modules, the import guard, user-frame tracebacks.

The import guard stops honest mistakes (``import subprocess`` in an algorithm); it is NOT a security
sandbox: user code runs in the engine's process with its permissions.
"""

from __future__ import annotations

import builtins
import importlib.util
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

from engine.algorithm.imports import install as install_algorithm_imports
from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.algorithm.runtime import AlgorithmRuntime
from engine.runner.unsupported import describe_missing_feature

DENIED_MODULES: frozenset[str] = frozenset(
    {
        "subprocess",
        "socket",
        "ctypes",
        "multiprocessing",
        "shutil",
        "importlib",
        "pty",
        "signal",
        "resource",
        "asyncio.subprocess",
        "_posixsubprocess",
        "posix",
        "nt",
        "urllib.request",
        "http.client",
        "ftplib",
        "smtplib",
        "telnetlib",
        "webbrowser",
        "pickle",
        "marshal",
        "code",
        "codeop",
    }
)
MAIN_MODULE = "main"


class ProjectError(Exception):
    """A problem with the project itself (no main.py, no algorithm class, syntax error...)."""

    def __init__(self, message: str, file: str = "", line: int = 0, stacktrace: str = "") -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.stacktrace = stacktrace


class ImportNotAllowed(ImportError):
    pass


@dataclass
class LoadedProject:
    directory: Path
    module: ModuleType
    algorithm_class: type
    modules: list[str]


@lru_cache(maxsize=1024)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


@lru_cache(maxsize=4096)
def _is_user_file(filename: str | None, directory: Path) -> bool:
    if not filename:
        return False
    # a file linked into the project folder is the project's, wherever the link points
    try:
        if Path(os.path.abspath(filename)).is_relative_to(directory):
            return True  # a file linked into the project folder is the user's too
        if os.path.islink(filename):
            resolved = Path(filename).resolve()
        else:  # the folders resolved once each: hundreds of loaded modules share a few dozen
            resolved = Path(_real_folder(os.path.dirname(filename)), os.path.basename(filename))
        return resolved.is_relative_to(directory)
    except (OSError, ValueError):
        return False


@contextmanager
def import_guard(directory: Path, denied: frozenset[str] = DENIED_MODULES) -> Iterator[None]:
    """While active, imports made BY USER FILES of denied modules raise ``ImportNotAllowed``."""
    original = builtins.__import__
    directory = directory.resolve()

    def guarded(
        name: str,
        globals: dict | None = None,
        locals: Any = None,
        fromlist: Any = (),
        level: int = 0,
    ):  # noqa: A002
        if level == 0 and globals is not None and _is_user_file(globals.get("__file__"), directory):
            top = name.split(".")[0]
            if (
                name in denied
                or top in denied
                or (
                    top == "os"
                    and fromlist
                    and any(
                        f in ("system", "popen", "execv", "execve", "fork", "spawnv", "kill")
                        for f in fromlist
                    )
                )
            ):
                frame = sys._getframe(1)
                where = f"{Path(frame.f_code.co_filename).name}, line {frame.f_lineno}"
                raise ImportNotAllowed(f"Import of module '{name}' is not allowed ({where})")
        return original(name, globals, locals, fromlist, level)

    builtins.__import__ = guarded
    try:
        yield
    finally:
        builtins.__import__ = original


def load_project(project_dir: str | Path) -> LoadedProject:
    """Import ``main.py`` of the folder (siblings importable) and find the algorithm class."""
    directory = Path(project_dir).resolve()
    main = directory / "main.py"
    if not main.is_file():
        raise ProjectError(f"The project has no main.py ({directory})")
    install_algorithm_imports()
    before = set(sys.modules)
    sys.path.insert(0, str(directory))
    # a previous project's modules of the same names must not leak in
    for name in [
        n
        for n, m in list(sys.modules.items())
        if _is_user_file(getattr(m, "__file__", None), directory) or n == MAIN_MODULE
    ]:
        sys.modules.pop(name, None)
    try:
        source = main.read_text(encoding="utf-8")
        try:
            compile(source, str(main), "exec")
        except SyntaxError as exc:
            raise ProjectError(
                f"SyntaxError: {exc.msg} in main.py: line {exc.lineno}",
                "main.py",
                exc.lineno or 0,
                "".join(traceback.format_exception_only(exc)),
            ) from None
        spec = importlib.util.spec_from_file_location(MAIN_MODULE, main)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[MAIN_MODULE] = module
        try:
            with import_guard(directory):
                spec.loader.exec_module(module)
        except SyntaxError as exc:  # in a sibling module
            file = Path(exc.filename or "").name
            raise ProjectError(
                f"SyntaxError: {exc.msg} in {file}: line {exc.lineno}",
                file,
                exc.lineno or 0,
                "".join(traceback.format_exception_only(exc)),
            ) from None
        except Exception as exc:
            message, file, line, stack = describe_user_error(exc, directory)
            raise ProjectError(message, file, line, stack) from None
    except BaseException:
        # a project that failed to load must not leave its modules to the next project's imports
        for name in set(sys.modules) - before:
            module = sys.modules.get(name)
            if name == MAIN_MODULE or _is_user_file(getattr(module, "__file__", None), directory):
                sys.modules.pop(name, None)
        raise
    finally:
        try:
            sys.path.remove(str(directory))
        except ValueError:
            pass
    cls = find_algorithm_class(module)
    if cls is None:
        raise ProjectError(
            "No algorithm found: main.py must define a class deriving from QCAlgorithm",
            "main.py",
            0,
        )
    added = [
        n
        for n in set(sys.modules) - before
        if _is_user_file(getattr(sys.modules[n], "__file__", None), directory)
    ]
    return LoadedProject(directory, module, cls, sorted(added))


def find_algorithm_class(module: ModuleType) -> type | None:
    """The first class of ``main`` (defined there, not imported) deriving from QCAlgorithm.
    The engine's own subclasses that ``AlgorithmImports`` exports (``QuantBook``) are never the
    user's algorithm."""
    candidates = [
        v
        for v in vars(module).values()
        if isinstance(v, type)
        and issubclass(v, QCAlgorithm)
        and v is not QCAlgorithm
        and not v.__module__.startswith("engine.")
    ]
    own = [c for c in candidates if c.__module__ == module.__name__]
    return (own or candidates or [None])[0]


def unload_project(project: LoadedProject) -> None:
    for name in [*project.modules, MAIN_MODULE]:
        module = sys.modules.get(name)
        if module is not None and (
            name == MAIN_MODULE
            or _is_user_file(getattr(module, "__file__", None), project.directory)
        ):
            sys.modules.pop(name, None)


def user_frames(tb: TracebackType | None, directory: Path) -> list[traceback.FrameSummary]:
    return [f for f in traceback.extract_tb(tb) if _is_user_file(f.filename, directory)]


def describe_user_error(exc: BaseException, directory: Path) -> tuple[str, str, int, str]:
    """(message, file, line, trimmed stack trace) of an exception raised through user code."""
    frames = user_frames(exc.__traceback__, directory)
    kind = type(exc).__name__
    text = str(exc)
    if isinstance(exc, ImportNotAllowed):
        head = text
    else:
        head = f"{kind}: {text}" if text else kind
    if not frames:
        return head, "", 0, head
    missing = describe_missing_feature(exc, directory)
    if missing:  # the LEAN feature first; Python's own line stays below it
        head = f"{missing}\n  {head}"
    last = frames[-1]
    file = Path(last.filename).name
    lines = [head]
    for f in frames:
        lines.append(f"  at {f.name}")
        if f.line:
            lines.append(f"    {f.line.strip()}")
        lines.append(f" in {Path(f.filename).name}: line {f.lineno}")
    message = (
        f"{head}\n  at {last.name}\n    {(last.line or '').strip()}\n in {file}: line {last.lineno}"
    )
    return message, file, last.lineno or 0, "\n".join(lines)


def new_algorithm(project: LoadedProject) -> QCAlgorithm:
    try:
        with import_guard(project.directory):
            algorithm = project.algorithm_class()
    except Exception as exc:
        message, file, line, stack = describe_user_error(exc, project.directory)
        raise ProjectError(message, file, line, stack) from None
    if not AlgorithmRuntime.base_initialized(algorithm):
        user_state = dict(vars(algorithm))
        QCAlgorithm.__init__(algorithm)
        vars(algorithm).update(user_state)
    return algorithm
