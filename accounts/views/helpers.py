"""The permission helper every organization view starts with."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from accounts.models import Organization
from accounts.permissions import require
from accounts.selectors import get_organization_for_user


def organization_for(
    request: HttpRequest, organization_id: int, action: str = "view"
) -> Organization:
    """The organization if the user is a member (else 404) allowed to do `action` (else 403)."""
    organization = get_organization_for_user(request.user, organization_id)
    require(request.user, organization, action)
    return organization


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
