"""Hostile web input, site-wide: oversized request bodies are refused before they are read (by the
middleware under any server, by daphne as the body arrives), and every response carries a
Content-Security-Policy that the pages keep (no violation in Chromium).

The REST API's own hostile-input tests (nesting, huge integers, surrogates) are in
api/tests/test_hostile_input.py."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.core.handlers.asgi import ASGIHandler
from django.urls import reverse

from backtests.tests.conftest import bt_settings, demo_data, make_completed, sample_result  # noqa: F401
from projects.tests.test_browser import log_in, wait_js
from tests.test_browser import browser  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 8 * 1024 * 1024


class UnreadableInput:
    """A wsgi.input that fails the test if anything reads the body."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def post_declaring(
    client, path: str, length: int, content_type: str = "multipart/form-data; boundary=x"
):
    return client.generic(
        "POST",
        path,
        b"",
        content_type=content_type,
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableInput()},
    )


# The limit, through Django (any server) ----------------------------------------------------------


@pytest.mark.django_db
def test_a_huge_login_post_is_refused_without_reading_it(client):
    response = post_declaring(client, "/accounts/login/", 100 * 1024 * 1024)

    assert response.status_code == 413
    assert response.content.decode() == f"The request body is larger than {LIMIT} bytes."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/no/such/page/", "/projects/1/files/upload/", "/admin/login/"]
)
def test_every_url_refuses_a_body_past_the_limit(client, path):
    assert post_declaring(client, path, LIMIT + 1).status_code == 413


@pytest.mark.django_db
def test_the_api_refuses_in_its_error_shape(client):
    response = post_declaring(client, "/api/v2/projects/create", LIMIT + 1, "application/json")

    assert response.status_code == 413
    assert response.json() == {
        "success": False,
        "errors": [f"The request body is larger than {LIMIT} bytes."],
    }


@pytest.mark.django_db
def test_the_limit_is_a_setting(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000
    assert post_declaring(client, "/accounts/login/", 1001).status_code == 413
    response = client.post("/accounts/login/", {"username": "a@example.com", "password": "x" * 500})
    assert response.status_code == 200  # the form again, with its error


@pytest.mark.django_db
def test_a_content_length_that_is_not_a_number_is_a_400(client):
    for value in ("abc", "-5", "1e9", "١٢"):
        response = client.generic(
            "POST", "/accounts/login/", b"x", content_type="text/plain", CONTENT_LENGTH=value
        )
        assert response.status_code == 400, value


def site_handler():
    from qcweb.asgi import SiteASGIHandler  # sets up the ASGI application: imported when used

    return SiteASGIHandler()


def asgi_post(
    path: str, chunks: list[bytes], handler=None, *, method: str = "POST", host: str = "localhost"
) -> tuple[int, bytes]:
    """POST `chunks` to an ASGI handler (Django's, unless given) as a body without a length
    (chunked)."""
    sent = asgi_messages(path, chunks, handler, method=method, host=host)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body


def asgi_messages(path, chunks, handler, *, method, host) -> list[dict]:
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(b"host", host.encode()), (b"content-type", b"application/octet-stream")],
        "client": ("127.0.0.1", 5000),
        "server": ("localhost", 80),
    }
    messages = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    sent: list[dict] = []

    async def receive():
        if messages:
            return messages.pop(0)
        # The client stays connected until the answer (Django cancels this wait).
        await asyncio.Event().wait()

    async def send(message):
        sent.append(message)

    asyncio.run((handler or ASGIHandler())(scope, receive, send))
    return sent


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("make_handler", [ASGIHandler, site_handler], ids=["django", "site"])
def test_a_body_without_a_length_is_measured_before_it_is_parsed(settings, make_handler):
    # both chains: Django's async one (the research origin's) and the site's sync one
    settings.MAX_REQUEST_BODY_BYTES = 1000
    handler = make_handler()

    status, body = asgi_post("/accounts/login/", [b"x" * 600, b"x" * 600], handler)
    assert (status, body) == (413, b"The request body is larger than 1000 bytes.")
    status, _ = asgi_post("/accounts/login/", [b"x" * 400, b"x" * 400], handler)
    assert status == 403  # within the limit: on to the CSRF check


