"""Services without engine runs: create, queue and dispatch, cancel, update, delete, restore,
stale workers, key numbers, names, fingerprints."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Organization
from backtests import services
from backtests.fingerprint import backtest_fingerprint, data_fingerprint, engine_version
from backtests.models import Backtest
from backtests.names import random_backtest_name
from backtests.selectors import backtest_nodes_for, queue_position
from backtests.services import (
    backtest_cancel,
    backtest_create,
    backtest_delete,
    backtest_dispatch,
    backtest_restore,
    backtest_update,
    backtests_reap_stale,
    key_numbers,
)
from backtests.tests.conftest import run_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_worker(monkeypatch):
    """Record enqueued runs instead of running them."""
    calls: list[int] = []
    monkeypatch.setattr(
        "backtests.tasks.run_backtest_task", lambda backtest_id: calls.append(backtest_id)
    )
    return calls


def _free(organization):
    organization.tier = Organization.Tier.FREE
    organization.save(update_fields=["tier"])


def test_create_snapshots_the_project_with_a_generated_name(bt_settings, project, owner):
    backtest = backtest_create(project=project, user=owner)
    assert re.fullmatch(r"[A-Z][\w-]*( [A-Z][\w-]*)+", backtest.name)
    assert re.fullmatch(r"[0-9a-f]{32}", backtest.backtest_id)
    assert backtest.status == Backtest.Status.QUEUED
    assert backtest.snapshot["files"]["main.py"] == project.files.get(name="main.py").content
    assert backtest.parameters == {"fast": "30"}
    assert backtest.organization_id == project.organization_id
    assert backtest.created_by == owner


def test_create_with_a_name(bt_settings, project, owner):
    assert backtest_create(project=project, user=owner, name="  My run ").name == "My run"


def test_snapshot_includes_libraries(bt_settings, make_project, owner):
    from projects.services import library_add

    library = make_project("def tax(x):\n    return x * 0.3\n", name="Calculators")
    project = make_project(name="Uses lib")
    library_add(project=project, library=library)
    backtest = backtest_create(project=project, user=owner)
    assert "Calculators/main.py" in backtest.snapshot["libraries"]
    assert "Calculators/main.py" not in backtest.snapshot["files"]


def test_dispatch_runs_at_most_the_node_count(
    bt_settings, project, owner, organization, _no_worker
):
    _free(organization)
    assert backtest_nodes_for(organization) == 1
    first = backtest_create(project=project, user=owner)
    second = backtest_create(project=project, user=owner)
    third = backtest_create(project=project, user=owner)
    assert backtest_dispatch(organization_id=organization.pk) == [first.pk]
    assert backtest_dispatch(organization_id=organization.pk) == []
    for b in (first, second, third):
        b.refresh_from_db()
    assert first.status == Backtest.Status.RUNNING
    assert (second.status, queue_position(second)) == (Backtest.Status.QUEUED, 1)
    assert (third.status, queue_position(third)) == (Backtest.Status.QUEUED, 2)
    # When the first ends, the next one starts.
    Backtest.objects.filter(pk=first.pk).update(status=Backtest.Status.COMPLETED)
    assert backtest_dispatch(organization_id=organization.pk) == [second.pk]
    third.refresh_from_db()
    assert queue_position(third) == 1


def test_team_tier_runs_several_at_once(bt_settings, project, owner, organization):
    created = [backtest_create(project=project, user=owner) for _ in range(3)]
    started = backtest_dispatch(organization_id=organization.pk)
    assert started == [b.pk for b in created]  # Team tier: 10 nodes


def test_cancel_a_queued_backtest(bt_settings, project, owner):
    backtest = backtest_create(project=project, user=owner)
    backtest_cancel(backtest=backtest)
    assert backtest.status == Backtest.Status.CANCELLED
    assert backtest.finished_at is not None


def test_cancel_a_dispatched_backtest_no_worker_picked_up(
    bt_settings, project, owner, organization
):
    backtest = backtest_create(project=project, user=owner)
    backtest_dispatch(organization_id=organization.pk)
    backtest_cancel(backtest=Backtest.objects.get(pk=backtest.pk))
    backtest.refresh_from_db()
    assert backtest.status == Backtest.Status.CANCELLED
    # the late worker does nothing
    services.backtest_execute(backtest_id=backtest.pk)
    backtest.refresh_from_db()
    assert backtest.status == Backtest.Status.CANCELLED


def test_cancel_a_running_backtest_asks_the_worker(bt_settings, project, owner, organization):
    backtest = backtest_create(project=project, user=owner)
    backtest_dispatch(organization_id=organization.pk)
    Backtest.objects.filter(pk=backtest.pk).update(started_at=timezone.now())
    backtest_cancel(backtest=Backtest.objects.get(pk=backtest.pk))
    backtest.refresh_from_db()
    assert backtest.status == Backtest.Status.RUNNING
    assert backtest.cancel_requested
    assert backtest.cancel_path.exists()


def test_update_and_delete(bt_settings, project, owner):
    backtest = backtest_create(project=project, user=owner)
    backtest_update(backtest=backtest, name="Renamed", note="try a slower average")
    backtest.refresh_from_db()
    assert (backtest.name, backtest.note) == ("Renamed", "try a slower average")
    backtest_update(backtest=backtest, name="   ")
    assert backtest.name == "Renamed"
    backtest.directory.mkdir(parents=True)
    (backtest.directory / "x").write_text("x")
    backtest_delete(backtest=backtest)
    assert not Backtest.objects.filter(pk=backtest.pk).exists()
    assert not backtest.directory.exists()


def test_restore_puts_the_snapshot_back(bt_settings, project, owner):
    from projects.services import file_create, file_save

    backtest = backtest_create(project=project, user=owner)
    original = project.files.get(name="main.py").content
    file_save(project=project, name="main.py", content="# changed\n", base_revision=None)
    file_create(project=project, name="extra.py", content="x = 1\n")
    backtest_restore(backtest=backtest)
    assert dict(project.files.values_list("name", "content")) == {"main.py": original}


def test_stale_running_backtests_become_worker_stopped(
    bt_settings, project, owner, organization, _no_worker, django_capture_on_commit_callbacks
):
    _free(organization)
    old = timezone.now() - timedelta(minutes=10)
    running = backtest_create(project=project, user=owner)
    queued = backtest_create(project=project, user=owner)
    Backtest.objects.filter(pk=running.pk).update(
        status=Backtest.Status.RUNNING, started_at=old, heartbeat_at=old
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert backtests_reap_stale() == 1
    running.refresh_from_db()
    queued.refresh_from_db()
    assert running.status == Backtest.Status.RUNTIME_ERROR
    assert "worker stopped" in running.error
    assert running.error.startswith("Runtime Error")
    assert queued.status == Backtest.Status.RUNNING  # the freed node went to the next one
    assert _no_worker == [queued.pk]


def test_dispatched_but_never_picked_up_is_enqueued_again(bt_settings, project, owner, _no_worker):
    backtest = backtest_create(project=project, user=owner)
    Backtest.objects.filter(pk=backtest.pk).update(
        status=Backtest.Status.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=10)
    )
    assert backtests_reap_stale() == 0
    assert _no_worker == [backtest.pk]
    backtest.refresh_from_db()
    assert backtest.status == Backtest.Status.RUNNING


def test_fresh_running_backtests_are_left_alone(bt_settings, project, owner):
    backtest = backtest_create(project=project, user=owner)
    Backtest.objects.filter(pk=backtest.pk).update(
        status=Backtest.Status.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    assert backtests_reap_stale() == 0


def test_key_numbers_are_the_engines_numeric_statistics():
    numbers = key_numbers(
        {
            "statistics": {"Net Profit": "ignored: the strings are for display"},
            "statisticsValues": {
                "netProfit": -1.292,
                "sharpeRatio": 1.067,
                "drawdown": 4.0,
                "compoundingAnnualReturn": 12.5,
                "probabilisticSharpeRatio": 45.1,
                "totalOrders": 82,
                "endEquity": 98707.91,
            },
        }
    )
    assert numbers == {
        "net_profit": -1.292,
        "sharpe_ratio": 1.067,
        "drawdown": 4.0,
        "compounding_annual_return": 12.5,
        "psr": 45.1,
        "total_orders": 82,
        "end_equity": 98707.91,
    }
    assert key_numbers({})["net_profit"] is None


def test_names_have_three_words():
    names = {random_backtest_name() for _ in range(30)}
    assert len(names) > 20
    assert all(len(n.split()) >= 3 for n in names)


def test_fingerprint_depends_on_every_input(tmp_path):
    (tmp_path / "a.csv").write_text("1")
    data_fp = data_fingerprint(tmp_path, max_age=0)
    base = dict(
        snapshot={"main.py": "x"},
        data_fp=data_fp,
        engine_ver=engine_version(),
        parameters={"a": "1"},
    )
    fp = backtest_fingerprint(**base)
    assert fp == backtest_fingerprint(**base)
    assert fp != backtest_fingerprint(**{**base, "snapshot": {"main.py": "y"}})
    assert fp != backtest_fingerprint(**{**base, "parameters": {"a": "2"}})
    assert fp != backtest_fingerprint(**{**base, "engine_ver": "other"})
    (tmp_path / "b.csv").write_text("2")
    assert data_fingerprint(tmp_path) == data_fp  # cached for a minute
    assert data_fingerprint(tmp_path, max_age=0) != data_fp
    assert json.dumps(fp)


def test_purchased_backtest_nodes_set_the_concurrency(organization):
    from accounts.models import Node

    assert backtest_nodes_for(organization) == 10  # Team tier, no nodes bought: the tier limit
    Node.objects.create(organization=organization, kind="backtest", model="B2-8", name="Node 1")
    assert backtest_nodes_for(organization) == 1


def test_seed_demo_adds_data_examples_and_a_completed_backtest(bt_settings, tmp_path):
    from django.core.management import call_command

    from accounts.models import User

    bt_settings.QCWEB_DATA_DIR = tmp_path / "empty-data"  # generated on first use
    from backtests import conf

    start, end = conf.DEMO_START, conf.DEMO_END
    conf.DEMO_START, conf.DEMO_END = "2024-01-02", "2024-02-29"  # keep the test fast
    try:
        call_command("seed_demo", stdout=open(tmp_path / "out.txt", "w"))
        call_command("seed_demo", stdout=open(tmp_path / "out2.txt", "w"))  # idempotent
    finally:
        conf.DEMO_START, conf.DEMO_END = start, end
    user = User.objects.get(email="demo@qcweb.local")
    assert (tmp_path / "empty-data" / "equity" / "usa" / "daily" / "spy.zip").exists()
    backtests = Backtest.objects.filter(created_by=user)
    assert backtests.count() == 1
    assert backtests.get().status == Backtest.Status.COMPLETED
    assert user.owned_projects.count() == 2


def test_create_from_a_compile_runs_exactly_the_compiled_files(bt_settings, project, owner):
    from projects.models import Compile
    from projects.services import file_save, project_compile

    result = project_compile(project=project)
    file_save(
        project=project, name="main.py", content="# edited after the compile\n", base_revision=None
    )
    compile_ = Compile.objects.get(compile_id=result.id)
    backtest = backtest_create(project=project, user=owner, compile=compile_)
    assert backtest.snapshot["files"]["main.py"] == compile_.files["main.py"]
    assert "edited after" not in backtest.snapshot["files"]["main.py"]


def test_logs_beyond_the_tier_limit_are_cut(bt_settings, make_project, owner, organization):
    _free(organization)  # 10 KB per backtest
    code = (
        "from AlgorithmImports import *\n\n"
        "class Chatty(QCAlgorithm):\n"
        "    def initialize(self):\n"
        "        self.set_start_date(2024, 1, 2)\n"
        "        self.set_end_date(2024, 1, 5)\n"
        "        self.add_equity('SPY', Resolution.DAILY)\n"
        "        for i in range(5000):\n"
        "            self.log(f'line {i}')\n"
    )
    backtest = run_now(backtest_create(project=make_project(code, name="chatty"), user=owner))
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    text = backtest.log_path.read_text()
    assert len(text.encode()) < 10 * 1024 + 200
    assert "the Free tier limit of 10 KB per backtest; later lines were dropped." in text
    assert text.rstrip().endswith(
        "The Quant Researcher tier and above allow more logs: upgrade Acme Capital on its Billing page."
    )
    assert "line 0\n" in text


def test_reaping_kills_the_engine_process_a_dead_worker_left(bt_settings, project, owner):
    import subprocess
    import sys

    backtest = backtest_create(project=project, user=owner)
    old = timezone.now() - timedelta(minutes=10)
    Backtest.objects.filter(pk=backtest.pk).update(
        status=Backtest.Status.RUNNING, started_at=old, heartbeat_at=old
    )
    orphan = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; time.sleep(60)",
            "engine",
            f"{backtest.directory}/project",
        ]
    )
    try:
        assert backtests_reap_stale() == 1
        assert orphan.wait(timeout=10) == -9
    finally:
        orphan.kill()
