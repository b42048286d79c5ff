"""`{% live_notifications deployment %}`: the deployment's notification quota and delivery log
(a partial the live page includes)."""

from __future__ import annotations

from typing import Any

from django import template

from live.selectors import deployment_notifications, notification_quota

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
