"""How many agreeing algorithms match every statistic LEAN publishes, not only the compared ones.

The harness decides agree/differ on seven figures (``compare.py``). The results page shows every
statistic of LEAN's summary, so this report takes the algorithms that agree and, for each key of
LEAN's ExpectedStatistics, counts those whose string equals LEAN's exactly and names the others.
It never changes an outcome's status.

From a saved run: ``python -m engine.conformance.all_statistics OUTCOMES.json [--json REPORT]``
(OUTCOMES.json is what the harness's ``--json`` wrote).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from engine.conformance.run import AGREE, Outcome

# A checksum of LEAN's serialized order list (its regression tests' own check), not a statistic a
# user sees; the order count is compared by the harness itself
NOT_STATISTICS = frozenset({"OrderListHash"})


def statistics_report(outcomes: Iterable[Outcome]) -> dict[str, Any]:
    """``{"algorithms": n, "statistics": {key: {"compared", "matching", "mismatches"}}}`` over the
    agreeing outcomes, keys in the order LEAN lists them; a mismatch is ``{"name", "lean",
    "ours"}`` (``ours`` None when the run has no such statistic)."""
    agreeing = [o for o in outcomes if o.status == AGREE and o.expected]
    table: dict[str, dict[str, Any]] = {}
    for outcome in agreeing:
        for key, lean in outcome.expected.items():
            if key in NOT_STATISTICS:
                continue
            row = table.setdefault(key, {"compared": 0, "matching": 0, "mismatches": []})
            row["compared"] += 1
            ours = outcome.statistics.get(key)
            if ours is not None and ours.strip() == lean.strip():
                row["matching"] += 1
            else:
                row["mismatches"].append({"name": outcome.name, "lean": lean, "ours": ours})
    return {"algorithms": len(agreeing), "statistics": table}


def format_report(report: dict[str, Any], *, examples: int = 3) -> str:
    """A table, statistics with the most mismatches first: matching of compared, then the first
    ``examples`` mismatches as ``name LEAN vs ours``."""
    rows = sorted(
        report["statistics"].items(),
        key=lambda item: (-len(item[1]["mismatches"]), item[0]),
    )
    width = max([len(key) for key, _ in rows] + [len("statistic")])
    lines = [
        f"all statistics on the {report['algorithms']} agreeing algorithms",
        f"{'statistic':{width}s}  {'match':>5s}  {'of':>4s}  mismatches (LEAN vs ours)",
    ]
    for key, row in rows:
        shown = [
            f"{m['name']} {m['lean']} vs {'missing' if m['ours'] is None else m['ours']}"
            for m in row["mismatches"][:examples]
        ]
        more = len(row["mismatches"]) - len(shown)
        if more > 0:
            shown.append(f"{more} more")
        lines.append(
            f"{key:{width}s}  {row['matching']:5d}  {row['compared']:4d}  {'; '.join(shown)}"
        )
    return "\n".join(lines)


def write_report(report: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(report, indent=1), encoding="utf-8")


def load_outcomes(path: Path) -> list[Outcome]:
    """Outcomes from the harness's ``--json`` file."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise ValueError(f"{path} is not a list of outcomes (the harness's --json output)")
    fields = set(Outcome.__dataclass_fields__)
    return [Outcome(**{k: v for k, v in row.items() if k in fields}) for row in rows]


def show_report(outcomes: list[Outcome], path: Path | None = None) -> None:
    """Print the report on ``outcomes``, and write it as JSON to ``path`` when given."""
    report = statistics_report(outcomes)
    print(format_report(report))
    if path is not None:
        write_report(report, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.conformance.all_statistics")
    parser.add_argument("outcomes", help="the JSON file the harness's --json wrote")
    parser.add_argument("--json", help="also write the report to this file")
    args = parser.parse_args(argv)
    show_report(load_outcomes(Path(args.outcomes)), Path(args.json) if args.json else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
