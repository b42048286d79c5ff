"""Websocket of one optimization's page: pushes the ready status banner (htmx ws extension swaps
it in by id, hx-swap-oob) whenever the search advances."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import Http404
from django.template.loader import render_to_string

from backtests.optimization.selectors import get_optimization_for_user, optimization_progress
from backtests.optimization.services import optimization_group


class OptimizationConsumer(AsyncWebsocketConsumer):
    group: str | None = None
    optimization_pk: int | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        optimization_id = self.scope["url_route"]["kwargs"]["optimization_id"]
        try:
            await database_sync_to_async(get_optimization_for_user)(user, optimization_id)
        except Http404:
            await self.close(code=4404)
            return
        self.optimization_pk = int(optimization_id)
        self.group = optimization_group(self.optimization_pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The page only listens."""

    async def optimization_update(self, event: dict) -> None:
        html = await database_sync_to_async(self._render)()
        if html:
            await self.send(text_data=html)

    def _render(self) -> str:
        try:
            optimization = get_optimization_for_user(self.scope.get("user"), self.optimization_pk)
        except Http404:
            return ""
        return render_to_string(
            "backtests/optimization_detail.html#status",
            {
                "optimization": optimization,
                "progress": optimization_progress(optimization),
                "oob": True,
                "can_write": optimization.access != "read",
            },
        )
