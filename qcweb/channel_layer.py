"""A small channel layer stored in one SQLite file, shared by every process on the machine.

Why: the in-memory layer only reaches consumers in the same process, so a Huey worker could never
push a message to a browser's websocket served by daphne. Redis does that (channels-redis is used
when REDIS_URL is set), but a default install should need no extra server. No maintained PyPI
package offers a file-backed layer, so this is ours, kept small:

- Two tables: `message` (a queue row per channel, msgpack body, expiry time) and `membership`
  (group -> channel, with expiry).
- `send`/`group_send` insert rows; `receive` polls its channel every `poll_interval` seconds and
  pops the oldest row with `DELETE ... RETURNING` (SQLite >= 3.35), so each message is delivered
  once even with several readers.
- Messages older than `expiry` seconds and memberships older than `group_expiry` are dropped
  (cleaned at most once per `expiry` seconds by senders). `capacity` bounds each channel's queue:
  `send` raises ChannelFull, `group_send` skips full channels, like channels-redis.
- SQLite work runs in a thread (`asyncio.to_thread`) so the event loop never blocks on the file.

Configure with CHANNEL_LAYERS = {"default": {"BACKEND": "qcweb.channel_layer.SQLiteChannelLayer",
"CONFIG": {"path": "var/channels.sqlite3"}}}. Latency is about `poll_interval` (default 50 ms).
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import string
import threading
import time
from pathlib import Path
from typing import Any

import msgpack
from channels.exceptions import ChannelFull
from channels.layers import BaseChannelLayer

SCHEMA = """
CREATE TABLE IF NOT EXISTS message (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    body BLOB NOT NULL,
    expires REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS message_channel ON message (channel, id);
CREATE INDEX IF NOT EXISTS message_expires ON message (expires);
CREATE TABLE IF NOT EXISTS membership (
    group_name TEXT NOT NULL,
    channel TEXT NOT NULL,
    expires REAL NOT NULL,
    PRIMARY KEY (group_name, channel)
);
"""


class SQLiteChannelLayer(BaseChannelLayer):
    extensions = ["groups", "flush"]

    def __init__(
        self,
        path: str | Path = "channels.sqlite3",
        expiry: int = 60,
        group_expiry: int = 86400,
        capacity: int = 100,
        channel_capacity: dict | None = None,
        poll_interval: float = 0.05,
    ) -> None:
        super().__init__(expiry=expiry, capacity=capacity, channel_capacity=channel_capacity)
        self.path = str(path)
        self.group_expiry = group_expiry
        self.poll_interval = poll_interval
        self._local = threading.local()
        self._setup_lock = threading.Lock()
        self._schema_ready = False
        self._next_cleanup = 0.0

    # SQLite access (runs in worker threads) ----------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            # Switching to WAL and creating the schema take the file's write lock; two threads of
            # one process doing it at once could see "database is locked" (a first use from a
            # consumer's receive loop and a task's group_send): one thread at a time.
            with self._setup_lock:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                if not self._schema_ready:
                    conn.executescript(SCHEMA)
                    self._schema_ready = True
            self._local.conn = conn
        return conn

    def _insert(self, rows: list[tuple[str, bytes]], *, strict: bool) -> None:
        conn = self._connection()
        now = time.time()
        conn.execute("BEGIN IMMEDIATE")
        try:
            if now >= self._next_cleanup:
                conn.execute("DELETE FROM message WHERE expires < ?", (now,))
                conn.execute("DELETE FROM membership WHERE expires < ?", (now,))
                self._next_cleanup = now + self.expiry
            for channel, body in rows:
                (queued,) = conn.execute(
                    "SELECT count(*) FROM message WHERE channel = ? AND expires >= ?",
                    (channel, now),
                ).fetchone()
                if queued >= self.get_capacity(channel):
                    if strict:
                        raise ChannelFull(channel)
                    continue
                conn.execute(
                    "INSERT INTO message (channel, body, expires) VALUES (?, ?, ?)",
                    (channel, body, now + self.expiry),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _pop(self, channel: str) -> bytes | None:
        conn = self._connection()
        row = conn.execute(
            "DELETE FROM message WHERE id = (SELECT id FROM message WHERE channel = ? "
            "AND expires >= ? ORDER BY id LIMIT 1) RETURNING body",
            (channel, time.time()),
        ).fetchone()
        return row[0] if row else None

    def _group_channels(self, group: str) -> list[str]:
        rows = self._connection().execute(
            "SELECT channel FROM membership WHERE group_name = ? AND expires >= ?",
            (group, time.time()),
        )
        return [channel for (channel,) in rows]

    def _execute(self, sql: str, params: tuple) -> None:
        self._connection().execute(sql, params)

    # Channel layer API -------------------------------------------------------------------------
    async def send(self, channel: str, message: dict[str, Any]) -> None:
        assert isinstance(message, dict), "message is not a dict"
        self.require_valid_channel_name(channel)
        assert "__asgi_channel__" not in message
        body = msgpack.packb(message, use_bin_type=True)
        await asyncio.to_thread(self._insert, [(channel, body)], strict=True)

    async def receive(self, channel: str) -> dict[str, Any]:
        self.require_valid_channel_name(channel)
        while True:
            body = await asyncio.to_thread(self._pop, channel)
            if body is not None:
                return msgpack.unpackb(body, raw=False)
            await asyncio.sleep(self.poll_interval)

    async def new_channel(self, prefix: str = "specific.") -> str:
        suffix = "".join(random.choices(string.ascii_letters, k=12))
        return f"{prefix}sqlite!{suffix}"

    async def flush(self) -> None:
        await asyncio.to_thread(self._execute, "DELETE FROM message", ())
        await asyncio.to_thread(self._execute, "DELETE FROM membership", ())

    async def close(self) -> None:
        """Connections are per thread and closed with their thread; nothing to release."""

    async def group_add(self, group: str, channel: str) -> None:
        self.require_valid_group_name(group)
        self.require_valid_channel_name(channel)
        await asyncio.to_thread(
            self._execute,
            "INSERT INTO membership (group_name, channel, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (group_name, channel) DO UPDATE SET expires = excluded.expires",
            (group, channel, time.time() + self.group_expiry),
        )

    async def group_discard(self, group: str, channel: str) -> None:
        self.require_valid_group_name(group)
        self.require_valid_channel_name(channel)
        await asyncio.to_thread(
            self._execute,
            "DELETE FROM membership WHERE group_name = ? AND channel = ?",
            (group, channel),
        )

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        assert isinstance(message, dict), "message is not a dict"
        self.require_valid_group_name(group)
        channels = await asyncio.to_thread(self._group_channels, group)
        if not channels:
            return
        body = msgpack.packb(message, use_bin_type=True)
        await asyncio.to_thread(self._insert, [(c, body) for c in channels], strict=False)
