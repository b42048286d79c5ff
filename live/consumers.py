"""Websocket of one live deployment's page: on connecting, the state fragment as it is then; on each
update the worker publishes, pushes the new log lines (appended to the log) at once, and the state
fragment (status, statistics, figures, holdings, cash, orders, history; swapped in by id with
hx-swap-oob) at most every `STATE_MIN_SECONDS`: the worker publishes up to ten times a second, and rendering the state each
time would hold up the log lines behind it (a consumer handles its messages one at a time).

Its database work and the state render run in the worker-thread pool (`thread_sensitive=False`),
not on Django's single thread-sensitive executor: that one thread serves every page view and
consumer of the server process, so a render taking seconds on a loaded machine queued the next
page's connect behind it, past daphne's 5 s websocket handshake timeout, and the page kept
reconnecting every 5 s without receiving anything."""

from __future__ import annotations

import asyncio
import contextlib

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import Http404
from django.template.loader import render_to_string

from live import presenters
from live.selectors import get_deployment_for_user
from live.services import deployment_group

STATE_MIN_SECONDS = 0.5


class LiveConsumer(AsyncWebsocketConsumer):
    group: str | None = None
    deployment_pk: int | None = None
    state_task: asyncio.Task | None = None
    state_stale = False

    async def connect(self) -> None:
        user = self.scope.get("user")
        deployment_id = self.scope["url_route"]["kwargs"]["deployment_id"]
        try:
            await database_sync_to_async(get_deployment_for_user, thread_sensitive=False)(
                user, deployment_id
            )
        except Http404:
            await self.close(code=4404)
            return
        self.deployment_pk = int(deployment_id)
        self.group = deployment_group(self.deployment_pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        # The page was rendered before this subscription: an update published in between (a
        # stop finishing while the page reloads after the Stop form's redirect) reached no
        # page, and the page showed "Running" until the next update, which a stopped deployment
        # never sends. The state as of now (subscribed: nothing later is missed) goes out once.
        self.state_stale = True
        self.state_task = asyncio.create_task(self._send_state())

    async def disconnect(self, code: int) -> None:
        if self.state_task is not None:
            self.state_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.state_task
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The page only listens."""

    async def live_update(self, event: dict) -> None:
        lines = [str(line) for line in event.get("lines") or []]
        if lines:
            await self.send(text_data=render_to_string("live/_log_lines.html", {"lines": lines}))
        self.state_stale = True
        if self.state_task is None or self.state_task.done():
            self.state_task = asyncio.create_task(self._send_state())

    async def _send_state(self) -> None:
        """Render and send the state while updates keep coming, at most every
        `STATE_MIN_SECONDS`; the last update is always rendered."""
        while self.state_stale:
            self.state_stale = False
            html = await database_sync_to_async(self._render, thread_sensitive=False)()
            if html:
                await self.send(text_data=html)
            await asyncio.sleep(STATE_MIN_SECONDS)

    def _render(self) -> str:
        try:
            deployment = get_deployment_for_user(self.scope.get("user"), self.deployment_pk)
        except Http404:
            return ""
        context = presenters.page_context(deployment)
        context["oob"] = True
        return render_to_string("live/live_detail.html#state", context)
