"""A real Huey consumer process (`manage.py run_huey`) runs a deployment; it is killed mid-run
(SIGKILL, as a crash or an out-of-memory kill would) and started again: the deployment resumes
from its saved state (algorithm time, cash, holdings) instead of staying "Running" forever."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from live.models import LiveDeployment
from live.services import live_deploy, live_stop
from tests.fixtures import processes_with

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.db_independent]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shared_queue(tmp_path, settings, live_data, channel_layer_db):
    """This process and the consumer processes share the database file, the Huey queue file and
    the var folder (live deployments' files)."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    var = tmp_path / "var"
    var.mkdir()
    settings.QCWEB_LIVE_DIR = var / "live"
    settings.QCWEB_DATA_DIR = live_data
    unsafe = shutil.which("bwrap") is None
    settings.QCWEB_UNSAFE_NO_SANDBOX = unsafe
    old_storage, old_immediate = HUEY.storage, HUEY._immediate
    HUEY._immediate = False
    HUEY.storage = SqliteStorage(HUEY.name, filename=str(var / "huey.sqlite3"))
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the consumer process shares the SQLite test database file")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database['NAME']}",
        "QCWEB_VAR_DIR": str(var),
        "QCWEB_DATA_DIR": str(live_data),
        "CHANNEL_LAYER_DB": channel_layer_db,
        "HUEY_IMMEDIATE": "0",
        "HUEY_WORKERS": "2",
        "QCWEB_UNSAFE_NO_SANDBOX": "1" if unsafe else "0",
        "DJANGO_SETTINGS_MODULE": "qcweb.settings",
    }
    env.pop("REDIS_URL", None)
    try:
        yield env
    finally:
        HUEY.storage.close()
        HUEY.storage = old_storage
        HUEY._immediate = old_immediate


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_huey"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(deployment, condition, what: str, log: Path, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        deployment.refresh_from_db()
        if condition(deployment):
            return deployment
        time.sleep(0.25)
    events = [e.text for e in deployment.events.all()]
    pytest.fail(
        f"{what}: {deployment.status} {deployment.error} at {deployment.state.get('time')} "
        f"{events}\nworker log:\n{log.read_text()[-3000:]}"
    )


def held(deployment) -> float:
    return sum(h.get("quantity") or 0 for h in (deployment.state.get("holdings") or {}).values())


def test_a_killed_worker_resumes_the_deployment_from_its_saved_state(
    shared_queue, tmp_path, project, owner, node
):
    log = tmp_path / "worker.log"
    worker = start_worker(shared_queue, log)
    try:
        deployment = live_deploy(
            project=project,
            user=owner,
            node=node,
            replay_start=date(2024, 1, 2),
            replay_speed=3600,
            starting_cash={"USD": 50000},
        )
        first = wait_for(
            deployment,
            lambda d: d.status == "Running" and d.log_lines >= 3 and held(d) > 0,
            "the first worker never ran it",
            log,
        )
        saved_time, saved_quantity = first.state["time"], held(first)
        saved_lines = first.log_lines

        os.kill(worker.pid, signal.SIGKILL)  # the worker dies without any clean-up
        worker.wait(timeout=10)
        deadline = time.monotonic() + 10
        while processes_with(deployment.deploy_id) and time.monotonic() < deadline:
            time.sleep(0.2)
        # its engine process went with it (the sandbox's job dies with its worker)
        assert processes_with(deployment.deploy_id) == []
        deployment.refresh_from_db()
        assert deployment.status == LiveDeployment.Status.RUNNING  # as the dead worker left it

        worker = start_worker(shared_queue, log)
        resumed = wait_for(
            deployment,
            lambda d: (
                d.status == "Running"
                and d.events.filter(text__startswith="The worker restarted: resuming from").exists()
                and d.log_lines >= saved_lines + 3
            ),
            "the restarted worker never resumed it",
            log,
        )
        assert resumed.state["time"] >= saved_time  # algorithm time went on, not back
        assert held(resumed) == pytest.approx(saved_quantity)  # the holdings came back
        assert resumed.restarts == 0  # a worker restart is not a crash's restart attempt
        assert any("resuming from 2024-01-02T" in e.text for e in resumed.events.all())

        live_stop(deployment=deployment, user=owner)
        stopped = wait_for(
            deployment, lambda d: d.status == "Stopped", "the stop never completed", log
        )
        assert stopped.log_path.read_text().count("\n") >= saved_lines  # nothing lost
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGINT)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
