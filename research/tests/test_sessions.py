"""The live Jupyter server: started on a research node in the real sandbox by a real Huey worker,
reached only through the site's proxy (HTTP and the kernel websocket) by the session's own user;
a kernel runs 1+1, cannot reach the network or the host's files, and a notebook saved in Jupyter
comes back to the project."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import AsyncClient
from django.urls import reverse

from backtests.tests.conftest import wait_until
from projects.services import project_create
from qcweb import sandbox
from research import origin
from research.models import ResearchSession
from research.routing import websocket_urlpatterns

pytestmark = [pytest.mark.db_independent, pytest.mark.django_db(transaction=True)]
pytest.importorskip("jupyter_server")

app = URLRouter(websocket_urlpatterns)


@pytest.fixture
def short_research_dir(research_settings):
    # A UNIX socket's path holds at most 108 bytes: pytest's tmp_path is too deep.
    folder = Path(tempfile.mkdtemp(prefix="rs-", dir="/tmp"))
    research_settings.QCWEB_RESEARCH_DIR = folder
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


class ResearchClient(AsyncClient):
    """An async test client whose requests go to `host` (the research origin); AsyncClient
    always sends Host: testserver."""

    def __init__(self, host: str) -> None:
        super().__init__()
        self.research_host = host

    def _base_scope(self, **request):
        scope = super()._base_scope(**request)
        headers = [(k, v) for k, v in scope["headers"] if k != b"host"]
        scope["headers"] = [(b"host", self.research_host.encode()), *headers]
        return scope


def message(code: str) -> dict:
    msg_id = uuid.uuid4().hex
    return {
        "header": {
            "msg_id": msg_id,
            "username": "test",
            "session": uuid.uuid4().hex,
            "msg_type": "execute_request",
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False},
        "channel": "shell",
        "buffers": [],
    }  # fmt: skip


async def execute(communicator, code: str) -> tuple[str, str]:
    """(result text/plain, stdout) of one execute_request over the kernel websocket."""
    request = message(code)
    await communicator.send_to(text_data=json.dumps(request))
    result, stdout = "", ""
    while True:
        reply = json.loads(await communicator.receive_from(timeout=60))
        if reply.get("parent_header", {}).get("msg_id") != request["header"]["msg_id"]:
            continue
        kind = reply["header"]["msg_type"]
        if kind == "execute_result":
            result = reply["content"]["data"]["text/plain"]
        elif kind == "stream":
            stdout += reply["content"]["text"]
        elif kind == "error":
            stdout += f"{reply['content']['ename']}: {reply['content']['evalue']}"
        elif kind == "status" and reply["content"]["execution_state"] == "idle":
            return result, stdout


def running(session_id: int, client, page):
    """The session once it left "starting" (the page's poll is what marks it running)."""
    client.get(page)
    session = ResearchSession.objects.get(pk=session_id)
    return session if session.status != ResearchSession.Status.STARTING else None


def test_a_jupyter_server_in_the_sandbox_through_the_proxy(
    short_research_dir,
    one_worker_consumer,
    organization,
    owner,
    owner_client,
    outsider,
    outsider_client,
    research_node,
):
    project = project_create(organization=organization, owner=owner, name="Live research")
    page = reverse("research:session", args=[project.id])
    assert owner_client.post(page).status_code == 302
    try:
        check_session(project, page, owner, owner_client, outsider, outsider_client)
    finally:
        for session in ResearchSession.objects.exclude(process=None):
            sandbox.Detached.from_dict(session.process).stop()


def check_session(project, page, owner, owner_client, outsider, outsider_client):
    session = wait_until(
        lambda: running(ResearchSession.objects.get().pk, owner_client, page), timeout=120
    )
    assert session.status == ResearchSession.Status.RUNNING, session.error
    # The server holds no worker thread: the consumer's only thread runs another task now.
    from research.tasks import supervise_sessions_task

    supervise_sessions_task()  # (a periodic task's result is not stored: its look is)
    wait_until(
        lambda: ResearchSession.objects.get(pk=session.pk).heartbeat > session.heartbeat,
        timeout=60,
    )
    base = session.base_url
    assert "Open JupyterLab" in owner_client.get(page).content.decode()
    # the site's own origin never serves Jupyter, even to the session's user
    assert owner_client.get(base + "api/status").status_code == 404

    # another organization's user: 404 on the page and on "Open JupyterLab"
    opener = reverse("research:session_open", args=[project.id])
    assert outsider_client.get(page).status_code == 404
    assert outsider_client.post(opener, {"next": "lab"}).status_code == 404
    handed = owner_client.post(opener, {"next": "lab"})
    assert handed.status_code == 302
    link = handed["Location"]
    assert link.startswith(f"{settings.QCWEB_RESEARCH_ORIGIN}/research/{project.id}/handover/?t=")
    handover_path = link[len(settings.QCWEB_RESEARCH_ORIGIN) :]
    host = origin.research_host()
    here = f"http://{host}"

    async def scenario():
        # the site's login means nothing on the research origin: no handover, no access
        stranger = ResearchClient(host)
        await stranger.aforce_login(owner)
        assert (await stranger.get(base + "api/status")).status_code == 404
        assert (await stranger.get(page)).status_code == 404  # no site page there either

        client = ResearchClient(host)
        landed = await client.get(handover_path)
        assert landed.status_code == 302 and landed["Location"] == base + "lab"
        cookie = landed.cookies[origin.COOKIE]
        assert cookie["httponly"] and cookie["path"] == base
        assert "sessionid" not in landed.cookies
        again = ResearchClient(host)
        assert (await again.get(handover_path)).status_code == 404  # one use only
        status = await client.get(base + "api/status")
        assert status.status_code == 200
        assert "'unsafe-eval'" in status["Content-Security-Policy"]  # the research origin's
        created = await client.post(
            base + "api/kernels",
            data=json.dumps({"name": "python3"}),
            content_type="application/json",
            headers={"Origin": here},
        )
        body = b"".join([chunk async for chunk in created.streaming_content])
        assert created.status_code == 201, body
        kernel = json.loads(body)["id"]
        # a cross-site POST (no Origin of this site) is refused by the proxy
        forged = await client.post(base + "api/kernels", data="{}", content_type="application/json")
        assert forged.status_code == 403

        channels = f"{base}api/kernels/{kernel}/channels"
        key = cookie.value
        for headers, cookies in (
            ([(b"host", host.encode())], {}),  # no handover cookie
            ([(b"host", host.encode())], {origin.COOKIE: "forged"}),
            ([(b"host", b"testserver")], {origin.COOKIE: key}),  # the site's origin
        ):
            intruder = WebsocketCommunicator(app, channels, headers=headers)
            intruder.scope["cookies"] = cookies
            connected, _ = await intruder.connect()
            assert not connected

        communicator = WebsocketCommunicator(app, channels, headers=[(b"host", host.encode())])
        communicator.scope["cookies"] = {origin.COOKIE: key}
        connected, _ = await communicator.connect(timeout=30)
        assert connected
        assert (await execute(communicator, "1+1"))[0] == "2"
        _, out = await execute(
            communicator,
            "import os, socket\n"
            "try:\n"
            "    socket.create_connection(('1.1.1.1', 53), timeout=3); print('NET open')\n"
            "except OSError as e:\n"
            "    print('NET blocked', e.errno)\n"
            # the repository's code (its folder itself may exist inside: the Python runtime of
            # a virtualenv kept in the repository is mounted read-only, and nothing else of it)
            f"print('HOST', os.path.exists({str(settings.BASE_DIR / 'manage.py')!r}), "
            f"os.path.exists({str(settings.VAR_DIR)!r}), os.path.exists('/etc/passwd'))\n"
            "print('JOB', sorted(os.listdir('/job')))\n"
            "from AlgorithmImports import *\n"
            "qb = QuantBook(); qb.set_start_date(2024, 3, 1)\n"
            "print('BARS', len(qb.history(qb.add_equity('SPY').symbol, 5, Resolution.DAILY)))",
        )
        assert "NET blocked" in out, out
        assert "HOST False False False" in out, out
        assert "JOB ['data', 'out']" in out, out
        assert "BARS 5" in out, out
        await communicator.disconnect()

        # a notebook saved through Jupyter's contents API comes back to the project
        notebook = json.loads(original)
        notebook["cells"].append(
            {"cell_type": "markdown", "metadata": {}, "source": "saved from Jupyter", "id": "x1"}
        )
        saved = await client.put(
            base + "api/contents/research.ipynb",
            data=json.dumps({"type": "notebook", "format": "json", "content": notebook}),
            content_type="application/json",
            headers={"Origin": here},
        )
        assert saved.status_code == 200
        # a file in a new sub-folder, and a deletion (main.py: refused, it is the entry point)
        for path, body in (
            ("lib", {"type": "directory"}),
            ("lib/helpers.py", {"type": "file", "format": "text", "content": "X = 1\n"}),
        ):
            made = await client.put(
                base + "api/contents/" + path,
                data=json.dumps(body),
                content_type="application/json",
                headers={"Origin": here},
            )
            assert made.status_code in (200, 201), path
        gone = await client.delete(base + "api/contents/main.py", headers={"Origin": here})
        assert gone.status_code == 204

    def project_file(name: str) -> str:
        return project.files.get(name=name).content

    original = project_file("research.ipynb")
    try:
        asyncio.run(asyncio.wait_for(scenario(), timeout=240))
    finally:
        asyncio.run(database_sync_to_async(connections.close_all)())
    # each save through the proxy queued a copy back (no periodic task runs in this test)
    wait_until(lambda: "saved from Jupyter" in project_file("research.ipynb"), timeout=30)
    wait_until(lambda: project.files.filter(name="lib/helpers.py").exists(), timeout=30)
    assert project_file("lib/helpers.py") == "X = 1\n"
    refused = wait_until(lambda: ResearchSession.objects.get(pk=session.pk).sync_refused)
    assert any(line.startswith("main.py: not deleted") for line in refused), refused
    assert "main.py: not deleted" in owner_client.get(page).content.decode()

    assert owner_client.post(reverse("research:session_stop", args=[project.id])).status_code == 302
    ended = wait_until(
        lambda: (
            ResearchSession.objects.filter(pk=session.pk)
            .exclude(status__in=ResearchSession.ACTIVE)
            .first()
        ),
        timeout=60,
    )
    assert ended.status == ResearchSession.Status.STOPPED
    assert not os.path.exists(ended.folder)
    assert owner_client.get(base + "api/status").status_code == 404
