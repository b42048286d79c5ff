"""Reads of live deployments, through the project's access rules (one helper per model)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.limits import limit_for
from accounts.models import Node
from live import conf
from live.models import LiveDeployment, LiveNotification
from projects.selectors import READ, project_access
from qcweb.ids import parse_id

if TYPE_CHECKING:
    from accounts.models import Organization, User
    from projects.models import Project


def get_deployment_for_user(
    user: User, deployment_id: int | str, *, write: bool = False
) -> LiveDeployment:
    """The deployment if `user` can open its project, else Http404 (write by a read-only
    collaborator: PermissionDenied). Accepts the integer pk or the `L-...` deploy id."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such live deployment")
    deployments = LiveDeployment.objects.select_related("project", "organization", "created_by")
    text = str(deployment_id)
    pk = parse_id(text)
    if pk is not None:
        deployment = deployments.filter(pk=pk).first()
    else:
        deployment = deployments.filter(deploy_id=text).first()
    if deployment is None or deployment.status == LiveDeployment.Status.DELETED:
        raise Http404("No such live deployment")
    access = project_access(user, deployment.project)
    if access is None:
        raise Http404("No such live deployment")
    if write and access == READ:
        raise PermissionDenied("You have read-only access to this project")
    deployment.access = access
    return deployment


def project_live_deployments(project: Project) -> QuerySet[LiveDeployment]:
    return LiveDeployment.objects.filter(project=project).exclude(
        status=LiveDeployment.Status.DELETED
    )


def current_deployment(project: Project) -> LiveDeployment | None:
    """The project's running (or starting) deployment, else its latest one."""
    deployments = project_live_deployments(project)
    return deployments.filter(status__in=LiveDeployment.ACTIVE).first() or deployments.first()


def live_nodes(organization: Organization) -> list[Node]:
    """The organization's live trading nodes, each with `busy` (an algorithm runs on it: one
    algorithm per node)."""
    busy = set(
        LiveDeployment.objects.filter(
            organization=organization, status__in=LiveDeployment.ACTIVE
        ).values_list("node_id", flat=True)
    )
    nodes = list(Node.objects.filter(organization=organization, kind=Node.Kind.LIVE))
    for node in nodes:
        node.busy = node.id in busy
    return nodes


def active_deployment(project: Project) -> LiveDeployment | None:
    """The project's running (or starting, or stopping) deployment."""
    return project_live_deployments(project).filter(status__in=LiveDeployment.ACTIVE).first()


def deployment_list_for_user(
    user: User,
    *,
    status: str | None = None,
    launched_after: datetime | None = None,
    launched_before: datetime | None = None,
) -> list[LiveDeployment]:
    """Deployments of the user's organizations whose project the user can open, newest first."""
    deployments = (
        LiveDeployment.objects.filter(organization__memberships__user=user)
        .exclude(status=LiveDeployment.Status.DELETED)
        .select_related("project", "organization")
        .distinct()
    )
    if status:
        deployments = deployments.filter(status=status)
    if launched_after is not None:
        deployments = deployments.filter(created__gte=launched_after)
    if launched_before is not None:
        deployments = deployments.filter(created__lte=launched_before)
    return [d for d in deployments if project_access(user, d.project) is not None]


# -- notifications --------------------------------------------------------------------------------
# email, webhook and Telegram share the free hourly quota; SMS always costs QCC
QUOTA_KINDS = ("email", "web", "telegram")


def notification_quota(deployment: LiveDeployment) -> dict[str, Any]:
    """The free notifications of this hour: {"limit", "used", "left", "qcc"} (`qcc`: spent
    on this deployment's notifications in the last hour)."""
    limit = limit_for(deployment.organization, "notifications_per_hour") or 0
    hour = LiveNotification.objects.filter(
        deployment=deployment,
        source=LiveNotification.Source.ALGORITHM,
        created__gte=timezone.now() - timedelta(hours=1),
    ).exclude(status=LiveNotification.Status.REFUSED)
    used = hour.filter(kind__in=QUOTA_KINDS, qcc=0).count()
    qcc = sum(hour.values_list("qcc", flat=True))
    return {"limit": limit, "used": used, "left": max(0, limit - used), "qcc": qcc}


def deployment_notifications(deployment: LiveDeployment) -> QuerySet[LiveNotification]:
    """The deployment's delivery log, newest first (what the algorithm and the platform sent)."""
    return LiveNotification.objects.filter(deployment=deployment).order_by("-created", "-id")


def user_live_notices(user: User, organization: Organization) -> QuerySet[LiveNotification]:
    """The in-site notices sent to `user` about the organization's deployments, newest first."""
    return (
        LiveNotification.objects.filter(
            user=user, kind=LiveNotification.Kind.SITE, deployment__organization=organization
        )
        .exclude(deployment__status=LiveDeployment.Status.DELETED)
        .select_related("deployment", "deployment__project")
        .order_by("-created", "-id")
    )


def project_equity(deployment: LiveDeployment) -> list[list[float]]:
    """The project's live equity curve up to `deployment`: QuantConnect keeps a project's live
    equity between deployments (stop and redeploy continue the same curve). The deployments of
    the project up to this one, in order; where a later one's curve starts at or before an
    earlier one's points (a replay redeployed from the same date), the later one's points
    replace them. Thinned to `conf.MAX_EQUITY_POINTS`."""
    earlier = (
        project_live_deployments(deployment.project)
        .filter(created__lte=deployment.created)
        .exclude(pk=deployment.pk)
        .order_by("created", "id")
        .values_list("equity", flat=True)
    )
    curves = [list(e or []) for e in earlier] + [list(deployment.equity or [])]
    points: list[list[float]] = []
    for curve in curves:
        if not curve:
            continue
        start = curve[0][0]
        while points and points[-1][0] >= start:
            points.pop()
        points.extend(curve)
    while len(points) > conf.MAX_EQUITY_POINTS:
        points = points[:1] + points[1:-1][::2] + points[-1:]
    return points
