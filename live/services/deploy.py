"""Deploying and controlling live paper trading: checks before anything starts, the deployment
row with its code snapshot, the worker task, and the user's stop and liquidate requests.

The brokerage is QuantConnect Paper Trading (fills at the current price with LEAN's default fee
model for the asset, the engine's backtest fill and fee models). Its data is a replay of the
organization's LEAN data folder from a chosen date at real speed or a multiple.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

from accounts.limits import limit_for
from accounts.models import Node, Organization
from backtests.services.core import project_snapshot
from live import conf
from live.models import LiveDeployment
from projects.services import project_compile
from qcweb import sandbox

if TYPE_CHECKING:
    from accounts.models import User
    from projects.models import Project

logger = logging.getLogger(__name__)

MAX_SPEED = 3600.0  # an hour of market time per second
# A replay may start on a day without data (a weekend, a holiday): the next days' data serves.
DATA_LOOKAHEAD_DAYS = 7


class DeployError(ValueError):
    """The deployment cannot start (the message says why); nothing was started."""


def deployment_group(deployment_id: int) -> str:
    return f"live.{deployment_id}"


def live_publish(*, deployment_id: int, lines: list[str] | None = None) -> None:
    """Tell pages showing this deployment that it changed (new log lines with it)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            deployment_group(deployment_id),
            {"type": "live.update", "deployment_id": deployment_id, "lines": lines or []},
        )
    except Exception:  # realtime is best effort; pages also poll
        logger.exception("Could not publish live deployment %s", deployment_id)


# -- checks ---------------------------------------------------------------------------------------
def replay_has_data(data_dir: Path, start: date) -> bool:
    """Whether the data folder has intraday data (per-day files) on `start` or within the days
    after it, so the replay has something to play from that date."""
    days = {(start + timedelta(days=i)).strftime("%Y%m%d") for i in range(DATA_LOOKAHEAD_DAYS)}
    for resolution in ("minute", "second", "tick"):
        for folder in data_dir.glob(f"*/*/{resolution}/*"):
            if any((folder / f"{day}_trade.zip").exists() for day in days) or any(
                (folder / f"{day}_quote.zip").exists() for day in days
            ):
                return True
    return False


def _check_node(organization: Organization, node: Node | None) -> Node:
    if node is None:
        raise DeployError(
            "Choose a live trading node. The organization has none: add one on its Resources page."
        )
    if node.organization_id != organization.pk:
        raise DeployError("That node belongs to another organization.")
    if node.kind != Node.Kind.LIVE:
        raise DeployError(f"{node.name} is a {node.get_kind_display()} node, not a live node.")
    quota = limit_for(organization, "live_nodes")
    active = LiveDeployment.objects.filter(
        organization=organization, status__in=LiveDeployment.ACTIVE
    )
    if quota is not None and active.count() >= quota:
        raise DeployError(
            f"The {organization.get_tier_display()} tier allows {quota} live algorithm"
            f"{'s' if quota != 1 else ''} at a time; stop one first."
        )
    if active.filter(node=node).exists():
        raise DeployError(f"{node.name} already runs an algorithm (one algorithm per node).")
    return node


