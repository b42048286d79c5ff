"""Submissions left Queued or Running by a dead worker are ended by the reaper, with a message
the learner sees, and the engine processes they left are killed."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community import learning
from community.courses import BUILT_IN, course_import
from community.models import LessonProgress, Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    return course_import(BUILT_IN / "algorithm-basics").lessons.first()


@pytest.fixture
def results_dir(settings, tmp_path):
    settings.QCWEB_BACKTESTS_DIR = tmp_path
    return tmp_path


def ago(seconds: float):
    return timezone.now() - timedelta(seconds=seconds)


def test_a_running_submission_whose_worker_died_is_not_checked(
    task, member, member_client, results_dir
):
    stuck = Submission.objects.create(
        user=member, lesson=task, code="x", status=Submission.Status.RUNNING, heartbeat_at=ago(600)
    )
    alive = Submission.objects.create(
        user=member, lesson=task, code="y", status=Submission.Status.RUNNING, heartbeat_at=ago(1)
    )
    # An engine process the dead worker left: its command line names the submission's folder.
    folder = learning.submission_job_folder(stuck)
    orphan = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", "engine", f"{folder}/project"]
    )
    try:
        assert learning.submissions_reap_stale(stale_seconds=120) == 1
        assert orphan.wait(timeout=10) != 0
    finally:
        orphan.kill()
    stuck.refresh_from_db()
    alive.refresh_from_db()
    assert stuck.status == Submission.Status.STOPPED and stuck.is_finished and stuck.finished
    assert "worker checking it stopped" in stuck.error
    assert alive.status == Submission.Status.RUNNING
    assert not LessonProgress.objects.filter(user=member, lesson=task).exists()
    page = member_client.get(reverse("community:submission", args=[stuck.id])).content.decode()
    assert "Your code was not checked" in page and "submit it again" in page
    assert "hx-trigger" not in page  # it stops polling


def test_a_queued_submission_is_enqueued_again_then_given_up(
    task, member, monkeypatch, results_dir
):
    enqueued: list[int] = []
    monkeypatch.setattr("community.tasks.submission_check_task", enqueued.append)
    waiting = Submission.objects.create(user=member, lesson=task, code="x")
    Submission.objects.filter(pk=waiting.pk).update(created=ago(600))
    fresh = Submission.objects.create(user=member, lesson=task, code="y")

    assert learning.submissions_reap_stale(stale_seconds=120) == 0
    assert enqueued == [waiting.id]
    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.QUEUED and waiting.heartbeat_at

    Submission.objects.filter(pk=waiting.pk).update(heartbeat_at=ago(600))
    assert learning.submissions_reap_stale(stale_seconds=120) == 1
    assert enqueued == [waiting.id]
    waiting.refresh_from_db()
    fresh.refresh_from_db()
    assert waiting.status == Submission.Status.STOPPED
    assert "no worker picked it up" in waiting.error
    assert fresh.status == Submission.Status.QUEUED


def test_after_the_reaper_the_learner_can_submit_again(task, member, results_dir):
    Submission.objects.create(
        user=member, lesson=task, code="x", status=Submission.Status.RUNNING, heartbeat_at=None
    )
    with pytest.raises(learning.LearningError, match="still being checked"):
        learning.submission_create(user=member, lesson=task, code="y")
    learning.submissions_reap_stale(stale_seconds=120)
    assert learning.submission_create(user=member, lesson=task, code="y").status == "queued"


def test_a_late_worker_does_not_overwrite_the_reapers_verdict(
    task, member, monkeypatch, results_dir
):
    """The worker was only slow: it finishes after the reaper gave up on its submission."""
    submission = Submission.objects.create(user=member, lesson=task, code=task.solution)

    def reaped_meanwhile(job):
        Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.STOPPED)
        raise learning.sandbox.SandboxUnavailable("gone")

    monkeypatch.setattr(learning.sandbox, "start", reaped_meanwhile)
    monkeypatch.setattr(learning, "ensure_data_dir", lambda: results_dir)
    learning.submission_run(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.STOPPED
