"""The optimization websocket: the project's members get the status banner pushed when the
search advances; another organization's user is refused."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import connection, connections

from backtests.optimization.services import optimization_create, optimization_publish
from backtests.routing import websocket_urlpatterns

pytestmark = pytest.mark.django_db(transaction=True)

app = URLRouter(websocket_urlpatterns)


def connect(user, optimization):
    communicator = WebsocketCommunicator(app, f"/ws/optimizations/{optimization.pk}/")
    communicator.scope["user"] = user
    return communicator


def run(coroutine):
    try:
        return asyncio.run(asyncio.wait_for(coroutine, timeout=20))
    finally:  # the consumer's database thread keeps a connection; PostgreSQL's teardown needs it
        asyncio.run(database_sync_to_async(connections.close_all)())


@pytest.fixture
def optimization(bt_settings, opt_project, owner, monkeypatch):
    from backtests.optimization import services

    monkeypatch.setattr(services, "optimization_advance", lambda **kwargs: [])
    return optimization_create(
        project=opt_project,
        user=owner,
        parameters=[{"name": "period", "min": "1", "max": "4", "step": "1"}],
    )


def _publish(pk: int) -> None:
    optimization_publish(optimization_id=pk)
    connection.close()


def test_the_banner_is_pushed(optimization, owner):
    async def scenario():
        socket = connect(owner, optimization)
        assert (await socket.connect())[0]
        await asyncio.to_thread(_publish, optimization.pk)
        html = await socket.receive_from(timeout=5)
        await socket.disconnect()
        return html

    html = run(scenario())
    assert 'id="optimization-status"' in html and 'hx-swap-oob="true"' in html
    assert "0/4" in html


def test_outsiders_cannot_listen(optimization, outsider):
    async def scenario():
        return await connect(outsider, optimization).connect()

    assert run(scenario()) == (False, 4404)
