"""One data import: what was asked, how far it got, and its report (what was imported and what
was refused, with file, line and reason). The models live in the app `backtests`
(`backtests/models.py` imports them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DataImport(models.Model):
    class Kind(models.TextChoices):
        LEAN = "lean", "LEAN folder or zip"
        TABLE = "table", "CSV or Parquet table"
        DOWNLOAD = "download", "Download from a public source"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"

    # None: an import into the installation's data folder (an operator's command, no quota).
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="data_imports",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    source_name = models.CharField(max_length=255)  # the uploaded file's name, or the source
    options = models.JSONField(default=dict, blank=True)  # asset class, symbol, time zone, ...
    progress = models.FloatField(default=0.0)
    message = models.TextField(blank=True)  # why a failed import failed
    # {"imported": [{"path", "rows", "bytes"}], "refused": [{"file", "line", "reason"}]}
    report = models.JSONField(default=dict, blank=True)
    bytes_added = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source_name} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.COMPLETED, self.Status.FAILED)

    @property
    def progress_percent(self) -> int:
        return int(round((self.progress or 0.0) * 100))

    @property
    def imported(self) -> list[dict]:
        return list((self.report or {}).get("imported") or [])

    @property
    def refused(self) -> list[dict]:
        return list((self.report or {}).get("refused") or [])
