"""Reads: tenancy helpers for organizations and the current organization of a request."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest

from accounts.models import Membership, Organization, User

SESSION_KEY = "organization_id"


def organization_list_for_user(user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user).annotate(
        member_count=Count("memberships", distinct=True)
    )


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


def current_organization(request: HttpRequest) -> Organization | None:
    """The organization the user works in: the one chosen in the session, else their personal
    (or first) organization. None for anonymous users and users without any organization."""
    if hasattr(request, "_current_organization"):
        return request._current_organization
    organization = None
    user = request.user
    if user.is_authenticated:
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
