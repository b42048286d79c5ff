"""The engine's import contract, checked on the source (every import, function-level ones too).

Layers, highest first; a package may import its own layer's modules only where the layer says so
and any lower layer, never a higher one:

    entry points   engine (its __init__), engine.__main__, engine.api, engine.bench,
                   engine.conformance (LEAN's regression algorithms through the CLI)
    runner         the time loop, data sources, clocks, handlers, CLI supervision
    algorithm      QCAlgorithm and AlgorithmImports
    features       framework | universe | custom | history | objectstore   (independent)
    consolidators
    indicators
    portfolio      securities, holdings, cash book, transactions
    execution      fill, fee, slippage, buying-power, brokerage models
    pricing        option price models, greeks, implied volatility
    statistics
    data           LEAN data folder readers, calendars
    model          symbols, orders, bars, slices, subscriptions
    common, errors time conversions, names, scheduling primitives; the engine's exceptions

Also: no module imports another module's private (``_name``) members, and the runner never reads
or writes private attributes of the algorithm (it goes through ``AlgorithmRuntime``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1]

LAYERS: list[tuple[set[str], bool]] = [  # (packages, independent of each other)
    ({"__init__", "__main__", "api", "bench", "conformance"}, False),
    ({"runner"}, False),
    ({"algorithm"}, False),
    ({"framework", "universe", "custom", "history", "objectstore"}, True),
    ({"consolidators"}, False),
    ({"indicators"}, False),
    ({"portfolio"}, False),
    ({"execution"}, False),
    ({"pricing"}, False),
    ({"statistics"}, False),
    ({"data"}, False),
    ({"model"}, False),
    ({"common", "errors"}, True),
]


def _rank(package: str) -> tuple[int, bool]:
    for i, (packages, independent) in enumerate(LAYERS):
        if package in packages:
            return i, independent
    raise AssertionError(f"engine.{package} is in no layer of the contract")


def _sources() -> list[Path]:
    return sorted(p for p in ENGINE.rglob("*.py") if "tests" not in p.relative_to(ENGINE).parts)


def _package(path: Path) -> str:
    rel = path.relative_to(ENGINE).parts
    return rel[0] if len(rel) > 1 else path.stem


def _imports(tree: ast.AST) -> list[tuple[int, str, list[str]]]:
    """(line, module, imported names) of every ``engine.*`` import."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "engine" or node.module.startswith("engine."):
                out.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("engine."):
                    out.append((node.lineno, alias.name, []))
    return out


def test_every_package_is_in_a_layer():
    for path in _sources():
        _rank(_package(path))


def test_no_package_imports_a_higher_layer_or_an_independent_sibling():
    problems = []
    for path in _sources():
        source = _package(path)
        rank, independent = _rank(source)
        for line, module, _names in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            parts = module.split(".")
            if len(parts) < 2:
                problems.append(f"{path.relative_to(ENGINE)}:{line} imports the engine package")
                continue
            target = parts[1]
            if target == source:
                continue
            target_rank, _ = _rank(target)
            if target_rank < rank or (target_rank == rank and independent):
                problems.append(f"{path.relative_to(ENGINE)}:{line}: {source} -> {module}")
    assert problems == [], "layer contract broken:\n" + "\n".join(problems)


def test_leaf_modules_import_nothing_above_them():
    errors = ENGINE / "errors.py"
    assert _imports(ast.parse(errors.read_text(encoding="utf-8"))) == []


def test_no_private_names_are_imported_across_modules():
    problems = []
    for path in _sources():
        for line, module, names in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            for name in names:
                if name.startswith("_") and not name.startswith("__"):
                    problems.append(f"{path.relative_to(ENGINE)}:{line}: {module}.{name}")
    assert problems == [], "private names imported:\n" + "\n".join(problems)


def _is_algorithm(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return node.id in ("algo", "algorithm")
    return isinstance(node, ast.Attribute) and node.attr == "algorithm"


def test_the_runner_uses_no_private_attribute_of_the_algorithm():
    problems = []
    for path in sorted((ENGINE / "runner").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and _is_algorithm(node.value)
            ):
                problems.append(f"{path.relative_to(ENGINE)}:{node.lineno}: .{node.attr}")
            if (  # getattr(algorithm, "_x") is the same thing spelled differently
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "setattr", "hasattr")
                and len(node.args) >= 2
                and _is_algorithm(node.args[0])
                and isinstance(node.args[1], ast.Constant)
                and str(node.args[1].value).startswith("_")
            ):
                problems.append(f"{path.relative_to(ENGINE)}:{node.lineno}: {node.args[1].value}")
    assert problems == [], "the runner reaches into QCAlgorithm:\n" + "\n".join(problems)
