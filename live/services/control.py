"""Control of a deployment from its page beyond stop and liquidate (`deploy.live_stop`): update,
QuantConnect's "stop, change the settings, redeploy" for the same code.

QuantConnect cannot change a running algorithm's parameters or account: the algorithm stops and
is deployed again. Here an update is a new deployment of the same code snapshot with the new
parameters or starting account state, every other setting kept; redeploy (`deploy.live_redeploy`)
is the other way round, the project's current code with the same settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from live.models import LiveDeployment
from live.services.deploy import DeployError, live_deploy

if TYPE_CHECKING:
    from accounts.models import User


def live_update(
    *,
    deployment: LiveDeployment,
    user: User,
    parameters: dict[str, str] | None = None,
    starting_cash: dict[str, Any] | None = None,
    starting_holdings: list[dict[str, Any]] | None = None,
) -> LiveDeployment:
    """A new deployment of `deployment`'s code snapshot with the settings given (None keeps the
    old one). The deployment must have stopped. Recorded on both. Raises DeployError."""
    if deployment.is_active:
        raise DeployError("Stop the running deployment before updating it.")
    changes = []
    if parameters is not None and parameters != deployment.parameters:
        changes.append("parameters " + ", ".join(f"{k}={v}" for k, v in sorted(parameters.items())))
    if starting_cash is not None and starting_cash != deployment.starting_cash:
        changes.append("cash " + ", ".join(f"{k} {v}" for k, v in sorted(starting_cash.items())))
    if starting_holdings is not None and starting_holdings != deployment.starting_holdings:
        changes.append(
            "holdings "
            + (", ".join(f"{h['symbol']} {h['quantity']}" for h in starting_holdings) or "none")
        )
    if not changes:
        raise DeployError("Nothing to update: the settings are the same.")
    new = live_deploy(
        project=deployment.project,
        user=user,
        node=deployment.node,
        replay_start=deployment.replay_start,
        replay_speed=deployment.replay_speed,
        starting_cash=deployment.starting_cash if starting_cash is None else starting_cash,
        starting_holdings=(
            deployment.starting_holdings if starting_holdings is None else starting_holdings
        ),
        automatic_restart=deployment.automatic_restart,
        notification_targets=deployment.notification_targets,
        parameters=deployment.parameters if parameters is None else parameters,
        snapshot=deployment.snapshot,
    )
    text = "; ".join(changes)
    deployment.record(f"Updated: {text}. Continues as {new.deploy_id}."[:500], user=user)
    new.record(f"Update of {deployment.deploy_id}: {text}."[:500], user=user)
    return new