def _clean_cash(cash: dict[str, Any] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for currency, amount in (cash or {}).items():
        code = str(currency).strip().upper()
        if not code.isalpha() or not 2 <= len(code) <= 6:
            raise DeployError(f"{currency!r} is not a currency code.")
        try:
            value = float(amount)
        except (TypeError, ValueError) as exc:
            raise DeployError(f"The cash amount of {code} is not a number.") from exc
        if value < 0:
            raise DeployError(f"The cash amount of {code} cannot be negative.")
        out[code] = value
    return out


def _clean_holdings(holdings: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    out = []
    for row in holdings or []:
        symbol = str(row.get("symbol", "")).strip().upper()
        if not symbol or not symbol.replace(".", "").isalnum():
            raise DeployError(f"{row.get('symbol')!r} is not a ticker.")
        try:
            quantity = float(row.get("quantity"))
            price = float(row.get("averagePrice", row.get("average_price")))
        except (TypeError, ValueError) as exc:
            raise DeployError(
                f"The quantity and average price of {symbol} must be numbers."
            ) from exc
        if price < 0:
            raise DeployError(f"The average price of {symbol} cannot be negative.")
        out.append({"symbol": symbol, "quantity": quantity, "averagePrice": price})
    return out


# -- deploy ---------------------------------------------------------------------------------------
def live_deploy(
    *,
    project: Project,
    user: User,
    node: Node | None,
    replay_start: date | None = None,
    replay_speed: float = 1.0,
    feed: str = LiveDeployment.Feed.REPLAY,
    starting_cash: dict[str, Any] | None = None,
    starting_holdings: list[dict[str, Any]] | None = None,
    automatic_restart: bool = True,
    notification_targets: list[dict[str, Any]] | None = None,
    parameters: dict[str, str] | None = None,
) -> LiveDeployment:
    """Check everything that can be checked before a process starts (node, tier quota, one
    algorithm per node, the project compiles, the replay has data), snapshot the code, queue it
    on the worker. Raises DeployError with the reason; nothing is created then."""
    from backtests.services.execution import ensure_data_dir

    organization = project.organization
    node = _check_node(organization, node)
    if not 0 < replay_speed <= MAX_SPEED:
        raise DeployError(f"The replay speed must be above 0 and at most {MAX_SPEED:g}x.")
    cash = _clean_cash(starting_cash)
    holdings = _clean_holdings(starting_holdings)
    compiled = project_compile(project=project)
    if compiled.state != "BuildSuccess":
        problems = "; ".join(line for line in compiled.logs[1:-1]) or "build error"
        raise DeployError(f"The project does not compile: {problems}")
    if feed == LiveDeployment.Feed.FOLDER:
        # wall-clock data written into the organization's feed folder; made here so the
        # page can say where to write
        conf.feed_dir(organization.pk).mkdir(parents=True, exist_ok=True)
        sandbox.share_read_only(conf.feed_dir(organization.pk))
        replay_start = replay_start or timezone.localdate()
    elif feed != LiveDeployment.Feed.REPLAY:
        raise DeployError(f"Unknown data feed {feed!r}: choose replay or folder.")
    elif replay_start is None:
        raise DeployError("Choose the date the replay starts from.")
    elif not replay_has_data(ensure_data_dir(), replay_start):
        raise DeployError(
            f"The data folder has no intraday data on {replay_start:%Y-%m-%d} or the "
            f"{DATA_LOOKAHEAD_DAYS - 1} days after it: choose another replay start date."
        )
    params = (
        project.parameters_dict()
        if parameters is None
        else {str(k): str(v) for k, v in parameters.items()}
    )
    with transaction.atomic():
        deployment = LiveDeployment.objects.create(
            organization=organization,
            project=project,
            created_by=user,
            node=node,
            node_name=node.name,
            snapshot=project_snapshot(project),
            parameters=params,
            starting_cash=cash,
            starting_holdings=holdings,
            replay_start=replay_start,
            replay_speed=float(replay_speed),
            feed=feed,
            automatic_restart=automatic_restart,
            notification_targets=list(notification_targets or []),
        )
        deployment.record(f"Deployed on {node.name}: {deployment.feed_description}.", user=user)
        transaction.on_commit(lambda: live_enqueue(deployment_id=deployment.pk))
    return deployment


def live_enqueue(*, deployment_id: int) -> None:
    from live.tasks import run_live_task  # a service enqueues its task (see tasks.py)

    run_live_task(deployment_id)


def live_redeploy(*, deployment: LiveDeployment, user: User) -> LiveDeployment:
    """A new deployment of the project's current code with the same settings (the old one must
    have stopped)."""
    if deployment.is_active:
        raise DeployError("Stop the running deployment before redeploying.")
    return live_deploy(
        project=deployment.project,
        user=user,
        node=deployment.node,
        replay_start=deployment.replay_start,
        replay_speed=deployment.replay_speed,
        feed=deployment.feed,
        starting_cash=deployment.starting_cash,
        starting_holdings=deployment.starting_holdings,
        automatic_restart=deployment.automatic_restart,
        notification_targets=deployment.notification_targets,
        parameters=deployment.parameters,
    )


# -- control --------------------------------------------------------------------------------------
def live_stop(*, deployment: LiveDeployment, user: User | None, liquidate: bool = False) -> bool:
    """Ask the worker to stop the deployment (liquidating first with `liquidate`). Queued: it
    stops at once. Returns False when it was not running."""
    what = "liquidate" if liquidate else "stop"
    final = LiveDeployment.Status.LIQUIDATED if liquidate else LiveDeployment.Status.STOPPED
    now = timezone.now()
    if LiveDeployment.objects.filter(
        pk=deployment.pk, status=LiveDeployment.Status.IN_QUEUE, launched_at__isnull=True
    ).update(status=final, stop_requested=what, stopped_at=now):
        pass
    elif not LiveDeployment.objects.filter(
        pk=deployment.pk, status__in=LiveDeployment.ACTIVE
    ).update(stop_requested=what):
        return False
    deployment.record(
        "Stop and liquidate requested." if liquidate else "Stop requested.", user=user
    )
    live_publish(deployment_id=deployment.pk)
    return True


def live_delete(*, deployment: LiveDeployment, user: User) -> None:
    """Hide a stopped deployment (its rows and files stay for the record)."""
    if deployment.is_active:
        raise DeployError("Stop the deployment before deleting it.")
    LiveDeployment.objects.filter(pk=deployment.pk).update(status=LiveDeployment.Status.DELETED)
    deployment.record("Deleted.", user=user)
