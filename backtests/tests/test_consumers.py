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


def _run_slow(backtest_pk: int) -> None:
    from backtests.tests.conftest import run_now

    try:
        run_now(Backtest.objects.get(pk=backtest_pk))
    finally:
        connection.close()


def test_a_running_backtest_streams_its_partial_results(
    bt_settings, make_project, owner, monkeypatch
):
    """A real engine run in the sandbox: while it runs, the page's socket receives the partial
    results (equity so far, orders, log lines) the worker stored from the engine's snapshots;
    at the end, the status fragment that loads the finished view."""
    from backtests.tests.conftest import SLOW

    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)
    bt_settings.QCWEB_BACKTEST_SNAPSHOT_SECONDS = 0.5
    project = make_project(SLOW, name="Slow", parameters={"pause": "0.15"})
    backtest = backtest_create(project=project, user=owner)

    async def scenario():
        socket = connect(owner, backtest)
        assert (await socket.connect())[0]
        worker = asyncio.create_task(asyncio.to_thread(_run_slow, backtest.pk))
        messages = []
        while not messages or 'id="backtest-finished-loader"' not in messages[-1]:
            messages.append(await socket.receive_from(timeout=90))
        await worker
        await socket.disconnect()
        return messages

    messages = asyncio.run(asyncio.wait_for(scenario(), timeout=180))
    asyncio.run(database_sync_to_async(connections.close_all)())
    partial = [m for m in messages if 'id="bt-partial"' in m and "bt-partial-figure" in m]
    assert partial, messages[-3:]
    assert all('hx-swap-oob="true"' in m for m in partial)
    # several snapshots while it ran, the equity so far growing from one to the next
    points = [m.count('"2024-') for m in partial]
    assert len(partial) >= 2 and points[-1] > points[0], points
    last = partial[-1]
    assert "day 2024-01-" in last  # log lines
    assert "<strong>SPY</strong>" in last  # orders
    assert 'id="partial-runtime-statistics"' in last and "Equity" in last
    assert 'id="backtest-finished-loader"' in messages[-1]  # the finished view takes over
    finished = Backtest.objects.get(pk=backtest.pk)
    assert finished.status == Backtest.Status.COMPLETED
    # the worker stored the page's data as the backtest ended, and dropped the partial results
    from backtests.storage import CHART_DATA, PAGE_SUMMARY, PARTIAL, output_exists

    assert output_exists(finished, CHART_DATA) and output_exists(finished, PAGE_SUMMARY)
    assert not output_exists(finished, PARTIAL)
