"""Algorithm commands of live deployments (LEAN's `live/commands/create` and `.../broadcast`).

The path into the sandboxed process is controlled by the worker, as stop requests are: a user's
command is a `LiveCommand` row (queued); the worker following the deployment writes it as
`command-<id>.json` into the deployment's control folder (mounted read-only in the job), where
the engine's `FileCommandHandler` (engine/runner/commands.py) runs it at its next poll and writes
`result-command-<id>.json` into its output folder. The worker reads that result like any other
output of the job (hostile: capped, regular files only), stores it on the row, and appends a
`COMMAND::` line to the deployment's log. Commands still queued or unanswered when a deployment
stops are marked failed with the reason (a restart keeps the queued ones).

The other way, an algorithm's `broadcast_command` writes `broadcast-<n>.json` into its output
folder; the worker reads and removes it and sends the command, as its deployer, to the
organization's other running deployments (LEAN sends it through the API, excluding the project).
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from engine.algorithm.builtin_commands import builtin_name
from engine.runner.commands import BROADCAST_PREFIX, MAX_COMMAND_BYTES, result_name
from live.models import LiveCommand, LiveDeployment
from live.services.builtins import CommandError, builtin_check, describe
from live.services.deploy import live_publish
from projects.selectors import READ, project_access
from qcweb import sandbox

if TYPE_CHECKING:
    from accounts.models import Organization, User
    from live.services.execution import LogAppender
    from projects.models import Project

COMMANDS_FOLDER = "commands"  # in the control folder (the job's /job/control/commands)
RESULT_MAX_BYTES = 64 * 1024
# Commands waiting for one deployment at most (a flood of commands or broadcasts stops here).
MAX_PENDING = 100
# Broadcasts of an algorithm forwarded per poll (the rest wait for the next polls).
BROADCASTS_PER_POLL = 10
_BROADCAST_FILE = re.compile(rf"^{BROADCAST_PREFIX}(\d{{1,9}})\.json$")
Status = LiveCommand.Status


def _clean(command: Any) -> dict[str, Any]:
    if not isinstance(command, dict):
        raise CommandError('The command must be a JSON object, e.g. {"$type": "MyCommand"}.')
    try:
        size = len(json.dumps(command).encode("utf-8"))
    except (TypeError, ValueError) as exc:
        raise CommandError(f"The command is not JSON: {exc}.") from None
    if size > MAX_COMMAND_BYTES:
        raise CommandError(f"The command is larger than {MAX_COMMAND_BYTES // 1024} KB.")
    kind = command.get("$type", "")
    if not isinstance(kind, str):
        raise CommandError("The command's $type must be the name of a command class.")
    return builtin_check(command)


def command_name(command: dict[str, Any]) -> str:
    """The name LEAN gives a command: a built-in command's class (OrderCommand), else its
    `$type`, else OnCommand (the untyped handler)."""
    kind = str(command.get("$type") or "")
    return (builtin_name(kind) or kind or "OnCommand")[:200]


def live_command_create(
    *, deployment: LiveDeployment, user: User | None, command: Any
) -> LiveCommand:
    """Queue `command` for the running `deployment`. Raises CommandError when the deployment is
    not running (queued, stopping, stopped) or the command is not a JSON object within the size
    limit. A command queued when the algorithm crashes waits for its automatic restart."""
    payload = _clean(command)
    fresh = LiveDeployment.objects.filter(pk=deployment.pk).values("status", "stop_requested")
    state = fresh.first() or {}
    if state.get("status") != LiveDeployment.Status.RUNNING:
        label = LiveDeployment.Status(state.get("status", deployment.status)).label
        raise CommandError(
            f"The live deployment {deployment.deploy_id} is not running ({label}); commands "
            "reach running algorithms only."
        )
    if state.get("stop_requested"):
        raise CommandError(f"The live deployment {deployment.deploy_id} is stopping.")
    pending = LiveCommand.objects.filter(
        deployment=deployment, status__in=(Status.QUEUED, Status.SENT)
    ).count()
    if pending >= MAX_PENDING:
        raise CommandError(
            f"The live deployment {deployment.deploy_id} has {pending} commands waiting to run; "
            "send more once they ran."
        )
    item = LiveCommand.objects.create(
        deployment=deployment, user=user, payload=payload, name=command_name(payload)
    )
    what = describe(payload)
    deployment.record(
        f"Command {item.name} sent ({item.command_id})" + (f": {what}." if what else "."),
        user=user,
    )
    return item


def broadcast_targets(
    *, organization: Organization, user: User, exclude_project: Project | None = None
) -> list[LiveDeployment]:
    """The organization's running deployments whose project `user` may change."""
    active = LiveDeployment.objects.filter(
        organization=organization, status=LiveDeployment.Status.RUNNING, stop_requested=""
    ).select_related("project")
    if exclude_project is not None:
        active = active.exclude(project=exclude_project)
    return [d for d in active if project_access(user, d.project) not in (None, READ)]