@pytest.mark.django_db(transaction=True)
def test_the_site_handler_keeps_the_research_origin_apart(settings):
    # the site's requests take the sync chain, the research origin's the async one: both route
    # by Host (research/origin.py) and carry their own policy
    handler = site_handler()
    research = settings.QCWEB_RESEARCH_ORIGIN.split("://", 1)[1]

    def answer(host: str) -> tuple[int, str]:
        sent = asgi_messages("/accounts/login/", [b""], handler, method="GET", host=host)
        headers = dict(sent[0]["headers"])
        return sent[0]["status"], headers[b"Content-Security-Policy"].decode()

    status, policy = answer("localhost")
    assert status == 200 and "script-src 'self';" in policy
    status, policy = answer(research)
    assert status == 404 and "'unsafe-eval'" in policy  # the site's URLs are not there


@pytest.mark.django_db(transaction=True)
def test_site_requests_start_no_thread_of_their_own():
    # Django's ASGIHandler gives every request a ThreadSensitiveContext, whose executor starts
    # a thread for the request's signals (and one more to join it); the site's requests share
    # one thread for them
    from django.core.signals import request_started

    threads: list[str] = []

    def record(**kwargs):
        threads.append(threading.current_thread().name)

    request_started.connect(record)
    try:
        handler = site_handler()
        for _ in range(3):
            asgi_messages("/accounts/login/", [b""], handler, method="GET", host="localhost")
        site = set(threads)
        threads.clear()
        django_handler = ASGIHandler()
        for _ in range(3):
            asgi_messages("/accounts/login/", [b""], django_handler, method="GET", host="localhost")
    finally:
        request_started.disconnect(record)
    assert len(site) == 1
    assert len(set(threads)) == 3  # what the site's handler avoids


