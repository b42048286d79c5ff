"""Live deployments: one long-lived run of a project's code snapshot on a live node.

A deployment is QuantConnect Paper Trading fed by a replay of the organization's LEAN data from a
chosen date at real speed or a multiple (this machine has no market connection). The database
holds its settings, status, the latest state the engine reported (equity, cash, holdings, orders,
runtime statistics, algorithm time: also what a restart resumes from) and the equity curve; the
log lives on disk under `conf.live_dir() / <deploy_id>/out/log.txt`, appended by the worker.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from live import conf


def new_deploy_id() -> str:
    return "L-" + uuid.uuid4().hex


class LiveDeployment(models.Model):
    class Status(models.TextChoices):
        # The states of QuantConnect's live management API (AlgorithmStatus).
        DEPLOY_ERROR = "DeployError", "Deploy Error"
        IN_QUEUE = "InQueue", "In Queue"
        RUNNING = "Running", "Running"
        STOPPED = "Stopped", "Stopped"
        LIQUIDATED = "Liquidated", "Liquidated"
        DELETED = "Deleted", "Deleted"
        COMPLETED = "Completed", "Completed"
        RUNTIME_ERROR = "RuntimeError", "Runtime Error"
        INVALID = "Invalid", "Invalid"
        LOGGING_IN = "LoggingIn", "Logging In"
        INITIALIZING = "Initializing", "Initializing"
        HISTORY = "History", "History"

    ACTIVE = (Status.IN_QUEUE, Status.RUNNING, Status.LOGGING_IN, Status.INITIALIZING)

    deploy_id = models.CharField(max_length=40, unique=True, default=new_deploy_id, editable=False)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="live_deployments"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="live_deployments"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="live_deployments",
    )
    node = models.ForeignKey(
        "accounts.Node",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_deployments",
    )
    node_name = models.CharField(max_length=60, blank=True)
    brokerage = models.CharField(max_length=60, default=conf.BROKERAGE)

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.IN_QUEUE, db_index=True
    )
    error = models.TextField(blank=True)
    stacktrace = models.TextField(blank=True)

    snapshot = models.JSONField(default=dict, blank=True)  # path -> content, like a backtest's
    parameters = models.JSONField(default=dict, blank=True)
    # The account at launch: currency -> amount; [{"symbol", "quantity", "averagePrice"}].
    starting_cash = models.JSONField(default=dict, blank=True)
    starting_holdings = models.JSONField(default=list, blank=True)

    class Feed(models.TextChoices):
        REPLAY = "replay", "Replay of recorded data"
        FOLDER = "folder", "Live folder feed"

    # Where the data comes from: a replay of recorded data, or bars written into the
    # organization's feed folder as they happen (`conf.feed_dir`), on the wall clock.
    feed = models.CharField(max_length=10, choices=Feed.choices, default=Feed.REPLAY)
    # The replay feed: recorded data from this date, `replay_speed` times real time.
    replay_start = models.DateField()
    replay_speed = models.FloatField(default=1.0)
    automatic_restart = models.BooleanField(default=True)
    restarts = models.PositiveSmallIntegerField(default=0)
    notification_targets = models.JSONField(default=list, blank=True)

    # What the stop button asked for: "" nothing, "stop", "liquidate" (then stop).
    stop_requested = models.CharField(max_length=10, blank=True)
    # The latest state the engine reported (its snapshot, within limits) and the equity curve
    # [[unix seconds of algorithm time, equity], ...]; a restart resumes from `state`.
    state = models.JSONField(default=dict, blank=True)
    equity = models.JSONField(default=list, blank=True)
    log_lines = models.PositiveIntegerField(default=0)  # lines the engine has logged so far
    isolated = models.BooleanField(null=True, blank=True)

    created = models.DateTimeField(default=timezone.now, db_index=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return f"{self.project} live {self.deploy_id}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def feed_description(self) -> str:
        """What feeds the algorithm, named so nobody mistakes a replay for a market."""
        if self.feed == self.Feed.FOLDER:
            return "Live folder feed (bars written into the organization's feed folder)"
        speed = f"{self.replay_speed:g}x" if self.replay_speed != 1 else "real speed"
        return f"Replay of recorded data from {self.replay_start:%Y-%m-%d} at {speed}"

    # -- files ------------------------------------------------------------------------------------
    @property
    def directory(self) -> Path:
        return conf.live_dir() / self.deploy_id

    @property
    def job_path(self) -> Path:
        """The sandboxed job's own writable folder while it runs (hostile; see `qcweb.sandbox`)."""
        return self.directory / "job"

    @property
    def control_path(self) -> Path:
        """Files the worker touches to ask the engine to stop (mounted read-only in the job)."""
        return self.directory / "control"

    @property
    def log_path(self) -> Path:
        return self.directory / "out" / "log.txt"

    def record(self, text: str, *, user: Any = None) -> LiveEvent:
        return LiveEvent.objects.create(deployment=self, text=text, user=user)


class LiveEvent(models.Model):
    """What happened to a deployment and who did it: deployed, stopped, liquidated, restarted."""

    deployment = models.ForeignKey(LiveDeployment, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    text = models.CharField(max_length=500)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]


def new_command_id() -> str:
    return uuid.uuid4().hex


class LiveCommand(models.Model):
    """A command sent to a running deployment (LEAN's `live/commands/create`): queued here, handed
    to the engine as a command file by the worker, run by the algorithm (`on_command` or a class
    registered with `add_command`), its result read back."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"  # waiting for the worker to hand it to the engine
        SENT = "sent", "Sent"  # in the engine's command folder
        DONE = "done", "Done"  # the algorithm ran it (`success` is its answer)
        FAILED = "failed", "Failed"  # not run: the deployment stopped first (`message` says)

    deployment = models.ForeignKey(
        LiveDeployment, on_delete=models.CASCADE, related_name="commands"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    command_id = models.CharField(max_length=40, unique=True, default=new_command_id)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # What the command returned (LEAN's CommandResultPacket.Success: true, false or null).
    success = models.BooleanField(null=True, blank=True)
    name = models.CharField(max_length=200, blank=True)  # the command's type, or OnCommand
    message = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["deployment", "status"])]

    def __str__(self) -> str:
        return f"{self.name or 'command'} {self.command_id}"


class LiveNotification(models.Model):
    """One notification of a deployment and how its delivery went: requested by the algorithm
    (`self.notify`), or sent by the platform about the deployment (runtime error, stop,
    restarts used up) to the wizard's targets and, in the site, to the deployer."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email"
        WEB = "web", "Webhook"
        SMS = "sms", "SMS"
        TELEGRAM = "telegram", "Telegram"
        SITE = "site", "In the site"

    class Source(models.TextChoices):
        ALGORITHM = "algorithm", "Algorithm"
        EVENT = "event", "Deployment event"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        REFUSED = "refused", "Refused"

    deployment = models.ForeignKey(
        LiveDeployment, on_delete=models.CASCADE, related_name="notifications"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # email address, webhook URL, phone number, Telegram chat id; a site notice's `user`
    target = models.CharField(max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    # the rest of the request: webhook data and headers, email attachment and headers, bot token
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    detail = models.CharField(max_length=500, blank=True)  # why it failed or was refused
    qcc = models.PositiveSmallIntegerField(default=0)  # QCC it cost (past the quota, SMS)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read = models.BooleanField(default=False)  # a site notice the user has seen

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["deployment", "source", "created"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.target}: {self.status}"
