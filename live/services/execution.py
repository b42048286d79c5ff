"""Worker side of live deployments: `live_execute` claims a queued deployment and runs the engine
as a long-lived sandboxed process (`python -m engine live ...`, started only through
`qcweb.sandbox`), follows the state it writes (hostile output: read capped, regular files only),
stores it (also what a restart resumes from), appends new log lines, publishes both to the page,
passes on stop and liquidate requests, and records how the run ended. A crash with automatic
restart on is resumed from the saved state up to `conf.MAX_RESTARTS` times.

`live_resume_interrupted` is for a worker (re)start: deployments that should be running have no
process any more; they are queued again to resume from their saved state.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
import traceback
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from backtests.services.core import write_snapshot
from backtests.services.execution import data_overlays, ensure_data_dir
from live import conf
from live.models import LiveDeployment
from live.services.commands import (
    COMMANDS_FOLDER,
    commands_close,
    commands_collect,
    commands_exchange,
)
from live.services.deploy import live_enqueue, live_publish
from live.services.notify import (
    deployment_event_notify,
    notifications_receive,
    notifications_resume_pending,
    order_events_notify,
    order_statuses,
)
from live.services.results import LogAppender, store_charts
from qcweb import sandbox
from qcweb.snapshots import ChangedOutput, new_log_lines

logger = logging.getLogger(__name__)

# a logged line reaches the page within a second: the engine snapshots it at its next poll
# (0.2 s), this loop picks the snapshot up within POLL_SECONDS
POLL_SECONDS = 0.1
# however quiet the engine, the heartbeat tells a worker start this one is alive
HEARTBEAT_SECONDS = 5.0
# Start-up of a sandboxed engine (interpreter, imports, the user's initialize) on a loaded
# machine, allowed on top of the time-loop maximum before its first state
STARTUP_SECONDS = 120.0
PROJECT = "/job/project"
DATA = "/job/data"
CONTROL = "/job/control"
FEED = "/job/feed"
SNAPSHOT_FILE = "snapshot.json"
STATUS_FILE = "status.json"
RESULTS_FILE = "results.json"
CHARTS_FILE = "charts.json"
CHARTS_MAX_BYTES = 16 * 1024 * 1024
SNAPSHOT_MAX_BYTES = 8 * 1024 * 1024
# Orders kept in the saved state (the newest); the page and the API show these.
MAX_ORDERS = 1000
Status = LiveDeployment.Status


# -- the job --------------------------------------------------------------------------------------
def resume_point(deployment: LiveDeployment) -> dict[str, Any]:
    """Where the engine starts: the replay start with the starting account, or, when the
    deployment ran before (a restart), its saved algorithm time, cash and holdings."""
    state = deployment.state or {}
    if state.get("time"):
        cash = {
            str(code): float(row.get("amount", 0.0))
            for code, row in (state.get("cash") or {}).items()
            if isinstance(row, dict)
        }
        holdings = [
            {
                "symbol": str((row.get("symbol") or {}).get("value", "")),
                "quantity": float(row.get("quantity", 0.0)),
                "averagePrice": float(row.get("averagePrice", 0.0)),
            }
            for row in (state.get("holdings") or {}).values()
            if isinstance(row, dict) and row.get("quantity")
        ]
        return {"start": str(state["time"]), "cash": cash, "holdings": holdings}
    return {
        "start": deployment.replay_start.isoformat(),
        "cash": dict(deployment.starting_cash or {}),
        "holdings": list(deployment.starting_holdings or []),
    }


def live_job(deployment: LiveDeployment, *, data_dir: Any) -> sandbox.Job:
    point = resume_point(deployment)
    argv = [
        "-m",
        "engine",
        "live",
        PROJECT,
        "--data",
        DATA,
        "--out",
        sandbox.OUTPUT,
        "--status-file",
        f"{sandbox.OUTPUT}/{STATUS_FILE}",
        "--cancel-file",
        f"{CONTROL}/stop",
        "--liquidate-file",
        f"{CONTROL}/liquidate",
        "--commands-dir",
        f"{CONTROL}/{COMMANDS_FOLDER}",
        "--snapshot-seconds",
        f"{conf.snapshot_seconds():g}",
        "--max-memory-mb",
        str(conf.max_memory_mb()),
    ]
    read_only = {
        PROJECT: deployment.directory / "project",
        DATA: data_dir,
        CONTROL: deployment.control_path,
    }
    if deployment.feed == LiveDeployment.Feed.FOLDER:
        # wall-clock time: bars written into the organization's feed folder as they happen
        argv += ["--feed-folder", FEED]
        read_only[FEED] = conf.feed_dir(deployment.organization_id)
    else:
        argv += ["--replay-start", point["start"], "--speed", f"{deployment.replay_speed:g}"]
    for code, amount in sorted(point["cash"].items()):
        argv += ["--cash", f"{code}={amount!r}"]
    for row in point["holdings"]:
        argv += ["--holding", f"{row['symbol']}={row['quantity']!r}@{row['averagePrice']!r}"]
    for key, value in sorted((deployment.parameters or {}).items()):
        argv += ["--parameter", f"{key}={value}"]
    return sandbox.Job(
        name=f"live-{deployment.deploy_id}",
        argv=tuple(argv),
        output=deployment.job_path,
        read_only=read_only,
        # the organization's imported data over the installation's, as its backtests read it
        overlays=data_overlays(deployment.organization),
        # a live run has no end of its own; the worker stops it on request
        limits=sandbox.Limits(wall_seconds=10 * 365 * 86400, memory_mb=conf.max_memory_mb()),
    )


# -- the worker's follower ------------------------------------------------------------------------
def _read_json(deployment: LiveDeployment, name: str) -> dict[str, Any]:
    try:
        data = sandbox.read_output(deployment.job_path, name, max_bytes=SNAPSHOT_MAX_BYTES)
        value = json.loads(data) if data else {}
    except (sandbox.UnsafeOutput, OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _epoch(text: Any) -> float | None:
    try:
        return datetime.fromisoformat(str(text)).replace(tzinfo=None).timestamp()
    except (TypeError, ValueError):
        return None


def saved_state(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What the database keeps of an engine snapshot: everything but the log, orders capped."""
    state = {k: v for k, v in snapshot.items() if k not in ("logs", "logCount")}
    orders = state.get("orders")
    if isinstance(orders, dict) and len(orders) > MAX_ORDERS:
        newest = sorted(orders, key=lambda k: int(k) if str(k).isdigit() else 0)[-MAX_ORDERS:]
        state["orders"] = {k: orders[k] for k in newest}
    return state


