"""Copying a session's files back (sub-folders, deletions; links, hostile names and huge files
refused by name) and the supervisor's view of a detached server: a server gone with its worker
is cleaned up with its files copied back; an idle one is stopped."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.limits import limit_for
from projects.services import file_create, file_save, project_create
from qcweb import sandbox
from research import sessions
from research.models import ResearchSession

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def short_research_dir(research_settings):
    folder = Path(tempfile.mkdtemp(prefix="rs-", dir="/tmp"))
    research_settings.QCWEB_RESEARCH_DIR = folder
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def project(organization, owner):
    project = project_create(organization=organization, owner=owner, name="Study")
    file_create(project=project, name="old.py", content="OLD = 1\n")
    file_create(project=project, name="changed.py", content="C = 1\n")
    return project


def new_session(project, owner) -> ResearchSession:
    return ResearchSession.objects.create(
        organization=project.organization,
        project=project,
        user=owner,
        token="t",
        status=ResearchSession.Status.RUNNING,
        files_manifest={f.name: sessions._digest(f.content) for f in project.files.all()},
    )


def test_sub_folders_and_deletions_come_back_and_unsafe_files_are_named(
    short_research_dir, project, owner, tmp_path
):
    session = new_session(project, owner)
    folder = tmp_path / "project"
    for item in project.files.exclude(name__in=["old.py", "changed.py"]):
        (folder / item.name).parent.mkdir(parents=True, exist_ok=True)
        (folder / item.name).write_text(item.content)
    (folder / "changed.py").write_text("C = 1\n")  # unchanged in the session
    (folder / "lib/deep").mkdir(parents=True)
    (folder / "lib/deep/model.py").write_text("M = 2\n")
    (folder / ".ipynb_checkpoints").mkdir()  # Jupyter's own: skipped silently
    (folder / ".ipynb_checkpoints/x-checkpoint.py").write_text("")
    (folder / "secret.py").symlink_to("/etc/passwd")
    (folder / "linked").symlink_to("/etc", target_is_directory=True)
    (folder / "bad:name.py").write_text("")
    (folder / "binary.py").write_bytes(b"\xff\xfe\x00")
    limit = limit_for(project.organization, "max_file_bytes")
    (folder / "huge.py").write_text("#" * (limit + 10))
    # the project's copy of changed.py changes meanwhile: its absence would not delete it
    file_save(project=project, name="changed.py", content="C = 2\n", base_revision=None)
    (folder / "changed.py").unlink()

    saved, deleted = sessions.sync_files(session, folder)

    names = set(project.files.values_list("name", flat=True))
    assert "lib/deep/model.py" in names and saved == ["lib/deep/model.py"]
    assert deleted == ["old.py"] and "old.py" not in names
    assert project.files.get(name="changed.py").content == "C = 2\n"
    assert not names & {"secret.py", "linked", "bad:name.py", "binary.py", "huge.py"}
    assert not any(name.startswith(".") for name in names)
    refused = "\n".join(ResearchSession.objects.get(pk=session.pk).sync_refused)
    assert "secret.py: is a symbolic link; not copied" in refused
    assert "linked: is a symbolic link; not copied" in refused
    assert "bad:name.py: 'bad:name.py' is not a valid name" in refused
    assert "binary.py: not a UTF-8 text file" in refused
    assert "huge.py: " in refused and "over the" in refused
    # a second look changes nothing: the deletion is not repeated, the refusals stay
    assert sessions.sync_files(session, folder) == ([], [])


def detached_job(session, code: str) -> sandbox.Detached:
    work = session.folder
    work.mkdir(parents=True)
    job = sandbox.Job(
        name=f"research-session-{session.pk}",
        argv=("-c", code),
        output=work / "out",
        limits=sandbox.Limits(wall_seconds=600, memory_mb=512),
    )
    server = sandbox.start_detached(job, console=work / "console.log")
    ResearchSession.objects.filter(pk=session.pk).update(process=server.as_dict())
    return server


WRITES_THEN_WAITS = (
    "import os, time\n"
    "os.makedirs('/job/out/project/sub')\n"
    "open('/job/out/project/sub/note.py', 'w').write('N = 1\\n')\n"
    "print('ready', flush=True)\n"
    "time.sleep(600)\n"
)


def wait_for(predicate, timeout=60.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def test_a_server_gone_with_its_worker_is_cleaned_up_with_its_files(
    short_research_dir, project, owner, owner_client
):
    session = new_session(project, owner)
    server = detached_job(session, WRITES_THEN_WAITS)
    wait_for(lambda: "ready" in server.console_tail())
    assert server.alive()
    sessions.session_supervise(session_id=session.pk)  # alive: copies what it saved
    assert project.files.filter(name="sub/note.py").exists()
    assert ResearchSession.objects.get(pk=session.pk).ended is None

    os.killpg(server.pid, signal.SIGKILL)  # what the worker's exit does (--die-with-parent)
    wait_for(lambda: not server.alive())
    sessions.session_supervise(session_id=session.pk)
    ended = ResearchSession.objects.get(pk=session.pk)
    assert ended.status == ResearchSession.Status.FAILED
    assert "the worker that started it" in ended.error and "copied back" in ended.error
    assert not ended.folder.exists()
    page = owner_client.get(reverse("research:session", args=[project.id])).content.decode()
    assert "the worker that started it" in page


def test_an_idle_server_is_stopped_and_a_stopped_one_is_not_followed(
    short_research_dir, project, owner, research_settings
):
    research_settings.QCWEB_RESEARCH_IDLE_SECONDS = 60
    session = new_session(project, owner)
    server = detached_job(session, WRITES_THEN_WAITS)
    wait_for(lambda: "ready" in server.console_tail())
    ResearchSession.objects.filter(pk=session.pk).update(
        last_activity=timezone.now() - timedelta(seconds=120)
    )
    assert sessions.sessions_supervise() == 1
    ended = ResearchSession.objects.get(pk=session.pk)
    assert ended.status == ResearchSession.Status.STOPPED
    assert ended.error == "Stopped after being idle."
    assert not server.alive()
    assert project.files.filter(name="sub/note.py").exists()
    assert sessions.sessions_supervise() == 0


def test_a_session_no_worker_started_is_given_up(short_research_dir, project, owner):
    session = ResearchSession.objects.create(
        organization=project.organization, project=project, user=owner, token="t"
    )
    ResearchSession.objects.filter(pk=session.pk).update(
        created=timezone.now() - timedelta(seconds=sessions.START_GRACE_SECONDS + 1)
    )
    sessions.session_supervise(session_id=session.pk)
    ended = ResearchSession.objects.get(pk=session.pk)
    assert ended.status == ResearchSession.Status.FAILED
    assert "No worker started" in ended.error
