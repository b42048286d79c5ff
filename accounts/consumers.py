"""Websocket of the logged-in user's notifications (toasts), used by every page.

Any process sends to the group with `accounts.notifications.user_notify(user_id=..., text=...)`;
this consumer turns the event into an HTML fragment that htmx's ws extension swaps into the
toast area of base.html (hx-swap-oob).
"""

from __future__ import annotations

from channels.generic.websocket import AsyncWebsocketConsumer
from django.template.loader import render_to_string

from accounts.notifications import notification_group

LEVELS = {"info", "success", "warning", "error"}


class NotificationConsumer(AsyncWebsocketConsumer):
    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = notification_group(user.id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The page only listens; anything it sends is ignored."""

    async def notify(self, event: dict) -> None:
        level = event.get("level") if event.get("level") in LEVELS else "info"
        html = render_to_string(
            "accounts/_toast.html",
            {"text": event.get("text", ""), "level": level, "url": event.get("url", "")},
        )
        await self.send(text_data=html)
