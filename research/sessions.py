"""Interactive research: a per-user Jupyter server for a project, run in the sandbox.

The server (JupyterLab when installed, else jupyter_server's own API) starts through
``qcweb.sandbox`` like any user code: no network (it listens on a UNIX socket in the job's
output folder, ``/job/out/jupyter.sock``), the data folder read-only, a copy of the project's
files and of the organization's Object Store in its writable folder, a token in its environment
that only the web app's proxy sends (``research/proxy.py``). It occupies one of the
organization's research nodes while it runs.

A Huey worker follows it (``session_serve``): every few seconds it copies the notebooks and code
files the user saved at the top of the project folder back into the project (read as hostile
output: no links, capped at the tier's file size), and it stops the server after
``QCWEB_RESEARCH_IDLE_SECONDS`` without a request through the proxy, on "Stop", or at
``QCWEB_RESEARCH_SESSION_SECONDS``. The Object Store changes come back when it ends.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.limits import limit_for
from accounts.models import Organization, User
from accounts.selectors import research_node_count
from backtests.services.execution import data_overlays, ensure_data_dir
from projects import services as project_services
from projects.models import Project
from projects.objectstore import job_store_apply, job_store_prepare
from qcweb import sandbox
from research.models import ResearchSession
from research.selectors import research_node_model, research_nodes_in_use

logger = logging.getLogger(__name__)

PROJECT = "project"  # the server's root folder, inside the job's output folder
OBJECT_STORE = "objectstore"
SOCKET = "jupyter.sock"
DATA = "/job/data"
SYNC_SECONDS = 2.0
SYNCED_SUFFIXES = (".ipynb", ".py", ".json", ".csv", ".txt", ".md")
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes


class SessionError(Exception):
    """A session cannot start; the message is for the user."""


def idle_seconds() -> float:
    return float(getattr(settings, "QCWEB_RESEARCH_IDLE_SECONDS", 30 * 60))


def session_seconds() -> float:
    return float(getattr(settings, "QCWEB_RESEARCH_SESSION_SECONDS", 8 * 3600))


def session_for(user: User, project: Project) -> ResearchSession | None:
    """The user's running or starting session of the project."""
    return (
        ResearchSession.objects.filter(
            user=user, project=project, status__in=ResearchSession.ACTIVE
        )
        .order_by("-created")
        .first()
    )


def session_open(*, project: Project, user: User) -> ResearchSession:
    """The user's session of the project, started on a free research node when there is none."""
    if existing := session_for(user, project):
        return existing
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=project.organization_id)
        nodes = research_node_count(organization)
        if not nodes or research_nodes_in_use(organization) >= nodes:
            raise SessionError(
                f"You need an idle research node: {organization.name} has {nodes}, all busy."
                if nodes
                else f"{organization.name} has no research node."
            )
        session = ResearchSession.objects.create(
            organization=organization, project=project, user=user, token=secrets.token_hex(32)
        )

        def enqueue() -> None:
            from research.tasks import serve_session_task

            serve_session_task(session.pk)

        transaction.on_commit(enqueue)
    return session


def session_stop(*, session: ResearchSession) -> None:
    ResearchSession.objects.filter(pk=session.pk).update(stop_requested=True)


def session_touch(session_id: int) -> None:
    """A request went through the proxy: the session is not idle."""
    ResearchSession.objects.filter(pk=session_id).update(last_activity=timezone.now())


def _job(session: ResearchSession, work: Path) -> tuple[sandbox.Job, dict]:
    """The server's job, and the Object Store manifest its changes are read against."""
    project_dir = work / "start" / PROJECT
    project_dir.mkdir(parents=True)
    for item in session.project.files.all():
        target = project_dir / item.name
        if project_dir not in target.resolve().parents:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(item.content)
    store = work / "start" / OBJECT_STORE
    manifest = job_store_prepare(organization=session.organization, target=store)
    model = research_node_model(session.organization)
    try:
        import jupyterlab  # noqa: F401

        app = "jupyterlab"  # the full JupyterLab front end
    except ImportError:
        app = "jupyter_server"  # the REST and websocket API only
    output = sandbox.OUTPUT
    job = sandbox.Job(
        name=f"research-session-{session.pk}",
        argv=(
            "-m",
            app,
            f"--ServerApp.sock={output}/{SOCKET}",
            "--ServerApp.sock_mode=0600",
            f"--ServerApp.base_url={session.base_url}",
            f"--ServerApp.root_dir={output}/{PROJECT}",
            "--ServerApp.open_browser=False",
            "--ServerApp.allow_remote_access=True",
            "--ServerApp.terminals_enabled=False",
            "--ServerApp.shutdown_no_activity_timeout=0",
            "--LabApp.news_url=",
            "--LabServerApp.extra_labextensions_path=[]",
        ),
        output=work / "out",
        read_only={DATA: ensure_data_dir()},
        overlays=data_overlays(session.organization),
        initial_output={PROJECT: project_dir, OBJECT_STORE: store},
        environment={
            "JUPYTER_TOKEN": session.token,
            "QCWEB_DATA_DIR": DATA,
            "QCWEB_OBJECT_STORE": f"{output}/{OBJECT_STORE}",
            # The kernel imports AlgorithmImports and the engine like a backtest does.
            "PYTHONPATH": f"{sandbox.ENGINE_ROOT}/engine/algorithm:{sandbox.ENGINE_ROOT}",
            "JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime",
            "JUPYTER_CONFIG_DIR": "/tmp/jupyter-config",
            "JUPYTER_DATA_DIR": "/tmp/jupyter-data",
            "IPYTHONDIR": "/tmp/ipython",
            "JUPYTER_PLATFORM_DIRS": "1",
            "JUPYTER_ALLOW_INSECURE_WRITES": "1",
        },
        limits=sandbox.Limits(
            wall_seconds=session_seconds(),
            memory_mb=int(model.ram_gb * 1024) if model else 4096,
        ),
    )
    return job, manifest


