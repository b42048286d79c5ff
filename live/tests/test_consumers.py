"""The live websocket: people who can open the project get new log lines and the state fragment
pushed; everyone else is refused."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import connection, connections

from live.models import LiveDeployment
from live.routing import websocket_urlpatterns
from live.services import live_deploy, live_publish

pytestmark = pytest.mark.django_db(transaction=True)

app = URLRouter(websocket_urlpatterns)


def connect(user, deployment):
    communicator = WebsocketCommunicator(app, f"/ws/live/{deployment.pk}/")
    communicator.scope["user"] = user
    return communicator


def run(coroutine):
    try:
        return asyncio.run(asyncio.wait_for(coroutine, timeout=20))
    finally:
        asyncio.run(database_sync_to_async(connections.close_all)())


@pytest.fixture
def deployment(live_settings, project, owner, node, no_enqueue):
    return live_deploy(project=project, user=owner, node=node, replay_start=date(2024, 1, 2))


def _log_and_publish(pk: int) -> None:
    LiveDeployment.objects.filter(pk=pk).update(
        status="Running", state={"time": "2024-01-02T09:31:00", "equity": 100000.0}
    )
    live_publish(deployment_id=pk, lines=["2024-01-02 09:31:00 hello <b>"])
    connection.close()


def test_log_lines_and_state_are_pushed_as_html(deployment, owner):
    async def scenario():
        socket = connect(owner, deployment)
        assert (await socket.connect())[0]
        assert 'id="live-state"' in await socket.receive_from(timeout=5)  # as it is on connect
        await asyncio.to_thread(_log_and_publish, deployment.pk)
        first = await socket.receive_from(timeout=5)
        second = await socket.receive_from(timeout=5)
        await socket.disconnect()
        return first, second

    log, state = run(scenario())
    assert 'id="live-log"' in log and 'hx-swap-oob="beforeend"' in log
    assert "hello &lt;b&gt;" in log  # escaped: the algorithm's text is not markup
    assert 'id="live-state"' in state and "Running" in state and "2024-01-02 09:31:00" in state


def _stop(pk: int) -> None:
    LiveDeployment.objects.filter(pk=pk).update(status="Stopped")
    live_publish(deployment_id=pk)  # the worker's last publish: no page is subscribed yet
    connection.close()


def test_a_page_connecting_after_the_last_update_gets_the_state_as_it_is_now(deployment, owner):
    """The Stop form redirects to the page, which subscribes a moment after it is rendered: a
    deployment that stopped in between sends no further update, so the state of the moment of
    subscribing is pushed on connect (the page showed "Running" for good without it)."""

    async def scenario():
        await asyncio.to_thread(_stop, deployment.pk)
        socket = connect(owner, deployment)
        assert (await socket.connect())[0]
        state = await socket.receive_from(timeout=5)
        await socket.disconnect()
        return state

    state = run(scenario())
    assert 'id="live-state"' in state and 'data-status="Stopped"' in state


def test_outsiders_cannot_listen(deployment, outsider):
    async def scenario():
        socket = connect(outsider, deployment)
        connected, code = await socket.connect()
        return connected, code

    connected, code = run(scenario())
    assert not connected and code == 4404


def _burst(pk: int) -> None:
    for i in range(6):
        LiveDeployment.objects.filter(pk=pk).update(
            status="Running", state={"time": f"2024-01-02T09:3{i}:00", "equity": 100000.0 + i}
        )
        live_publish(deployment_id=pk, lines=[f"line {i}"])
    connection.close()


def test_a_burst_of_updates_sends_every_line_and_the_last_state(deployment, owner):
    """Each update's lines go out at once; the state is rendered at most twice a second, and the
    last one is always sent."""

    async def scenario():
        socket = connect(owner, deployment)
        assert (await socket.connect())[0]
        assert 'id="live-state"' in await socket.receive_from(timeout=5)  # as it is on connect
        await asyncio.to_thread(_burst, deployment.pk)
        messages = []
        while not await socket.receive_nothing(timeout=1.5):
            messages.append(await socket.receive_from(timeout=5))
        await socket.disconnect()
        return messages

    messages = run(scenario())
    lines = [m for m in messages if 'id="live-log"' in m]
    states = [m for m in messages if 'id="live-state"' in m]
    assert [f"line {i}" in "".join(lines) for i in range(6)] == [True] * 6
    assert 1 <= len(states) < 6
    assert "2024-01-02 09:35:00" in states[-1]


def test_a_slow_state_render_does_not_hold_up_another_page_connecting(
    deployment, owner, monkeypatch
):
    """Daphne drops a websocket whose handshake takes over 5 s (`websocket_handshake_timeout`),
    and the page reconnects: under load, a state render of one open page (seconds on a busy
    machine) must not queue the next page's connect (its access check) behind it, as Django's
    single thread-sensitive executor would."""
    import time

    from live import presenters

    real = presenters.page_context
    rendering = []

    def slow(*args, **kwargs):
        rendering.append(time.monotonic())
        time.sleep(4)
        return real(*args, **kwargs)

    monkeypatch.setattr(presenters, "page_context", slow)

    async def scenario():
        first = connect(owner, deployment)
        assert (await first.connect())[0]
        await first.receive_from(timeout=10)  # the state on connect (slow too)
        rendering.clear()
        await asyncio.to_thread(_log_and_publish, deployment.pk)
        await first.receive_from(timeout=5)  # the log line; the state render is under way
        while not rendering:
            await asyncio.sleep(0.05)
        second = connect(owner, deployment)
        started = time.monotonic()
        connected = (await second.connect(timeout=10))[0]
        took = time.monotonic() - started
        state = await first.receive_from(timeout=10)  # the slow render still arrives
        await second.disconnect()
        await first.disconnect()
        return connected, took, state

    connected, took, state = run(scenario())
    assert connected and took < 2.0, took
    assert 'id="live-state"' in state
