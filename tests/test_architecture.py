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
    "research",
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
APPS = ("qcweb", "accounts", "projects", "backtests", "api", "live", "research", "community")
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


# -- layering of the web apps ----------------------------------------------------------------------
# Each app may import the apps before it in LAYERS (and the engine), never one after it. `qcweb` is
# the site-wide base (settings, sandbox, ids, middleware, channel layer) and imports no app, except
# its composition modules, which sit above every app: the URL configuration, the websocket routes,
# the ASGI entry point and the home page (a card of each app). `api` spans every app.
# Imports inside functions count like module-level ones; imports under `if TYPE_CHECKING:` count
# for the layers but not for cycles (they never run).
LAYERS = ("qcweb", "accounts", "projects", "backtests", "live", "research", "community", "api")
COMPOSITION = {"qcweb.urls", "qcweb.routing", "qcweb.asgi", "qcweb.dashboard"}

# Imports that go against the layers or close a cycle inside an app, each with why it must exist.
ALLOWED = {
    ("backtests.services.core", "backtests.tasks"): (
        "backtest_dispatch and backtests_reap_stale enqueue run_backtest_task: Huey enqueues through "
        "the task object, and the task module imports the services it runs, so the service imports "
        "the task inside the function that enqueues it"
    ),
    ("backtests.report.services", "backtests.tasks"): (
        "report_get_or_queue enqueues generate_report_task (the same pattern as above)"
    ),
    ("backtests.services.execution", "backtests.optimization.services"): (
        "backtest_execute tells the optimization a backtest of its search ended, so the search "
        "advances on the worker; the optimization services create backtests through "
        "backtests.services, so the worker imports them inside the function"
    ),
    ("backtests.services.core", "backtests.optimization.services"): (
        "a backtest cancelled before it ran or reaped from a dead worker never reaches "
        "backtest_execute, so optimization_notify tells its optimization (the same deferred import)"
    ),
    ("backtests.data_library.services", "backtests.tasks"): (
        "data_import_create enqueues run_data_import_task (the same pattern as above)"
    ),
    ("live.services.deploy", "live.tasks"): (
        "live_enqueue enqueues run_live_task (the same pattern as above)"
    ),
    ("research.services", "research.tasks"): (
        "notebook_run_create enqueues run_notebook_task (the same pattern as backtest_dispatch)"
    ),
    ("research.sessions", "research.tasks"): (
        "session_open, session_stop and session_refresh enqueue the start and supervise tasks (the same pattern as backtest_dispatch)"
    ),
    ("community.learning", "community.tasks"): (
        "submission_create and submissions_reap_stale enqueue submission_check_task, which runs "
        "submission_run (the same pattern as backtest_dispatch)"
    ),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_modules() -> dict[str, Path]:
    """Every importable module of the web apps (not their tests, migrations or project templates)."""
    skip = {"tests", "migrations", "project_templates"}
    return {
        module_name(path): path
        for app in LAYERS
        for path in (ROOT / app).rglob("*.py")
        if not skip & set(path.relative_to(ROOT).parts)
    }


def imports_of(path: Path, module: str) -> list[tuple[str, list[str], bool]]:
    """(imported module, names taken from it, type-checking only) for each import in a file;
    relative imports resolved against `module`."""
    found: list[tuple[str, list[str], bool]] = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def visit(node: ast.AST, type_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((alias.name, [], type_only) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                target = child.module or ""
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                found.append((target, [alias.name for alias in child.names], type_only))
            is_type_block = isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test)
            visit(child, type_only or is_type_block)

    visit(ast.parse(path.read_text(), filename=str(path)), False)
    return found


def dependency_graph(modules: dict[str, Path], *, runtime_only: bool) -> dict[str, set[str]]:
    """Module -> the app modules it imports (`from a import b` counts `a.b` when it is a module)."""
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = set()
        for target, names, type_only in imports_of(path, module):
            if runtime_only and type_only:
                continue
            for candidate in [f"{target}.{name}" for name in names] + [target]:
                while candidate and candidate not in modules:
                    candidate = candidate.rpartition(".")[0]
                if candidate and candidate != module:
                    targets.add(candidate)
        graph[module] = targets
    return graph


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    rank = {app: index for index, app in enumerate(LAYERS)}
    found = []
    for module, targets in graph.items():
        if module in COMPOSITION:
            continue
        for target in targets:
            if rank[target.split(".")[0]] > rank[module.split(".")[0]]:
                if (module, target) not in ALLOWED:
                    found.append(f"{module} -> {target}")
    return sorted(found)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of modules (Tarjan), ALLOWED imports left out."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph.get(module, ()):
            if (module, target) in ALLOWED:
                continue
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            connect(module)
    return groups


def test_every_app_has_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(LAYERS), "place the new app in LAYERS"


def test_apps_import_only_the_layers_below_them():
    assert layer_violations(dependency_graph(app_modules(), runtime_only=False)) == []


def test_no_import_cycles_in_the_web_apps():
    assert cycles(dependency_graph(app_modules(), runtime_only=True)) == []


def test_every_allowed_import_still_exists():
    """An entry of ALLOWED whose import went away is removed, so the list stays honest."""
    graph = dependency_graph(app_modules(), runtime_only=False)
    assert [pair for pair in ALLOWED if pair[1] not in graph.get(pair[0], set())] == []


def private_imports(path: Path, module: str) -> list[str]:
    """`from x import _name`: a private name of another module (dunder names are not private)."""
    return [
        f"{target}.{name}"
        for target, names, _ in imports_of(path, module)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]


def test_no_module_imports_a_private_name_of_another_module():
    offenders = {}
    for app in (*LAYERS, "tests"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            if found := private_imports(path, module_name(path)):
                offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


def test_the_import_scans_see_layers_cycles_and_private_names(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "from backtests.models import Backtest\n"
        "from .helpers import _secret, __version__\n"
        "if TYPE_CHECKING:\n"
        "    from api.views import dispatch\n"
        "def f():\n"
        "    import projects.services\n"
    )
    assert imports_of(sample, "accounts.sample") == [
        ("typing", ["TYPE_CHECKING"], False),
        ("backtests.models", ["Backtest"], False),
        ("accounts.helpers", ["_secret", "__version__"], False),
        ("api.views", ["dispatch"], True),
        ("projects.services", [], False),
    ]
    assert private_imports(sample, "accounts.sample") == ["accounts.helpers._secret"]
    graph = {"accounts.a": {"backtests.b"}, "backtests.b": {"accounts.a"}}
    assert layer_violations(graph) == ["accounts.a -> backtests.b"]
    assert cycles(graph) == [["accounts.a", "backtests.b"]]
