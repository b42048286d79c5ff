"""The home page: the landing page for visitors, the current organization's summary for members.

It shows a card of each app (members and limits, recent projects, recent backtests), so it sits
with the URL configuration above every app rather than in one of them; the backtests card loads
itself from `backtests:recent`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.limits import limits_for_tier
from accounts.selectors import current_organization, included_node, membership_for, node_counts
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
            "nodes": _nodes(organization),
            "recent_projects": project_list_for_user(request.user, organization)[:5],
        }
    return render(request, "dashboard.html", context)


def _nodes(organization) -> dict[str, int]:
    """Nodes the organization has per kind (the free included ones too), not its tier's limits."""
    counts = node_counts(organization)
    return {kind: n + (1 if included_node(organization, kind) else 0) for kind, n in counts.items()}
