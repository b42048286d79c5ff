"""The SQLite channel layer (qcweb/channel_layer.py), including delivery across processes."""

from __future__ import annotations

import asyncio
import os
import sys
import textwrap
import time
from types import SimpleNamespace

import pytest
from channels.exceptions import ChannelFull
from channels.testing import WebsocketCommunicator

from accounts.consumers import NotificationConsumer
from qcweb.channel_layer import SQLiteChannelLayer

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, timeout=20))


@pytest.fixture
def layer(tmp_path) -> SQLiteChannelLayer:
    return SQLiteChannelLayer(path=tmp_path / "layer.sqlite3", poll_interval=0.01)


def test_send_and_receive_in_order(layer):
    async def scenario():
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "a", "n": 1})
        await layer.send(channel, {"type": "a", "n": 2, "raw": b"\x00\x01"})
        return [await layer.receive(channel), await layer.receive(channel)]

    assert run(scenario()) == [{"type": "a", "n": 1}, {"type": "a", "n": 2, "raw": b"\x00\x01"}]


def test_each_message_is_received_once(layer):
    async def scenario():
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "only"})
        first = await layer.receive(channel)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(layer.receive(channel), timeout=0.2)
        return first

    assert run(scenario()) == {"type": "only"}


def test_group_send_reaches_members_until_they_leave(layer):
    async def scenario():
        one, two = await layer.new_channel(), await layer.new_channel()
        await layer.group_add("g", one)
        await layer.group_add("g", two)
        await layer.group_send("g", {"type": "hello"})
        received = [await layer.receive(one), await layer.receive(two)]
        await layer.group_discard("g", two)
        await layer.group_send("g", {"type": "again"})
        received.append(await layer.receive(one))
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(layer.receive(two), timeout=0.2)
        return received

    assert run(scenario()) == [{"type": "hello"}, {"type": "hello"}, {"type": "again"}]


def test_a_full_channel_raises(tmp_path):
    layer = SQLiteChannelLayer(path=tmp_path / "l.sqlite3", capacity=2)

    async def scenario():
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "1"})
        await layer.send(channel, {"type": "2"})
        with pytest.raises(ChannelFull):
            await layer.send(channel, {"type": "3"})
        # group_send skips full channels instead of failing
        await layer.group_add("g", channel)
        await layer.group_send("g", {"type": "4"})

    run(scenario())


def test_messages_expire(tmp_path):
    layer = SQLiteChannelLayer(path=tmp_path / "l.sqlite3", expiry=1, poll_interval=0.01)

    async def scenario():
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "old"})
        await asyncio.sleep(1.1)
        await layer.send(channel, {"type": "new"})
        return await layer.receive(channel)

    assert run(scenario()) == {"type": "new"}


def test_flush_empties_the_layer(layer):
    async def scenario():
        channel = await layer.new_channel()
        await layer.group_add("g", channel)
        await layer.send(channel, {"type": "x"})
        await layer.flush()
        await layer.group_send("g", {"type": "y"})
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(layer.receive(channel), timeout=0.2)

    run(scenario())


PUBLISHER = textwrap.dedent(
    """
    import django
    django.setup()
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer
    from accounts.notifications import notification_group

    layer = get_channel_layer()
    async_to_sync(layer.group_send)(
        notification_group(4242),
        {"type": "notify", "text": "Backtest finished from pid %d" % __import__("os").getpid(),
         "level": "success", "url": ""},
    )
    print("published", type(layer).__name__)
    """
)


def test_a_message_published_by_another_process_reaches_the_websocket(channel_layer_db, tmp_path):
    """What a Huey worker does: a separate OS process publishes to a user's group and the
    consumer serving that user's browser receives it, with no server in between."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qcweb.settings",
        "CHANNEL_LAYER_DB": channel_layer_db,
        "QCWEB_VAR_DIR": str(tmp_path / "var"),
        "REDIS_URL": "",
    }

    async def scenario():
        communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), "/ws/notifications/")
        communicator.scope["user"] = SimpleNamespace(id=4242, is_authenticated=True)
        connected, _ = await communicator.connect()
        assert connected
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            PUBLISHER,
            cwd=BASE_DIR,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await process.communicate()
        assert process.returncode == 0, stderr.decode()
        assert stdout.decode().strip() == "published SQLiteChannelLayer"
        started = time.monotonic()
        html = await communicator.receive_from(timeout=5)
        await communicator.disconnect()
        return html, process.pid, time.monotonic() - started

    html, pid, latency = run(scenario())
    assert f"Backtest finished from pid {pid}" in html
    assert pid != os.getpid()
    assert 'id="toasts" hx-swap-oob="beforeend"' in html
    assert 'class="toast toast-success"' in html
    assert latency < 2
