"""Research: runs of a project's notebook, executed headless in the sandbox on a research node.

The database keeps the status, times, error and what the run changed in the Object Store; the
executed notebook and its rendered (sanitized) HTML live on disk under
``QCWEB_RESEARCH_DIR/runs/<id>/`` (notebooks with plots are megabytes).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models


def research_dir() -> Path:
    return Path(getattr(settings, "QCWEB_RESEARCH_DIR", settings.VAR_DIR / "research"))


class NotebookRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"  # a cell raised or timed out; the notebook shows where
        ERROR = "error", "Could not run"  # no notebook came back (sandbox, worker, bad file)

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="notebook_runs"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="notebook_runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    name = models.CharField(max_length=255)  # the notebook's path in the project
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    error = models.TextField(blank=True)
    isolated = models.BooleanField(default=True)
    object_store_saved = models.JSONField(default=list, blank=True)
    object_store_deleted = models.JSONField(default=list, blank=True)
    object_store_refused = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    ended = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} run {self.pk}"

    @property
    def folder(self) -> Path:
        return research_dir() / "runs" / str(self.pk)

    @property
    def notebook_path(self) -> Path:
        return self.folder / "executed.ipynb"

    @property
    def html_path(self) -> Path:
        return self.folder / "executed.html"

    @property
    def finished(self) -> bool:
        return self.status not in self.ACTIVE


class ResearchSession(models.Model):
    """A user's interactive Jupyter server for one project, running in the sandbox on a research
    node. The server listens on a UNIX socket in the session's job folder (no network); the web
    app proxies ``/research/<project>/lab/...`` to it with a token only the proxy holds."""

    class Status(models.TextChoices):
        STARTING = "starting", "Starting"
        RUNNING = "running", "Running"
        STOPPED = "stopped", "Stopped"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.STARTING, Status.RUNNING)

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="research_sessions"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="research_sessions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="research_sessions"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.STARTING, db_index=True
    )
    token = models.CharField(max_length=64)  # the Jupyter server's token: only the proxy sends it
    stop_requested = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_activity = models.DateTimeField(auto_now_add=True)
    heartbeat = models.DateTimeField(null=True, blank=True)  # the supervisor's last look
    ended = models.DateTimeField(null=True, blank=True)
    # The running server as `qcweb.sandbox.Detached.as_dict()` (pid, cgroup, console file):
    # the start task records it, the supervisor follows and stops it.
    process = models.JSONField(null=True, blank=True)
    # What the session started from: the Object Store's manifest (key -> sha256) its changes are
    # applied against, and the project's files (name -> sha256) its deletions are read against.
    store_manifest = models.JSONField(default=dict, blank=True)
    files_manifest = models.JSONField(default=dict, blank=True)
    # Files of the session that were not copied back to the project, with why ("name: reason").
    sync_refused = models.JSONField(default=list, blank=True)
    # The research origin's handover (research/origin.py): the nonce of the one link not yet
    # used, and the sha256 of the cookie that link set in the browser that used it.
    handover_nonce = models.CharField(max_length=64, blank=True)
    browser_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"Research session {self.pk} of {self.user} on {self.project}"

    @property
    def folder(self) -> Path:
        return research_dir() / "sessions" / str(self.pk)

    @property
    def socket_path(self) -> Path:
        return self.folder / "out" / "jupyter.sock"

    @property
    def base_url(self) -> str:
        return f"/research/{self.project_id}/lab/"
