"""LEAN's Python regression algorithms and the figures LEAN publishes for them.

A case is a file of a LEAN checkout's ``Algorithm.Python/`` whose C# twin in ``Algorithm.CSharp/``
(the class of the same name) implements ``IRegressionAlgorithmDefinition`` with ``Python`` among
its ``Languages`` and declares ``ExpectedStatistics``. A twin that inherits either from a base
class of ``Algorithm.CSharp/`` gets the base's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_CLASS = re.compile(r"\bclass\s+(\w+)\s*(?::\s*([\w.]+))?")
# `=> new Dictionary<string, string> { ... }` or the target-typed `=> new() { ... }`
_STATISTICS = re.compile(
    r"Dictionary<string,\s*string>\s+ExpectedStatistics\s*=>\s*new\s*"
    r"(?:Dictionary<string,\s*string>\s*)?(?:\(\s*\)\s*)?\{(?P<body>.*?)\};",
    re.S,
)
_PAIR = re.compile(r'\{\s*"(?P<key>[^"]+)"\s*,\s*"(?P<value>[^"]*)"\s*\}')
_LANGUAGES = re.compile(r"List<Language>\s+Languages\s*\{[^}]*\}\s*=\s*new[^{]*\{(?P<body>[^}]*)\}")
_PY_CLASS = re.compile(r"^class\s+(\w+)\s*\(", re.M)
# the final status the twin expects: ``Completed`` unless it declares another, ``RuntimeError``
# for an algorithm meant to stop with an error, ``Running`` for one whose initialization fails
_STATUS = re.compile(
    r"AlgorithmStatus\s+AlgorithmStatus\s*(?:=>|\{[^}]*\}\s*=)\s*AlgorithmStatus\.(\w+)"
)

# LEAN's mark that the figures need data its repository does not ship (IRegressionAlgorithmDefinition
# .CanRunLocally): `bool CanRunLocally => false;`, `{ get; } = false;`, or an auto-property without
# an initializer (false); an abstract one leaves it to the subclass
_CAN_RUN_LOCALLY = re.compile(
    r"(?P<abstract>\babstract\s+)?\bbool\s+CanRunLocally\s*"
    r"(?:=>\s*(?P<arrow>true|false)|\{\s*get;\s*\}(?:\s*=\s*(?P<init>true|false))?)"
)

# Areas, first match wins, from what the algorithm's Python source uses. Options and futures are
# a separate part of the engine and are counted apart.
AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "options/futures",
        (
            "add_option",
            "AddOption",
            "add_future",
            "AddFuture",
            "add_index_option",
            "AddIndexOption",
            "OptionChain",
            "option_chain",
            "FutureChain",
            "future_chain",
            "OptionStrategies",
            "SecurityType.OPTION",
            "SecurityType.Option",
            "SecurityType.FUTURE",
            "SecurityType.Future",
            "SecurityType.INDEX_OPTION",
            "SecurityType.IndexOption",
            "FutureOption",
            "create_option",
            "CreateOption",
            "create_future",
            "CreateFuture",
        ),
    ),
    ("custom data", ("PythonData", "add_data", "AddData")),
    ("crypto", ("add_crypto", "AddCrypto", "SecurityType.CRYPTO", "SecurityType.Crypto")),
    ("forex/cfd", ("add_forex", "AddForex", "add_cfd", "AddCfd")),
    (
        "universes",
        ("add_universe", "AddUniverse", "set_universe_selection", "SetUniverseSelection"),
    ),
    (
        "framework",
        (
            "set_alpha",
            "SetAlpha",
            "set_portfolio_construction",
            "SetPortfolioConstruction",
            "set_execution",
            "SetExecution",
            "set_risk_management",
            "SetRiskManagement",
        ),
    ),
)


@dataclass
class CSharpClass:
    name: str
    base: str
    statistics: dict[str, str] | None
    languages: list[str] | None
    source: str
    status: str | None = None
    can_run_locally: bool | None = None


@dataclass(frozen=True)
class Case:
    name: str  # the C# twin's class name
    python_file: Path
    expected: dict[str, str] = field(hash=False)
    area: str = "equities"
    status: str = "Completed"  # LEAN's expected final AlgorithmStatus
    # False when LEAN's twin declares CanRunLocally false: its figures come from data the LEAN
    # repository (and so the sample data folder) does not have
    can_run_locally: bool = True


def _csharp_classes(folder: Path) -> dict[str, CSharpClass]:
    classes: dict[str, CSharpClass] = {}
    for path in sorted(folder.glob("*.cs")):
        text = path.read_text(encoding="utf-8", errors="replace")
        declared = [m for m in _CLASS.finditer(text)]
        if not declared:
            continue
        # the first class of the file is the algorithm (nested helper classes come later)
        first = declared[0]
        statistics = _STATISTICS.search(text)
        languages = _LANGUAGES.search(text)
        classes[first.group(1)] = CSharpClass(
            name=first.group(1),
            base=(first.group(2) or "").rsplit(".", 1)[-1],
            statistics=(
                {m["key"]: m["value"] for m in _PAIR.finditer(statistics["body"])}
                if statistics
                else None
            ),
            languages=(re.findall(r"Language\.(\w+)", languages["body"]) if languages else None),
            source=text,
            status=(m.group(1) if (m := _STATUS.search(text)) else None),
            can_run_locally=can_run_locally(text),
        )
    return classes


def can_run_locally(source: str) -> bool | None:
    """What a C# class's source declares for ``CanRunLocally`` (None: abstract or not declared,
    the base class or the subclass decides)."""
    match = _CAN_RUN_LOCALLY.search(source)
    if match is None or match["abstract"]:
        return None
    return (match["arrow"] or match["init"] or "false") == "true"


def _inherited(classes: dict[str, CSharpClass], name: str, attribute: str):
    seen: set[str] = set()
    while name in classes and name not in seen:
        seen.add(name)
        value = getattr(classes[name], attribute)
        if value is not None:
            return value
        name = classes[name].base
    return None


def area_of(source: str) -> str:
    for area, markers in AREAS:
        if any(marker in source for marker in markers):
            return area
    return "equities"


def discover(lean_root: Path) -> list[Case]:
    """Every Python regression algorithm of the checkout with LEAN's figures, sorted by name."""
    classes = _csharp_classes(lean_root / "Algorithm.CSharp")
    cases: dict[str, Case] = {}
    # files named after their class first: another file defining the same class (a copy, or
    # LEAN's main.py) does not replace it
    files = sorted((lean_root / "Algorithm.Python").glob("*.py"), key=lambda p: p.name == "main.py")
    for path in files:
        source = path.read_text(encoding="utf-8", errors="replace")
        names = [path.stem, *_PY_CLASS.findall(source)]
        twin = next((n for n in names if n in classes), None)
        if twin is None or twin in cases:
            continue
        languages = _inherited(classes, twin, "languages") or []
        statistics = _inherited(classes, twin, "statistics")
        if "Python" not in languages or not statistics:
            continue
        # A Python file may only subclass another file's algorithm: the C# twin and its bases
        # show what it trades too.
        sources = [source]
        name = twin
        while name in classes and len(sources) < 8:
            sources.append(classes[name].source)
            name = classes[name].base
        status = _inherited(classes, twin, "status") or "Completed"
        local = _inherited(classes, twin, "can_run_locally")
        cases[twin] = Case(
            twin,
            path,
            statistics,
            area_of("\n".join(sources)),
            status,
            can_run_locally=local is not False,
        )
    return sorted(cases.values(), key=lambda c: c.name)
