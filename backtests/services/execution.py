"""Worker side of backtests: `backtest_execute` claims a dispatched backtest, runs the engine in
the sandbox (`qcweb.sandbox`: `python -m engine backtest ...` with time, memory and output
limits), follows its status file, publishes progress, copies its results out, stores the outcome
and key numbers, then dispatches the next one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import tempfile
import time
import traceback
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from accounts.limits import limit_for, upgrade_hint
from accounts.models import Node, Organization
from accounts.notifications import user_notify
from accounts.selectors import included_node
from backtests import conf
from backtests.data_library.storage import org_data_for_jobs
from backtests.fingerprint import backtest_fingerprint, data_fingerprint, engine_version
from backtests.models import Backtest, LogUsage, OptimizationTrial
from backtests.services.core import (
    backtest_dispatch,
    backtest_publish,
    snapshot_tree,
    write_snapshot,
)
from backtests.services.page_data import page_data_store, partial_update
from backtests.storage import (
    LOG,
    PARTIAL,
    RESULTS,
    output_delete,
    output_exists,
    output_read,
    output_write,
)
from engine.data import is_synthetic
from engine.data.demo import generate
from projects.objectstore import job_store_apply, job_store_prepare
from qcweb import sandbox
from qcweb.snapshots import SNAPSHOT_FILE, ChangedOutput, new_log_lines

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.4
SNAPSHOT_MAX_BYTES = 8 * 1024 * 1024
CANCEL_GRACE_SECONDS = 5  # then the process is killed (user code that never yields)
HARD_KILL_MARGIN_SECONDS = 30
# Where the job sees its inputs (read-only mounts); its writable folder is `sandbox.OUTPUT`.
PROJECT = "/job/project"
DATA = "/job/data"
CONTROL = "/job/control"
STATUS_FILE = "status.json"
OBJECT_STORE = "objectstore"  # the job's copy of its organization's Object Store, in its folder


# -- data -----------------------------------------------------------------------------------------
def ensure_data_dir() -> Path:
    """The data folder; generates the synthetic demo data when it is empty or missing."""
    folder = conf.data_dir()
    if folder.exists() and any(folder.iterdir()):
        return folder
    # Written next to its place and renamed into it when complete: processes that need the data
    # at the same time (two Huey worker threads, parallel test workers) each generate a copy, the
    # first rename wins, and none ever reads a half-written folder.
    logger.info("Generating synthetic demo data into %s", folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        generate(partial, conf.DEMO_START, conf.DEMO_END, list(conf.DEMO_TICKERS))
        sandbox.share_read_only(partial)
        try:
            # replaces a missing or empty folder; fails when another process got there first
            os.rename(partial, folder)
        except OSError:
            if not any(folder.iterdir()):
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return folder


def data_overlays(organization: Organization) -> dict[str, Path]:
    """The organization's imported data laid over the data folder in its jobs (none when it has
    not imported any)."""
    folder = org_data_for_jobs(organization)
    return {DATA: folder} if folder is not None else {}


def job_data_fingerprint(data_dir: Path, organization: Organization) -> str:
    """The data fingerprint of what the organization's jobs read: the data folder, and its own
    imports when it has any."""
    base = data_fingerprint(data_dir)
    folder = org_data_for_jobs(organization)
    if folder is None:
        return base
    combined = f"{base}+{data_fingerprint(folder, max_age=0)}".encode()
    return hashlib.sha256(combined).hexdigest()


# -- worker side ----------------------------------------------------------------------------------
def key_numbers(result: dict) -> dict[str, Any]:
    """The numbers lists sort by, from the engine's numeric statistics (`statisticsValues`)."""
    values = result.get("statisticsValues") or {}
    orders = values.get("totalOrders")
    return {
        "net_profit": values.get("netProfit"),
        "sharpe_ratio": values.get("sharpeRatio"),
        "drawdown": values.get("drawdown"),
        "compounding_annual_return": values.get("compoundingAnnualReturn"),
        "psr": values.get("probabilisticSharpeRatio"),
        "total_orders": int(orders) if orders is not None else None,
        "end_equity": values.get("endEquity"),
    }


# How an engine error line is marked ("2024-01-02 16:00:00 ERROR:: ..."), and how many of the
# errors past a log's limit are kept.
ERROR_MARK = " ERROR:: "
KEPT_ERRORS = 20
KEPT_ERROR_CHARS = 2000
# How much of the end of a log past its limit is searched for those errors.
LOG_TAIL_BYTES = 256 * 1024