def sync_files(session: ResearchSession, project_dir: Path) -> list[str]:
    """Copy the files the user saved at the top of the server's folder back into the project
    (new notebooks and code files too); returns the names saved."""
    project = session.project
    limit = limit_for(project.organization, "max_file_bytes") or 10 * 1024 * 1024
    current = {f.name: f for f in project.files.all()}
    saved = []
    try:
        names = sorted(entry.name for entry in project_dir.iterdir())
    except OSError:
        return saved
    for name in names:
        if not name.lower().endswith(SYNCED_SUFFIXES) or name.startswith("."):
            continue
        try:
            data = sandbox.read_output(project_dir, name, max_bytes=limit + 1)
        except sandbox.UnsafeOutput:
            continue  # a link or a device: never followed
        if data is None or len(data) > limit:
            continue
        try:
            content = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        try:
            if name in current:
                if current[name].content == content:
                    continue
                project_services.file_save(
                    project=project, name=name, content=content, base_revision=None
                )
            else:
                project_services.file_create(project=project, name=name, content=content)
        except project_services.ProjectError as exc:
            logger.info("Research session %s: %s not saved: %s", session.pk, name, exc.message)
            continue
        saved.append(name)
    return saved


def session_serve(*, session_id: int) -> None:
    """Run and follow the session's Jupyter server until it stops (the worker)."""
    session = ResearchSession.objects.select_related("project", "organization").get(pk=session_id)
    if session.status != ResearchSession.Status.STARTING:
        return
    work = session.folder
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if len(str(session.socket_path)) > MAX_SOCKET_PATH:
        _end(session, ResearchSession.Status.FAILED, "QCWEB_RESEARCH_DIR is too deep for a socket.")
        return
    try:
        job, manifest = _job(session, work)
        running = sandbox.start(job)
    except (sandbox.SandboxUnavailable, OSError) as exc:
        _end(session, ResearchSession.Status.FAILED, f"The research server cannot start: {exc}")
        return
    reason = ""
    with running:
        started = time.monotonic()
        while running.poll() is None:
            time.sleep(SYNC_SECONDS)
            session.refresh_from_db()
            now = timezone.now()
            updates = {"heartbeat": now}
            if session.status == ResearchSession.Status.STARTING and session.socket_path.exists():
                updates["status"] = ResearchSession.Status.RUNNING
            ResearchSession.objects.filter(pk=session.pk).update(**updates)
            sync_files(session, job.output / PROJECT)
            if session.stop_requested:
                reason = ""
            elif now - session.last_activity > timedelta(seconds=idle_seconds()):
                reason = "Stopped after being idle."
            elif time.monotonic() - started > session_seconds():
                reason = "Stopped at the session time limit."
            elif why := running.output_over_limit():
                reason = f"Stopped: {why}."
            else:
                continue
            break
        crashed = running.poll() is not None and not session.stop_requested
        tail = running.console_tail()
        running.kill()
    try:
        sync_files(session, job.output / PROJECT)
        job_store_apply(
            organization=session.organization, source=job.output / OBJECT_STORE, manifest=manifest
        )
    finally:
        if crashed and not reason:
            _end(
                session,
                ResearchSession.Status.FAILED,
                f"The research server stopped: {tail[-2000:]}",
            )
        else:
            _end(session, ResearchSession.Status.STOPPED, reason)
        shutil.rmtree(work, ignore_errors=True)


def _end(session: ResearchSession, status: str, error: str) -> None:
    ResearchSession.objects.filter(pk=session.pk).update(
        status=status, error=error[:5000], ended=timezone.now()
    )


def sessions_reap_stale(*, stale_seconds: float = 120) -> int:
    """Sessions whose worker died (no heartbeat) end; their node is free again."""
    limit = timezone.now() - timedelta(seconds=stale_seconds)
    stale = (
        ResearchSession.objects.filter(status__in=ResearchSession.ACTIVE)
        .exclude(heartbeat__gte=limit)
        .filter(created__lt=limit)
    )
    return stale.update(
        status=ResearchSession.Status.STOPPED,
        ended=timezone.now(),
        error="The worker following this session stopped.",
    )
