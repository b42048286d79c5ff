"""Reads of live deployments, through the project's access rules (one helper per model)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Node
from live.models import LiveDeployment
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
