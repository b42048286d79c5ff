"""Queue side of backtests: snapshot and create, dispatch to free backtest nodes, realtime
publishing, user actions (cancel, update, delete, restore), stale workers.

Flow: `backtest_create` snapshots the project and queues the backtest (status In Queue), then
`backtest_dispatch` (on commit) starts as many queued backtests of the organization as it has
free backtest nodes (a project pinned to nodes waits for one of those; the node is recorded on
the backtest): it flips them to Running with an atomic conditional update and enqueues
`tasks.run_backtest_task(id)`; the worker side is `backtests/services/execution.py`.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import signal
import time
from pathlib import Path, PurePosixPath
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Node, Organization, User
from accounts.selectors import included_node
from backtests import conf
from backtests.fingerprint import engine_version
from backtests.models import Backtest
from backtests.names import random_backtest_name
from backtests.selectors import backtest_nodes_for
from backtests.storage import outputs_delete
from projects.models import Compile, Project
from projects.selectors import library_closure
from projects.services import (
    file_create,
    file_delete,
    file_save,
    parameter_delete,
    parameter_set,
    project_create,
    project_file_map,
)

logger = logging.getLogger(__name__)


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


def _backtest_node_pins(project_ids: set[int]) -> dict[int, list[int]]:
    """Project id -> the backtesting nodes it is pinned to (its active nodes, QuantConnect's project nodes);
    projects without any are absent (auto-select)."""
    pins: dict[int, list[int]] = {}
    rows = (
        Project.active_nodes.through.objects.filter(
            project_id__in=project_ids, node__kind=Node.Kind.BACKTEST
        )
        .order_by("node__created", "node_id")
        .values_list("project_id", "node_id")
    )
    for project_id, node_id in rows:
        pins.setdefault(project_id, []).append(node_id)
    return pins


def backtest_dispatch(*, organization_id: int) -> list[int]:
    """Start queued backtests of the organization while it has free backtest nodes.

    Each start takes a node that is not busy (no running backtest on it) and records it on the
    backtest. A project with active backtesting nodes waits for one of those; a backtest behind
    it may start meanwhile on another free node. Auto-select projects take any free node, nodes
    no project is pinned to first; at most the node count (`backtest_nodes_for`) run at once.

    Race-safe: the organization row is locked (select_for_update; SQLite serialises writers with
    BEGIN IMMEDIATE) and each start is a conditional update In Queue -> Running, so two
    dispatchers never start the same backtest or exceed the node count."""
    from backtests.tasks import run_backtest_task  # a service enqueues its task (see tasks.py)

    started: list[int] = []
    with transaction.atomic():
        organization = Organization.objects.select_for_update().filter(pk=organization_id).first()
        if organization is None:
            return started
        nodes = backtest_nodes_for(organization)
        running = Backtest.objects.filter(
            organization_id=organization_id, status=Backtest.Status.RUNNING
        )
        free = None if nodes is None else nodes - running.count()
        busy = set(running.exclude(node=None).values_list("node_id", flat=True))
        node_names = dict(
            Node.objects.filter(organization_id=organization_id, kind=Node.Kind.BACKTEST)
            .order_by("created", "id")
            .values_list("id", "name")
        )
        queued = list(
            Backtest.objects.filter(organization_id=organization_id, status=Backtest.Status.QUEUED)
            .order_by("created", "id")
            .values_list("id", "project_id")
        )
        pins = _backtest_node_pins({project_id for _, project_id in queued})
        pinned_anywhere = set(
            Project.active_nodes.through.objects.filter(node_id__in=node_names).values_list(
                "node_id", flat=True
            )
        )
        auto_order = sorted(node_names, key=lambda node_id: node_id in pinned_anywhere)
        # a backtest on a personal organization's free node names it, as the Resources page does
        free_node = None if node_names else included_node(organization, Node.Kind.BACKTEST)
        free_node_name = f"{free_node} (free)" if free_node else ""
        for candidate_id, project_id in queued:
            if free is not None and free <= 0:
                break
            if project_id in pins:
                choices = [n for n in pins[project_id] if n not in busy]
                if not choices:
                    continue  # waits for one of its own nodes
            else:
                choices = [n for n in auto_order if n not in busy]
            node_id = choices[0] if choices else None
            now = timezone.now()
            updated = Backtest.objects.filter(
                pk=candidate_id, status=Backtest.Status.QUEUED
            ).update(
                status=Backtest.Status.RUNNING,
                progress=0.0,
                heartbeat_at=now,
                started_at=None,
                node_id=node_id,
                node_name=node_names.get(node_id, free_node_name),
            )
            if updated:
                started.append(candidate_id)
                if node_id is not None:
                    busy.add(node_id)
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
        backtest_pk = backtest.pk
        transaction.on_commit(lambda: optimization_notify(backtest_id=backtest_pk))
        transaction.on_commit(lambda: backtest_dispatch(organization_id=organization_id))
    return backtest


def optimization_notify(*, backtest_id: int) -> None:
    """A backtest ended without the worker's own end (cancelled before it ran, or reaped): if
    it belongs to an optimization, its search records it and goes on."""
    from backtests.models import OptimizationTrial
    from backtests.optimization.services import optimization_backtest_finished

    if OptimizationTrial.objects.filter(backtest_id=backtest_id).exists():
        try:
            optimization_backtest_finished(backtest_id=backtest_id)
        except Exception:
            logger.exception("Could not advance the optimization of backtest %s", backtest_id)


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
    outputs_delete(backtest)
    backtest.delete()
    shutil.rmtree(directory, ignore_errors=True)
    transaction.on_commit(lambda: backtest_dispatch(organization_id=organization_id))


def backtest_restore(*, backtest: Backtest) -> Project:
    """Make the project's files and parameters those the backtest ran with (its code snapshot and
    parameters; through the projects services, so size limits and revisions apply)."""
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
        parameters = {str(k): str(v) for k, v in (backtest.parameters or {}).items()}
        current = project.parameters_dict()
        for name in set(current) - set(parameters):
            parameter_delete(project=project, name=name)
        for name, value in parameters.items():
            if current.get(name) != value:
                old = name if name in current else None
                parameter_set(project=project, name=name, value=value, old_name=old)
    return project


def backtest_clone_project(*, backtest: Backtest, user: User, name: str | None = None) -> Project:
    """A new project of the backtest's organization, owned by `user`, holding the code and the
    parameters the backtest ran with (its libraries stay linked to the original project only)."""
    files = dict(backtest.snapshot.get("files") or {})
    project = project_create(
        organization=backtest.organization,
        owner=user,
        name=name or f"{backtest.project.name} - {backtest.name}"[:200],
        description=backtest.project.description,
        files=files,
        parameters={str(k): str(v) for k, v in (backtest.parameters or {}).items()},
    )
    folders = sorted({str(PurePosixPath(n).parent) for n in files} - {"."})
    if folders:
        project.folders = folders
        project.save(update_fields=["folders"])
    return project


def backtest_share(*, backtest: Backtest) -> str:
    """Give the backtest a public read-only link (kept if it has one); returns its token."""
    if not backtest.share_token:
        backtest.share_token = secrets.token_urlsafe(24)
        backtest.save(update_fields=["share_token"])
    return backtest.share_token


def backtest_unshare(*, backtest: Backtest) -> None:
    """Revoke the link: the old address answers 404 from now on (sharing again makes a new one)."""
    backtest.share_token = None
    backtest.save(update_fields=["share_token"])


def stop_engine_processes(backtest: Backtest) -> int:
    """Kill engine processes of this backtest left behind by a dead worker."""
    return stop_engine_processes_under(backtest.directory)


def stop_engine_processes_under(folder: Path) -> int:
    """Kill engine processes whose job lives under `folder`, left behind by a dead worker (this
    machine only; found by the job's unique folder in their command line, so a reused pid is
    safe). Every sandboxed engine run (backtests, Learning Center checks) is stopped this way."""
    marker = str(folder).encode()
    proc = Path("/proc")
    killed = 0
    if not proc.is_dir():
        return killed
    pending = [int(entry.name) for entry in proc.iterdir() if entry.name.isdigit()]
    # A process still inside exec() shows an empty command line for a moment (its parent may
    # already have returned from fork), so those are read again briefly before being passed over.
    for _attempt in range(20):
        unread = []
        for pid in pending:
            try:
                cmdline = (proc / str(pid) / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if cmdline == [b""]:
                # Kernel threads and zombies have no executable and never get a command line.
                if os.path.exists(f"/proc/{pid}/exe"):
                    unread.append(pid)
            elif b"engine" in cmdline and any(arg.startswith(marker) for arg in cmdline):
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed += 1
                except (ProcessLookupError, PermissionError):
                    pass
        if not unread:
            break
        pending = unread
        time.sleep(0.025)
    return killed


def backtests_reap_stale(*, stale_seconds: float | None = None) -> int:
    """Running backtests whose worker stopped reporting: those a worker had started become
    Runtime Error "worker stopped"; those no worker picked up yet are enqueued again."""
    from backtests.tasks import run_backtest_task  # a service enqueues its task (see tasks.py)

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
                error=(
                    "Runtime Error: worker stopped. The worker running this backtest ended before it "
                    "finished (for example the server restarted); run it again."
                ),
                finished_at=timezone.now(),
            )
        )
        if updated:
            stop_engine_processes(backtest)
            reaped += 1
            organizations.add(backtest.organization_id)
            backtest_publish(backtest_id=backtest.pk)
            optimization_notify(backtest_id=backtest.pk)
    for organization_id in organizations:
        backtest_dispatch(organization_id=organization_id)
    return reaped
