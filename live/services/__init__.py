"""Live trading services: deploy and control (`deploy`, `control`), algorithm commands
(`commands`), manual trading with LEAN's built-in commands (`manual`, `builtins`), the worker's side (`execution`), the log and charts on disk (`results`)."""

from __future__ import annotations

from live.services.builtins import CommandError
from live.services.commands import (
    live_command_broadcast,
    live_command_create,
)
from live.services.control import live_update
from live.services.deploy import (
    DeployError,
    deployment_group,
    live_delete,
    live_deploy,
    live_enqueue,
    live_publish,
    live_redeploy,
    live_stop,
    replay_has_data,
)
from live.services.execution import (
    live_execute,
    live_follow_in_background,
    live_resume_interrupted,
)
from live.services.manual import (
    live_add_security,
    live_liquidate_security,
    live_manual_order,
)
from live.services.reconciliation import live_reconcile, reconciliation_for

__all__ = [
    "CommandError",
    "live_command_broadcast",
    "live_command_create",
    "DeployError",
    "deployment_group",
    "live_delete",
    "live_deploy",
    "live_enqueue",
    "live_add_security",
    "live_execute",
    "live_liquidate_security",
    "live_manual_order",
    "live_follow_in_background",
    "live_publish",
    "live_reconcile",
    "live_redeploy",
    "live_resume_interrupted",
    "live_stop",
    "live_update",
    "reconciliation_for",
    "replay_has_data",
]
