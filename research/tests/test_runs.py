"""Run notebook end to end: a new project's starter notebook queued from the page, executed by a
real Huey worker in the real sandbox, its outputs (history table, plot) rendered; a failing cell;
runs whose worker died are given up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backtests.tests.conftest import wait_until
from projects.services import project_create
from research.models import NotebookRun
from research.services import notebook_runs_reap_stale

pytestmark = [pytest.mark.db_independent, pytest.mark.django_db(transaction=True)]

pytest.importorskip("nbconvert")


def _finished(run_id: int):
    run = NotebookRun.objects.get(pk=run_id)
    return run if run.finished else None


def test_the_starter_notebook_runs_in_the_sandbox_on_a_worker(
    research_settings, huey_consumer, organization, owner, owner_client, research_node
):
    project = project_create(organization=organization, owner=owner, name="Starter")
    response = owner_client.post(
        reverse("research:run_create", args=[project.id]), {"name": "research.ipynb"}
    )
    run = NotebookRun.objects.get()
    assert response["Location"] == reverse("research:run_detail", args=[run.pk])
    run = wait_until(lambda: _finished(run.pk), timeout=240, interval=0.5)
    assert run.status == NotebookRun.Status.COMPLETED, run.error
    assert run.isolated
    html = owner_client.get(reverse("research:run_detail", args=[run.pk])).content.decode()
    assert "SPY" in html and "<table" in html  # the history DataFrame
    assert 'src="data:image/png;base64,' in html  # the Bollinger Bands plot
    assert "Download executed notebook" in html


def test_a_failing_cell_ends_the_run_as_failed_naming_the_cell(
    research_settings, huey_consumer, organization, owner, research_node
):
    from research.services import notebook_run_create
    from research.tests.test_execution import notebook_text

    project = project_create(organization=organization, owner=owner, name="Broken")
    project.files.create(
        name="bad.ipynb", content=notebook_text("x = 1", "1 / 0", "print('never')")
    )
    run = notebook_run_create(project=project, user=owner, name="bad.ipynb")
    run = wait_until(lambda: _finished(run.pk), timeout=240, interval=0.5)
    assert run.status == NotebookRun.Status.FAILED
    assert run.error.startswith("Cell 2 raised ZeroDivisionError")
    assert "ZeroDivisionError" in run.html_path.read_text()


def test_runs_whose_worker_died_are_given_up(research_settings, organization, owner):
    project = project_create(organization=organization, owner=owner, name="Stale")
    long_ago = timezone.now() - timedelta(hours=1)
    stale = NotebookRun.objects.create(
        organization=organization, project=project, name="research.ipynb", created_by=owner
    )
    NotebookRun.objects.filter(pk=stale.pk).update(
        status=NotebookRun.Status.RUNNING, started=long_ago
    )
    fresh = NotebookRun.objects.create(
        organization=organization, project=project, name="research.ipynb", created_by=owner
    )
    assert notebook_runs_reap_stale() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == NotebookRun.Status.ERROR and "worker" in stale.error
    assert fresh.status == NotebookRun.Status.QUEUED
