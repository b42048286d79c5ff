"""The home page: the landing page for visitors, the current organization's summary for members.

It shows a card of each app (members and limits, recent projects, recent backtests), so it sits
with the URL configuration above every app rather than in one of them; the backtests card loads
itself from `backtests:recent`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.limits import limits_for_tier
from accounts.selectors import current_organization, membership_for
from projects.selectors import project_list_for_user


def dashboard(request: HttpRequest) -> HttpResponse:
    """Home: the landing page for visitors, the current organization for members."""
    if not request.user.is_authenticated:
        return render(request, "landing.html")
    organization = current_organization(request)
    context = {"organization": organization}
    if organization is not None:
        context |= {
            "memberships": organization.memberships.select_related("user"),
            "my_membership": membership_for(request.user, organization),
            "limits": limits_for_tier(organization.tier),
            "recent_projects": project_list_for_user(request.user, organization)[:5],
        }
    return render(request, "dashboard.html", context)
