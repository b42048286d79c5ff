"""The engine's command line.

    python -m engine backtest PROJECT_DIR [--data DATA_DIR] [--out OUT_DIR] [--parameter k=v ...]
                              [--start-date YYYY-MM-DD] [--end-date YYYY-MM-DD] [--status-file PATH] [--cancel-file PATH] [--max-seconds N] [--max-memory-mb N]
                              [--object-store DIR] [--snapshot-seconds N] [--fundamentals CSV]
                              [--cash CURRENCY=AMOUNT ...] [--holding TICKER=QUANTITY@PRICE ...]
                              [--strict-data]
    python -m engine live PROJECT_DIR --replay-start DATE [--speed N] [--replay-end DATE]
                          [--commands-dir DIR] [the backtest options]
    python -m engine live PROJECT_DIR --feed-folder DIR [--feed-period-seconds N]
                          [--commands-dir DIR] [the backtest options]
    python -m engine check PROJECT_DIR [--json]

``--start-date``/``--end-date`` replace the dates the algorithm's ``initialize`` sets, as LEAN's
job packet ``PeriodStart``/``PeriodFinish`` (applied after ``Initialize()``; the end date covers its
whole day). ``--cash``/``--holding`` replace the account the algorithm set up (a brokerage's
state in ``live``; in ``backtest``, a reconciliation starting where its live deployment started).
``--strict-data`` stops the run with an error naming the files when the data folder has a day's
trade files but not their quote files and an order or the algorithm's price read rests on them
(engine/data/absent_data.py); without it the run warns and goes on.

``live`` is paper trading on recorded data: the data folder replayed from DATE (midnight, New York
time, or an ISO date-time with an offset) at real speed times N, the algorithm in live mode.
With ``--feed-folder`` it is paper trading on wall-clock time fed by bars written into DIR as they
happen (``engine.runner.livefeed.FolderFeed``).

Exit status: 0 completed, 1 runtime/project error (results.json still written), 2 bad arguments,
3 cancelled, 4 time or memory limit exceeded.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

SUMMARY_KEYS = (
    "Total Orders",
    "Net Profit",
    "Compounding Annual Return",
    "Drawdown",
    "Sharpe Ratio",
    "Start Equity",
    "End Equity",
    "Total Fees",
)


def default_data_dir() -> Path:
    """Demo data in the user's cache folder, generated on first use."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = Path(os.environ.get("QCWEB_DEMO_DATA") or base / "qcweb" / "demo-data")
    from engine.data import is_synthetic

    if not is_synthetic(folder):
        from engine.data.demo import generate

        print(f"Generating synthetic demo data into {folder} (first use)...", file=sys.stderr)
        if folder.exists():
            generate(folder)
        else:
            # Written beside it and renamed into place, so that a process starting at the same
            # time never reads a half-written folder; the first rename wins and the others'
            # copies (identical: the data are seeded) are removed.
            import shutil
            import tempfile

            folder.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
            generate(staging)
            try:
                staging.rename(folder)
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
    return folder


