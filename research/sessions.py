"""Interactive research: a per-user Jupyter server for a project, run in the sandbox.

The server (JupyterLab when installed, else jupyter_server's own API) starts through
``qcweb.sandbox`` like any user code: no network (it listens on a UNIX socket in the job's
output folder, ``/job/out/jupyter.sock``), the data folder read-only (the organization's imported
data laid over it), a copy of the project's files and of the organization's Object Store in its
writable folder, a token in its environment that only the web app's proxy sends
(``research/proxy.py``). It occupies one of the organization's research nodes while it runs.

No worker thread is held while it runs (a session lasts hours; two worker threads would be two
sessions and no backtests): a short task starts it detached (``sandbox.start_detached``) and
records the process, and ``session_supervise`` looks at it from the periodic task every minute,
after a "Stop", and when the page finds it gone: it copies the files the user saved back into the
project (``sync_files``: sub-folders, deletions; links, hostile names and files over the tier's
size refused by name), and stops the server after ``QCWEB_RESEARCH_IDLE_SECONDS`` without a
request through the proxy, on "Stop", or at ``QCWEB_RESEARCH_SESSION_SECONDS``. A save through
the proxy queues a copy at once (``session_sync_task``). The Object Store changes come back when
it ends. The server dies with the worker process that started it (``--die-with-parent``): after
a worker restart the supervisor finds it gone, copies back what it had saved and says so.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import shutil
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
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes
START_GRACE_SECONDS = 300  # a session no worker started by then is given up
MAX_SYNCED_FILES = 2000


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
            from research.tasks import start_session_task

            start_session_task(session.pk)

        transaction.on_commit(enqueue)
    return session


def session_stop(*, session: ResearchSession) -> None:
    ResearchSession.objects.filter(pk=session.pk).update(stop_requested=True)

    def enqueue() -> None:
        from research.tasks import supervise_session_task

        supervise_session_task(session.pk)

    transaction.on_commit(enqueue)


def session_refresh(session: ResearchSession) -> ResearchSession:
    """The page's look at a session: a started server whose socket is up is running; one whose
    process is gone is handed to the supervisor at once."""
    if session.status not in ResearchSession.ACTIVE or not session.process:
        return session
    if not sandbox.Detached.from_dict(session.process).alive():
        from research.tasks import supervise_session_task

        supervise_session_task(session.pk)
    elif session.status == ResearchSession.Status.STARTING and session.socket_path.exists():
        ResearchSession.objects.filter(pk=session.pk, status=session.status).update(
            status=ResearchSession.Status.RUNNING
        )
        session.status = ResearchSession.Status.RUNNING
    return session


def session_touch(session_id: int) -> None:
    """A request went through the proxy: the session is not idle."""
    ResearchSession.objects.filter(pk=session_id).update(last_activity=timezone.now())


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _job(session: ResearchSession, work: Path) -> tuple[sandbox.Job, dict, dict]:
    """The server's job, the Object Store manifest its changes are read against, and the
    project's files it starts from (name -> sha256)."""
    project_dir = work / "start" / PROJECT
    project_dir.mkdir(parents=True)
    files = {}
    for item in session.project.files.all():
        target = project_dir / item.name
        if project_dir not in target.resolve().parents:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(item.content)
        files[item.name] = _digest(item.content)
    for folder in session.project.folders or []:  # empty folders of the project
        if project_dir in (project_dir / folder).resolve().parents:
            (project_dir / folder).mkdir(parents=True, exist_ok=True)
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
    return job, manifest, files


