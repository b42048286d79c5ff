"""Toasts on a user's open pages, sent through the channel layer.

A leaf module: it imports no model and no service, so any app (a backtest worker, billing, a
later live-trading app) can notify a user without pulling in the accounts services. Works from
any process (web server or Huey worker); `accounts.consumers.NotificationConsumer` turns the
event into the toast HTML.
"""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def notification_group(user_id: int) -> str:
    """The channel-layer group a user's open pages listen to (accounts.consumers)."""
    return f"user-{user_id}"


def user_notify(*, user_id: int, text: str, level: str = "info", url: str = "") -> None:
    """Show a toast on every page the user has open. Callable from any process (Huey worker)."""
    layer = get_channel_layer()
    async_to_sync(layer.group_send)(
        notification_group(user_id),
        {"type": "notify", "text": text, "level": level, "url": url},
    )