def _parameters(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise SystemExit(f"--parameter expects name=value, got {item!r}")
        key, value = item.split("=", 1)
        out[key.strip()] = value
    return out


def _iso_date(text: str):
    """An ISO date (YYYY-MM-DD) of ``--start-date``/``--end-date`` (argparse exits 2 otherwise)."""
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def replay_start_ns(text: str) -> int:
    """UTC ns of a replay start: an ISO date or date-time; without an offset, New York time (the
    default algorithm time zone, whose market day the replay follows)."""
    from datetime import datetime

    from engine.common.clock import local_to_ns, utc_to_ns

    try:
        when = datetime.fromisoformat(text)
    except ValueError as exc:
        raise SystemExit(f"--replay-start/--replay-end expect an ISO date, got {text!r}") from exc
    if when.tzinfo is not None:
        return utc_to_ns(when)
    return local_to_ns(when, "America/New_York")


def _controls(args: argparse.Namespace):
    from engine.common.controls import Controls
    from engine.model import Resolution

    lowest = getattr(args, "lowest_resolution", None)
    return Controls(
        max_orders=getattr(args, "max_orders", None),
        lowest_resolution=Resolution[lowest.upper()] if lowest else None,
        stop_past_series_cap=bool(getattr(args, "stop_past_series_cap", False)),
        strict_data=bool(getattr(args, "strict_data", False)),
        notes=tuple(sorted(_parameters(getattr(args, "limit_note", None) or []).items())),
    )


def _runner_factory(args: argparse.Namespace):
    from engine.runner.runners import BacktestRunner

    if args.command != "live":
        return BacktestRunner
    from datetime import timedelta
    from functools import partial

    from engine.runner.clocks import ReplayClock, WallClock
    from engine.runner.livefeed import FolderFeed, LiveFeedRunner
    from engine.runner.runners import ReplayRunner

    paper = {
        "pulse_seconds": args.pulse_seconds,
        "liquidate_requested": (
            partial(os.path.exists, args.liquidate_file) if args.liquidate_file else None
        ),
        "commands": args.commands_dir,
        # results beside results.json (the folder the web app reads)
        "command_results": _out_dir(args),
    }
    end = replay_start_ns(args.replay_end) if args.replay_end else None
    if args.feed_folder:
        if args.replay_start:
            raise SystemExit("live: give either --replay-start or --feed-folder, not both")
        feed = FolderFeed(args.feed_folder, period=timedelta(seconds=args.feed_period_seconds))
        return partial(LiveFeedRunner, clock=WallClock(end_ns=end), feed=feed, **paper)
    if not args.replay_start:
        raise SystemExit("live: --replay-start DATE or --feed-folder DIR is required")
    clock = ReplayClock(replay_start_ns(args.replay_start), args.speed, end_ns=end)
    return partial(ReplayRunner, clock=clock, **paper)


def _out_dir(args: argparse.Namespace) -> Path:
    return Path(args.out) if args.out else Path(args.project_dir) / "backtests" / "latest"


def _account(args: argparse.Namespace) -> dict:
    """``--cash``/``--holding``: the starting account replacing the algorithm's."""
    try:
        cash = {k.upper(): float(v) for k, v in _parameters(args.cash).items()}
    except ValueError as exc:
        raise SystemExit(f"--cash expects CURRENCY=AMOUNT: {exc}") from exc
    return {"cash": cash, "holdings": [_holding(item) for item in args.holding]}


def _holding(item: str) -> tuple[str, float, float]:
    """``TICKER=QUANTITY@AVERAGE_PRICE``."""
    try:
        ticker, rest = item.split("=", 1)
        quantity, price = rest.split("@", 1)
        return ticker.strip().upper(), float(quantity), float(price)
    except ValueError as exc:
        raise SystemExit(f"--holding expects TICKER=QUANTITY@PRICE, got {item!r}") from exc


def _not_a_project(path: str) -> bool:
    """Whether ``path`` is not a project folder; says so on stderr (a file given in its place
    would otherwise fail later with an unrelated error, or check nothing)."""
    folder = Path(path)
    if folder.is_dir():
        return False
    hint = f" (give its folder, {folder.parent})" if folder.is_file() else ""
    print(f"{path} is not a project folder, a folder holding main.py{hint}", file=sys.stderr)
    return True


def cmd_backtest(args: argparse.Namespace) -> int:
    from engine.errors import RunStopped
    from engine.runner.backtest import BacktestOutcome, run_backtest, write_outputs
    from engine.runner.limits import Supervisor, set_memory_limit, write_json_atomic
    from engine.runner.results import json_default

    if _not_a_project(args.project_dir):
        return 2
    project = Path(args.project_dir)
    out_dir = _out_dir(args)
    data_dir = Path(args.data) if args.data else default_data_dir()
    if args.max_memory_mb:
        set_memory_limit(args.max_memory_mb)
    period_start = getattr(args, "start_date", None)
    period_end = getattr(args, "end_date", None)
    if period_start and period_end and period_start > period_end:
        print(f"--start-date {period_start} is after --end-date {period_end}", file=sys.stderr)
        return 2
    supervisor = Supervisor(args.status_file, args.cancel_file, args.max_seconds)
    on_snapshot = None
    if args.snapshot_seconds is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        snapshot_file = out_dir / "snapshot.json"
        charts_file = out_dir / "charts.json"

        def on_snapshot(snapshot: dict) -> None:
            # a live run's charts go to their own file, rewritten only when they changed
            charts = snapshot.pop("charts", None)
            try:
                if charts is not None:
                    write_json_atomic(charts_file, charts, default=json_default)
                write_json_atomic(snapshot_file, snapshot, default=json_default)
            except OSError:  # a full disk must not end the run; results.json reports it
                pass

    supervisor.start()
    try:
        outcome = run_backtest(
            project,
            data_dir=data_dir,
            out_dir=None,
            parameters=_parameters(args.parameter),
            on_progress=supervisor.on_progress,
            should_cancel=supervisor.should_cancel,
            object_store_dir=args.object_store,
            fundamentals_file=args.fundamentals,
            snapshot_seconds=args.snapshot_seconds,
            on_snapshot=on_snapshot,
            make_runner=_runner_factory(args),
            period_start=period_start,
            period_end=period_end,
            controls=_controls(args),
            working_dir=args.working_dir,
            **_account(args),
        )
    except RunStopped as exc:  # the hard time limit fired outside the loop's own handling
        outcome = BacktestOutcome(
            {"status": "RuntimeError", "error": str(exc)},
            [f"ERROR:: {exc}"],
            str(exc),
            "",
            "RuntimeError",
        )
    code = 0
    if outcome.status == "Cancelled" and supervisor.stop_reason == "time":
        message = supervisor.time_limit_message()
        outcome.error, outcome.status = message, "RuntimeError"
        outcome.result.update({"error": message, "stacktrace": "", "status": "RuntimeError"})
        outcome.logs.append(f"ERROR:: {message}")
        outcome.result["logs"] = outcome.logs
        code = 4
    elif outcome.status == "Cancelled":
        code = 3
    elif outcome.error:
        code = 4 if "time limit" in outcome.error or "out of memory" in outcome.error else 1
    write_outputs(outcome, out_dir)
    supervisor.stop(outcome.status, outcome.error)
    try:
        _print_summary(outcome, out_dir)
    except BrokenPipeError:  # the reader went away (| head): the files are written
        pass
    return code


def _print_summary(outcome, out_dir: Path) -> None:
    stats = outcome.result.get("statistics") or {}
    print(
        f"Status: {outcome.status}   ({outcome.elapsed_seconds:.2f}s, {outcome.data_points:,} data points)"
    )
    if outcome.error:
        print(f"Error: {outcome.error}", file=sys.stderr)
    for key in SUMMARY_KEYS:
        if key in stats:
            print(f"  {key:<28}{stats[key]}")
    print(f"Results: {out_dir / 'results.json'}   Log: {out_dir / 'log.txt'}")


def cmd_check(args: argparse.Namespace) -> int:
    from engine.runner.check import check_project

    if _not_a_project(args.project_dir):
        return 2
    diagnostics = check_project(args.project_dir)
    if args.json:
        print(json.dumps([d.to_json() for d in diagnostics], indent=1))
    else:
        for d in diagnostics:
            print(d)
        if not diagnostics:
            print("No problems found.")
    return 1 if any(d.severity == "error" for d in diagnostics) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m engine", description="qcweb's LEAN-compatible backtesting engine"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    bt = sub.add_parser("backtest", help="run main.py of a project folder")
    _run_options(bt)
    bt.add_argument(
        "--start-date",
        type=_iso_date,
        help="run from this date instead of the algorithm's set_start_date",
    )
    bt.add_argument(
        "--end-date",
        type=_iso_date,
        help="run to this date instead of the algorithm's set_end_date",
    )
    bt.add_argument(
        "--max-orders", type=int, help="the order past this count is refused and the run stops"
    )
    bt.add_argument(
        "--lowest-resolution",
        choices=["minute", "hour", "daily"],
        help="refuse market data subscriptions finer than this (e.g. second and tick data)",
    )
    bt.add_argument(
        "--stop-past-series-cap",
        action="store_true",
        help="stop the algorithm when it adds a custom chart series past the cap (not skip it)",
    )
    bt.add_argument(
        "--strict-data",
        action="store_true",
        help="stop with an error naming the files when a day has trade files but not their quote "
        "files (options at any resolution, futures at tick resolution) and an order or the "
        "algorithm's price read rests on them, instead of warning and running on without them",
    )
    bt.add_argument(
        "--limit-note",
        action="append",
        default=[],
        metavar="orders|resolution|series=TEXT",
        help="a sentence added to that limit's refusal (e.g. which plan allows more)",
    )
    bt.set_defaults(func=cmd_backtest)
    lv = sub.add_parser("live", help="paper trading on a replay of the data folder")
    _run_options(lv)
    lv.add_argument("--replay-start", help="ISO date (New York) or date-time")
    lv.add_argument(
        "--feed-folder", help="wall-clock paper trading on CSV bars written into this folder"
    )
    lv.add_argument(
        "--feed-period-seconds", type=float, default=60.0, help="the folder feed's bar length"
    )
    lv.add_argument("--replay-end", help="stop the replay here (default: when the data ends)")
    lv.add_argument("--speed", type=float, default=1.0, help="replay speed (60: a minute a second)")
    lv.add_argument(
        "--pulse-seconds", type=float, default=1.0, help="wall seconds between time pulses"
    )
    lv.add_argument(
        "--liquidate-file",
        help="when this file appears: liquidate the portfolio, then stop (status Cancelled)",
    )
    lv.add_argument(
        "--commands-dir",
        help="run the command*.json files that appear here (LEAN's FileCommandHandler); "
        "results go to OUT_DIR/result-command-<id>.json",
    )
    lv.set_defaults(func=cmd_backtest)
    ck = sub.add_parser("check", help="static checks of a project (syntax, unknown names)")
    ck.add_argument("project_dir")
    ck.add_argument("--json", action="store_true")
    ck.set_defaults(func=cmd_check)
    return parser


def _run_options(bt: argparse.ArgumentParser) -> None:
    bt.add_argument(
        "--cash",
        action="append",
        default=[],
        metavar="CURRENCY=AMOUNT",
        help="starting cash replacing the algorithm's set_cash (repeat per currency)",
    )
    bt.add_argument(
        "--holding",
        action="append",
        default=[],
        metavar="TICKER=QUANTITY@PRICE",
        help="a starting equity holding (repeatable)",
    )
    bt.add_argument("project_dir")
    bt.add_argument(
        "--data", help="LEAN data folder (default: synthetic demo data in the cache folder)"
    )
    bt.add_argument(
        "--out",
        help="output folder for results.json and log.txt (default PROJECT/backtests/latest)",
    )
    bt.add_argument("--parameter", action="append", default=[], metavar="NAME=VALUE")
    bt.add_argument("--status-file", help="JSON progress file, rewritten about once a second")
    bt.add_argument("--cancel-file", help="stop cleanly (status Cancelled) when this file appears")
    bt.add_argument("--max-seconds", type=float, help="wall-clock limit")
    bt.add_argument("--max-memory-mb", type=int, help="address-space limit (RLIMIT_AS)")
    bt.add_argument(
        "--object-store", help="folder behind self.object_store (default: a temporary one)"
    )
    bt.add_argument(
        "--fundamentals",
        help="fine-fundamental values: a CSV of security,field,value rows "
        "(engine/universe/fine_source.py)",
    )
    bt.add_argument(
        "--working-dir",
        help="folder that relative local custom-data sources resolve against, as LEAN's process "
        "working directory (default: the project folder; it need not exist)",
    )
    bt.add_argument(
        "--snapshot-seconds",
        type=float,
        help="write the run's state to OUT_DIR/snapshot.json (atomically) every N seconds",
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
