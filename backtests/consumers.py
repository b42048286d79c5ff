"""Websocket of one backtest's page: pushes the ready status fragment (htmx ws extension swaps it
in by id, hx-swap-oob) whenever the worker publishes progress, a new engine snapshot or a status
change; while the backtest runs, also its partial results (equity so far, runtime statistics,
the latest orders and log lines: `backtests/_partial.html`). When it has finished, the status
fragment loads the finished view in place of the partial results."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import Http404
from django.template.loader import render_to_string

from backtests.selectors import get_backtest_for_user, queue_position
from backtests.services import backtest_group
from backtests.services.page_data import partial_context


class BacktestConsumer(AsyncWebsocketConsumer):
    group: str | None = None
    backtest_pk: int | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        backtest_id = self.scope["url_route"]["kwargs"]["backtest_id"]
        try:
            await database_sync_to_async(get_backtest_for_user)(user, backtest_id)
        except Http404:
            await self.close(code=4404)
            return
        self.backtest_pk = int(backtest_id)
        self.group = backtest_group(self.backtest_pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The page only listens."""

    async def backtest_update(self, event: dict) -> None:
        html = await database_sync_to_async(self._render)()
        if html:
            await self.send(text_data=html)

    def _render(self) -> str:
        user = self.scope.get("user")
        try:
            backtest = get_backtest_for_user(user, self.backtest_pk)
        except Http404:
            return ""
        html = render_to_string(
            "backtests/backtest_detail.html#status",
            {
                "backtest": backtest,
                "queue_position": queue_position(backtest),
                "live": True,
                "oob": True,
                "can_write": backtest.access != "read",
            },
        )
        if backtest.status == backtest.Status.RUNNING:
            context = partial_context(backtest=backtest)
            if context["partial"]:
                context["oob"] = True
                html += render_to_string("backtests/_partial.html", context)
        return html