def session_start(*, session_id: int) -> None:
    """Start the session's server detached and record it (the task; returns at once)."""
    session = ResearchSession.objects.select_related("project", "organization").get(pk=session_id)
    if session.status != ResearchSession.Status.STARTING or session.process:
        return
    if session.stop_requested:
        _end(session, ResearchSession.Status.STOPPED, "")
        return
    work = session.folder
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if len(str(session.socket_path)) > MAX_SOCKET_PATH:
        _end(session, ResearchSession.Status.FAILED, "QCWEB_RESEARCH_DIR is too deep for a socket.")
        return
    try:
        job, manifest, files = _job(session, work)
        detached = sandbox.start_detached(job, console=work / "console.log")
    except (sandbox.SandboxUnavailable, OSError) as exc:
        _end(session, ResearchSession.Status.FAILED, f"The research server cannot start: {exc}")
        shutil.rmtree(work, ignore_errors=True)
        return
    ResearchSession.objects.filter(pk=session.pk).update(
        process=detached.as_dict(),
        store_manifest=manifest,
        files_manifest=files,
        heartbeat=timezone.now(),
        last_activity=timezone.now(),
    )


def _refuse(refused: list[str], name: str, why: str) -> None:
    if len(refused) < 100:
        refused.append(f"{name}: {why}")


def sync_files(session: ResearchSession, project_dir: Path) -> tuple[list[str], list[str]]:
    """Copy what the user saved in the server's folder back into the project: new and changed
    files in any sub-folder, and deletions of the files the session started with (unless the
    project's copy changed meanwhile). The folder is the job's, read as hostile output: links,
    devices, names the project refuses and files over the tier's file size are not copied and
    are listed on the session (``sync_refused``). Returns (names saved, names deleted)."""
    with transaction.atomic():
        # one copy at a time per session (a save's copy and the supervisor's may coincide)
        locked = ResearchSession.objects.select_for_update().get(pk=session.pk)
        session.files_manifest = locked.files_manifest
        return _sync_files(session, project_dir)


def _sync_files(session: ResearchSession, project_dir: Path) -> tuple[list[str], list[str]]:
    project = session.project
    limit = limit_for(project.organization, "max_file_bytes") or 10 * 1024 * 1024
    current = {f.name: f for f in project.files.all()}
    manifest = dict(session.files_manifest or {})
    saved: list[str] = []
    deleted: list[str] = []
    refused: list[str] = []
    if not project_dir.is_dir() or project_dir.is_symlink():
        return saved, deleted
    try:
        files, unsafe = sandbox.list_output(project_dir, max_entries=MAX_SYNCED_FILES * 5)
    except OSError:
        return saved, deleted
    for name, why in unsafe:
        _refuse(refused, name, f"{why}; not copied")
    present = {name for name, _ in files}
    for name, size in files[:MAX_SYNCED_FILES]:
        if size > limit:
            _refuse(refused, name, f"{size / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB file limit")
            continue
        try:
            project_services.validate_path(name)
        except project_services.ProjectError as exc:
            _refuse(refused, name, exc.message)
            continue
        try:
            data = sandbox.read_output(project_dir, name, max_bytes=limit + 1)
        except sandbox.UnsafeOutput as exc:
            _refuse(refused, name, f"{exc}; not copied")
            continue
        if data is None:
            continue
        if len(data) > limit:
            _refuse(refused, name, f"over the {limit / 1e6:.1f} MB file limit")
            continue
        try:
            content = data.decode("utf-8")
        except UnicodeDecodeError:
            _refuse(refused, name, "not a UTF-8 text file; projects hold text files only")
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
            _refuse(refused, name, exc.message)
            continue
        manifest[name] = _digest(content)
        saved.append(name)
    if len(files) > MAX_SYNCED_FILES:
        _refuse(refused, ".", f"more than {MAX_SYNCED_FILES} files; the rest were not copied")
    for name, digest in sorted(manifest.items()):
        file = current.get(name)
        if name in present or file is None:
            continue
        if _digest(file.content) != digest:  # changed in the project meanwhile: kept
            del manifest[name]
            continue
        try:
            project_services.file_delete(project=project, name=name)
        except project_services.ProjectError as exc:
            _refuse(refused, name, f"not deleted: {exc.message}")
            continue
        deleted.append(name)
        del manifest[name]
    ResearchSession.objects.filter(pk=session.pk).update(
        sync_refused=refused, files_manifest=manifest
    )
    session.sync_refused, session.files_manifest = refused, manifest
    return saved, deleted