def log_within_limit(
    data: bytes,
    *,
    limit: int | None,
    tier: str,
    daily_left: int | None = None,
    hints: tuple[str, str] = ("", ""),
    tail: bytes = b"",
) -> bytes:
    """The log as stored: within the tier's `log_bytes_per_backtest` and what is left of its
    `log_bytes_per_day` (QuantConnect drops the rest), cut at a line end, with a note saying
    which limit it reached and (`hints`: per backtest, per day) which tier allows more, then the
    last error lines of what was dropped. `tail` is the end of a log longer than `data` (which
    then holds only its head), read from just after it; its first line may be partial."""
    caps = [c for c in (limit, daily_left) if c is not None]
    cap = min(caps) if caps else None
    if cap is None or len(data) <= cap:
        return data
    text = data[: max(cap, 0)].decode("utf-8", errors="ignore").rsplit("\n", 1)[0]
    if daily_left is not None and (limit is None or daily_left < limit):
        reached = f"the {tier} tier's daily log quota (the last 24 hours)"
        hint = hints[1]
    else:
        reached = f"the {tier} tier limit of {limit // 1024} KB per backtest"
        hint = hints[0]
    # The errors among the dropped lines stay (the last few, each cut short): one of them often
    # says why the algorithm stopped (the series cap, the orders cap), and a log that ends
    # early with no reason reads as if the run had finished normally.
    rest = (data[len(text.encode("utf-8")) :] + tail).decode("utf-8", errors="ignore").splitlines()
    errors = [line[:KEPT_ERROR_CHARS] for line in rest if ERROR_MARK in f" {line}"]
    errors = errors[-KEPT_ERRORS:]
    dropped = "later lines were dropped"
    if errors:
        dropped += f", apart from the {'error' if len(errors) == 1 else 'errors'} after this note"
    note = f"\nLOG LIMIT:: this backtest's log reached {reached}; {dropped}."
    note += f" {hint}\n" if hint else "\n"
    note += "".join(f"{line}\n" for line in errors)
    return ((text + note) if text else note.lstrip("\n")).encode("utf-8")


def daily_log_bytes_left(organization: Organization) -> int | None:
    """What the organization may still log today: its `log_bytes_per_day` minus the log bytes
    its backtests stored in the last 24 hours (None = unlimited)."""
    limit = limit_for(organization, "log_bytes_per_day")
    if limit is None:
        return None
    since = timezone.now() - timedelta(hours=24)
    used = (
        LogUsage.objects.filter(organization=organization, created__gte=since).aggregate(
            total=Sum("bytes")
        )["total"]
        or 0
    )
    return max(limit - used, 0)


def tier_controls(organization: Organization) -> tuple[str, ...]:
    """The engine options that apply the organization's tier to a backtest: orders per backtest,
    second and tick data, and the custom series cap that stops the algorithm as QuantConnect's
    does; each refusal names the tier that allows more."""
    argv = ["--stop-past-series-cap"]
    orders = limit_for(organization, "orders_per_backtest")
    if orders is not None:
        argv += ["--max-orders", str(orders)]
        hint = upgrade_hint(organization, "orders_per_backtest", "more orders per backtest")
        if hint:
            argv += ["--limit-note", f"orders={hint}"]
    if not limit_for(organization, "second_tick_data"):
        argv += ["--lowest-resolution", "minute"]
        hint = upgrade_hint(organization, "second_tick_data", "second and tick data")
        if hint:
            argv += ["--limit-note", f"resolution={hint}"]
    return tuple(argv)


