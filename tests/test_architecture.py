"""The engine stays independent of the web application (STYLE.md: engine/ never imports Django)."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "engine"
WEB_PACKAGES = {
    "django",
    "channels",
    "daphne",
    "huey",
    "django_htmx",
    "template_partials",
    "qcweb",
    "accounts",
    "projects",
    "backtests",
    "live",
    "community",
}


def imported_top_level_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_engine_imports_nothing_from_the_web_application():
    offenders = {
        str(path.relative_to(ENGINE.parent)): sorted(imported_top_level_names(path) & WEB_PACKAGES)
        for path in ENGINE.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
