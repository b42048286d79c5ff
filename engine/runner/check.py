"""Static checks of a project (``engine.api.check_project``): syntax errors, unknown names and
``self.X`` attributes QCAlgorithm does not have. Conservative: when in doubt, no diagnostic."""

from __future__ import annotations

import ast
import builtins
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from engine.common.naming import to_snake


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    message: str
    severity: str = "error"  # "error" | "warning"

    def to_json(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    from engine.algorithm import imports

    return (
        frozenset(imports.exported_names())
        | frozenset(dir(builtins))
        | {"__file__", "__name__", "__doc__"}
    )


@lru_cache(maxsize=1)
def _algorithm_members() -> frozenset[str]:
    from engine.algorithm.qcalgorithm import QCAlgorithm

    instance = QCAlgorithm()
    return frozenset(dir(instance)) | frozenset(vars(instance))


def _has_member(name: str) -> bool:
    members = _algorithm_members()
    return name in members or to_snake(name) in members


class _Bindings(ast.NodeVisitor):
    """Every name bound anywhere in a module (any scope) and every ``self.x`` assigned."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.attributes: set[str] = set()
        self.star_modules: list[str] = []
        self.dynamic = False

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store | ast.Del):
            self.names.add(node.id)

    def visit_arg(self, node: ast.arg) -> None:
        self.names.add(node.arg)

    def _def(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.names.add(node.name)
        self.generic_visit(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _def

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.names.add((alias.asname or alias.name).split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                self.star_modules.append(node.module or "")
            else:
                self.names.add(alias.asname or alias.name)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.names.add(node.name)
        self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> None:
        self.names.update(node.names)

    visit_Nonlocal = visit_Global

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.name:
            self.names.add(node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self.names.add(node.name)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if (
            isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and isinstance(node.ctx, ast.Store | ast.Del)
        ):
            self.attributes.add(node.attr)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id in (
            "setattr",
            "exec",
            "eval",
            "globals",
            "vars",
        ):
            self.dynamic = True
        self.generic_visit(node)


def _algorithm_classes(tree: ast.Module) -> list[ast.ClassDef]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                name = (
                    base.id
                    if isinstance(base, ast.Name)
                    else base.attr
                    if isinstance(base, ast.Attribute)
                    else ""
                )
                if name in ("QCAlgorithm", "QCAlgorithmFramework"):
                    out.append(node)
    return out


def check_project(project_dir: str | Path) -> list[Diagnostic]:
    """Diagnostics for every ``.py`` file of the project folder (sorted by file and line)."""
    directory = Path(project_dir)
    files = sorted(
        p
        for p in directory.rglob("*.py")
        if ".venv" not in p.parts and "__pycache__" not in p.parts
    )
    diagnostics: list[Diagnostic] = []
    trees: dict[Path, ast.Module] = {}
    for path in files:
        rel = str(path.relative_to(directory))
        try:
            trees[path] = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        except SyntaxError as exc:
            diagnostics.append(
                Diagnostic(
                    rel,
                    exc.lineno or 0,
                    (exc.offset or 1) - 1 if exc.offset else 0,
                    f"SyntaxError: {exc.msg}",
                )
            )
        except UnicodeDecodeError as exc:
            diagnostics.append(Diagnostic(rel, 0, 0, f"Cannot read file: {exc}"))
    bindings = {path: _Bindings() for path in trees}
    for path, tree in trees.items():
        bindings[path].visit(tree)
    project_names: set[str] = set()
    project_attrs: set[str] = set()
    modules = {p.stem for p in trees}
    for b in bindings.values():
        project_names |= b.names
        project_attrs |= b.attributes
    known = _known_names()
    for path, tree in trees.items():
        rel = str(path.relative_to(directory))
        b = bindings[path]
        unknown_star = any(
            m not in ("AlgorithmImports", *modules)
            and not m.startswith("QuantConnect")
            and m not in ("System", "clr")
            for m in b.star_modules
        )
        if not unknown_star and not b.dynamic:
            seen: set[tuple[str, int]] = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    if (
                        node.id in known
                        or node.id in project_names
                        or (node.id, node.lineno) in seen
                    ):
                        continue
                    seen.add((node.id, node.lineno))
                    diagnostics.append(
                        Diagnostic(
                            rel,
                            node.lineno,
                            node.col_offset,
                            f"Unknown name '{node.id}': not defined in the project, "
                            "not a Python builtin and not exported by AlgorithmImports",
                        )
                    )
        for cls in _algorithm_classes(tree):
            methods = {
                n.name for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
            }
            class_attrs = {
                t.id
                for n in cls.body
                if isinstance(n, ast.Assign)
                for t in n.targets
                if isinstance(t, ast.Name)
            }
            if "__getattr__" in methods or b.dynamic:
                continue
            for node in ast.walk(cls):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.ctx, ast.Load)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "self"
                ):
                    attr = node.attr
                    if (
                        attr in methods
                        or attr in class_attrs
                        or attr in project_attrs
                        or attr in project_names
                    ):
                        continue
                    if attr.startswith("__") or _has_member(attr):
                        continue
                    diagnostics.append(
                        Diagnostic(
                            rel,
                            node.lineno,
                            node.col_offset,
                            f"QCAlgorithm has no attribute '{attr}'",
                        )
                    )
    diagnostics.sort(key=lambda d: (d.file, d.line, d.column))
    return diagnostics