def live_command_broadcast(
    *,
    organization: Organization,
    user: User,
    command: Any,
    exclude_project: Project | None = None,
) -> list[LiveCommand]:
    """Queue `command` for every running deployment of the organization that `user` may change
    (but `exclude_project`'s). Raises CommandError when there is none."""
    payload = _clean(command)
    targets = broadcast_targets(
        organization=organization, user=user, exclude_project=exclude_project
    )
    if not targets:
        raise CommandError(
            f"No live deployment of {organization.name} is running"
            + (" (other than the excluded project's)" if exclude_project else "")
            + "."
        )
    return [live_command_create(deployment=d, user=user, command=payload) for d in targets]


def deployment_commands(deployment: LiveDeployment) -> QuerySet[LiveCommand]:
    return LiveCommand.objects.filter(deployment=deployment)


def command_json(item: LiveCommand) -> dict[str, Any]:
    return {
        "commandId": item.command_id,
        "name": item.name,
        "status": item.get_status_display(),
        "success": item.success,
        "message": item.message,
        "created": item.created.isoformat(),
        "completed": item.completed_at.isoformat() if item.completed_at else None,
    }


# -- the worker's side ----------------------------------------------------------------------------
def commands_exchange(deployment: LiveDeployment, appender: LogAppender) -> None:
    """One poll of the follower: forward what the algorithm broadcast, read the results the
    engine wrote, hand it the queued commands."""
    _forward_broadcasts(deployment, appender)
    pending = list(
        LiveCommand.objects.filter(deployment=deployment, status__in=(Status.QUEUED, Status.SENT))
    )
    if not pending:
        return
    _collect(deployment, [c for c in pending if c.status == Status.SENT], appender)
    queued = [c for c in pending if c.status == Status.QUEUED]
    if queued:
        _deliver(deployment, queued)


def commands_collect(deployment: LiveDeployment, appender: LogAppender) -> None:
    """The results and broadcasts written before the job ended (called before its folder is
    deleted)."""
    _forward_broadcasts(deployment, appender, limit=None)
    _collect(
        deployment,
        list(LiveCommand.objects.filter(deployment=deployment, status=Status.SENT)),
        appender,
    )


def commands_close(*, deployment_id: int) -> None:
    """After a run: commands sent but unanswered failed; queued ones wait for a restart (the
    deployment is queued again), else fail too."""
    status = (
        LiveDeployment.objects.filter(pk=deployment_id).values_list("status", flat=True).first()
    )
    now = timezone.now()
    LiveCommand.objects.filter(deployment_id=deployment_id, status=Status.SENT).update(
        status=Status.FAILED,
        completed_at=now,
        message="The algorithm stopped before it reported the command's result.",
    )
    if status not in (LiveDeployment.Status.IN_QUEUE, LiveDeployment.Status.RUNNING):
        LiveCommand.objects.filter(deployment_id=deployment_id, status=Status.QUEUED).update(
            status=Status.FAILED,
            completed_at=now,
            message="The deployment stopped before the command reached the algorithm.",
        )