def engine_job(
    *,
    name: str,
    project_dir: Path,
    data_dir: Path,
    output: Path,
    parameters: dict[str, str] | None = None,
    cancel_file: Path | None = None,
    object_store: Path | None = None,
    period: tuple[date | None, date | None] = (None, None),
    overlays: dict[str, Path] | None = None,
    controls: tuple[str, ...] = (),
    account: dict[str, Any] | None = None,
    snapshot_seconds: float | None = None,
) -> sandbox.Job:
    """A sandboxed `python -m engine backtest` of the project in `project_dir` on `data_dir`:
    both read-only, results, log and status in the job's own folder `output`; with
    `cancel_file`, its folder is mounted read-only and the engine stops when the file appears;
    with `object_store` (a copy of the organization's store), that copy is placed in the job's
    own folder as `self.object_store`, for the caller to read back; `period` (start, end)
    replaces the algorithm's own dates, `account` (cash, holdings) its starting account;
    `controls` are the tier's options (`tier_controls`); with `snapshot_seconds`, the engine
    writes its state to `snapshot.json` that often (a running backtest's partial results).
    Every engine run of user code (backtests, Learning
    Center checks) is built here."""
    argv = [
        "-m",
        "engine",
        "backtest",
        PROJECT,
        "--data",
        DATA,
        "--out",
        sandbox.OUTPUT,
        "--status-file",
        f"{sandbox.OUTPUT}/{STATUS_FILE}",
    ]
    read_only = {PROJECT: project_dir, DATA: data_dir}
    if cancel_file is not None:
        argv += ["--cancel-file", f"{CONTROL}/{cancel_file.name}"]
        read_only[CONTROL] = cancel_file.parent
    initial_output: dict[str, Path] = {}
    if object_store is not None:
        argv += ["--object-store", f"{sandbox.OUTPUT}/{OBJECT_STORE}"]
        initial_output[OBJECT_STORE] = object_store
    argv += [
        "--max-seconds",
        f"{conf.max_seconds():g}",
        "--max-memory-mb",
        str(conf.max_memory_mb()),
    ]
    if snapshot_seconds:
        argv += ["--snapshot-seconds", f"{snapshot_seconds:g}"]
    start, end = period
    if start is not None:
        argv += ["--start-date", start.isoformat()]
    if end is not None:
        argv += ["--end-date", end.isoformat()]
    argv += account_arguments(account)
    for key, value in sorted((parameters or {}).items()):
        argv += ["--parameter", f"{key}={value}"]
    argv += list(controls)
    return sandbox.Job(
        name=name,
        argv=tuple(argv),
        output=output,
        read_only=read_only,
        overlays=overlays or {},
        initial_output=initial_output,
        limits=sandbox.Limits(
            wall_seconds=conf.max_seconds() + HARD_KILL_MARGIN_SECONDS,
            memory_mb=conf.max_memory_mb(),
        ),
    )


def account_arguments(account: dict[str, Any] | None) -> list[str]:
    """The engine's `--cash CURRENCY=AMOUNT` and `--holding TICKER=QUANTITY@PRICE` of a starting
    account ({"cash": {...}, "holdings": [{"symbol", "quantity", "averagePrice"}]})."""
    argv: list[str] = []
    for currency, amount in sorted(((account or {}).get("cash") or {}).items()):
        argv += ["--cash", f"{currency}={float(amount)!r}"]
    for row in (account or {}).get("holdings") or []:
        argv += [
            "--holding",
            f"{row['symbol']}={float(row['quantity'])!r}@{float(row['averagePrice'])!r}",
        ]
    return argv


def backtest_job(
    backtest: Backtest, *, data_dir: Path, object_store: Path | None = None
) -> sandbox.Job:
    """The sandboxed engine run of a backtest: its snapshot and the data read-only, the cancel
    flag in a read-only control folder, results, log, status and the copy of the organization's
    Object Store in the job's own folder. An optimization's candidates write no snapshots: no page
    shows them while they run."""
    is_trial = OptimizationTrial.objects.filter(backtest_id=backtest.pk).exists()
    return engine_job(
        object_store=object_store,
        name=f"backtest-{backtest.backtest_id}",
        project_dir=backtest.directory / "project",
        data_dir=data_dir,
        output=backtest.job_path,
        parameters=backtest.parameters,
        cancel_file=backtest.cancel_path,
        period=(backtest.period_start, backtest.period_end),
        overlays=data_overlays(backtest.organization),
        controls=tier_controls(backtest.organization),
        account=backtest.account,
        snapshot_seconds=None if is_trial else conf.snapshot_seconds(),
    )


