"""The websocket half of the Jupyter proxy (kernel channels, events): the browser's websocket at
``/research/<project>/lab/...`` on the research origin relayed to the same path on the session's
UNIX socket with the server's token, for the browser the session was handed to only (its
research-origin cookie; see research/origin.py and research/proxy.py)."""

from __future__ import annotations

import asyncio
import time

import websockets
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import Http404

from research import origin
from research.sessions import session_touch

TOUCH_SECONDS = 30.0


class JupyterProxyConsumer(AsyncWebsocketConsumer):
    upstream = None
    pump: asyncio.Task | None = None
    touched = 0.0

    async def connect(self) -> None:
        project_id = int(self.scope["url_route"]["kwargs"]["project_id"])
        headers = dict(self.scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")
        if not origin.is_research_host(host):  # the site's origin never serves Jupyter
            await self.close(code=4404)
            return
        key = self.scope.get("cookies", {}).get(origin.COOKIE)
        try:
            self.session = await database_sync_to_async(origin.session_for_browser)(project_id, key)
        except Http404:  # refused, or no session: the same answer
            await self.close(code=4404)
            return
        query = self.scope.get("query_string", b"").decode()
        uri = "ws://jupyter" + self.scope["path"] + (f"?{query}" if query else "")
        try:
            self.upstream = await websockets.unix_connect(
                str(self.session.socket_path),
                uri,
                additional_headers={"Authorization": f"token {self.session.token}"},
                subprotocols=self.scope.get("subprotocols") or None,
                max_size=None,
            )
        except (OSError, websockets.WebSocketException):
            await self.close(code=4502)
            return
        await self.accept(subprotocol=self.upstream.subprotocol)
        self.pump = asyncio.create_task(self.relay())
        await self.touch()

    async def relay(self) -> None:
        try:
            async for message in self.upstream:
                if isinstance(message, bytes):
                    await self.send(bytes_data=message)
                else:
                    await self.send(text_data=message)
        except websockets.WebSocketException:
            pass
        await self.close()

    async def receive(self, text_data=None, bytes_data=None) -> None:
        if self.upstream is None:
            return
        await self.upstream.send(bytes_data if bytes_data is not None else text_data)
        await self.touch()

    async def touch(self) -> None:
        if time.monotonic() - self.touched > TOUCH_SECONDS:
            self.touched = time.monotonic()
            await database_sync_to_async(session_touch)(self.session.pk)

    async def disconnect(self, code) -> None:
        if self.pump is not None:
            self.pump.cancel()
        if self.upstream is not None:
            await self.upstream.close()
