"""The LEAN conformance harness on a small checkout made here: discovery of cases and their
figures, tolerances, a real run that agrees and one that differs, and the skip without LEAN."""

from __future__ import annotations

import json

import pytest

from engine.conformance.__main__ import main
from engine.conformance.catalog import area_of, discover
from engine.conformance.compare import differences
from engine.conformance.run import AGREE, DIFFER, ERROR, launcher_parameters, run_case

ALGORITHM = """from AlgorithmImports import *


class TinyRegressionAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        self.add_equity("SPY", Resolution.MINUTE)
        self.fast = int(self.get_parameter("ema-fast", 0))

    def on_data(self, data):
        if not self.portfolio.invested and self.fast == 10:
            self.set_holdings("SPY", 1)
"""

CSHARP = """namespace QuantConnect.Algorithm.CSharp
{{
    public class {name} : {base}
    {{
        public List<Language> Languages {{ get; }} = new() {{ {languages} }};
        {statistics}
    }}
}}
"""


def statistics_block(values: dict[str, str]) -> str:
    pairs = ",\n".join(f'            {{"{k}", "{v}"}}' for k, v in values.items())
    return (
        "public Dictionary<string, string> ExpectedStatistics => "
        f"new Dictionary<string, string>\n        {{\n{pairs}\n        }};"
    )


def make_checkout(root, expected: dict[str, str]):
    (root / "Algorithm.Python").mkdir(parents=True)
    (root / "Algorithm.CSharp").mkdir()
    (root / "Launcher").mkdir()
    (root / "Algorithm.Python" / "TinyRegressionAlgorithm.py").write_text(ALGORITHM)
    (root / "Algorithm.CSharp" / "TinyRegressionAlgorithm.cs").write_text(
        CSHARP.format(
            name="TinyRegressionAlgorithm",
            base="QCAlgorithm, IRegressionAlgorithmDefinition",
            languages="Language.CSharp, Language.Python",
            statistics=statistics_block(expected),
        )
    )
    # C#-only, and a twin inheriting its figures from a base class
    (root / "Algorithm.Python" / "CSharpOnlyAlgorithm.py").write_text(ALGORITHM)
    (root / "Algorithm.CSharp" / "CSharpOnlyAlgorithm.cs").write_text(
        CSHARP.format(
            name="CSharpOnlyAlgorithm",
            base="QCAlgorithm",
            languages="Language.CSharp",
            statistics=statistics_block(expected),
        )
    )
    (root / "Algorithm.Python" / "DerivedAlgorithm.py").write_text(
        ALGORITHM.replace("TinyRegressionAlgorithm", "DerivedAlgorithm")
    )
    (root / "Algorithm.CSharp" / "DerivedAlgorithm.cs").write_text(
        "public class DerivedAlgorithm : TinyRegressionAlgorithm { }"
    )
    # a subclass with figures of its own, in C#'s target-typed `new()` form
    (root / "Algorithm.Python" / "OverridingAlgorithm.py").write_text(
        ALGORITHM.replace("TinyRegressionAlgorithm", "OverridingAlgorithm")
    )
    (root / "Algorithm.CSharp" / "OverridingAlgorithm.cs").write_text(
        "public class OverridingAlgorithm : TinyRegressionAlgorithm {\n"
        "    public override Dictionary<string, string> ExpectedStatistics => new()\n"
        '    {\n        {"Total Orders", "2"},\n    };\n}\n'
    )
    (root / "Launcher" / "config.json").write_text(
        '{\n  // comments as in LEAN\'s file\n  "data-folder": "../../../Data/",\n'
        '  "parameters": {\n    "ema-fast": 10, // a number\n    "ema-slow": 20\n  }\n}\n'
    )


def test_discovery_keeps_python_cases_with_figures_and_inherits_from_bases(tmp_path):
    make_checkout(tmp_path, {"Total Orders": "1"})
    cases = {c.name: c for c in discover(tmp_path)}
    assert set(cases) == {"TinyRegressionAlgorithm", "DerivedAlgorithm", "OverridingAlgorithm"}
    assert cases["DerivedAlgorithm"].expected == {"Total Orders": "1"}
    assert cases["OverridingAlgorithm"].expected == {"Total Orders": "2"}
    assert cases["TinyRegressionAlgorithm"].area == "equities"


def test_launcher_parameters_read_json_with_comments(tmp_path):
    make_checkout(tmp_path, {"Total Orders": "1"})
    assert launcher_parameters(tmp_path) == {"ema-fast": "10", "ema-slow": "20"}


def test_areas_follow_what_the_algorithm_uses():
    assert area_of("self.add_option('SPY')") == "options/futures"
    assert area_of("self.AddCrypto('BTCUSD')") == "crypto"
    assert area_of("self.add_universe(self.coarse)") == "universes"
    assert area_of("self.add_equity('SPY')") == "equities"


def test_tolerances():
    lean = {
        "Total Orders": "2",
        "Net Profit": "4.486%",
        "End Equity": "104486.22",
        "Sharpe Ratio": "17.304",
        "Drawdown": "0.8%",
    }
    same = {**lean, "Net Profit": "4.489%", "Sharpe Ratio": "17.4", "Drawdown": "0.85%"}
    assert differences(lean, same) == []
    off = {**lean, "Total Orders": "3", "End Equity": "104700.00", "Sharpe Ratio": "17.6"}
    assert [d.split(":")[0] for d in differences(lean, off)] == [
        "Total Orders",
        "End Equity",
        "Sharpe Ratio",
    ]
    assert differences({"Net Profit": "1%"}, {}) == ["Net Profit: 1% (LEAN) vs missing"]


