"""Reads and the tenancy check for projects.

Who sees a project (QuantConnect: "You can only access your own projects unless you ... add
collaborators"): its owner and its collaborators, as long as they are members of the project's
organization. Everyone else gets a 404, including other members of the organization. Owners and
write collaborators may edit; read collaborators may look (a write request from them is a 403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.models import Membership, Node, Organization, User
from projects.models import Collaborator, Compile, Project

OWNER = "owner"
WRITE = "write"
READ = "read"


def project_list_for_user(
    user: User, organization: Organization | None = None
) -> QuerySet[Project]:
    """Projects `user` can open (optionally only in `organization`), most recently modified first."""
    if not user.is_authenticated:
        return Project.objects.none()
    projects = Project.objects.filter(
        organization__memberships__user=user,
    ).filter(Q(owner=user) | Q(collaborators__user=user))
    if organization is not None:
        projects = projects.filter(organization=organization)
    return projects.distinct().select_related("owner", "organization")


def project_access(user: User, project: Project, *, is_member: bool | None = None) -> str | None:
    """ "owner", "write", "read" or None (no access). ``is_member``: whether `user` is a member
    of the project's organization, when the caller's query already found out."""
    if not user.is_authenticated:
        return None
    if is_member is None:
        is_member = Membership.objects.filter(
            user=user, organization_id=project.organization_id
        ).exists()
    if not is_member:
        return None
    if project.owner_id == user.id:
        return OWNER
    access = (
        Collaborator.objects.filter(project=project, user=user)
        .values_list("access", flat=True)
        .first()
    )
    if access == Collaborator.Access.WRITE:
        return WRITE
    if access == Collaborator.Access.READ:
        return READ
    return None


def get_project_for_user(
    user: User, project_id: int | str, *, write: bool = False, owner: bool = False
) -> Project:
    """The project if `user` may open it, else Http404. With `write=True` a read-only
    collaborator gets PermissionDenied (403); with `owner=True` only the owner passes (others
    who can see it get 403). Sets `project.access` ("owner"/"write"/"read")."""
    try:
        project_id = int(project_id)
    except (TypeError, ValueError):
        raise Http404("No such project") from None
    project = Project.objects.select_related("organization", "owner").filter(id=project_id).first()
    if project is None:
        raise Http404("No such project")
    access = project_access(user, project)
    if access is None:
        raise Http404("No such project")
    if owner and access != OWNER:
        raise PermissionDenied("Only the project owner can do this")
    if write and access == READ:
        raise PermissionDenied("You have read-only access to this project")
    project.access = access
    return project


def library_candidates(project: Project, user: User) -> QuerySet[Project]:
    """Projects of the same organization `user` can open that could become libraries of
    `project` (not itself, not already added)."""
    return (
        project_list_for_user(user, project.organization)
        .exclude(id=project.id)
        .exclude(id__in=project.libraries.values("id"))
        .order_by("name")
    )


def library_closure(project: Project) -> list[Project]:
    """The project's libraries and their libraries (each once, cycles ignored), in order."""
    seen: set[int] = {project.id}
    ordered: list[Project] = []
    queue = list(project.libraries.order_by("name"))
    while queue:
        library = queue.pop(0)
        if library.id in seen:
            continue
        seen.add(library.id)
        ordered.append(library)
        queue.extend(library.libraries.order_by("name"))
    return ordered


def get_compile_for_project(project: Project, compile_id: str) -> Compile:
    compile_ = Compile.objects.filter(project=project, compile_id=compile_id).first()
    if compile_ is None:
        raise Http404("No such compile")
    return compile_


def project_backtest_nodes(project: Project) -> list:
    """The organization's backtesting nodes for the IDE's Resources panel, each with `active`
    (chosen for this project) and `running` (backtests running on it now)."""
    active = set(project.active_nodes.values_list("id", flat=True))
    nodes = list(
        Node.objects.filter(organization_id=project.organization_id, kind=Node.Kind.BACKTEST)
        .select_related("assigned_to")
        .annotate(running=Count("backtests", filter=Q(backtests__status="Running")))
        .order_by("created", "id")
    )
    for node in nodes:
        node.active = node.id in active
    return nodes
