"""Helpers shared by the section modules: tenancy lookups that answer "not found" in the API's
error shape (another organization's ids look exactly like ids that don't exist) and date
formatting."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts.limits import TIER_LABELS, limit_for, tier_allowing_more
from accounts.models import Organization, User
from accounts.selectors import get_organization_for_user, personal_organization
from api.parsing import int64
from api.registry import ApiError
from projects.models import Project
from projects.selectors import get_project_for_user


def iso(value: datetime | None) -> str | None:
    """UTC ISO 8601 with a Z, like QuantConnect's API ("2021-11-26T15:18:27.693Z")."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def api_access_refusal(organization: Organization) -> str:
    """Why the organization's tier keeps it off the API, naming the tier that allows it."""
    needed = tier_allowing_more(organization.tier, "api_access") or "a paid"
    return (
        f"The REST API and the lean CLI need the {needed} tier or higher: organization "
        f"{organization.name} is on the {TIER_LABELS[organization.tier]} tier. Upgrade it on its "
        "Billing page."
    )


def require_api_access(organization: Organization) -> Organization:
    """The organization, if its tier includes the API (QuantConnect makes the REST API and the CLI
    a feature of Quant Researcher and above); else the refusal, as the API's error."""
    if not limit_for(organization, "api_access"):
        raise ApiError(api_access_refusal(organization), status=403)
    return organization


def api_organizations(user: User) -> list[Organization]:
    """The user's organizations whose tier includes the API, the personal one first."""
    personal = personal_organization(user)
    found = [o for o in user.organizations.order_by("id") if limit_for(o, "api_access")]
    return sorted(found, key=lambda o: personal is None or o.id != personal.id)


def default_organization(user: User) -> Organization:
    """The organization a request without organizationId works in: the personal organization
    when its tier includes the API, else the first one that does."""
    found = api_organizations(user)
    if found:
        return found[0]
    organization = personal_organization(user) or user.organizations.order_by("id").first()
    if organization is None:
        raise ApiError("You are not a member of any organization.")
    return require_api_access(organization)


def project_for(
    user: User, project_id: Any, *, write: bool = False, owner: bool = False
) -> Project:
    try:
        project = get_project_for_user(user, project_id, write=write, owner=owner)
    except Http404:
        raise ApiError(f"projectId {project_id}: no such project.") from None
    except PermissionDenied as exc:
        raise ApiError(f"projectId {project_id}: {exc}.") from None
    require_api_access(project.organization)
    return project


def organization_for(user: User, organization_id: Any | None) -> Organization:
    """The given organization (a member's), else the user's default organization."""
    if organization_id in (None, ""):
        return default_organization(user)
    number = int64(organization_id)  # the API types organization ids as strings
    try:
        if number is None:
            raise Http404
        organization = get_organization_for_user(user, number)
    except Http404:
        raise ApiError(f"organizationId {organization_id}: no such organization.") from None
    return require_api_access(organization)