def _store_snapshot(
    deployment: LiveDeployment, snapshot: dict[str, Any], appender: LogAppender, seen: int
) -> int:
    lines, seen = new_log_lines(snapshot, seen)
    kept = appender.append(lines)
    fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
    if snapshot.get("time"):
        state = saved_state(snapshot)
        when = _epoch(snapshot.get("time"))
        equity = list(deployment.equity or [])
        value = snapshot.get("equity")
        if when is not None and isinstance(value, int | float):
            if not equity or equity[-1][0] < when:
                equity.append([when, float(value)])
            if len(equity) > conf.MAX_EQUITY_POINTS:
                equity = equity[:1] + equity[1:-1][::2] + equity[-1:]
        deployment.state, deployment.equity = state, equity
        fields.update(state=state, equity=equity)
    if kept:
        deployment.log_lines += len(kept)
        fields["log_lines"] = deployment.log_lines
    LiveDeployment.objects.filter(pk=deployment.pk).update(**fields)
    if kept or "state" in fields:
        live_publish(deployment_id=deployment.pk, lines=kept)
    return seen


def live_execute(*, deployment_id: int) -> None:
    """Worker body: claim the queued deployment, run its engine process until it stops, store how
    it ended (and queue an automatic restart when that applies)."""
    now = timezone.now()
    claimed = LiveDeployment.objects.filter(
        pk=deployment_id, status=Status.IN_QUEUE, stop_requested=""
    ).update(status=Status.RUNNING, heartbeat_at=now)
    if not claimed:
        return  # stopped meanwhile, or another worker has it
    LiveDeployment.objects.filter(pk=deployment_id, launched_at__isnull=True).update(
        launched_at=now
    )
    deployment = LiveDeployment.objects.select_related("organization").get(pk=deployment_id)
    try:
        _run(deployment)
    except Exception as exc:
        logger.exception("Live deployment %s failed in the worker", deployment_id)
        LiveDeployment.objects.filter(pk=deployment_id, status=Status.RUNNING).update(
            status=Status.RUNTIME_ERROR,
            error=f"Internal error while running the deployment: {exc}",
            stacktrace=traceback.format_exc(),
            stopped_at=timezone.now(),
        )
    finally:
        commands_close(deployment_id=deployment_id)
        live_publish(deployment_id=deployment_id)


def live_follow_in_background(*, deployment_id: int) -> threading.Thread:
    """Run `live_execute` on a thread of the worker process: a deployment lasts days, and must not
    hold one of the worker's task slots (backtests need them). The thread dies with the worker
    process (and the sandbox kills the job with it); `live_resume_interrupted` resumes it."""

    def follow() -> None:
        try:
            live_execute(deployment_id=deployment_id)
        finally:
            connection.close()

    thread = threading.Thread(target=follow, name=f"live-{deployment_id}", daemon=True)
    thread.start()
    return thread


