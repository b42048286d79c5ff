"""Scale beyond one machine: two Huey consumer processes on Redis, each with its own working
folder (its own QCWEB_BACKTESTS_DIR and var/), sharing only Redis, the database and the result
storage, run one optimization together. A throwaway Redis server listens on a unix socket
(tests/redis_server.py); the consumers are `manage.py run_huey` as on a worker host."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection

from backtests.models import Backtest, Optimization
from backtests.optimization.selectors import best_trial, overfitting_of, trials_of
from backtests.optimization.services import optimization_create
from backtests.storage import LOG, RESULTS
from backtests.tests.conftest import wait_until

REPO = Path(__file__).resolve().parents[3]
PERIOD = [{"name": "period", "min": "1", "max": "6", "step": "1"}]  # 6 backtests, "3" fails


def database_url() -> str:
    """The test database as a DATABASE_URL another process can open (SQLite: the file this run
    uses, not an in-memory database; PostgreSQL: the test database on the same server)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        user += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db.get("HOST") or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}@{host}{port}/{db['NAME']}"


def start_consumer(machine: Path, *, redis: str, results: Path, data: Path) -> subprocess.Popen:
    """`manage.py run_huey` with one worker thread, as a worker host would run it."""
    (machine / "backtests").mkdir(parents=True)
    (machine / "var").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qcweb.settings",
        "HUEY_IMMEDIATE": "0",
        "HUEY_WORKERS": "1",
        "REDIS_URL": redis,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "two-workers-test",
        "QCWEB_VAR_DIR": str(machine / "var"),
        "QCWEB_BACKTESTS_DIR": str(machine / "backtests"),
        "QCWEB_RESULTS_DIR": str(results),
        "QCWEB_DATA_DIR": str(data),
        "QCWEB_BACKTEST_MAX_SECONDS": "60",
        "QCWEB_OBJECTSTORE_DIR": str(django_settings.QCWEB_OBJECTSTORE_DIR),
    }
    log = open(machine / "consumer.log", "wb")  # noqa: SIM115  (closed with the process)
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def ran_here(machine: Path) -> set[str]:
    """Backtest ids whose job this machine ran (the worker keeps each job's snapshot folder)."""
    return {p.name for p in (machine / "backtests").iterdir() if (p / "project").is_dir()}


@pytest.mark.django_db(transaction=True)
def test_two_consumers_on_redis_run_one_optimization(
    bt_settings,
    redis_url,
    opt_project,
    owner,
    tmp_path,
):
    from huey.contrib.djhuey import HUEY
    from huey.storage import RedisStorage

    shared_results = tmp_path / "shared-results"
    bt_settings.QCWEB_RESULTS_DIR = shared_results  # the web side reads the same storage
    machines = [tmp_path / "machine-a", tmp_path / "machine-b"]
    consumers = [
        start_consumer(m, redis=redis_url, results=shared_results, data=bt_settings.QCWEB_DATA_DIR)
        for m in machines
    ]
    # This process is the web server: it enqueues to the same Redis queue and runs no task.
    old_storage, old_immediate = HUEY.storage, HUEY._immediate
    HUEY.storage = RedisStorage(HUEY.name, url=redis_url)
    HUEY._immediate = False
    try:
        time.sleep(3)  # both consumers are listening before the first task is queued
        for consumer, machine in zip(consumers, machines, strict=True):
            assert consumer.poll() is None, (machine / "consumer.log").read_text()
        started = time.monotonic()
        optimization = optimization_create(
            project=opt_project, user=owner, parameters=PERIOD, node_count=2, target="NetProfit"
        )
        wait_until(lambda: Optimization.objects.get(pk=optimization.pk).is_finished, timeout=240)
        elapsed = time.monotonic() - started
    finally:
        HUEY.storage = old_storage
        HUEY._immediate = old_immediate
        for consumer in consumers:
            if consumer.poll() is None:
                os.killpg(consumer.pid, signal.SIGINT)  # Huey's graceful stop
        for consumer in consumers:
            try:
                consumer.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(consumer.pid, signal.SIGKILL)
                consumer.wait()
    logs = "\n".join((m / "consumer.log").read_text(errors="replace") for m in machines)

    optimization.refresh_from_db()
    assert optimization.status == Optimization.Status.COMPLETED, logs[-4000:]
    trials = list(trials_of(optimization))
    backtests = {t.backtest.backtest_id for t in trials}
    assert [t.parameters["period"] for t in trials] == ["1", "2", "3", "4", "5", "6"]
    # both machines ran backtests of this optimization, each backtest on exactly one of them
    on_a, on_b = (ran_here(m) for m in machines)
    assert on_a and on_b, (on_a, on_b, logs[-4000:])
    assert on_a.isdisjoint(on_b) and on_a | on_b == backtests
    # the results are complete: every outcome recorded, the files in the shared storage only
    statuses = {t.parameters["period"]: t.status for t in trials}
    assert statuses == {p: "Completed" for p in "12456"} | {"3": "RuntimeError"}
    for trial in trials:
        stored = shared_results / trial.backtest.backtest_id / "out"
        assert (stored / LOG).is_file()
        if trial.status == Backtest.Status.COMPLETED:
            assert (stored / RESULTS).is_file() and "netProfit" in trial.statistics
        for machine in machines:
            assert not (machine / "backtests" / trial.backtest.backtest_id / "out").exists()
    assert (
        "period 3 is not supported"
        in Backtest.objects.get(
            pk=next(t.backtest_id for t in trials if t.parameters["period"] == "3")
        ).error
    )
    assert best_trial(optimization) is not None
    checks = overfitting_of(optimization)  # daily returns read back from the shared storage
    assert checks is not None and checks["trials"] == 5
    print(f"two consumers: 6 backtests in {elapsed:.1f} s; A ran {len(on_a)}, B ran {len(on_b)}")
