"""Reads: tenancy helpers for organizations and the current organization of a request."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Length
from django.http import Http404, HttpRequest
from django.utils import timezone

from accounts.catalog import INCLUDED_NODES
from accounts.models import CreditEntry, Invitation, Membership, Node, Organization, User

SESSION_KEY = "organization_id"


def organization_list_for_user(user: User, *, member_count: bool = False) -> QuerySet[Organization]:
    """The organizations `user` is a member of; with `member_count`, each counts its members
    (a GROUP BY the navigation's switcher, on every page, does without)."""
    organizations = Organization.objects.filter(memberships__user=user)
    if member_count:
        organizations = organizations.annotate(member_count=Count("memberships", distinct=True))
    return organizations


def get_organization_for_user(
    user: User, organization_id: int | str, *, admin: bool = False
) -> Organization:
    """The organization if `user` is a member of it (an owner/admin when `admin`), else Http404."""
    if not user.is_authenticated:
        raise Http404("No such organization")
    try:
        organization_id = int(organization_id)
    except (TypeError, ValueError):
        raise Http404("No such organization") from None
    memberships = Membership.objects.filter(user=user, organization_id=organization_id)
    if admin:
        memberships = memberships.filter(role__in=[Membership.Role.OWNER, Membership.Role.ADMIN])
    membership = memberships.select_related("organization").first()
    if membership is None:
        raise Http404("No such organization")
    return membership.organization


def membership_for(user: User, organization: Organization) -> Membership | None:
    return Membership.objects.filter(user=user, organization=organization).first()


def personal_organization(user: User) -> Organization | None:
    return (
        Organization.objects.filter(memberships__user=user, is_personal=True).order_by("id").first()
    )


def current_organization(
    request: HttpRequest, *, memberships: list[Organization] | None = None
) -> Organization | None:
    """The organization the user works in: the one chosen in the session, else their personal
    (or first) organization. None for anonymous users and users without any organization.
    ``memberships``: every organization the user is a member of, when the caller has read them
    (the choice is then made among them, without a query)."""
    if hasattr(request, "_current_organization"):
        return request._current_organization
    organization = None
    user = request.user
    if user.is_authenticated and memberships is not None:
        chosen = request.session.get(SESSION_KEY)
        organization = _chosen_among(memberships, chosen)
        if organization is not None and (chosen is None or str(chosen) != str(organization.id)):
            request.session[SESSION_KEY] = organization.id
    elif user.is_authenticated:
        chosen = request.session.get(SESSION_KEY)
        if chosen is not None:
            organization = Organization.objects.filter(id=chosen, memberships__user=user).first()
        if organization is None:
            organization = personal_organization(user) or (
                Organization.objects.filter(memberships__user=user).order_by("id").first()
            )
            if organization is not None:
                request.session[SESSION_KEY] = organization.id
    request._current_organization = organization
    return organization


def _chosen_among(organizations: list[Organization], chosen: object) -> Organization | None:
    """`current_organization`'s choice among the user's organizations: the session's, else the
    personal one with the lowest id, else the lowest id."""
    for organization in organizations:
        if chosen is not None and str(organization.id) == str(chosen):
            return organization
    by_id = sorted(organizations, key=lambda o: o.id)
    personal = [o for o in by_id if o.is_personal]
    return (personal or by_id or [None])[0]


# Organization pages: members, nodes, credit, storage, running jobs --------------------------


def credit_balance(organization: Organization) -> int:
    """The organization's QCC balance: the SUM of its ledger (never a stored field)."""
    total = CreditEntry.objects.filter(organization=organization).aggregate(total=Sum("amount"))
    return int(total["total"] or 0)


def credit_entries(organization: Organization, *, limit: int | None = None):
    entries = CreditEntry.objects.filter(organization=organization).select_related("actor")
    return entries[:limit] if limit else entries


def node_counts(organization: Organization) -> dict[str, int]:
    """Purchased nodes per kind: {"backtest": 2, "research": 0, "live": 1}."""
    counts = dict.fromkeys(Node.Kind.values, 0)
    for row in (
        Node.objects.filter(organization=organization).values("kind").annotate(n=Count("id"))
    ):
        counts[row["kind"]] = row["n"]
    return counts


def included_node(organization: Organization, kind: str) -> str | None:
    """The free node model the organization has for `kind`, if any: the first (personal)
    organization of an account gets a free B-MICRO and R1-4 until it subscribes to a node of
    that kind, as on QuantConnect."""
    if not organization.is_personal or kind not in INCLUDED_NODES:
        return None
    if Node.objects.filter(organization=organization, kind=kind).exists():
        return None
    return INCLUDED_NODES[kind]


def backtest_node_count(organization: Organization) -> int:
    """How many backtests the organization can run at once: its backtesting nodes, or the free
    included B-MICRO of a personal organization that has not subscribed to any."""
    owned = node_counts(organization)["backtest"]
    if owned:
        return owned
    return 1 if included_node(organization, "backtest") else 0


def research_node_count(organization: Organization) -> int:
    owned = node_counts(organization)["research"]
    if owned:
        return owned
    return 1 if included_node(organization, "research") else 0


def running_jobs(organization: Organization) -> list:
    """Running and queued jobs of the organization (backtests for now), newest first. Empty when
    the backtests app is not installed, so accounts works on its own."""
    from django.apps import apps

    if not apps.is_installed("backtests"):
        return []
    try:
        Backtest = apps.get_model("backtests", "Backtest")
    except LookupError:
        return []
    active = [Backtest.Status.RUNNING, Backtest.Status.QUEUED]
    return list(
        Backtest.objects.filter(organization=organization, status__in=active)
        .select_related("project", "created_by")
        .order_by("created", "id")
    )


def has_running_jobs(organization: Organization) -> bool:
    return bool(running_jobs(organization))


def storage_used(organization: Organization) -> dict[str, int]:
    """Bytes used: project files (when the projects app exists) and the ObjectStore (when an
    app provides one) and imported market data. Returns {"projects": n, "object_store": m,
    "imported_data": d, "total": n + m + d}."""
    from django.apps import apps

    projects = 0
    if apps.is_installed("projects"):
        try:
            ProjectFile = apps.get_model("projects", "ProjectFile")
            projects = (
                ProjectFile.objects.filter(project__organization=organization).aggregate(
                    total=Sum(Length("content"))
                )["total"]
                or 0
            )
        except LookupError:
            projects = 0
    object_store = 0
    for app_label, model_name in (("projects", "ObjectStoreItem"), ("objectstore", "Item")):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        object_store = (
            model.objects.filter(organization=organization).aggregate(total=Sum("size"))["total"]
            or 0
        )
        break
    data = _folder_bytes(Path(settings.QCWEB_ORG_DATA_DIR) / str(organization.pk))
    return {
        "projects": int(projects),
        "object_store": int(object_store),
        "imported_data": data,
        "total": int(projects + object_store + data),
    }


def _folder_bytes(folder: Path) -> int:
    """Size of the market data the organization imported (its folder under QCWEB_ORG_DATA_DIR,
    written by the data library's imports)."""
    total = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


def members_of(organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("created", "id")


def pending_invitations(organization: Organization):
    return Invitation.objects.filter(
        organization=organization,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


def seats_in_use(organization: Organization) -> int:
    """Members plus pending invitations: what counts against the tier's member limit."""
    return organization.memberships.count() + pending_invitations(organization).count()
