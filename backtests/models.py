"""Backtests: one run of a project's code snapshot through the engine.

QuantConnect-ish identity: the integer primary key plus a 32-character hex `backtest_id`.
The database holds the status, progress, key numbers (numeric, for sorting), the fingerprint,
the code snapshot, the error and timestamps; the full result document (`results.json`) and the
log (`log.txt`) are in the result storage (`backtests.storage`: by default the file system under
`conf.results_dir() / <backtest_id>/out/`), copied there by the worker from the sandboxed job's
own folder (`<QCWEB_BACKTESTS_DIR>/<backtest_id>/job/`).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

from backtests import conf


def new_backtest_id() -> str:
    return uuid.uuid4().hex


class Backtest(models.Model):
    class Status(models.TextChoices):
        QUEUED = "InQueue", "In Queue"
        RUNNING = "Running", "Running"
        COMPLETED = "Completed", "Completed"
        RUNTIME_ERROR = "RuntimeError", "Runtime Error"
        CANCELLED = "Cancelled", "Cancelled"

    FINISHED = (Status.COMPLETED, Status.RUNTIME_ERROR, Status.CANCELLED)

    backtest_id = models.CharField(
        max_length=32, unique=True, default=new_backtest_id, editable=False
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="backtests"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="backtests"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="backtests"
    )
    name = models.CharField(max_length=200)
    note = models.TextField(blank=True, max_length=5000)

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.FloatField(default=0.0)  # 0..1
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    stacktrace = models.TextField(blank=True)

    snapshot = models.JSONField(default=dict, blank=True)  # path -> content (project + libraries)
    parameters = models.JSONField(default=dict, blank=True)  # name -> value
    # Dates that replace the algorithm's set_start_date/set_end_date (the engine's --start-date
    # and --end-date, LEAN's job PeriodStart/PeriodFinish): an optimization's walk-forward ranges.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    # The starting account replacing the algorithm's set_cash (the engine's --cash/--holding):
    # {"cash": {currency: amount}, "holdings": [{"symbol", "quantity", "averagePrice"}]}; a live
    # deployment's reconciliation starts where the deployment started.
    account = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    engine_version = models.CharField(max_length=64, blank=True)
    data_fingerprint = models.CharField(max_length=64, blank=True)
    data_dir = models.CharField(max_length=500, blank=True)  # the folder the engine read
    synthetic_data = models.BooleanField(default=False)  # engine demo data, not market data

    # Key numbers from the result document, for sorting and lists (None until completed).
    net_profit = models.FloatField(null=True, blank=True)  # percent
    sharpe_ratio = models.FloatField(null=True, blank=True)
    drawdown = models.FloatField(null=True, blank=True)  # percent
    compounding_annual_return = models.FloatField(null=True, blank=True)  # percent
    psr = models.FloatField(null=True, blank=True)  # percent
    total_orders = models.IntegerField(null=True, blank=True)
    end_equity = models.FloatField(null=True, blank=True)

    created = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    # The backtesting node that ran it (chosen by `backtest_dispatch`); the name stays when the
    # node is removed. Empty when the organization has no node rows (tier limits, included node).
    node = models.ForeignKey(
        "accounts.Node", on_delete=models.SET_NULL, null=True, blank=True, related_name="backtests"
    )
    node_name = models.CharField(max_length=60, blank=True)
    # Whether the run was isolated by the sandbox (None: not started yet).
    isolated = models.BooleanField(null=True, blank=True)
    # The secret of its public read-only link (/backtests/shared/<token>/); None: not shared.
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["organization", "status", "created"])]

    def __str__(self) -> str:
        return self.name

    # -- state ------------------------------------------------------------------------------------
    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress_percent(self) -> int:
        return int(round((self.progress or 0.0) * 100))

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def elapsed_seconds(self) -> float | None:
        """Seconds since the engine started (to the end once finished)."""
        if not self.started_at:
            return None
        return ((self.finished_at or timezone.now()) - self.started_at).total_seconds()

    # -- files ------------------------------------------------------------------------------------
    @property
    def directory(self) -> Path:
        # Named by the random backtest_id, so two databases (tests, development) never share one.
        return conf.backtests_dir() / self.backtest_id

    @property
    def results_path(self) -> Path:
        """Where the default file-system result storage keeps the result document; read and
        write it through `backtests.storage`, which also works with a shared store."""
        return conf.results_dir() / self.backtest_id / "out" / "results.json"  # storage.RESULTS

    @property
    def log_path(self) -> Path:
        """As `results_path`, for the log."""
        return conf.results_dir() / self.backtest_id / "out" / "log.txt"

    @property
    def job_path(self) -> Path:
        """The sandboxed job's own writable folder while it runs (hostile; see `qcweb.sandbox`)."""
        return self.directory / "job"

    @property
    def cancel_path(self) -> Path:
        """Touched to ask the engine to stop; its folder is mounted read-only in the sandbox."""
        return self.directory / "control" / "cancel"

    def mark_failed(self, message: str, *, stacktrace: str = "") -> None:
        self.status = self.Status.RUNTIME_ERROR
        self.error = message
        self.stacktrace = stacktrace
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "stacktrace", "finished_at"])


class LogUsage(models.Model):
    """Log bytes a backtest stored, counted against the organization's daily log quota (a rolling
    24 hours). Kept apart from the backtest: deleting a backtest does not give its logs back."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="log_usage"
    )
    backtest_id = models.CharField(max_length=40, blank=True)
    bytes = models.PositiveBigIntegerField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["organization", "created"])]


# The optimization slice's and the data library's models belong to this app (imported here so
# Django registers them).
from backtests.data_library.models import DataImport  # noqa: E402
from backtests.optimization.models import Optimization, OptimizationTrial  # noqa: E402

__all__ = [
    "Backtest",
    "DataImport",
    "LogUsage",
    "Optimization",
    "OptimizationTrial",
    "new_backtest_id",
]
