"""Helpers shared by the section modules: tenancy lookups that answer "not found" in the API's
error shape (another organization's ids look exactly like ids that don't exist) and date
formatting."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

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


def project_for(
    user: User, project_id: Any, *, write: bool = False, owner: bool = False
) -> Project:
    try:
        return get_project_for_user(user, project_id, write=write, owner=owner)
    except Http404:
        raise ApiError(f"projectId {project_id}: no such project.") from None
    except PermissionDenied as exc:
        raise ApiError(f"projectId {project_id}: {exc}.") from None


def organization_for(user: User, organization_id: Any | None) -> Organization:
    """The given organization (a member's), else the user's default (personal) organization."""
    if organization_id in (None, ""):
        organization = personal_organization(user) or user.organizations.order_by("id").first()
        if organization is None:
            raise ApiError("You are not a member of any organization.")
        return organization
    number = int64(organization_id)  # the API types organization ids as strings
    try:
        if number is None:
            raise Http404
        return get_organization_for_user(user, number)
    except Http404:
        raise ApiError(f"organizationId {organization_id}: no such organization.") from None
