"""A live engine stuck in one time step (an endless loop in `on_data`) is stopped by the worker
with LEAN's single-time-loop runtime error (never "Running" forever), and a deployment whose
worker stopped reporting is shown as such on its page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from live.models import LiveDeployment
from live.tests.test_execution import deploy, run_until

pytestmark = pytest.mark.django_db(transaction=True)

HUNG = """from AlgorithmImports import *


class Hung(QCAlgorithm):
    def initialize(self):
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.bars = 0

    def on_data(self, data):
        self.bars += 1
        self.log(f"bar {self.bars}")
        if self.bars == 30:  # after snapshots carried the first lines
            while True:
                pass
"""


@pytest.mark.db_independent
@pytest.mark.parametrize("restart", [False, True])
def test_a_hung_engine_is_stopped_with_a_runtime_error(
    live_settings, make_project, owner, node, no_enqueue, restart
):
    live_settings.QCWEB_LIVE_TIME_LOOP_MAXIMUM_SECONDS = 15  # engine start-up under load: seconds
    deployment = deploy(make_project(HUNG, name="Hung"), owner, node, automatic_restart=restart)
    ended = (LiveDeployment.Status.RUNTIME_ERROR, LiveDeployment.Status.IN_QUEUE)
    hung_at = {}

    def hung(d):
        if d.log_lines >= 1 and "at" not in hung_at:
            hung_at["at"] = timezone.now()
        return d.status in ended and d.error

    deployment = run_until(deployment, hung, then=lambda: None, timeout=90)
    assert "Algorithm took longer than 0.25 minutes on a single time loop." in (deployment.error), (
        deployment.error
    )
    assert re.search(r"CurrentTimeStepElapsed: 0\.\d minutes", deployment.error)
    log = deployment.log_path.read_text()
    assert "bar 1\n" in log and "bar 31" not in log
    assert "ERROR:: Algorithm took longer than" in log
    # stopped within seconds of the limit, not left Running
    assert deployment.stopped_at is None or (deployment.stopped_at - hung_at["at"]) < timedelta(
        seconds=45
    )
    if restart:
        # a runtime error after the algorithm ran: the automatic restart applies, as to a crash
        assert deployment.status == LiveDeployment.Status.IN_QUEUE
        assert deployment.restarts == 1 and no_enqueue[-1] == deployment.pk
    else:
        assert deployment.status == LiveDeployment.Status.RUNTIME_ERROR
        assert any("Runtime Error." in e.text for e in deployment.events.all())


def test_the_page_says_when_the_worker_stopped_reporting(
    live_settings, project, owner, node, no_enqueue, owner_client
):
    deployment = deploy(project, owner, node)
    url = reverse("live:detail", args=[deployment.pk])
    LiveDeployment.objects.filter(pk=deployment.pk).update(
        status="Running", heartbeat_at=timezone.now()
    )
    assert 'id="live-stale"' not in owner_client.get(url).content.decode()
    LiveDeployment.objects.filter(pk=deployment.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    page = owner_client.get(url).content.decode()
    assert 'id="live-stale"' in page and "No word from the worker" in page


def test_a_consumers_second_worker_thread_does_not_resume_what_the_first_runs(
    live_settings, project, owner, node, no_enqueue, monkeypatch
):
    """Huey calls startup hooks in each worker thread; the first may already run a deployment when
    the second starts. Only a consumer process's first hook resumes Running deployments."""
    from live import tasks

    monkeypatch.setattr(tasks, "_startup_done", False)  # a new consumer process
    deployment = deploy(project, owner, node)
    LiveDeployment.objects.filter(pk=deployment.pk).update(status="Running")
    tasks.resume_on_worker_start()  # the first worker thread: the Running one had no process
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.IN_QUEUE
    assert no_enqueue[-1] == deployment.pk
    queued = len(no_enqueue)
    LiveDeployment.objects.filter(pk=deployment.pk).update(status="Running")  # the first runs it
    tasks.resume_on_worker_start()  # the second worker thread starts
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.RUNNING and len(no_enqueue) == queued
