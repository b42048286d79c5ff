"""Serves the site with several daphne processes sharing one listening socket per port.

    python serve.py [--host 127.0.0.1] [--port 8000] [--research-port 8001] [--processes N]

One daphne process runs Python code on one core at a time (the GIL); the site's pages cost
several milliseconds of CPU each, so one process tops out well below what a few dozen clients
ask for. This opens the sockets and starts N daphne processes (`--processes`, else the
WEB_PROCESSES environment variable, else the number of cores) that accept the connections
(daphne `--fd`). On Linux each process gets its own socket on the port (SO_REUSEPORT) and the
kernel spreads new connections evenly over them; elsewhere they share one socket, and whichever
process wakes first accepts (twisted accepts every waiting connection at once, so one process
can take most of a burst of keep-alive clients: 15 of 20 on the results-page bench, while the
other core idled). Websockets work across the processes because their messages travel through
the channel layer (qcweb/settings.py: SQLite or Redis), not in memory.

`make run` serves this way, and so does the results-page bench (tests/bench_results_page.py).
It stops the processes on SIGINT / SIGTERM, and stops them all when one of them exits.

It lives outside the apps: they start processes only through qcweb.sandbox
(tests/test_architecture.py); this is the server, as daphne itself is.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time


def listening_socket(host: str, port: int) -> socket.socket:
    if ":" in host:
        # twisted's `fd:` endpoint (twisted/plugins/fd_endpoint.py) adopts IPv4 sockets only: its
        # address family comes from the endpoint string as text, where it needs a number
        raise SystemExit(f"serve.py listens on IPv4 addresses only, not {host!r}")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


def process_sockets(host: str, port: int, processes: int) -> list[socket.socket]:
    """One listening socket on host:port per process where the kernel balances connections
    between sockets sharing a port (Linux's SO_REUSEPORT), else one socket for them all. A port
    another server holds is refused as without SO_REUSEPORT: a plain socket binds it first."""
    if processes == 1 or not sys.platform.startswith("linux"):
        return [listening_socket(host, port)] * processes
    listening_socket(host, port).close()  # "address in use" if anything listens there already
    sockets = []
    for _ in range(processes):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(1024)
        sock.set_inheritable(True)
        sockets.append(sock)
    return sockets


def endpoint(sock: socket.socket) -> str:
    """A twisted server string adopting the (IPv4) socket (daphne's `-e`)."""
    return f"fd:fileno={sock.fileno()}"


def process_count(requested: int | None) -> int:
    if requested is None:
        text = os.environ.get("WEB_PROCESSES", "")
        if text and not text.isdigit():
            raise SystemExit(f"WEB_PROCESSES must be a whole number, not {text!r}")
        requested = int(text) if text else (os.cpu_count() or 1)
    if requested < 1:
        raise SystemExit("the number of web processes must be at least 1")
    return requested


def serve(application: str, sockets: list[list[socket.socket]], daphne_args: list[str]) -> int:
    """One daphne process per entry of `sockets`: the listening sockets it accepts from."""
    children = []
    for own in sockets:
        command = [sys.executable, "-m", "daphne"]
        for sock in own:
            command += ["-e", endpoint(sock)]
        command += [*daphne_args, application]
        fds = tuple(sock.fileno() for sock in own)
        children.append(subprocess.Popen(command, pass_fds=fds))
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    status = 0
    try:
        while not stopping:
            exited = [child for child in children if child.poll() is not None]
            if exited:
                status = exited[0].returncode or 1
                print(
                    f"serve.py: daphne process {exited[0].pid} exited with status "
                    f"{exited[0].returncode}; stopping the others",
                    file=sys.stderr,
                )
                break
            time.sleep(0.5)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 10
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--research-port", type=int, help="a second port (the research origin, research/origin.py)"
    )
    parser.add_argument("--processes", type=int, help="default: WEB_PROCESSES, else the cores")
    parser.add_argument("--application", default="qcweb.asgi:application")
    args, daphne_args = parser.parse_known_args(argv)
    processes = process_count(args.processes)
    ports = [args.port] + ([args.research_port] if args.research_port else [])
    per_port = [process_sockets(args.host, port, processes) for port in ports]
    return serve(args.application, [list(own) for own in zip(*per_port, strict=True)], daphne_args)


if __name__ == "__main__":
    raise SystemExit(main())
