"""serve.py: `make run`'s web server, several daphne processes sharing the listening sockets."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

import serve
from tests.test_settings import clean_env

pytestmark = pytest.mark.db_independent

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def get_when_up(url: str, timeout: float = 90) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=30)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_the_processes_share_the_ports_and_stop_together(tmp_path: Path):
    port, research_port = free_port(), free_port()
    env = clean_env(tmp_path, DEBUG="1")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    server = subprocess.Popen(
        [sys.executable, "serve.py", "--port", str(port), "--research-port", str(research_port)]
        + ["--processes", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = get_when_up(f"http://127.0.0.1:{port}/accounts/login/")
        assert page.status_code == 200
        assert "password" in page.text.lower()
        # the research origin's port is served too (its own host name, research/origin.py)
        assert get_when_up(f"http://localhost:{research_port}/").status_code < 500
        daphnes = children_of(server.pid)
        assert len(daphnes) == 2
        for pid in daphnes:
            assert "daphne" in Path(f"/proc/{pid}/cmdline").read_text()
        # several connections at once are all answered, whichever process takes each
        with httpx.Client(timeout=30) as one, httpx.Client(timeout=30) as two:
            for client in (one, two, one, two):
                assert client.get(f"http://127.0.0.1:{port}/accounts/login/").status_code == 200
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        for pid in daphnes:
            assert not Path(f"/proc/{pid}").exists()  # stopped, and waited for
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_when_one_process_exits_the_server_stops(tmp_path: Path):
    server = subprocess.Popen(
        [sys.executable, "serve.py", "--port", str(free_port()), "--processes", "2"]
        + ["--application", "no_such_module:application"],
        cwd=ROOT,
        env=clean_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, stderr = server.communicate(timeout=120)
    assert server.returncode != 0
    assert "stopping the others" in stderr


def test_the_process_count_comes_from_the_option_the_environment_or_the_cores(monkeypatch):
    monkeypatch.delenv("WEB_PROCESSES", raising=False)
    assert serve.process_count(None) == (os.cpu_count() or 1)
    assert serve.process_count(3) == 3
    monkeypatch.setenv("WEB_PROCESSES", "5")
    assert serve.process_count(None) == 5
    monkeypatch.setenv("WEB_PROCESSES", "many")
    with pytest.raises(SystemExit, match="whole number"):
        serve.process_count(None)
    with pytest.raises(SystemExit, match="at least 1"):
        serve.process_count(0)


def test_ipv6_addresses_are_refused_clearly():
    with pytest.raises(SystemExit, match="IPv4"):
        serve.listening_socket("::1", free_port())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT balancing: Linux")
def test_each_process_gets_its_own_socket_and_a_share_of_the_connections():
    port = free_port()
    sockets = serve.process_sockets("127.0.0.1", port, 2)
    clients = []
    try:
        assert len({s.fileno() for s in sockets}) == 2
        assert all(s.getsockname() == ("127.0.0.1", port) for s in sockets)
        # a port that is taken is refused, as with one socket
        with pytest.raises(OSError):
            serve.process_sockets("127.0.0.1", port, 2)
        for _ in range(40):
            clients.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        accepted = []
        for sock in sockets:
            sock.setblocking(False)
            count = 0
            while True:
                try:
                    connection, _ = sock.accept()
                except BlockingIOError:
                    break
                connection.close()
                count += 1
            accepted.append(count)
        # the kernel spread them (by a hash of each connection's addresses): both got some
        assert sum(accepted) == 40
        assert min(accepted) > 0
    finally:
        for client in clients:
            client.close()
        for sock in sockets:
            sock.close()


def test_one_process_keeps_one_socket():
    port = free_port()
    (sock,) = serve.process_sockets("127.0.0.1", port, 1)
    try:
        assert sock.getsockname() == ("127.0.0.1", port)
    finally:
        sock.close()