# The limit, in daphne (what `make run` serves) ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def daphne(tmp_path_factory):
    """`daphne qcweb.asgi:application` in its own process (no database needed for these requests)."""
    var = tmp_path_factory.mktemp("daphne-var")
    port = free_port()
    env = {
        **os.environ,
        "QCWEB_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "MAX_REQUEST_BODY_BYTES": str(LIMIT),
        "DEBUG": "0",
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "qcweb.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "daphne did not start"
            time.sleep(0.2)
    yield process, port
    process.terminate()
    process.wait(10)


def raw_request(port: int, head: str, body: bytes = b"") -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.encode() + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def memory_peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def test_daphne_answers_413_from_the_headers_alone(daphne):
    _, port = daphne
    # Only the headers are sent: the answer can't have waited for a body.
    answer = raw_request(
        port,
        "POST /accounts/login/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000000\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\nExpect: 100-continue\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"100 Continue" not in answer
    assert answer.endswith(f"The request body is larger than {LIMIT} bytes.".encode())


def test_daphne_cuts_a_chunked_body_at_the_limit(daphne):
    _, port = daphne
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(LIMIT // len(chunk) + 2))
    answer = raw_request(
        port,
        "POST /api/v2/authenticate HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
        "Content-Type: application/json\r\n\r\n",
        body + b"0\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["success"] is False


def test_daphne_memory_stays_flat_for_a_100_mb_upload(daphne):
    process, port = daphne
    url = f"http://127.0.0.1:{port}/accounts/login/"
    # the first request imports the views and templates: on a busy machine that alone took over
    # 10 s; the subject here is memory, not speed
    assert requests.get(url, timeout=60).status_code == 200
    before = memory_peak_kb(process.pid)
    response = requests.post(url, files={"file": ("big.bin", b"a" * 100_000_000)}, timeout=60)
    # A multipart body within the limit: Twisted no longer parses it in memory (about 11 times
    # its size) next to Django.
    within = requests.post(url, files={"file": ("ok.bin", b"a" * (LIMIT - 1000))}, timeout=60)
    after = memory_peak_kb(process.pid)

    assert response.status_code == 413
    assert within.status_code == 403  # read and parsed: the CSRF check refuses it
    assert after - before < 60 * 1024, f"memory peak grew by {(after - before) // 1024} MB"


# Content-Security-Policy ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/accounts/login/",
        "/no/such/page/",
        "/api/v2/authenticate",
        "/api/v2/docs",
        "/static/qcweb/app.js",
    ],
)
def test_every_response_has_the_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy  # no inline scripts, no eval
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_refusals_have_the_policy_too(client):
    assert "Content-Security-Policy" in post_declaring(client, "/", LIMIT + 1)


# From the first line of every document on (Chromium's DevTools protocol): record violations,
# and the web workers started with their errors (a violation inside a worker is reported there).
VIOLATION_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.effectiveDirective} ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
window.__workers = [];
window.Worker = class extends window.Worker {
  constructor(url, options) {
    super(url, options);
    const record = { url: String(url), error: null };
    this.addEventListener("error", (e) => { record.error = e.message || "failed"; });
    window.__workers.push(record);
  }
};
"""
# In the IDE: a diff computed by Monaco's worker (the conflict view's diff editor).
MONACO_DIFF = """
const m = window.qcwebIde.monaco;
const diff = m.editor.createDiffEditor(document.body.appendChild(document.createElement("div")));
diff.onDidUpdateDiff(() => { window.__diff = diff.getLineChanges(); });
diff.setModel({original: m.editor.createModel("a\\nb\\n"), modified: m.editor.createModel("a\\nc\\n")});
"""


def violations(driver) -> list[str]:
    return driver.execute_script("return window.__csp")


LOADED = "return document.readyState === 'complete'"


def visit(driver, url: str, ready: str | None = None) -> list[str]:
    driver.get(url)
    wait_js(driver, ready or LOADED)
    time.sleep(0.5)  # late requests: htmx panels, the websocket, Monaco's workers and fonts
    return violations(driver)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_pages_work_within_the_policy(
    browser,  # noqa: F811
    live_server,
    owner,
    organization,
    make_completed,  # noqa: F811
):
    from projects.services import project_create

    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": VIOLATION_LISTENER})
    base = live_server.url
    found: dict[str, list[str]] = {}
    for path in ("/", "/accounts/login/", "/accounts/signup/", "/api/v2/docs"):
        found[path] = visit(browser, base + path)

    log_in(browser, live_server, owner.email)
    project = project_create(
        organization=organization, owner=owner, name="Policy", files={"main.py": "x = 1\n"}
    )
    first, second = make_completed(project), make_completed(project)
    pages = {
        "/": None,
        "/projects/": None,
        # Monaco: its loader, workers, fonts and styles
        f"/projects/{project.id}/": "return document.getElementById('ide').dataset.ready === 'true'",
        "/backtests/": None,
        f"/backtests/project/{project.id}/": None,
        # Plotly charts
        f"/backtests/{first.pk}/": "return !!document.querySelector('#chart-equity svg.main-svg')",
        f"/backtests/compare/?a={first.pk}&b={second.pk}": "return !!document.querySelector('svg.main-svg')",
        f"/backtests/{first.pk}/report/": "return !!document.querySelector('svg.main-svg')",
        reverse("accounts:account"): None,
        reverse("accounts:profile"): None,
        reverse("accounts:organization_home", args=[organization.id]): None,
        reverse("accounts:organization_members", args=[organization.id]): None,
        reverse("accounts:organization_resources", args=[organization.id]): None,
        reverse("accounts:billing", args=[organization.id]): None,
    }
    for path, ready in pages.items():
        found[f"{path} (logged in)"] = visit(browser, base + path, ready)
        if path == f"/projects/{project.id}/":
            browser.execute_script(MONACO_DIFF)
            wait_js(browser, "return window.__diff && window.__diff.length === 1")
            workers = browser.execute_script("return window.__workers")
            assert workers and all(w["error"] is None for w in workers), workers
            assert "projects/monaco-worker.js" in workers[0]["url"]
            found[f"{path} (logged in)"] += violations(browser)

    assert {path: v for path, v in found.items() if v} == {}
    # The listener does report what the policy blocks.
    browser.execute_script(
        "const s = document.createElement('script'); s.textContent = '1'; document.body.append(s);"
    )
    wait_js(browser, "return window.__csp.length > 0")