def backtest_free_node_wait(*, backtest_id: int, poll_seconds: float = 0.5) -> None:
    """The start delay of a personal organization's free B-MICRO node (QuantConnect's: 20 s,
    gone once the organization subscribes to a backtesting node): a backtest dispatched to it
    starts that long after its dispatch. It is not claimed meanwhile, so cancelling it ends it
    at once (backtest_cancel) and the wait stops."""
    waiting = Backtest.objects.filter(
        pk=backtest_id, status=Backtest.Status.RUNNING, started_at__isnull=True
    )
    backtest = waiting.filter(node__isnull=True).select_related("organization").first()
    if backtest is None or included_node(backtest.organization, Node.Kind.BACKTEST) is None:
        return
    since = backtest.heartbeat_at or timezone.now()  # the dispatcher's stamp
    deadline = since + timedelta(seconds=conf.free_node_delay_seconds())
    while (left := (deadline - timezone.now()).total_seconds()) > 0:
        time.sleep(min(poll_seconds, left))
        if not waiting.exists():
            return


def backtest_execute(*, backtest_id: int) -> None:
    """Worker body: claim the dispatched backtest, run the engine process, store the outcome,
    then start the next queued backtest of the organization."""
    now = timezone.now()
    claimed = Backtest.objects.filter(
        pk=backtest_id, status=Backtest.Status.RUNNING, started_at__isnull=True
    ).update(started_at=now, heartbeat_at=now)
    if not claimed:
        return  # cancelled or deleted meanwhile, or another worker has it
    backtest = Backtest.objects.select_related("organization").get(pk=backtest_id)
    try:
        _run_engine(backtest)
    except Exception as exc:
        logger.exception("Backtest %s failed in the worker", backtest_id)
        Backtest.objects.filter(pk=backtest_id, status=Backtest.Status.RUNNING).update(
            status=Backtest.Status.RUNTIME_ERROR,
            error=f"Internal error while running the backtest: {exc}",
            stacktrace=traceback.format_exc(),
            finished_at=timezone.now(),
        )
    finally:
        backtest_publish(backtest_id=backtest_id)
        if OptimizationTrial.objects.filter(backtest_id=backtest_id).exists():
            # One toast per optimization backtest would bury the page; the optimization's own
            # page shows them. Its search goes on (a failed backtest does not stop it).
            from backtests.optimization.services import optimization_backtest_finished

            try:
                optimization_backtest_finished(backtest_id=backtest_id)
            except Exception:
                logger.exception("Could not advance the optimization of backtest %s", backtest_id)
        else:
            _notify_finished(backtest_id)
        backtest_dispatch(organization_id=backtest.organization_id)


def _notify_finished(backtest_id: int) -> None:
    backtest = Backtest.objects.filter(pk=backtest_id).first()
    if backtest is None or backtest.created_by_id is None or not backtest.is_finished:
        return
    try:
        level = {"Completed": "success", "Cancelled": "info"}.get(backtest.status, "error")
        user_notify(
            user_id=backtest.created_by_id,
            text=f"Backtest {backtest.name}: {backtest.get_status_display()}",
            level=level,
            url=reverse("backtests:detail", args=[backtest.pk]),
        )
    except Exception:
        logger.exception("Could not notify about backtest %s", backtest_id)


