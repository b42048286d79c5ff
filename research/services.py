"""Writes for research: start a run of a project's notebook on a research node, execute it (the
worker), and give up runs whose worker died.

A run occupies one of the organization's research nodes from the moment it is queued until it
ends; with every node busy it is refused ("You need an idle research node"), as on QuantConnect.
The worker executes the notebook in the sandbox (``research.execution``), stores the executed
notebook and its sanitized HTML under the run's folder, and records what the run changed in the
organization's Object Store.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from accounts.selectors import research_node_count
from projects.models import Project
from research.execution import NotebookError, notebook_execute
from research.models import NotebookRun
from research.rendering import NotebookFormatError, notebook_html, read_notebook
from research.selectors import NOTEBOOK_SUFFIX, research_node_model, research_nodes_in_use

logger = logging.getLogger(__name__)


class ResearchError(ValidationError):
    """A request the research rules refuse; `.message` is shown to the user."""


def run_seconds() -> float:
    """Wall-clock limit of one headless notebook run."""
    return float(getattr(settings, "QCWEB_RESEARCH_RUN_SECONDS", 600))


def notebook_run_create(*, project: Project, user: User, name: str) -> NotebookRun:
    """Queue a run of the project's notebook `name` on a free research node."""
    if not name.lower().endswith(NOTEBOOK_SUFFIX):
        raise ResearchError("Only notebooks (.ipynb files) run in the research environment.")
    file = project.files.filter(name=name).first()
    if file is None:
        raise ResearchError(f"The project has no notebook {name!r}.")
    try:
        read_notebook(file.content)
    except NotebookFormatError as exc:
        raise ResearchError(str(exc)) from None
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=project.organization_id)
        nodes = research_node_count(organization)
        if not nodes:
            raise ResearchError(
                f"{organization.name} has no research node. Add one on the organization's "
                "Resources page to run notebooks."
            )
        if research_nodes_in_use(organization) >= nodes:
            raise ResearchError(
                f"You need an idle research node: all {nodes} of {organization.name} are busy. "
                "Wait for a run to end, or add a research node."
            )
        run = NotebookRun.objects.create(
            organization=organization, project=project, created_by=user, name=name
        )

        def enqueue() -> None:
            from research.tasks import run_notebook_task

            run_notebook_task(run.pk)

        transaction.on_commit(enqueue)
    return run


def notebook_run_execute(*, run_id: int) -> None:
    """Execute a queued run (the worker): the notebook in the sandbox, then its results stored."""
    claimed = NotebookRun.objects.filter(pk=run_id, status=NotebookRun.Status.QUEUED).update(
        status=NotebookRun.Status.RUNNING, started=timezone.now()
    )
    if not claimed:
        return  # already taken, or given up by the reaper
    run = NotebookRun.objects.select_related("project", "organization").get(pk=run_id)
    model = research_node_model(run.organization)
    memory_mb = int(model.ram_gb * 1024) if model else None
    try:
        outcome = notebook_execute(
            project=run.project, name=run.name, timeout=run_seconds(), memory_mb=memory_mb
        )
    except NotebookError as exc:
        _finish(run, NotebookRun.Status.ERROR, error=str(exc))
        return
    except Exception as exc:  # never leave a run "running": the page shows what went wrong
        logger.exception("Notebook run %s failed", run_id)
        _finish(run, NotebookRun.Status.ERROR, error=f"The run stopped unexpectedly: {exc}")
        return
    run.folder.mkdir(parents=True, exist_ok=True)
    run.notebook_path.write_text(json.dumps(outcome.notebook), encoding="utf-8")
    error = ""
    try:
        run.html_path.write_text(notebook_html(outcome.notebook), encoding="utf-8")
    except NotebookFormatError as exc:
        error = f"The executed notebook could not be rendered: {exc}"
    except Exception as exc:  # nbconvert on a hostile notebook: the run still ends
        logger.exception("Rendering notebook run %s failed", run_id)
        error = f"The executed notebook could not be rendered: {exc}"
    run.isolated = outcome.isolated
    run.object_store_saved = outcome.object_store.saved
    run.object_store_deleted = outcome.object_store.deleted
    run.object_store_refused = outcome.object_store.refused
    if not outcome.ok and not error:
        error = failed_cell_message(outcome.notebook)
    status = NotebookRun.Status.COMPLETED if outcome.ok else NotebookRun.Status.FAILED
    _finish(run, status, error=error)


def failed_cell_message(notebook: dict) -> str:
    """Which cell stopped the run and why (the first error output)."""
    for index, cell in enumerate(notebook.get("cells") or [], start=1):
        for output in cell.get("outputs") or []:
            if output.get("output_type") == "error":
                return f"Cell {index} raised {output.get('ename', 'an error')}: {output.get('evalue', '')}"
    return "The run stopped before every cell ran (time limit or the kernel died)."


def _finish(run: NotebookRun, status: str, *, error: str = "") -> None:
    run.status = status
    run.error = error[:5000]
    run.ended = timezone.now()
    run.save(
        update_fields=[
            "status",
            "error",
            "ended",
            "isolated",
            "object_store_saved",
            "object_store_deleted",
            "object_store_refused",
        ]
    )


def notebook_runs_reap_stale(*, grace_seconds: float = 120) -> int:
    """Runs whose worker died: running past their time limit, or queued that long without a
    worker taking them. They end as "Could not run" and free their research node."""
    now = timezone.now()
    limit = timedelta(seconds=run_seconds() + 60 + grace_seconds)
    stale = NotebookRun.objects.filter(
        status=NotebookRun.Status.RUNNING, started__lt=now - limit
    ) | NotebookRun.objects.filter(status=NotebookRun.Status.QUEUED, created__lt=now - limit)
    return stale.update(
        status=NotebookRun.Status.ERROR,
        ended=now,
        error="The worker running this notebook stopped; run it again.",
    )
