"""Live trading services: deploy and control (`deploy`), algorithm commands (`commands`), the
worker's side (`execution`)."""

from __future__ import annotations

from live.services.commands import (
    CommandError,
    live_command_broadcast,
    live_command_create,
)
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

__all__ = [
    "CommandError",
    "live_command_broadcast",
    "live_command_create",
    "DeployError",
    "deployment_group",
    "live_delete",
    "live_deploy",
    "live_enqueue",
    "live_execute",
    "live_follow_in_background",
    "live_publish",
    "live_redeploy",
    "live_resume_interrupted",
    "live_stop",
    "replay_has_data",
]
