"""Writes: create, queue/dispatch, run (worker side), cancel, update, delete, restore backtests.

Flow: `backtest_create` snapshots the project and queues the backtest (status In Queue), then
`backtest_dispatch` (on commit) starts as many queued backtests of the organization as it has
free backtest nodes: it flips them to Running with an atomic conditional update and enqueues
`tasks.run_backtest_task(id)`. The Huey worker calls `backtest_execute`, which runs the engine in
its own process (`python -m engine backtest ...` with time and memory limits), follows its status
file, publishes progress to the channel layer and stores the outcome; when it ends it calls
`backtest_dispatch` again so the next queued backtest starts.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path, PurePosixPath
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Organization, User
from backtests import conf
from backtests.fingerprint import backtest_fingerprint, data_fingerprint, engine_version
from backtests.models import Backtest
from backtests.names import random_backtest_name
from backtests.selectors import backtest_nodes_for
from projects.models import Compile, Project

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.4
CANCEL_GRACE_SECONDS = 10
HARD_KILL_MARGIN_SECONDS = 30


def backtest_group(backtest_id: int) -> str:
    return f"backtest.{backtest_id}"


# -- snapshot -------------------------------------------------------------------------------------
def _safe_relpath(name: str) -> str | None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    return path.as_posix()


def project_snapshot(project: Project, *, compile: Compile | None = None) -> dict[str, Any]:
    """{"files": the project's own files, "libraries": the other files the engine needs (library
    projects, laid out by `projects.services.project_file_map`)}. With `compile`, exactly the
    files that compile checked (QuantConnect's API creates backtests from a compile id)."""
    from projects.selectors import library_closure
    from projects.services import project_file_map

    if compile is not None:
        packages = {library.library_package_name for library in library_closure(project)}
        tree = dict(compile.files)
        libraries = {path: text for path, text in tree.items() if path.split("/")[0] in packages}
        own = {path: text for path, text in tree.items() if path not in libraries}
        return {"files": own, "libraries": libraries}
    own = dict(project.files.order_by("name").values_list("name", "content"))
    tree = project_file_map(project)
    libraries = {path: text for path, text in tree.items() if path not in own}
    return {"files": own, "libraries": libraries}


def snapshot_tree(snapshot: dict[str, Any]) -> dict[str, str]:
    """Every file the engine gets: the project's files plus library files."""
    return {**(snapshot.get("libraries") or {}), **(snapshot.get("files") or {})}


def write_snapshot(snapshot: dict[str, Any], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name, content in snapshot_tree(snapshot).items():
        rel = _safe_relpath(name)
        if rel is None:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


# -- create / dispatch ----------------------------------------------------------------------------
def backtest_create(
    *,
    project: Project,
    user: User,
    name: str | None = None,
    parameters: dict[str, str] | None = None,
    compile: Compile | None = None,
) -> Backtest:
    """Snapshot the project's code (or the files of `compile`), queue a backtest and start it
    when a node is free. `parameters` default to the project's parameters."""
    snapshot = project_snapshot(project, compile=compile)
    params = (
        project.parameters_dict()
        if parameters is None
        else {str(k): str(v) for k, v in parameters.items()}
    )
    with transaction.atomic():
        backtest = Backtest.objects.create(
            organization_id=project.organization_id,
            project=project,
            created_by=user,
            name=(name or "").strip()[:200] or random_backtest_name(),
            snapshot=snapshot,
            parameters=params,
            engine_version=engine_version(),
        )
        organization_id = project.organization_id
        transaction.on_commit(lambda: backtest_dispatch(organization_id=organization_id))
    return backtest


def backtest_dispatch(*, organization_id: int) -> list[int]:
    """Start queued backtests of the organization while it has free backtest nodes.

    Race-safe: the organization row is locked (select_for_update; SQLite serialises writers with
    BEGIN IMMEDIATE) and each start is a conditional update In Queue -> Running, so two
    dispatchers never start the same backtest or exceed the node count."""
    from backtests.tasks import run_backtest_task

    started: list[int] = []
    with transaction.atomic():
        organization = Organization.objects.select_for_update().filter(pk=organization_id).first()
        if organization is None:
            return started
        nodes = backtest_nodes_for(organization)
        running = Backtest.objects.filter(
            organization_id=organization_id, status=Backtest.Status.RUNNING
        ).count()
        free = None if nodes is None else nodes - running
        queued = Backtest.objects.filter(
            organization_id=organization_id, status=Backtest.Status.QUEUED
        ).order_by("created", "id")
        for candidate_id in queued.values_list("id", flat=True):
            if free is not None and free <= 0:
                break
            now = timezone.now()
            updated = Backtest.objects.filter(
                pk=candidate_id, status=Backtest.Status.QUEUED
            ).update(
                status=Backtest.Status.RUNNING, progress=0.0, heartbeat_at=now, started_at=None
            )
            if updated:
                started.append(candidate_id)
                if free is not None:
                    free -= 1
        for backtest_id in started:
            transaction.on_commit(lambda backtest_id=backtest_id: run_backtest_task(backtest_id))
    for backtest_id in started:
        backtest_publish(backtest_id=backtest_id)
    # The queue positions of the others moved up.
    for backtest_id in Backtest.objects.filter(
        organization_id=organization_id, status=Backtest.Status.QUEUED
    ).values_list("id", flat=True):
        backtest_publish(backtest_id=backtest_id)
    return started


# -- realtime -------------------------------------------------------------------------------------
def backtest_publish(*, backtest_id: int) -> None:
    """Tell pages showing this backtest to refresh its status (the consumer renders the HTML)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            backtest_group(backtest_id), {"type": "backtest.update", "backtest_id": backtest_id}
        )
    except Exception:  # realtime is best effort; pages also poll
        logger.exception("Could not publish backtest %s", backtest_id)


# -- data -----------------------------------------------------------------------------------------
def ensure_data_dir() -> Path:
    """The data folder; generates the synthetic demo data when it is empty or missing."""
    folder = conf.data_dir()
    if folder.exists() and any(folder.iterdir()):
        return folder
    from engine.data.demo import generate

    logger.info("Generating synthetic demo data into %s", folder)
    generate(folder, conf.DEMO_START, conf.DEMO_END, list(conf.DEMO_TICKERS))
    return folder


# -- worker side ----------------------------------------------------------------------------------
def _parse_number(text: Any) -> float | None:
    if text is None:
        return None
    if isinstance(text, int | float):
        return float(text)
    cleaned = str(text).replace("$", "").replace(",", "").replace("%", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


def key_numbers(result: dict) -> dict[str, Any]:
    stats = result.get("statistics") or {}
    orders = _parse_number(stats.get("Total Orders"))
    return {
        "net_profit": _parse_number(stats.get("Net Profit")),
        "sharpe_ratio": _parse_number(stats.get("Sharpe Ratio")),
        "drawdown": _parse_number(stats.get("Drawdown")),
        "compounding_annual_return": _parse_number(stats.get("Compounding Annual Return")),
        "psr": _parse_number(stats.get("Probabilistic Sharpe Ratio")),
        "total_orders": int(orders) if orders is not None else None,
        "end_equity": _parse_number(stats.get("End Equity")),
    }


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def engine_command(
    backtest: Backtest, *, project_dir: Path, data_dir: Path, out_dir: Path
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "engine",
        "backtest",
        str(project_dir),
        "--data",
        str(data_dir),
        "--out",
        str(out_dir),
        "--status-file",
        str(backtest.status_path),
        "--cancel-file",
        str(backtest.cancel_path),
        "--max-seconds",
        f"{conf.max_seconds():g}",
        "--max-memory-mb",
        str(conf.max_memory_mb()),
    ]
    for key, value in sorted((backtest.parameters or {}).items()):
        command += ["--parameter", f"{key}={value}"]
    return command


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
        _notify_finished(backtest_id)
        backtest_dispatch(organization_id=backtest.organization_id)


def _notify_finished(backtest_id: int) -> None:
    backtest = Backtest.objects.filter(pk=backtest_id).first()
    if backtest is None or backtest.created_by_id is None or not backtest.is_finished:
        return
    try:
        from django.urls import reverse

        from accounts.services import user_notify

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
    out_dir = backtest.results_path.parent
    write_snapshot(backtest.snapshot, project_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data_dir = ensure_data_dir()

    data_fp = data_fingerprint(data_dir)
    engine_ver = engine_version()
    backtest.data_fingerprint = data_fp
    backtest.engine_version = engine_ver
    backtest.fingerprint = backtest_fingerprint(
        snapshot=snapshot_tree(backtest.snapshot),
        data_fp=data_fp,
        engine_ver=engine_ver,
        parameters=backtest.parameters or {},
    )
    backtest.save(update_fields=["data_fingerprint", "engine_version", "fingerprint"])

    env = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = engine_command(backtest, project_dir=project_dir, data_dir=data_dir, out_dir=out_dir)
    started = time.monotonic()
    hard_limit = conf.max_seconds() + HARD_KILL_MARGIN_SECONDS
    cancel_at: float | None = None
    killed_for: str | None = None
    last_progress = -1.0
    with open(directory / "engine-output.txt", "wb") as output:
        process = subprocess.Popen(
            command,
            cwd=str(directory),
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            while process.poll() is None:
                time.sleep(POLL_SECONDS)
                state = _read_json(backtest.status_path) or {}
                progress = float(state.get("progress") or 0.0)
                fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
                if progress != last_progress:
                    fields["progress"] = min(max(progress, 0.0), 1.0)
                Backtest.objects.filter(pk=backtest.pk).update(**fields)
                if progress != last_progress:
                    last_progress = progress
                    backtest_publish(backtest_id=backtest.pk)
                if (
                    cancel_at is None
                    and Backtest.objects.filter(pk=backtest.pk, cancel_requested=True).exists()
                ):
                    backtest.cancel_path.touch()
                    cancel_at = time.monotonic()
                if cancel_at is not None and time.monotonic() - cancel_at > CANCEL_GRACE_SECONDS:
                    killed_for = "cancel"
                    _kill(process)
                elif time.monotonic() - started > hard_limit:
                    killed_for = "time"
                    _kill(process)
        except BaseException:
            _kill(process)
            raise
    _store_outcome(backtest, process.returncode, killed_for, cancelled=cancel_at is not None)


def _store_outcome(
    backtest: Backtest, returncode: int, killed_for: str | None, *, cancelled: bool
) -> None:
    result = _read_json(backtest.results_path) if returncode >= 0 else None
    state = _read_json(backtest.status_path) or {}
    error = ""
    stacktrace = ""
    if cancelled and (returncode == 3 or killed_for == "cancel" or returncode == 0 and not result):
        status = Backtest.Status.CANCELLED
    elif returncode == 0 and result is not None:
        status = Backtest.Status.COMPLETED
    elif returncode == 3:
        status = Backtest.Status.CANCELLED
    else:
        status = Backtest.Status.RUNTIME_ERROR
        if killed_for == "time":
            error = f"The backtest exceeded its time limit of {conf.max_seconds():g} seconds and was stopped."
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
            output = backtest.directory / "engine-output.txt"
            tail = output.read_text(errors="replace")[-4000:] if output.exists() else ""
            error = f"The backtest process stopped unexpectedly (exit status {returncode})."
            stacktrace = tail
    if status == Backtest.Status.CANCELLED and not (result or {}).get("statistics"):
        result = result or None
    numbers = key_numbers(result) if result else {}
    if status != Backtest.Status.COMPLETED:
        numbers = (
            {k: v for k, v in numbers.items() if v is not None}
            if status == Backtest.Status.CANCELLED
            else {}
        )
    if not backtest.log_path.exists() and result is None:
        backtest.log_path.parent.mkdir(parents=True, exist_ok=True)
        backtest.log_path.write_text(f"ERROR:: {error}\n" if error else "", encoding="utf-8")
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
    for leftover in (backtest.status_path, backtest.cancel_path):
        leftover.unlink(missing_ok=True)
    _apply_log_limit(backtest)


def _apply_log_limit(backtest: Backtest) -> None:
    """Keep log.txt within the tier's `log_bytes_per_backtest` (QuantConnect drops the rest)."""
    from accounts.limits import limit_for

    limit = limit_for(backtest.organization, "log_bytes_per_backtest")
    path = backtest.log_path
    if limit is None or not path.exists() or path.stat().st_size <= limit:
        return
    data = path.read_bytes()[:limit]
    text = data.decode("utf-8", errors="ignore").rsplit("\n", 1)[0]
    note = (
        f"\nLOG LIMIT:: this backtest's log reached the {backtest.organization.get_tier_display()} "
        f"tier limit of {limit // 1024} KB; later lines were dropped.\n"
    )
    path.write_text(text + note, encoding="utf-8")


# -- user actions ---------------------------------------------------------------------------------
def backtest_cancel(*, backtest: Backtest) -> Backtest:
    """Queued: cancelled at once. Running: the worker writes the engine's cancel file (and kills
    the process if it does not stop); the status becomes Cancelled when it has stopped."""
    now = timezone.now()
    if Backtest.objects.filter(pk=backtest.pk, status=Backtest.Status.QUEUED).update(
        status=Backtest.Status.CANCELLED, finished_at=now, cancel_requested=True
    ):
        pass
    elif Backtest.objects.filter(pk=backtest.pk, status=Backtest.Status.RUNNING).update(
        cancel_requested=True
    ):
        # Not picked up by a worker yet: nothing runs, cancel at once.
        Backtest.objects.filter(
            pk=backtest.pk, status=Backtest.Status.RUNNING, started_at__isnull=True
        ).update(status=Backtest.Status.CANCELLED, finished_at=now)
        try:
            backtest.cancel_path.parent.mkdir(parents=True, exist_ok=True)
            backtest.cancel_path.touch()
        except OSError:
            pass
    backtest.refresh_from_db()
    backtest_publish(backtest_id=backtest.pk)
    if backtest.status == Backtest.Status.CANCELLED:
        organization_id = backtest.organization_id
        transaction.on_commit(lambda: backtest_dispatch(organization_id=organization_id))
    return backtest


def backtest_update(
    *, backtest: Backtest, name: str | None = None, note: str | None = None
) -> Backtest:
    fields = []
    if name is not None and name.strip():
        backtest.name = name.strip()[:200]
        fields.append("name")
    if note is not None:
        backtest.note = note.strip()[:5000]
        fields.append("note")
    if fields:
        backtest.save(update_fields=fields)
    return backtest


def backtest_delete(*, backtest: Backtest) -> None:
    if backtest.is_active:
        backtest_cancel(backtest=backtest)
    directory = backtest.directory
    organization_id = backtest.organization_id
    backtest.delete()
    shutil.rmtree(directory, ignore_errors=True)
    transaction.on_commit(lambda: backtest_dispatch(organization_id=organization_id))


def backtest_restore(*, backtest: Backtest) -> Project:
    """Make the project's files those of the backtest's code snapshot (through the projects
    services, so size limits and revisions apply)."""
    from projects.services import file_create, file_delete, file_save

    project = backtest.project
    files = backtest.snapshot.get("files") or {}
    with transaction.atomic():
        existing = set(project.files.values_list("name", flat=True))
        for name, content in files.items():
            if name in existing:
                file_save(project=project, name=name, content=content, base_revision=None)
            else:
                file_create(project=project, name=name, content=content)
        for name in existing - set(files):
            file_delete(project=project, name=name)
    return project


def backtest_result(backtest: Backtest) -> dict:
    """The result document (seed 002 BacktestResult shape); {} while none was written."""
    if not backtest.results_path.exists():
        return {}
    return _read_json(backtest.results_path) or {}


def backtest_log(backtest: Backtest) -> str:
    try:
        return backtest.log_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def backtests_reap_stale(*, stale_seconds: float | None = None) -> int:
    """Running backtests whose worker stopped reporting: those a worker had started become
    Runtime Error "worker stopped"; those no worker picked up yet are enqueued again."""
    from backtests.tasks import run_backtest_task

    limit = conf.stale_seconds() if stale_seconds is None else stale_seconds
    cutoff = timezone.now() - timezone.timedelta(seconds=limit)
    stale = Backtest.objects.filter(status=Backtest.Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    )
    reaped = 0
    organizations: set[int] = set()
    for backtest in stale:
        if backtest.started_at is None:
            if Backtest.objects.filter(pk=backtest.pk, started_at__isnull=True).update(
                heartbeat_at=timezone.now()
            ):
                run_backtest_task(backtest.pk)
            continue
        updated = (
            Backtest.objects.filter(pk=backtest.pk, status=Backtest.Status.RUNNING)
            .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True))
            .update(
                status=Backtest.Status.RUNTIME_ERROR,
                error="The backtest stopped: its worker stopped (worker stopped) before it finished.",
                finished_at=timezone.now(),
            )
        )
        if updated:
            reaped += 1
            organizations.add(backtest.organization_id)
            backtest_publish(backtest_id=backtest.pk)
    for organization_id in organizations:
        backtest_dispatch(organization_id=organization_id)
    return reaped
