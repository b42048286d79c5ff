"""The harness reads LEAN's ``CanRunLocally`` mark from the C# twin (and its bases) and reports
such algorithms ``not-local`` whatever the run gives; it runs the engine with ``--strict-data``."""

from __future__ import annotations

import json
from pathlib import Path

from test_conformance_harness import ALGORITHM, CSHARP, make_checkout, statistics_block

from engine.api import run_backtest
from engine.conformance.catalog import can_run_locally, discover
from engine.conformance.run import (
    AGREE,
    DIFFER,
    ERROR,
    NOT_LOCAL,
    Outcome,
    format_line,
    run_case,
    summary,
    write_json,
)


def test_can_run_locally_forms():
    assert can_run_locally("public bool CanRunLocally { get; } = true;") is True
    assert can_run_locally("public virtual bool CanRunLocally { get; } = false;") is False
    assert can_run_locally("public bool CanRunLocally => false;") is False
    assert can_run_locally("public override bool CanRunLocally => true;") is True
    # an auto-property without an initializer is C#'s default, false
    assert can_run_locally("public bool CanRunLocally { get; }") is False
    # abstract, or not declared: the base or the subclass decides
    assert can_run_locally("public abstract bool CanRunLocally { get; }") is None
    assert can_run_locally("public bool Other { get; } = false;") is None


def _twin(root: Path, name: str, base: str, body: str) -> None:
    (root / "Algorithm.Python" / f"{name}.py").write_text(
        ALGORITHM.replace("TinyRegressionAlgorithm", name)
    )
    (root / "Algorithm.CSharp" / f"{name}.cs").write_text(
        f"public class {name} : {base} {{\n    {body}\n}}\n"
    )


def test_discovery_reads_the_mark_through_the_bases(tmp_path):
    make_checkout(tmp_path, {"Total Orders": "1"})
    twin = tmp_path / "Algorithm.CSharp" / "TinyRegressionAlgorithm.cs"
    twin.write_text(
        twin.read_text().replace(
            "public List<Language>",
            "public virtual bool CanRunLocally { get; } = false;\n        public List<Language>",
        )
    )
    _twin(
        tmp_path,
        "LocalAgainAlgorithm",
        "TinyRegressionAlgorithm",
        "public override bool CanRunLocally { get; } = true;",
    )
    cases = {c.name: c for c in discover(tmp_path)}
    assert cases["TinyRegressionAlgorithm"].can_run_locally is False
    assert cases["DerivedAlgorithm"].can_run_locally is False  # inherits the base's mark
    assert cases["LocalAgainAlgorithm"].can_run_locally is True
    # a twin that never declares it (older LEAN files) runs locally
    other = tmp_path / "other"
    make_checkout(other, {"Total Orders": "1"})
    assert all(c.can_run_locally for c in discover(other))


def test_a_not_local_case_reports_its_status_and_the_runs(tmp_path, lean_data):
    project = tmp_path / "reference"
    project.mkdir()
    (project / "main.py").write_text(ALGORITHM)
    ours = run_backtest(project, data_dir=lean_data, parameters={"ema-fast": "10"})
    assert ours.error is None, ours.error
    statistics = json.loads(json.dumps(ours.result["statistics"]))
    root = tmp_path / "lean"
    make_checkout(root, statistics)
    (root / "Algorithm.CSharp" / "TinyRegressionAlgorithm.cs").write_text(
        CSHARP.format(
            name="TinyRegressionAlgorithm",
            base="QCAlgorithm, IRegressionAlgorithmDefinition",
            languages="Language.CSharp, Language.Python",
            statistics=statistics_block(statistics)
            + "\n        public bool CanRunLocally => false;",
        )
    )
    case = next(c for c in discover(root) if c.name == "TinyRegressionAlgorithm")
    outcome = run_case(case, data_dir=lean_data, parameters={"ema-fast": "10"}, timeout=120)
    assert (outcome.status, outcome.run_status) == (NOT_LOCAL, AGREE)
    assert "CanRunLocally false" in outcome.detail

    outcomes = [
        outcome,
        Outcome("B", "equities", NOT_LOCAL, "", 1.0, run_status=DIFFER),
        Outcome("C", "equities", AGREE, "", 1.0),
    ]
    assert format_line(outcomes[1]).startswith("NOT-LOCAL equities")
    text = summary(outcomes)
    assert text.splitlines()[0].split()[-1] == NOT_LOCAL
    equities = next(line for line in text.splitlines() if line.startswith("equities"))
    assert equities.split() == ["equities", "3", "1", "0", "0", "0", "2"]
    assert "not-local (LEAN's CanRunLocally false): 2, 1 of them agree anyway" in text
    write_json(outcomes, tmp_path / "out.json")
    rows = json.loads((tmp_path / "out.json").read_text())
    assert [(r["status"], r["run_status"]) for r in rows] == [
        (NOT_LOCAL, AGREE),
        (NOT_LOCAL, DIFFER),
        (AGREE, AGREE),
    ]
    assert set(rows[2]) == {
        *("name", "area", "status", "detail", "seconds", "run_status"),
        *("expected", "statistics"),
    }


OPTION_ALGORITHM = """from AlgorithmImports import *


class TinyRegressionAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 24)
        self.add_equity("GOOG")
        self.contract = Symbol.create_option(
            "GOOG", Market.USA, OptionStyle.AMERICAN, OptionRight.CALL, 750, datetime(2016, 1, 15))
        self.add_option_contract(self.contract)

    def on_data(self, slice):
        if not self.portfolio.invested and slice.bars.contains_key(self.contract):
            self.buy(self.contract, 1)
"""


def _without_goog_option_quotes(lean_data: Path, root: Path) -> Path:
    """The sample folder linked entry by entry, GOOG's minute option quote zips left out."""
    goog = lean_data / "option" / "usa" / "minute" / "goog"

    def link_tree(source: Path, target: Path) -> None:
        target.mkdir(parents=True, exist_ok=True)
        for entry in source.iterdir():
            if entry == goog:
                (target / entry.name).mkdir()
                for path in entry.iterdir():
                    if "_quote_" not in path.name:
                        (target / entry.name / path.name).symlink_to(path)
            elif goog.is_relative_to(entry):
                link_tree(entry, target / entry.name)
            else:
                (target / entry.name).symlink_to(entry)

    link_tree(lean_data, root)
    return root


def test_the_harness_runs_with_strict_data(tmp_path, lean_data):
    make_checkout(tmp_path / "lean", {"Total Orders": "1"})
    source = tmp_path / "lean" / "Algorithm.Python" / "TinyRegressionAlgorithm.py"
    source.write_text(OPTION_ALGORITHM)
    case = next(c for c in discover(tmp_path / "lean") if c.name == "TinyRegressionAlgorithm")
    data = _without_goog_option_quotes(lean_data, tmp_path / "data")
    outcome = run_case(case, data_dir=data, parameters={}, timeout=120)
    assert outcome.status == ERROR
    assert outcome.detail.startswith("Incomplete data (strict data): an order for GOOG")
    assert run_case(case, data_dir=lean_data, parameters={}, timeout=120).status == AGREE