def test_a_real_run_agrees_then_differs_when_the_figures_do(tmp_path, lean_data):
    from engine.api import run_backtest

    project = tmp_path / "reference"
    project.mkdir()
    (project / "main.py").write_text(ALGORITHM)
    ours = run_backtest(project, data_dir=lean_data, parameters={"ema-fast": "10"})
    assert ours.error is None, ours.error
    statistics = json.loads(json.dumps(ours.result["statistics"]))
    assert statistics["Total Orders"] == "1"

    make_checkout(tmp_path / "lean", statistics)
    case = next(c for c in discover(tmp_path / "lean") if c.name == "TinyRegressionAlgorithm")
    parameters = launcher_parameters(tmp_path / "lean")
    outcome = run_case(case, data_dir=lean_data, parameters=parameters, timeout=120)
    assert (outcome.status, outcome.detail) == (AGREE, "")

    wrong = type(case)(case.name, case.python_file, {**statistics, "Total Orders": "5"}, case.area)
    outcome = run_case(wrong, data_dir=lean_data, parameters=parameters, timeout=120)
    assert outcome.status == DIFFER and "Total Orders: 5 (LEAN) vs 1" in outcome.detail


def test_an_algorithm_that_fails_is_an_error_line(tmp_path, lean_data):
    make_checkout(tmp_path, {"Total Orders": "1"})
    broken = tmp_path / "Algorithm.Python" / "TinyRegressionAlgorithm.py"
    broken.write_text(ALGORITHM.replace("self.add_equity", "self.add_nothing"))
    case = next(c for c in discover(tmp_path) if c.name == "TinyRegressionAlgorithm")
    outcome = run_case(case, data_dir=lean_data, parameters={}, timeout=60)
    assert outcome.status == ERROR and "add_nothing" in outcome.detail


def test_an_initialization_failure_agrees_when_lean_expects_one(tmp_path, lean_data):
    """A twin declaring ``AlgorithmStatus.Running`` fails in its initialization in LEAN: the same
    failure here agrees (its figures, if any, still compared); a failure later does not."""
    make_checkout(tmp_path, {"OrderListHash": "d41d8cd98f00b204e9800998ecf8427e"})
    twin = tmp_path / "Algorithm.CSharp" / "TinyRegressionAlgorithm.cs"
    twin.write_text(
        twin.read_text().replace(
            "public List<Language>",
            "public AlgorithmStatus AlgorithmStatus => AlgorithmStatus.Running;\n"
            "        public List<Language>",
        )
    )
    source = tmp_path / "Algorithm.Python" / "TinyRegressionAlgorithm.py"
    source.write_text(ALGORITHM.replace("self.add_equity", "self.add_nothing"))
    case = next(c for c in discover(tmp_path) if c.name == "TinyRegressionAlgorithm")
    assert case.status == "Running"
    assert next(c for c in discover(tmp_path) if c.name == "DerivedAlgorithm").status == "Running"
    outcome = run_case(case, data_dir=lean_data, parameters={}, timeout=60)
    assert outcome.status == AGREE and outcome.detail.startswith("stopped as LEAN")
    source.write_text(
        ALGORITHM.replace("self.set_holdings", "self.no_such_call").replace(
            "and self.fast == 10", ""
        )
    )
    outcome = run_case(case, data_dir=lean_data, parameters={}, timeout=60)
    assert outcome.status == ERROR and "no_such_call" in outcome.detail


def test_without_a_checkout_it_skips_cleanly(monkeypatch, capsys):
    monkeypatch.delenv("LEAN_ROOT", raising=False)
    assert main([]) == 0
    assert "skipped" in capsys.readouterr().out


@pytest.mark.parametrize("area", ["universes"])
def test_area_filter(tmp_path, area, capsys):
    make_checkout(tmp_path, {"Total Orders": "1"})
    assert main(["--lean", str(tmp_path), "--area", area, "--jobs", "1"]) == 0
    assert "0 Python regression algorithms" in capsys.readouterr().out


def test_skip_area_leaves_an_area_out(tmp_path, capsys, monkeypatch):
    make_checkout(tmp_path, {"Total Orders": "1"})
    (tmp_path / "Algorithm.Python" / "OptionAlgorithm.py").write_text(
        ALGORITHM.replace("TinyRegressionAlgorithm", "OptionAlgorithm").replace(
            'self.add_equity("SPY", Resolution.MINUTE)', 'self.add_option("SPY")'
        )
    )
    (tmp_path / "Algorithm.CSharp" / "OptionAlgorithm.cs").write_text(
        "public class OptionAlgorithm : TinyRegressionAlgorithm { }"
    )
    assert {c.name: c.area for c in discover(tmp_path)}["OptionAlgorithm"] == "options/futures"
    # no run: count what would be run, with the runner replaced by one that records its cases
    seen: list[str] = []

    def record(cases, **kwargs):
        seen.extend(c.name for c in cases)
        return []

    monkeypatch.setattr("engine.conformance.__main__.run_all", record)
    assert main(["--lean", str(tmp_path), "--skip-area", "options/futures", "--jobs", "1"]) == 0
    assert "3 Python regression algorithms" in capsys.readouterr().out
    assert sorted(seen) == ["DerivedAlgorithm", "OverridingAlgorithm", "TinyRegressionAlgorithm"]
    seen.clear()
    assert main(["--lean", str(tmp_path), "--skip-area", "equities", "--jobs", "1"]) == 0
    assert "1 Python regression algorithms" in capsys.readouterr().out
    assert seen == ["OptionAlgorithm"]
    with pytest.raises(SystemExit):
        main(["--lean", str(tmp_path), "--skip-area", "nonsense"])
    assert "unknown area nonsense" in capsys.readouterr().err
