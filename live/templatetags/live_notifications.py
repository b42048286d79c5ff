"""`{% live_notifications deployment %}`: the deployment's notification quota and delivery log
(a partial the live page includes)."""

from __future__ import annotations

from typing import Any

from django import template

from live.selectors import deployment_notifications, notification_quota, user_live_notices

register = template.Library()

SHOWN = 50


@register.inclusion_tag("live/_notifications.html")
def live_notifications(deployment: Any) -> dict[str, Any]:
    rows = list(deployment_notifications(deployment)[: SHOWN + 1])
    return {
        "deployment": deployment,
        "notifications": rows[:SHOWN],
        "more": len(rows) > SHOWN,
        "quota": notification_quota(deployment),
    }


@register.inclusion_tag("live/_notices.html")
def live_notices(user: Any, organization: Any) -> dict[str, Any]:
    """The user's latest in-site notices about the organization's deployments (stops, runtime
    errors); the unread ones marked."""
    return {"notices": list(user_live_notices(user, organization)[:10])}