def session_sync(*, session_id: int) -> None:
    """Copy a running session's saved files back now (after a save through the proxy)."""
    session = ResearchSession.objects.select_related("project", "organization").get(pk=session_id)
    if session.status in ResearchSession.ACTIVE and session.ended is None and session.process:
        sync_files(session, session.folder / "out" / PROJECT)


def session_supervise(*, session_id: int) -> None:
    """Look at a session's server once: mark it running, copy its files back, or end it (idle,
    time limit, "Stop", output too large, or its process gone)."""
    session = ResearchSession.objects.select_related("project", "organization").get(pk=session_id)
    if session.status not in ResearchSession.ACTIVE or session.ended is not None:
        return
    now = timezone.now()
    if not session.process:
        if session.stop_requested:
            _end(session, ResearchSession.Status.STOPPED, "")
        elif now - session.created > timedelta(seconds=START_GRACE_SECONDS):
            _end(session, ResearchSession.Status.FAILED, "No worker started the research server.")
        return
    server = sandbox.Detached.from_dict(session.process)
    output = session.folder / "out"
    if not server.alive():
        tail = server.console_tail()[-2000:]
        if session.stop_requested:
            _finish(session, server, ResearchSession.Status.STOPPED, "")
        else:
            _finish(
                session,
                server,
                ResearchSession.Status.FAILED,
                "The research server stopped (it crashed, or the worker that started it "
                "restarted); the files it had saved were copied back to the project."
                + (f"\n{tail}" if tail else ""),
            )
        return
    if session.stop_requested:
        reason = ""
    elif now - session.last_activity > timedelta(seconds=idle_seconds()):
        reason = "Stopped after being idle."
    elif now - session.created > timedelta(seconds=session_seconds()):
        reason = "Stopped at the session time limit."
    elif why := server.output_over_limit(output):
        reason = f"Stopped: {why}."
    else:
        updates = {"heartbeat": now}
        if session.status == ResearchSession.Status.STARTING and session.socket_path.exists():
            updates["status"] = ResearchSession.Status.RUNNING
        ResearchSession.objects.filter(pk=session.pk).update(**updates)
        sync_files(session, output / PROJECT)
        return
    _finish(session, server, ResearchSession.Status.STOPPED, reason)


def _finish(session: ResearchSession, server: sandbox.Detached, status: str, message: str) -> None:
    """Stop the server, copy its files and Object Store changes back, record how it ended. Only
    one caller finishes a session (the claim on `ended`)."""
    if not ResearchSession.objects.filter(pk=session.pk, ended__isnull=True).update(
        ended=timezone.now()
    ):
        return
    server.stop()
    output = session.folder / "out"
    try:
        sync_files(session, output / PROJECT)
        job_store_apply(
            organization=session.organization,
            source=output / OBJECT_STORE,
            manifest=session.store_manifest or {},
        )
    finally:
        shutil.rmtree(session.folder, ignore_errors=True)
        ResearchSession.objects.filter(pk=session.pk).update(status=status, error=message[:5000])


def _end(session: ResearchSession, status: str, error: str) -> None:
    ResearchSession.objects.filter(pk=session.pk).update(
        status=status, error=error[:5000], ended=timezone.now()
    )


def sessions_supervise() -> int:
    """The periodic look at every active session of this installation; returns how many."""
    ids = list(
        ResearchSession.objects.filter(status__in=ResearchSession.ACTIVE).values_list(
            "pk", flat=True
        )
    )
    for session_id in ids:
        try:
            session_supervise(session_id=session_id)
        except Exception:  # one broken session must not stop the others being followed
            logger.exception("Supervising research session %s failed", session_id)
    return len(ids)
