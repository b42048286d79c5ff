from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.selectors import current_organization, organization_list_for_user


def organization(request: HttpRequest) -> dict[str, Any]:
    """`current_organization` and `user_organizations` for the navigation's switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_organization": None, "user_organizations": []}
    organizations = list(organization_list_for_user(user))  # one query for both
    return {
        "current_organization": current_organization(request, memberships=organizations),
        "user_organizations": organizations,
    }
