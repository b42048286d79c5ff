"""Results-page benchmark: 20 concurrent logged-in clients against daphne over real HTTP.

    python -m tests.bench_results_page [--clients 20] [--requests 200] [--processes N] [--code DIR]

(`make bench` runs it.) Sets up a throwaway database and result folder (in a temporary
directory), a user, a project and a Completed backtest holding the result document of the
one-year minute SPY backtest of `backtests.bench_report` (engine run once, then cached in
var/bench/), serves the site on a free port as `make run` does (serve.py: `--processes` daphne
processes sharing the socket, default WEB_PROCESSES or the cores; `qcweb.asgi`, DEBUG off, as in
production without TLS), and has `--clients` clients, each with its own logged-in session
and keep-alive connection, fetch the backtest's results page until `--requests` were made.
Prints p50 / p95 / max latency, requests per second and the page's size; then the same for the
page's chart data (its first fetch and size, and reloads that send the ETag: 304s).
`--code DIR` serves another checkout's code (e.g. the main branch, to compare before and after).

It lives under tests/ because it starts processes (daphne): the apps start processes only through
`qcweb.sandbox` (tests/test_architecture.py).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 150
TARGET_PAGE_KB = 100


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(folder: Path) -> dict[str, str]:
    env = {
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "QCWEB_BACKTESTS_DIR": str(folder / "backtests"),
        "CHANNEL_LAYER_DB": str(folder / "channels.sqlite3"),
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DJANGO_SETTINGS_MODULE": "qcweb.settings",
    }
    os.environ.update(env)
    return env


def _setup(result: dict, clients: int) -> tuple[int, list[str]]:
    """The backtest to fetch and one session cookie per client (sessions created as a login
    creates them; a login per client through the form would time the password hasher)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from accounts.services import organization_create, user_signup
    from backtests.models import Backtest
    from backtests.services import backtest_create, key_numbers
    from backtests.storage import LOG, RESULTS, output_write
    from projects.services import project_create

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    user = user_signup(email="bench@qcweb.local", password="bench-password-123")
    organization = organization_create(name="Bench Capital", owner=user)
    project = project_create(
        organization=organization, owner=user, name="Bench", files={"main.py": "# bench\n"}
    )
    backtest = backtest_create(project=project, user=user, name="One year, minute resolution")
    output_write(backtest, RESULTS, json.dumps(result).encode())
    output_write(backtest, LOG, ("\n".join(result.get("logs") or []) + "\n").encode())
    Backtest.objects.filter(pk=backtest.pk).update(
        status=Backtest.Status.COMPLETED, progress=1.0, **key_numbers(result)
    )
    cookies = []
    for _ in range(clients):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["organization_id"] = organization.pk
        session.create()
        cookies.append(session.session_key)
    return backtest.pk, cookies


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"daphne exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("daphne did not start")


def _load(
    url: str, cookies: list[str], total: int, headers: dict[str, str] | None = None
) -> tuple[list[float], float, list[int], int]:
    """`len(cookies)` clients share `total` requests of `url`; latencies (s), wall time,
    status codes, and the size of the last body."""
    import httpx

    latencies: list[float] = []
    statuses: list[int] = []
    size = [0]
    lock = threading.Lock()
    remaining = [total]
    start = threading.Barrier(len(cookies) + 1)

    def client(cookie: str) -> None:
        with httpx.Client(cookies={"sessionid": cookie}, headers=headers, timeout=60) as http:
            http.get(url)  # connection and session warmed before the clock starts
            start.wait()
            while True:
                with lock:
                    if remaining[0] <= 0:
                        return
                    remaining[0] -= 1
                began = time.perf_counter()
                response = http.get(url)
                elapsed = time.perf_counter() - began
                with lock:
                    latencies.append(elapsed)
                    statuses.append(response.status_code)
                    size[0] = len(response.content)

    threads = [threading.Thread(target=client, args=(c,)) for c in cookies]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - began, statuses, size[0]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of process `pid` and its children (the daphne processes
    serve.py started; Linux /proc; 0 elsewhere): the server's cost per request, which unlike
    latency hardly depends on what else the machine runs."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(_cpu_seconds(int(child)) for child in children)


def _wait_until_idle(pid: int, timeout: float = 120) -> None:
    """Until the server's processes stop using CPU (their start-up done) for half a second."""
    deadline = time.monotonic() + timeout
    before = _cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = _cpu_seconds(pid)
        if now - before < 0.02:
            return
        before = now


def _process_label(code: Path, processes: int | None) -> str:
    if not (code / "serve.py").exists():
        return "one daphne process"
    return f"{processes or os.environ.get('WEB_PROCESSES') or os.cpu_count()} daphne processes"


def _server_command(code: Path, port: int, processes: int | None) -> list[str]:
    """serve.py as `make run` starts it; plain daphne for a checkout without serve.py."""
    python = str(Path(sys.executable))
    if not (code / "serve.py").exists():
        return [
            python,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "qcweb.asgi:application",
        ]
    command = [python, "serve.py", "--host", "127.0.0.1", "--port", str(port)]
    return command + (["--processes", str(processes)] if processes else [])


def _report(
    label: str,
    latencies: list[float],
    wall: float,
    statuses: list[int],
    cpu: float = 0.0,
    clients: int = 1,
) -> float:
    """`cpu`: the server's CPU seconds over these requests and each client's untimed warm-up
    request."""
    ms = sorted(x * 1000 for x in latencies)
    p50 = statistics.median(ms)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    codes = ", ".join(f"{c}: {statuses.count(c)}" for c in sorted(set(statuses)))
    print(
        f"{label}: {len(ms)} requests, p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms, "
        f"{len(ms) / wall:.1f} requests/s (status {codes})"
        + (f", server CPU {cpu * 1000 / (len(ms) + clients):.1f} ms/request" if cpu else "")
    )
    return p95


