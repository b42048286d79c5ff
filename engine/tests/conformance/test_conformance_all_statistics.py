"""The all-statistics report: every LEAN statistic on the agreeing algorithms, matched exactly or
named, without changing any algorithm's status."""

from __future__ import annotations

import json

from test_conformance_harness import ALGORITHM, make_checkout

from engine.api import run_backtest
from engine.conformance.__main__ import main
from engine.conformance.all_statistics import (
    format_report,
    load_outcomes,
    statistics_report,
)
from engine.conformance.all_statistics import main as report_main
from engine.conformance.run import AGREE, DIFFER, ERROR, NOT_LOCAL, Outcome, write_json


def outcome(name: str, status: str, expected: dict, ours: dict) -> Outcome:
    return Outcome(name, "equities", status, "", 1.0, expected=expected, statistics=ours)


def test_only_agreeing_algorithms_are_counted_and_strings_match_exactly():
    lean = {"Sortino Ratio": "1.5", "Alpha": "0.1", "OrderListHash": "abc"}
    outcomes = [
        outcome("Same", AGREE, lean, {"Sortino Ratio": "1.5", "Alpha": "0.1"}),
        # 1.50 is the same number but not LEAN's string; Alpha absent from ours
        outcome("Other", AGREE, lean, {"Sortino Ratio": "1.50"}),
        outcome("Differs", DIFFER, lean, {}),
        outcome("Failed", ERROR, lean, {}),
        outcome("NotLocal", NOT_LOCAL, lean, dict(lean)),
    ]
    report = statistics_report(outcomes)
    assert report["algorithms"] == 2
    assert set(report["statistics"]) == {"Sortino Ratio", "Alpha"}
    sortino = report["statistics"]["Sortino Ratio"]
    assert (sortino["compared"], sortino["matching"]) == (2, 1)
    assert sortino["mismatches"] == [{"name": "Other", "lean": "1.5", "ours": "1.50"}]
    assert report["statistics"]["Alpha"]["mismatches"] == [
        {"name": "Other", "lean": "0.1", "ours": None}
    ]
    # statuses are left as they were
    assert [o.status for o in outcomes] == [AGREE, AGREE, DIFFER, ERROR, NOT_LOCAL]
    lines = format_report(report).splitlines()
    assert lines[0] == "all statistics on the 2 agreeing algorithms"
    assert lines[2].split()[:3] == ["Alpha", "1", "2"]
    assert lines[2].endswith("Other 0.1 vs missing")
    assert lines[3].endswith("Other 1.5 vs 1.50")


def test_a_long_mismatch_list_is_cut_with_a_count():
    outcomes = [outcome(f"A{i}", AGREE, {"Beta": "1"}, {"Beta": str(i + 2)}) for i in range(5)]
    line = format_report(statistics_report(outcomes), examples=2).splitlines()[2]
    assert line.endswith("A0 1 vs 2; A1 1 vs 3; 3 more")


def test_the_report_is_rebuilt_from_a_saved_run(tmp_path, capsys):
    outcomes = [outcome("Same", AGREE, {"Beta": "1"}, {"Beta": "2"})]
    write_json(outcomes, tmp_path / "run.json")
    assert load_outcomes(tmp_path / "run.json")[0].statistics == {"Beta": "2"}
    assert report_main([str(tmp_path / "run.json"), "--json", str(tmp_path / "r.json")]) == 0
    assert "Same 1 vs 2" in capsys.readouterr().out
    saved = json.loads((tmp_path / "r.json").read_text())
    assert saved["statistics"]["Beta"]["matching"] == 0


def test_the_flag_reports_a_real_run_that_still_agrees(tmp_path, lean_data, capsys):
    """A statistic the harness does not compare differs from LEAN's: the algorithm agrees all
    the same, and the report names it."""
    project = tmp_path / "reference"
    project.mkdir()
    (project / "main.py").write_text(ALGORITHM)
    ours = run_backtest(project, data_dir=lean_data, parameters={"ema-fast": "10"})
    assert ours.error is None, ours.error
    statistics = {k: str(v) for k, v in ours.result["statistics"].items()}
    lean = {**statistics, "Sortino Ratio": "123.456", "OrderListHash": "d41d8cd9"}
    make_checkout(tmp_path / "lean", lean)
    report_file = tmp_path / "all.json"
    argv = ["--lean", str(tmp_path / "lean"), "--data", str(lean_data), "--jobs", "1"]
    argv += ["--only", "TinyRegression", "--all-statistics", str(report_file)]
    argv += ["--json", str(tmp_path / "run.json")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("AGREE")
    assert "all statistics on the 1 agreeing algorithms" in out
    report = json.loads(report_file.read_text())
    assert report["statistics"]["Sortino Ratio"]["mismatches"] == [
        {
            "name": "TinyRegressionAlgorithm",
            "lean": "123.456",
            "ours": statistics["Sortino Ratio"],
        }
    ]
    others = {k: v for k, v in report["statistics"].items() if k != "Sortino Ratio"}
    assert others and all(row["matching"] == row["compared"] == 1 for row in others.values())
    assert "OrderListHash" not in report["statistics"]
    (saved,) = json.loads((tmp_path / "run.json").read_text())
    assert saved["status"] == AGREE and saved["expected"] == lean
