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


ROOT = ENGINE.parent
APPS = ("qcweb", "accounts", "projects", "backtests", "api", "live", "community")
SANDBOX = ROOT / "qcweb" / "sandbox"
PROCESS_MODULES = {"subprocess", "multiprocessing", "pty", "_posixsubprocess"}
PROCESS_CALLS = {"system", "popen", "fork", "forkpty", "posix_spawn", "posix_spawnp"}
PROCESS_PREFIXES = ("exec", "spawn", "create_subprocess")


def process_starts(path: Path) -> list[str]:
    """Imports of process-starting modules and calls such as os.system / os.execv in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in PROCESS_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in PROCESS_MODULES:
                found.append(node.module)
        elif isinstance(node, ast.Attribute) and (
            node.attr in PROCESS_CALLS or node.attr.startswith(PROCESS_PREFIXES)
        ):
            if isinstance(node.value, ast.Name) and node.value.id in ("os", "asyncio"):
                found.append(f"{node.value.id}.{node.attr}")
    return found


def test_only_the_sandbox_module_starts_processes():
    """User code (the engine) starts only through qcweb.sandbox; no app starts a process."""
    offenders = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or path.is_relative_to(SANDBOX):
                continue
            if calls := process_starts(path):
                offenders[str(path.relative_to(ROOT))] = calls
    assert offenders == {}


def test_the_process_scan_sees_a_start(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom subprocess import Popen\nos.execv('x', [])\n")
    assert process_starts(sample) == ["subprocess", "os.execv"]
