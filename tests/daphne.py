"""The site served by daphne (HTTP and websockets, as `make run` serves it) for browser tests.

Django's `live_server` speaks WSGI only: its pages never get their websocket updates. Here daphne
runs in a child process on the test database, with a real Huey consumer (2 threads) in this
process on an isolated queue file that both share.

The server forks before the consumer starts (a fork amid the consumer's database work left the
child's SQLite locked) but after the queue is swapped, so the server enqueues there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def daphne_site(queue_file: Path) -> Iterator[str]:
    """Yields the base URL of the site; the consumer runs the tasks the site enqueues (import the
    apps' `tasks` modules before)."""
    from functools import partial

    from channels.testing.live import make_application
    from daphne.testing import DaphneProcess
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.db import connections
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    old_storage, old_immediate = HUEY.storage, HUEY._immediate
    HUEY._immediate = False
    HUEY.storage = SqliteStorage(HUEY.name, filename=str(queue_file))
    connections.close_all()  # the child opens its own
    process = DaphneProcess(
        "127.0.0.1", partial(make_application, static_wrapper=ASGIStaticFilesHandler)
    )
    process.start()
    consumer = None
    try:
        if not process.ready.wait(timeout=30):
            raise RuntimeError("daphne did not start")
        consumer = HUEY.create_consumer(
            workers=2, worker_type="thread", periodic=False, check_worker_health=False
        )
        consumer._set_signal_handlers = lambda: None  # pytest owns the main thread's signals
        consumer.start()
        yield f"http://127.0.0.1:{process.port.value}"
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)
        process.terminate()
        process.join(timeout=10)
        HUEY.storage.close()
        HUEY.storage = old_storage
        HUEY._immediate = old_immediate
