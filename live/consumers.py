"""Websocket of one live deployment's page: on each update the worker publishes, pushes the
state fragment (status, statistics, equity, holdings, cash, orders; swapped in by id with
hx-swap-oob) and the new log lines (appended to the log)."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import Http404
from django.template.loader import render_to_string

from live import presenters
from live.selectors import get_deployment_for_user
from live.services import deployment_group


class LiveConsumer(AsyncWebsocketConsumer):
    group: str | None = None
    deployment_pk: int | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        deployment_id = self.scope["url_route"]["kwargs"]["deployment_id"]
        try:
            await database_sync_to_async(get_deployment_for_user)(user, deployment_id)
        except Http404:
            await self.close(code=4404)
            return
        self.deployment_pk = int(deployment_id)
        self.group = deployment_group(self.deployment_pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The page only listens."""

    async def live_update(self, event: dict) -> None:
        lines = [str(line) for line in event.get("lines") or []]
        if lines:
            await self.send(text_data=render_to_string("live/_log_lines.html", {"lines": lines}))
        html = await database_sync_to_async(self._render)()
        if html:
            await self.send(text_data=html)

    def _render(self) -> str:
        try:
            deployment = get_deployment_for_user(self.scope.get("user"), self.deployment_pk)
        except Http404:
            return ""
        context = presenters.page_context(deployment)
        context["oob"] = True
        return render_to_string("live/live_detail.html#state", context)
