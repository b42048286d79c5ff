from __future__ import annotations

import asyncio
from types import SimpleNamespace

from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from accounts.notifications import notification_group, user_notify
from accounts.routing import websocket_urlpatterns
from accounts.tasks import notify_user_task

app = URLRouter(websocket_urlpatterns)


def connect(user):
    communicator = WebsocketCommunicator(app, "/ws/notifications/")
    communicator.scope["user"] = user
    return communicator


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, timeout=20))


def test_anonymous_sockets_are_closed(channel_layer_db):
    async def scenario():
        connected, code = await connect(AnonymousUser()).connect()
        return connected, code

    assert run(scenario()) == (False, 4401)


def test_the_group_is_named_after_the_user():
    assert notification_group(17) == "user-17"


def test_a_notification_reaches_only_that_users_sockets(channel_layer_db):
    async def scenario():
        mine, theirs = (
            connect(SimpleNamespace(id=1, is_authenticated=True)),
            connect(SimpleNamespace(id=2, is_authenticated=True)),
        )
        assert (await mine.connect())[0] and (await theirs.connect())[0]
        await asyncio.to_thread(user_notify, user_id=1, text="Done <b>now</b>", url="/x/")
        html = await mine.receive_from(timeout=5)
        nothing = await theirs.receive_nothing(timeout=0.3)
        await mine.disconnect()
        await theirs.disconnect()
        return html, nothing

    html, nothing = run(scenario())
    assert '<a href="/x/">Done &lt;b&gt;now&lt;/b&gt;</a>' in html
    assert "toast-info" in html
    assert nothing


def test_the_huey_task_notifies(channel_layer_db):
    async def scenario():
        socket = connect(SimpleNamespace(id=5, is_authenticated=True))
        assert (await socket.connect())[0]
        # Tests run Huey in immediate mode: calling the task runs it now.
        await asyncio.to_thread(notify_user_task, 5, "Your backtest finished", "error")
        html = await socket.receive_from(timeout=5)
        await socket.disconnect()
        return html

    html = run(scenario())
    assert "Your backtest finished" in html and "toast-error" in html
