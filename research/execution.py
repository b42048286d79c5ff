"""Research notebooks executed headless in the sandbox: a project's ``.ipynb`` file runs with
nbclient (``python -m engine.runner.notebook``) on the installation's data folder, with a copy of
the organization's Object Store that comes back like a backtest's (changed keys only, the job's
folder read as hostile output). ``QuantBook()`` in the notebook finds both.

This is the safe part of the Research environment: the notebook runs to completion as a job
(time, memory, output limits; no network but its own loopback, which the kernel uses), and the
executed notebook, outputs included, is returned to the caller.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from backtests import conf
from backtests.services.execution import data_overlays, ensure_data_dir
from projects.models import Project
from projects.objectstore import JobStoreReport, job_store_apply, job_store_prepare
from qcweb import sandbox

NOTEBOOK_OUTPUT_BYTES = 16 * 1024 * 1024
POLL_SECONDS = 0.2
PROJECT = "/job/project"
DATA = "/job/data"
OBJECT_STORE = "objectstore"
EXECUTED = "executed.ipynb"


class NotebookError(Exception):
    """The notebook could not be run (missing file, sandbox unavailable, no output)."""


@dataclass(frozen=True)
class NotebookRun:
    ok: bool  # every cell ran
    notebook: dict  # the executed notebook (nbformat 4 JSON)
    object_store: JobStoreReport
    isolated: bool


def notebook_execute(
    *, project: Project, name: str, timeout: float = 300, memory_mb: int | None = None
) -> NotebookRun:
    """Run the project's notebook `name` in the sandbox and return it executed (within
    `memory_mb`, by default the backtests' limit)."""
    source = project.files.filter(name=name).first()
    if source is None or not name.endswith(".ipynb"):
        raise NotebookError(f"the project has no notebook {name!r}")
    data_dir = ensure_data_dir()
    work = Path(tempfile.mkdtemp(prefix="notebook-", dir=settings.VAR_DIR))
    try:
        project_dir = work / "project"
        project_dir.mkdir()
        for item in project.files.all():
            target = project_dir / item.name
            if project_dir not in target.resolve().parents:
                continue  # file names are checked on save; never write outside the snapshot
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(item.content)
        sandbox.share_read_only(project_dir)
        store_copy = work / "objectstore-start"
        manifest = job_store_prepare(organization=project.organization, target=store_copy)
        output = work / "out"
        job = sandbox.Job(
            name=f"notebook-{project.pk}",
            argv=(
                "-m",
                "engine.runner.notebook",
                f"{PROJECT}/{name}",
                f"{sandbox.OUTPUT}/{EXECUTED}",
                "--data",
                DATA,
                "--object-store",
                f"{sandbox.OUTPUT}/{OBJECT_STORE}",
                "--timeout",
                f"{timeout:g}",
            ),
            output=output,
            read_only={PROJECT: project_dir, DATA: data_dir},
            overlays=data_overlays(project.organization),
            initial_output={OBJECT_STORE: store_copy},
            limits=sandbox.Limits(
                wall_seconds=timeout + 60, memory_mb=memory_mb or conf.max_memory_mb()
            ),
        )
        try:
            running = sandbox.start(job)
        except sandbox.SandboxUnavailable as exc:
            raise NotebookError(str(exc)) from None
        with running:
            started = time.monotonic()
            while running.poll() is None:
                time.sleep(POLL_SECONDS)
                if running.output_over_limit() or time.monotonic() - started > timeout + 60:
                    running.kill()
        report = job_store_apply(
            organization=project.organization, source=output / OBJECT_STORE, manifest=manifest
        )
        try:
            data = sandbox.read_output(output, EXECUTED, max_bytes=NOTEBOOK_OUTPUT_BYTES)
        except sandbox.UnsafeOutput:
            data = None
        if not data:
            raise NotebookError(f"the notebook produced no result: {running.console_tail()}")
        try:
            notebook = json.loads(data)
        except ValueError:
            raise NotebookError("the executed notebook is not valid JSON") from None
        return NotebookRun(
            ok=running.returncode == 0,
            notebook=notebook,
            object_store=report,
            isolated=running.isolated,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
