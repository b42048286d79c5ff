"""Optimizations: a parameter search over backtests of one project's code snapshot.

Each candidate parameter set runs as an ordinary `Backtest` (same queue, nodes and sandbox),
linked by an `OptimizationTrial` that keeps the candidate, the search round it belongs to and the
statistics the objective and constraints read. The models live in the app `backtests`
(`backtests/models.py` imports them).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_optimization_id() -> str:
    # QuantConnect's optimization ids start with "O-".
    return "O-" + uuid.uuid4().hex


class Optimization(models.Model):
    class Status(models.TextChoices):
        NEW = "New", "New"
        RUNNING = "Running", "Running"
        COMPLETED = "Completed", "Completed"
        ABORTED = "Aborted", "Aborted"
        FAILED = "RuntimeError", "Runtime Error"

    FINISHED = (Status.COMPLETED, Status.ABORTED, Status.FAILED)

    optimization_id = models.CharField(
        max_length=40, unique=True, default=new_optimization_id, editable=False
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="optimizations"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="optimizations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="optimizations",
    )
    name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    error = models.TextField(blank=True)

    strategy = models.CharField(max_length=120)
    target = models.CharField(max_length=60)  # statisticsValues key, e.g. "sharpeRatio"
    maximize = models.BooleanField(default=True)
    target_value = models.FloatField(null=True, blank=True)
    # [{"name", "min", "max", "step", "minStep"}] as decimal strings: the user's bounds.
    parameters = models.JSONField(default=list)
    # The scope of the current round (Euler search narrows it), same shape as `parameters`.
    scope = models.JSONField(default=list)
    round = models.IntegerField(default=0)
    constraints = models.JSONField(default=list)  # [{"target", "operator", "value"}]
    # The project's other parameters, fixed for every backtest.
    static_parameters = models.JSONField(default=dict, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)

    node_type = models.CharField(max_length=20)
    node_count = models.PositiveIntegerField(default=1)
    estimated_backtests = models.PositiveIntegerField(default=0)
    estimated_seconds = models.FloatField(default=0.0)
    estimated_cost = models.PositiveIntegerField(default=0)  # QCC
    charged = models.PositiveIntegerField(default=0)  # QCC taken from the ledger
    # The ledger line of that charge, and the part given back for backtests that never ran.
    credit_entry = models.OneToOneField(
        "accounts.CreditEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    refunded = models.PositiveIntegerField(default=0)

    # Walk-forward split (all four set, or none): the search runs on the in-sample range, then
    # the best parameters run once on the out-of-sample range.
    in_sample_start = models.DateField(null=True, blank=True)
    in_sample_end = models.DateField(null=True, blank=True)
    out_of_sample_start = models.DateField(null=True, blank=True)
    out_of_sample_end = models.DateField(null=True, blank=True)

    created = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "backtests"
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def walk_forward(self) -> bool:
        return self.in_sample_start is not None and self.out_of_sample_start is not None


class OptimizationTrial(models.Model):
    optimization = models.ForeignKey(Optimization, on_delete=models.CASCADE, related_name="trials")
    backtest = models.OneToOneField(
        "backtests.Backtest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="optimization_trial",
    )
    parameters = models.JSONField(default=dict)  # the candidate: name -> value string
    round = models.IntegerField(default=0)
    statistics = models.JSONField(default=dict, blank=True)  # statisticsValues when completed
    status = models.CharField(max_length=20, blank=True)  # the backtest's final status
    # The walk-forward check: the best in-sample parameters on the out-of-sample range (not a
    # candidate of the search).
    out_of_sample = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "backtests"
        ordering = ["id"]