def _run_engine(backtest: Backtest) -> None:
    directory = backtest.directory
    if directory.exists():
        shutil.rmtree(directory)
    project_dir = directory / "project"
    write_snapshot(backtest.snapshot, project_dir)
    sandbox.share_read_only(project_dir)
    backtest.cancel_path.parent.mkdir(parents=True, exist_ok=True)
    sandbox.share_read_only(backtest.cancel_path.parent)
    data_dir = ensure_data_dir()

    data_fp = job_data_fingerprint(data_dir, backtest.organization)
    engine_ver = engine_version()
    backtest.data_fingerprint = data_fp
    backtest.engine_version = engine_ver
    backtest.fingerprint = backtest_fingerprint(
        snapshot=snapshot_tree(backtest.snapshot),
        data_fp=data_fp,
        engine_ver=engine_ver,
        parameters=backtest.parameters or {},
        period=(backtest.period_start, backtest.period_end),
        account=backtest.account,
    )
    backtest.data_dir = str(data_dir)
    backtest.synthetic_data = is_synthetic(data_dir)
    backtest.save(
        update_fields=[
            "data_fingerprint",
            "engine_version",
            "fingerprint",
            "data_dir",
            "synthetic_data",
        ]
    )

    started = time.monotonic()
    hard_limit = conf.max_seconds() + HARD_KILL_MARGIN_SECONDS
    cancel_at: float | None = None
    stopped_for = ""
    last_progress = -1.0
    store_copy = directory / "objectstore-start"
    manifest = job_store_prepare(organization=backtest.organization, target=store_copy)
    try:
        running = sandbox.start(backtest_job(backtest, data_dir=data_dir, object_store=store_copy))
    except sandbox.SandboxUnavailable as exc:
        backtest.mark_failed(str(exc))
        return
    finally:
        shutil.rmtree(store_copy, ignore_errors=True)
    output = ChangedOutput(backtest.job_path)
    partial: dict[str, Any] = {}
    seen_lines = 0
    with running:
        Backtest.objects.filter(pk=backtest.pk).update(isolated=running.isolated)
        while running.poll() is None:
            time.sleep(POLL_SECONDS)
            state = _job_status(backtest)
            progress = float(state.get("progress") or 0.0)
            fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
            if progress != last_progress:
                fields["progress"] = min(max(progress, 0.0), 1.0)
            Backtest.objects.filter(pk=backtest.pk).update(**fields)
            # the engine's periodic snapshot (only when it changed): the page's partial results
            snapshot = output.read(SNAPSHOT_FILE, max_bytes=SNAPSHOT_MAX_BYTES)
            if snapshot is not None:
                lines, seen_lines = new_log_lines(snapshot, seen_lines)
                partial = partial_update(
                    backtest=backtest, partial=partial, snapshot=snapshot, lines=lines
                )
            if progress != last_progress or snapshot is not None:
                last_progress = progress
                backtest_publish(backtest_id=backtest.pk)
            if (
                cancel_at is None
                and Backtest.objects.filter(pk=backtest.pk, cancel_requested=True).exists()
            ):
                backtest.cancel_path.touch(mode=0o644)
                cancel_at = time.monotonic()
            over = running.output_over_limit()
            if over:
                stopped_for = f"The backtest was stopped: {over}."
                running.kill()
            elif cancel_at is not None and time.monotonic() - cancel_at > CANCEL_GRACE_SECONDS:
                stopped_for = "cancel"
                running.kill()
            elif time.monotonic() - started > hard_limit:
                stopped_for = (
                    f"The backtest exceeded its time limit of {conf.max_seconds():g} seconds "
                    "and was stopped."
                )
                running.kill()
        if running.out_of_memory() and not stopped_for:
            stopped_for = (
                f"The backtest ran out of memory (limit {conf.max_memory_mb()} MB) and was stopped."
            )
        state = _job_status(backtest)
        refused = _collect_outputs(backtest, running, manifest=manifest)
        if RESULTS in refused and not stopped_for:
            stopped_for = (
                "The backtest's results file was replaced by something other than a regular "
                "file (for example a link to another file) and was not read."
            )
    _store_outcome(
        backtest,
        running.returncode or 0,
        stopped_for,
        cancelled=cancel_at is not None,
        state=state,
        console=running.console_tail(),
    )