def main(argv: list[str] | None = None) -> int:
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request otherwise
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose code daphne serves")
    parser.add_argument(
        "--processes", type=int, help="daphne processes (serve.py; default WEB_PROCESSES or cores)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="instead: profile 50 requests of the page in this process (pyinstrument)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qcweb-bench-") as tmp:
        folder = Path(tmp)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qcweb.settings")
        import django

        django.setup()
        from backtests.bench_report import bench_result

        result = bench_result()  # cached in var/bench/ (the settings' VAR_DIR)
        env = _environment(folder)
        from django.conf import settings
        from django.db import connections

        # the settings were read before: point this process at the throwaway folder too
        settings.DATABASES["default"]["NAME"] = str(folder / "bench.sqlite3")
        settings.QCWEB_BACKTESTS_DIR = folder / "backtests"
        connections.close_all()
        backtest_pk, cookies = _setup(result, args.clients)
        if args.profile:
            return _profile(backtest_pk, cookies[0])
        connections.close_all()
        port = _free_port()
        secret = settings.SECRET_KEY
        process = subprocess.Popen(
            _server_command(args.code, port, args.processes),
            cwd=args.code,
            # the same secret key as the sessions were made with, whichever checkout serves
            env={**os.environ, **env, "PYTHONPATH": str(args.code), "SECRET_KEY": secret},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_for_port(port, process)
            base = f"http://127.0.0.1:{port}"
            page = f"{base}/backtests/{backtest_pk}/"
            print(
                f"results page bench: {args.clients} clients, {args.requests} requests, "
                f"{_process_label(args.code, args.processes)} serving {args.code}; "
                f"load average {os.getloadavg()[0]:.2f}"
            )
            # every daphne process started (the socket accepts connections before they do),
            # then templates loaded and first connections made in each (the kernel hands the
            # clients' connections to the processes)
            _wait_until_idle(process.pid)
            _load(page, cookies, 5 * len(cookies))
            cpu = _cpu_seconds(process.pid)
            one, wall, statuses, size = _load(page, cookies[:1], 20)
            if set(statuses) != {200}:
                raise SystemExit(f"the page answered {sorted(set(statuses))}, not 200")
            cpu, spent = _cpu_seconds(process.pid), _cpu_seconds(process.pid) - cpu
            _report("  1 client ", one, wall, statuses, spent)
            latencies, wall, statuses, size = _load(page, cookies, args.requests)
            cpu, spent = _cpu_seconds(process.pid), _cpu_seconds(process.pid) - cpu
            p95 = _report(
                f"  {args.clients} clients", latencies, wall, statuses, spent, len(cookies)
            )
            print(
                f"  page HTML {size / 1024:.1f} KiB (goal < {TARGET_PAGE_KB} KiB); "
                f"p95 {p95:.0f} ms (goal < {TARGET_P95_MS} ms)"
            )
            _chart_data(base, backtest_pk, cookies, args.requests, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def _profile(backtest_pk: int, cookie: str) -> int:
    """The page's view in this process (Django's test client, the same middleware) under
    pyinstrument: where a request's time goes."""
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    client.cookies["sessionid"] = cookie
    url = f"/backtests/{backtest_pk}/"
    first = client.get(url, headers={"host": "127.0.0.1"}, secure=True)  # it builds the page data
    print(f"profile: status {first.status_code}, {len(first.content)} bytes")
    profiler = Profiler(interval=0.0005)
    began = time.perf_counter()
    with profiler:
        for _ in range(50):
            client.get(url, headers={"host": "127.0.0.1"}, secure=True)
    print(f"profile: 50 requests in-process, {(time.perf_counter() - began) * 20:.1f} ms each")
    print(profiler.output_text(unicode=False, color=False, show_all=False, short_mode=True))
    return 0


def _chart_data(base: str, backtest_pk: int, cookies: list[str], total: int, pid: int) -> None:
    import httpx

    url = f"{base}/backtests/{backtest_pk}/charts.json"
    with httpx.Client(cookies={"sessionid": cookies[0]}, timeout=60) as http:
        first = http.get(url, headers={"Accept-Encoding": "gzip"})
        if first.status_code != 200:
            print(f"  chart data: HTTP {first.status_code} (no chart-data URL in this code)")
            return
        wire = int(first.headers.get("Content-Length") or len(first.content))
        print(
            f"  chart data {len(first.content) / 1024:.0f} KiB of JSON, {wire / 1024:.0f} KiB on "
            f"the wire ({first.headers.get('Content-Encoding', 'identity')}), "
            f"ETag {first.headers.get('ETag')}, Cache-Control {first.headers.get('Cache-Control')}"
        )
        etag = first.headers.get("ETag", "")
    cpu = _cpu_seconds(pid)
    latencies, wall, statuses, _ = _load(
        url, cookies, total, headers={"If-None-Match": etag, "Accept-Encoding": "gzip"}
    )
    _report(
        f"  chart data reloads ({len(cookies)} clients, If-None-Match)",
        latencies,
        wall,
        statuses,
        _cpu_seconds(pid) - cpu,
        len(cookies),
    )


if __name__ == "__main__":
    raise SystemExit(main())