def _run(deployment: LiveDeployment) -> None:
    project_dir = deployment.directory / "project"
    if project_dir.exists():
        shutil.rmtree(project_dir)
    write_snapshot(deployment.snapshot, project_dir)
    sandbox.share_read_only(project_dir)
    control = deployment.control_path
    if control.exists():
        shutil.rmtree(control)
    control.mkdir(parents=True)
    sandbox.share_read_only(control)
    data_dir = ensure_data_dir()
    appender = LogAppender(deployment)
    if deployment.restarts:
        appender.append([f"LOG:: Restarted (attempt {deployment.restarts}) from saved state."])
    try:
        running = sandbox.start(live_job(deployment, data_dir=data_dir))
    except sandbox.SandboxUnavailable as exc:
        _finish(deployment, Status.RUNTIME_ERROR, error=str(exc))
        return
    seen = notified = 0
    orders = order_statuses(deployment.state)  # a resumed run's orders were told before
    requested = ""
    requested_at = 0.0
    stopped_for = ""
    output = ChangedOutput(deployment.job_path)
    beat = moved = time.monotonic()  # the worker's heartbeat; the engine's last new state
    time_loop_maximum = conf.time_loop_maximum_seconds()
    seen_state = False
    with running:
        LiveDeployment.objects.filter(pk=deployment.pk).update(isolated=running.isolated)
        while running.poll() is None:
            time.sleep(POLL_SECONDS)
            charts = output.read(CHARTS_FILE, max_bytes=CHARTS_MAX_BYTES)
            if charts is not None:
                store_charts(deployment, charts)  # published with the snapshot written after
            # an unchanged snapshot is neither stored, published nor looked at for
            # notifications again (each keeps what it has seen)
            snapshot = output.read(SNAPSHOT_FILE, max_bytes=SNAPSHOT_MAX_BYTES)
            if snapshot is not None:
                seen = _store_snapshot(deployment, snapshot, appender, seen)
                notified = notifications_receive(
                    deployment=deployment, snapshot=snapshot, seen=notified, log=appender.append
                )
                orders = order_events_notify(deployment=deployment, snapshot=snapshot, known=orders)
                beat = moved = time.monotonic()
                seen_state = True
            elif time.monotonic() - beat > HEARTBEAT_SECONDS:
                LiveDeployment.objects.filter(pk=deployment.pk).update(heartbeat_at=timezone.now())
                beat = time.monotonic()
            commands_exchange(deployment, appender)
            if not requested:
                requested = (
                    LiveDeployment.objects.filter(pk=deployment.pk)
                    .values_list("stop_requested", flat=True)
                    .first()
                    or ""
                )
                if requested:
                    (control / ("liquidate" if requested == "liquidate" else "stop")).touch(
                        mode=0o644
                    )
                    requested_at = time.monotonic()
            over = running.output_over_limit()
            grace = conf.stop_grace_seconds() + (15 if requested == "liquidate" else 0)
            stuck = time.monotonic() - moved
            # before its first state the engine is starting (imports, initialize): more time
            limit = time_loop_maximum + (0 if seen_state else STARTUP_SECONDS)
            if over:
                stopped_for = f"The live algorithm was stopped: {over}."
                running.kill()
            elif stuck > limit and not requested:
                # a hung step (an endless loop in on_data, a call that never returns): LEAN's
                # AlgorithmTimeLimitManager ends the algorithm with this runtime error
                stopped_for = (
                    f"Algorithm took longer than {time_loop_maximum / 60:g} minutes on a single "
                    f"time loop. CurrentTimeStepElapsed: {stuck / 60:.1f} minutes"
                )
                appender.append([f"ERROR:: {stopped_for}"])
                running.kill()
            elif requested and time.monotonic() - requested_at > grace:
                running.kill()
        if running.out_of_memory() and not stopped_for:
            stopped_for = (
                f"The live algorithm ran out of memory (limit {conf.max_memory_mb()} MB) and was "
                "stopped."
            )
        charts = output.read(CHARTS_FILE, max_bytes=CHARTS_MAX_BYTES)
        if charts is not None:
            store_charts(deployment, charts)
        final = _read_json(deployment, SNAPSHOT_FILE)
        result = _read_json(deployment, RESULTS_FILE)
        console = running.console_tail()
    # whether it ran before this end: the engine's last snapshot (written as the run ends, a
    # crash included) is not a state a restart could usefully resume from
    ran = bool((deployment.state or {}).get("time"))
    # the last state, and the lines logged after the last snapshot
    seen = _store_snapshot(deployment, final, appender, seen)
    commands_collect(deployment, appender)
    notifications_receive(deployment=deployment, snapshot=final, seen=notified, log=appender.append)
    order_events_notify(deployment=deployment, snapshot=final, known=orders)
    logs = result.get("logs")
    if isinstance(logs, list) and len(logs) > seen:
        appender.append([str(line) for line in logs[seen:]])
    shutil.rmtree(deployment.job_path, ignore_errors=True)
    code = running.returncode or 0
    if requested:
        status = Status.LIQUIDATED if requested == "liquidate" else Status.STOPPED
        _finish(deployment, status)
    elif code == 0 and result.get("status") == "Completed" and not stopped_for:
        appender.append(["LOG:: The replay reached the end of the data: the algorithm stopped."])
        _finish(deployment, Status.COMPLETED)
    else:
        error = stopped_for or str(result.get("error") or "")
        stack = str(result.get("stacktrace") or "")
        if not error:
            error = f"The live algorithm's process stopped unexpectedly (exit status {code})."
            stack = console[-4000:]
        for prefix in (f"{PROJECT}/", f"{project_dir}/"):
            error, stack = error.replace(prefix, ""), stack.replace(prefix, "")
        _crashed(deployment, error, stack, ran=ran)