def _deliver(deployment: LiveDeployment, queued: list[LiveCommand]) -> None:
    folder = deployment.control_path / COMMANDS_FOLDER
    folder.mkdir(mode=0o755, exist_ok=True)
    os.chmod(folder, 0o755)  # the sandbox's uid reads it
    for item in queued:
        # the command's Id is ours: the result file names it
        payload = {**item.payload, "id": item.command_id}
        tmp = folder / f".{item.command_id}.tmp"  # not command*.json until complete
        tmp.write_text(json.dumps(payload), encoding="utf-8")
        os.chmod(tmp, 0o644)
        os.replace(tmp, folder / f"command-{item.command_id}.json")
        LiveCommand.objects.filter(pk=item.pk, status=Status.QUEUED).update(status=Status.SENT)


def _collect(deployment: LiveDeployment, sent: list[LiveCommand], appender: LogAppender) -> None:
    lines: list[str] = []
    for item in sent:
        try:
            data = sandbox.read_output(
                deployment.job_path, result_name(item.command_id), max_bytes=RESULT_MAX_BYTES
            )
            result = json.loads(data) if data else None
        except (sandbox.UnsafeOutput, OSError, ValueError):
            result = {"success": False, "error": "the engine's result could not be read"}
        if result is None:
            continue
        if not isinstance(result, dict):
            result = {"success": False, "error": "the engine's result is not an object"}
        success = result.get("success")
        success = success if isinstance(success, bool) else None
        message = str(result.get("error") or "")[:500]
        name = str(result.get("commandName") or item.name)[:200]
        LiveCommand.objects.filter(pk=item.pk).update(
            status=Status.DONE,
            success=success,
            name=name,
            message=message,
            completed_at=timezone.now(),
        )
        (deployment.control_path / COMMANDS_FOLDER / f"command-{item.command_id}.json").unlink(
            missing_ok=True
        )
        answer = {True: "success", False: "failed", None: "no result"}[success]
        lines.append(
            f"COMMAND:: {name} ({item.command_id}) ran: {answer}"
            + (f": {message}" if message else "")
        )
    _log(deployment, appender, lines)


def _forward_broadcasts(
    deployment: LiveDeployment, appender: LogAppender, *, limit: int | None = BROADCASTS_PER_POLL
) -> None:
    try:
        names = [n for n in os.listdir(deployment.job_path) if _BROADCAST_FILE.match(n)]
    except OSError:
        return
    names.sort(key=lambda n: int(_BROADCAST_FILE.match(n).group(1)))
    lines = []
    for name in names[:limit]:
        try:
            data = sandbox.read_output(deployment.job_path, name, max_bytes=MAX_COMMAND_BYTES + 1)
            command = json.loads(data) if data else None
        except (sandbox.UnsafeOutput, OSError, ValueError):
            command = None
        try:
            os.unlink(deployment.job_path / name)
        except OSError:
            pass
        owner = deployment.created_by
        if not isinstance(command, dict):
            lines.append("COMMAND:: a broadcast was not sent: it is not a command object.")
            continue
        if owner is None:
            lines.append("COMMAND:: a broadcast was not sent: the deployer's account is gone.")
            continue
        try:
            sent = live_command_broadcast(
                organization=deployment.organization,
                user=owner,
                command=command,
                exclude_project=deployment.project,
            )
        except CommandError as exc:
            lines.append(f"COMMAND:: broadcast {command_name(command)} not sent: {exc}")
            continue
        lines.append(
            f"COMMAND:: broadcast {command_name(command)} sent to {len(sent)} deployment"
            f"{'s' if len(sent) != 1 else ''}: " + ", ".join(c.deployment.deploy_id for c in sent)
        )
    _log(deployment, appender, lines)


def _log(deployment: LiveDeployment, appender: LogAppender, lines: list[str]) -> None:
    """Append the worker's lines to the deployment's log and show them on its page."""
    if not lines:
        return
    kept = appender.append(lines)
    if kept:
        deployment.log_lines += len(kept)
        LiveDeployment.objects.filter(pk=deployment.pk).update(log_lines=deployment.log_lines)
    live_publish(deployment_id=deployment.pk, lines=kept)
