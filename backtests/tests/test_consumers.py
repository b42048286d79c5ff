"""The backtest websocket: members who can open the project get the status fragment pushed,
everyone else is refused."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import connection, connections
from django.utils import timezone

from backtests.models import Backtest
from backtests.routing import websocket_urlpatterns
from backtests.services import backtest_create, backtest_publish

pytestmark = pytest.mark.django_db(transaction=True)

app = URLRouter(websocket_urlpatterns)


def connect(user, backtest):
    communicator = WebsocketCommunicator(app, f"/ws/backtests/{backtest.pk}/")
    communicator.scope["user"] = user
    return communicator


def run(coroutine):
    try:
        return asyncio.run(asyncio.wait_for(coroutine, timeout=20))
    finally:  # the consumer's database thread keeps a connection; PostgreSQL's teardown needs it closed
        asyncio.run(database_sync_to_async(connections.close_all)())


@pytest.fixture
def queued(bt_settings, project, owner, monkeypatch):
    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)
    backtest = backtest_create(project=project, user=owner)
    Backtest.objects.filter(pk=backtest.pk).update(status=Backtest.Status.QUEUED)
    return backtest


def _set_running(pk: int) -> None:
    Backtest.objects.filter(pk=pk).update(
        status=Backtest.Status.RUNNING, progress=0.42, started_at=timezone.now()
    )
    backtest_publish(backtest_id=pk)
    connection.close()


def test_progress_is_pushed_as_an_html_fragment(queued, owner):
    async def scenario():
        socket = connect(owner, queued)
        assert (await socket.connect())[0]
        await asyncio.to_thread(_set_running, queued.pk)
        html = await socket.receive_from(timeout=5)
        await socket.disconnect()
        return html

    html = run(scenario())
    assert 'id="backtest-status"' in html and 'hx-swap-oob="true"' in html
    assert "Running 42%" in html, html


def test_outsiders_cannot_listen(queued, outsider):
    async def scenario():
        return await connect(outsider, queued).connect()

    assert run(scenario()) == (False, 4404)