def _finish(
    deployment: LiveDeployment,
    status: str,
    *,
    error: str = "",
    stacktrace: str = "",
    restarts_used_up: bool = False,
) -> None:
    LiveDeployment.objects.filter(pk=deployment.pk).update(
        status=status, error=error, stacktrace=stacktrace, stopped_at=timezone.now()
    )
    deployment.record(f"{LiveDeployment.Status(status).label}." + (f" {error}" if error else ""))
    _notify(deployment, status, error, restarts_used_up=restarts_used_up)


def _crashed(deployment: LiveDeployment, error: str, stacktrace: str, *, ran: bool) -> None:
    """Runtime error: restarted from the saved state when automatic restart is on, it had run
    (`ran`: a state was saved before the error; an error before the first state is the code's,
    a restart would repeat it) and attempts remain; otherwise it stays stopped with the error."""
    fresh = LiveDeployment.objects.get(pk=deployment.pk)
    if (
        fresh.automatic_restart
        and ran
        and fresh.restarts < conf.MAX_RESTARTS
        and not fresh.stop_requested
    ):
        LiveDeployment.objects.filter(pk=deployment.pk).update(
            status=Status.IN_QUEUE, restarts=fresh.restarts + 1, error=error, stacktrace=stacktrace
        )
        deployment.record(
            f"Runtime error; restarting (attempt {fresh.restarts + 1}): {error}"[:500]
        )
        live_enqueue(deployment_id=deployment.pk)
        return
    used_up = fresh.automatic_restart and ran and fresh.restarts >= conf.MAX_RESTARTS
    if used_up:
        deployment.record(
            f"Automatic restart gave up after {fresh.restarts} attempts; the deployment stays "
            "stopped."
        )
    _finish(
        deployment,
        Status.RUNTIME_ERROR,
        error=error,
        stacktrace=stacktrace,
        restarts_used_up=used_up,
    )


def _notify(
    deployment: LiveDeployment, status: str, error: str, *, restarts_used_up: bool = False
) -> None:
    """The wizard's notification targets, and the deployer in the site (a notice and a toast)."""
    try:
        deployment_event_notify(
            deployment=deployment, status=status, error=error, restarts_used_up=restarts_used_up
        )
    except Exception:
        logger.exception("Could not notify about live deployment %s", deployment.pk)


# -- worker restarts ------------------------------------------------------------------------------
def live_resume_interrupted(*, stale_seconds: float | None = None) -> int:
    """Deployments that should be running but whose worker is gone (every Running one on a worker
    start; with `stale_seconds`, those whose worker has not reported for that long) are queued to
    resume from their saved state. Returns how many."""
    running = LiveDeployment.objects.filter(status=Status.RUNNING)
    if stale_seconds is not None:
        cutoff = timezone.now() - timezone.timedelta(seconds=stale_seconds)
        running = running.filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True))
    resumed = 0
    for deployment in running:
        if not LiveDeployment.objects.filter(pk=deployment.pk, status=Status.RUNNING).update(
            status=Status.IN_QUEUE, heartbeat_at=timezone.now()
        ):
            continue
        if deployment.stop_requested:
            status = (
                Status.LIQUIDATED if deployment.stop_requested == "liquidate" else Status.STOPPED
            )
            LiveDeployment.objects.filter(pk=deployment.pk).update(
                status=status, stopped_at=timezone.now()
            )
            deployment.record("The worker stopped; the requested stop is complete.")
            _notify(deployment, status, "")
            continue
        when = (deployment.state or {}).get("time") or "its start"
        deployment.record(f"The worker restarted: resuming from {when}.")
        live_enqueue(deployment_id=deployment.pk)
        resumed += 1
    # queued ones no worker picked up (their task may be lost with the queue)
    for deployment in LiveDeployment.objects.filter(status=Status.IN_QUEUE, stop_requested=""):
        live_enqueue(deployment_id=deployment.pk)
    if stale_seconds is None:  # a worker start: deliveries cut off with the last one
        notifications_resume_pending()
    return resumed
