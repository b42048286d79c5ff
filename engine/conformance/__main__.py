"""Command line of the LEAN conformance harness (see ``engine/conformance/__init__.py``)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from engine.conformance.all_statistics import show_report
from engine.conformance.catalog import AREAS, discover
from engine.conformance.fundamentals import write_provider_file
from engine.conformance.run import (
    format_line,
    launcher_parameters,
    launcher_working_dir,
    run_all,
    summary,
    write_json,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engine.conformance")
    parser.add_argument("--lean", default=os.environ.get("LEAN_ROOT", ""), help="LEAN checkout")
    parser.add_argument("--data", help="LEAN data folder (default: the checkout's Data/)")
    parser.add_argument("--only", default="", help="only algorithms whose name contains this")
    parser.add_argument("--area", default="", help="only this area (e.g. universes)")
    parser.add_argument(
        "--skip-area",
        action="append",
        default=[],
        metavar="AREA",
        help="leave out this area (repeatable), e.g. --skip-area options/futures",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per algorithm")
    parser.add_argument("--json", help="also write the outcomes to this file")
    parser.add_argument(
        "--all-statistics",
        nargs="?",
        const="",
        default=None,
        metavar="FILE",
        help="after the summary, a table of every LEAN statistic on the agreeing algorithms "
        "(matching LEAN's string exactly or not; statuses unchanged); FILE also gets it as JSON",
    )
    args = parser.parse_args(argv)

    root = Path(args.lean) if args.lean else None
    if root is None or not (root / "Algorithm.Python").is_dir():
        print("LEAN conformance: no LEAN checkout given (set LEAN_ROOT or --lean); skipped.")
        return 0
    known = {area for area, _ in AREAS} | {"equities"}
    unknown = sorted(set(args.skip_area) - known)
    if unknown:
        parser.error(f"unknown area {', '.join(unknown)} (areas: {', '.join(sorted(known))})")
    data_dir = Path(args.data) if args.data else root / "Data"
    cases = [
        c
        for c in discover(root)
        if args.only.lower() in c.name.lower()
        and (not args.area or c.area == args.area)
        and c.area not in args.skip_area
    ]
    print(f"LEAN conformance: {len(cases)} Python regression algorithms with figures in {root}")
    with tempfile.TemporaryDirectory(prefix="lean-fundamentals-") as tmp:
        # LEAN's regression runs read fine fundamentals from its test provider (fundamentals.py)
        fundamentals = write_provider_file(root, Path(tmp) / "fundamentals.csv")
        outcomes = run_all(
            cases,
            data_dir=data_dir,
            parameters=launcher_parameters(root),
            timeout=args.timeout,
            jobs=args.jobs,
            # LEAN's launcher runs in Launcher/bin/Debug (its config.json's "../../../Data/" is
            # relative to it), so relative custom-data sources resolve there
            working_dir=launcher_working_dir(root),
            report=lambda outcome: print(format_line(outcome), flush=True),
            fundamentals=fundamentals,
        )
    print(summary(outcomes))
    if args.json:
        write_json(outcomes, Path(args.json))
    if args.all_statistics is not None:
        show_report(outcomes, Path(args.all_statistics) if args.all_statistics else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
