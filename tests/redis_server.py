"""A throwaway Redis server for tests, the way tests/run_with_postgres.sh starts PostgreSQL: in
a temporary folder, listening only on a unix socket there (no TCP port), nothing saved, stopped
and deleted after the test.

Use the `redis_url` fixture (a `unix://` URL). Without `redis-server` (Debian package
`redis-server`, installed by `make test`) the test is skipped, except under CI, where it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def _redis_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (Debian package redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run this test")
        pytest.skip(message)
    return binary


@pytest.fixture
def redis_url() -> Iterator[str]:
    import redis

    binary = _redis_binary()
    # a short folder: a unix socket path is limited to about 107 bytes
    folder = Path(tempfile.mkdtemp(prefix="qcweb-redis-"))
    socket = folder / "redis.sock"
    log = folder / "redis.log"
    process = subprocess.Popen(
        [
            binary,
            "--port",
            "0",
            "--unixsocket",
            str(socket),
            "--unixsocketperm",
            "700",
            "--dir",
            str(folder),
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(log),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"unix://{socket}"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(f"redis-server exited: {log.read_text() if log.exists() else ''}")
            try:
                if socket.exists() and redis.Redis.from_url(url).ping():
                    break
            except redis.exceptions.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("redis-server did not answer within 20 s")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)