def _job_status(backtest: Backtest) -> dict[str, Any]:
    """The engine's status file, as the (untrusted) job last wrote it; {} when unreadable."""
    try:
        data = sandbox.read_output(backtest.job_path, STATUS_FILE, max_bytes=64 * 1024)
        state = json.loads(data) if data else {}
    except (sandbox.UnsafeOutput, OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _collect_outputs(
    backtest: Backtest, running: sandbox.RunningJob, *, manifest: dict[str, str]
) -> list[str]:
    """Copy the result document and the log out of the job's folder (capped, regular files
    only, the log cut to the tier's limit on the way) into the result storage
    (`backtests.storage`, shared by every machine), apply the job's Object Store changes to
    the organization's store (a line per refused key is added to the log), then delete that
    folder. The worker never writes into the job's folder; pages read only the copies."""
    log_limit = limit_for(backtest.organization, "log_bytes_per_backtest")
    caps = {
        RESULTS: running.limits.output_mb * 1024 * 1024,
        LOG: (log_limit + 1) if log_limit is not None else None,
    }
    refused: list[str] = []
    try:
        store_notes = _apply_object_store(backtest, manifest)
        for name, cap in caps.items():
            try:
                data = sandbox.read_output(
                    backtest.job_path, name, max_bytes=cap or running.limits.output_mb << 20
                )
            except sandbox.UnsafeOutput:
                refused.append(name)
                continue
            if data is None:
                continue
            if name == LOG:
                tail = b""
                if cap is not None and len(data) >= cap:
                    # only the head was read: the errors that stopped the run are at the end
                    tail = (
                        sandbox.read_output(
                            backtest.job_path, name, max_bytes=LOG_TAIL_BYTES, tail_after=len(data)
                        )
                        or b""
                    )
                data += store_notes
                organization = backtest.organization
                data = log_within_limit(
                    data,
                    limit=log_limit,
                    tier=organization.get_tier_display(),
                    daily_left=daily_log_bytes_left(organization),
                    hints=(
                        upgrade_hint(organization, "log_bytes_per_backtest", "more logs"),
                        upgrade_hint(organization, "log_bytes_per_day", "more logs a day"),
                    ),
                    tail=tail,
                )
                LogUsage.objects.create(
                    organization=organization, backtest_id=backtest.backtest_id, bytes=len(data)
                )
            output_write(backtest, name, data)
    finally:
        shutil.rmtree(backtest.job_path, ignore_errors=True)
    return refused


def _apply_object_store(backtest: Backtest, manifest: dict[str, str]) -> bytes:
    """Bring the job's Object Store changes back; log lines for keys that were refused."""
    report = job_store_apply(
        organization=backtest.organization,
        source=backtest.job_path / OBJECT_STORE,
        manifest=manifest,
    )
    lines = [f"OBJECT STORE:: not saved: {why}\n" for why in report.refused]
    return "".join(lines).encode("utf-8")


def _stored_result(backtest: Backtest) -> dict | None:
    """The result document the job wrote, as stored; None when missing or not a JSON object."""
    data = output_read(backtest, RESULTS)
    try:
        result = json.loads(data) if data else None
    except ValueError:
        return None
    return result if isinstance(result, dict) else None


def _store_outcome(
    backtest: Backtest,
    returncode: int,
    stopped_for: str,
    *,
    cancelled: bool,
    state: dict[str, Any],
    console: str,
) -> None:
    result = _stored_result(backtest) if returncode >= 0 else None
    error = ""
    stacktrace = ""
    if cancelled and (returncode == 3 or stopped_for == "cancel" or returncode == 0 and not result):
        status = Backtest.Status.CANCELLED
    elif returncode == 0 and result is not None and not stopped_for:
        status = Backtest.Status.COMPLETED
    elif returncode == 3 and not stopped_for:
        status = Backtest.Status.CANCELLED
    else:
        status = Backtest.Status.RUNTIME_ERROR
        if stopped_for:
            error = stopped_for
        elif returncode < 0:
            name = (
                signal.Signals(-returncode).name
                if -returncode in signal.Signals._value2member_map_
                else str(-returncode)
            )
            error = f"The backtest process was killed ({name})"
            if -returncode == signal.SIGKILL:
                error += "; it may have run out of memory"
            error += "."
        elif result is not None and result.get("error"):
            error = str(result.get("error"))
            stacktrace = str(result.get("stacktrace") or "")
        elif state.get("error"):
            error = str(state["error"])
        else:
            error = f"The backtest process stopped unexpectedly (exit status {returncode})."
            stacktrace = console[-4000:]
    # Paths relative to the project, as the user knows them (no sandbox or server folders).
    for prefix in (f"{PROJECT}/", f"{backtest.directory / 'project'}/"):
        error, stacktrace = error.replace(prefix, ""), stacktrace.replace(prefix, "")
    # Key numbers for sorting: a completed run's, or what a cancelled run had reached.
    numbers = key_numbers(result) if result else {}
    if status == Backtest.Status.CANCELLED:
        numbers = {k: v for k, v in numbers.items() if v is not None}
    elif status != Backtest.Status.COMPLETED:
        numbers = {}
    if result is not None:
        # the results page's summary and chart data, computed once (backtests/services/page_data.py)
        try:
            page_data_store(backtest=backtest, result=result)
        except Exception:  # the page builds them itself when they are missing
            logger.exception("Could not store the page data of backtest %s", backtest.pk)
    output_delete(backtest, PARTIAL)
    if result is None and not output_exists(backtest, LOG):
        output_write(backtest, LOG, (f"ERROR:: {error}\n" if error else "").encode("utf-8"))
    Backtest.objects.filter(pk=backtest.pk).update(
        status=status,
        progress=1.0
        if status == Backtest.Status.COMPLETED
        else float(state.get("progress") or 0.0),
        error=error,
        stacktrace=stacktrace,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
        **numbers,
    )
    backtest.cancel_path.unlink(missing_ok=True)
