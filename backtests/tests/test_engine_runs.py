"""Real engine runs (a subprocess per backtest): success, bad input, faults, reproducibility."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from django.db import connection

from backtests.models import Backtest
from backtests.selectors import backtest_result
from backtests.services import backtest_create
from backtests.tests.conftest import ALGORITHMS, run_now
from tests.fixtures import processes_with

pytestmark = [pytest.mark.db_independent, pytest.mark.django_db]


def _files(project) -> dict[str, str]:
    return dict(project.files.values_list("name", "content"))


def test_a_backtest_completes_with_statistics_charts_orders_and_logs(bt_settings, project, owner):
    backtest = run_now(backtest_create(project=project, user=owner))
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    assert backtest.progress == 1.0
    result = backtest_result(backtest)
    assert result["statistics"]["Total Orders"] == str(backtest.total_orders)
    assert backtest.total_orders > 0
    assert backtest.net_profit is not None and backtest.sharpe_ratio is not None
    assert backtest.drawdown is not None and backtest.drawdown >= 0
    assert "Moving averages" in result["charts"]
    assert backtest.log_path.read_text().count("buy at") >= 1
    assert backtest.started_at and backtest.finished_at
    assert len(backtest.fingerprint) == 64
    assert backtest.parameters == {"fast": "30"}
    assert backtest.synthetic_data and backtest.data_dir == str(bt_settings.QCWEB_DATA_DIR)


def test_same_fingerprint_gives_identical_statistics(bt_settings, project, owner):
    first = run_now(backtest_create(project=project, user=owner))
    second = run_now(backtest_create(project=project, user=owner))
    assert first.status == second.status == Backtest.Status.COMPLETED
    assert first.fingerprint == second.fingerprint
    assert backtest_result(first)["statistics"] == backtest_result(second)["statistics"]
    # a different parameter is a different fingerprint
    third = run_now(backtest_create(project=project, user=owner, parameters={"fast": "20"}))
    assert third.fingerprint != first.fingerprint


@pytest.mark.parametrize(
    ("algorithm", "expected"),
    [
        ("syntax_error", "SyntaxError"),
        ("forbidden_import", "subprocess"),
        ("on_data_exception", "KeyError"),
    ],
)
def test_bad_algorithms_end_as_runtime_errors(
    bt_settings, make_project, owner, algorithm, expected
):
    project = make_project(ALGORITHMS[algorithm], name=algorithm)
    before = _files(project)
    backtest = run_now(backtest_create(project=project, user=owner))
    assert backtest.status == Backtest.Status.RUNTIME_ERROR
    assert expected in backtest.error + backtest.stacktrace
    assert _files(project) == before
    assert str(backtest.directory) not in backtest.error + backtest.stacktrace  # no server paths
    from backtests.views import error_location

    assert error_location(backtest.error, backtest.stacktrace)["file"] == "main.py"


def test_exception_in_on_data_points_at_the_users_file_and_line(bt_settings, make_project, owner):
    project = make_project(ALGORITHMS["on_data_exception"], name="crashy")
    backtest = run_now(backtest_create(project=project, user=owner))
    assert "main.py" in backtest.stacktrace and "line 11" in backtest.stacktrace


def test_an_infinite_loop_is_stopped_by_the_time_limit(bt_settings, make_project, owner):
    bt_settings.QCWEB_BACKTEST_MAX_SECONDS = 2
    project = make_project(ALGORITHMS["infinite_loop"], name="forever")
    started = time.monotonic()
    backtest = run_now(backtest_create(project=project, user=owner))
    assert time.monotonic() - started < 20
    assert backtest.status == Backtest.Status.RUNTIME_ERROR
    assert "time limit" in backtest.error


def test_endless_allocation_is_stopped_by_the_memory_limit(bt_settings, make_project, owner):
    bt_settings.QCWEB_BACKTEST_MAX_MEMORY_MB = 1536
    project = make_project(ALGORITHMS["memory_hog"], name="hungry")
    backtest = run_now(backtest_create(project=project, user=owner))
    assert backtest.status == Backtest.Status.RUNTIME_ERROR
    assert "memory" in backtest.error.lower()


def test_an_engine_process_killed_mid_run_ends_as_runtime_error(bt_settings, make_project, owner):
    project = make_project(ALGORITHMS["infinite_loop"], name="victim")
    backtest = backtest_create(project=project, user=owner)
    marker = str(backtest.directory)

    def killer():
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            pids = processes_with("engine", marker)
            if pids:
                time.sleep(0.5)
                for pid in pids:
                    os.kill(pid, signal.SIGKILL)
                return
            time.sleep(0.1)

    thread = threading.Thread(target=killer)
    thread.start()
    backtest = run_now(backtest)
    thread.join()
    assert backtest.status == Backtest.Status.RUNTIME_ERROR
    assert "killed" in backtest.error
    assert Backtest.objects.filter(status=Backtest.Status.RUNNING).count() == 0


@pytest.mark.django_db(transaction=True)
def test_cancelling_a_running_backtest(bt_settings, make_project, owner, monkeypatch):
    from backtests import services
    from backtests.services import execution

    # user code never polls the cancel file: the worker kills it after the grace period
    monkeypatch.setattr(execution, "CANCEL_GRACE_SECONDS", 1)
    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)  # run below
    project = make_project(ALGORITHMS["infinite_loop"], name="cancel me")
    backtest = backtest_create(project=project, user=owner)

    def cancel_soon():
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if processes_with("engine", str(backtest.directory)):
                time.sleep(0.5)
                services.backtest_cancel(backtest=Backtest.objects.get(pk=backtest.pk))
                connection.close()
                return
            time.sleep(0.1)

    thread = threading.Thread(target=cancel_soon)
    thread.start()
    done = run_now(backtest)
    thread.join()
    assert done.status == Backtest.Status.CANCELLED
    assert done.error == ""


ENV_PROBE = """from AlgorithmImports import *
import os


class Probe(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 5)
        self.add_equity("SPY", Resolution.DAILY)
        self.log("ENV " + ",".join(sorted(os.environ)))
        self.log("HASH " + str(hash("qcweb")))
"""


def test_the_engine_process_sees_no_secrets_and_a_fixed_hash_seed(
    bt_settings, make_project, owner, monkeypatch
):
    monkeypatch.setenv("SECRET_KEY", "do-not-leak")
    monkeypatch.setenv("DATABASE_URL", "postgres://user:pw@db/qcweb")
    project = make_project(ENV_PROBE, name="probe")
    first = run_now(backtest_create(project=project, user=owner))
    second = run_now(backtest_create(project=project, user=owner))
    log = first.log_path.read_text()
    assert first.status == Backtest.Status.COMPLETED, first.error
    env_line = next(line for line in log.splitlines() if "ENV " in line)
    assert "SECRET_KEY" not in env_line and "DATABASE_URL" not in env_line
    assert "PYTHONHASHSEED" in env_line
    hashes = [
        next(line for line in b.log_path.read_text().splitlines() if "HASH " in line)
        for b in (first, second)
    ]
    assert hashes[0].split("HASH ")[1] == hashes[1].split("HASH ")[1]


LEAN_SAMPLE = """from AlgorithmImports import *


class BasicTemplate(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        self.add_equity("SPY", Resolution.MINUTE)

    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings("SPY", 1)
"""


def test_a_real_lean_data_folder_can_be_the_data_dir(bt_settings, make_project, owner):
    from engine.tests.conftest import lean_data_path

    folder = lean_data_path()
    if not folder.is_dir():
        pytest.skip(f"LEAN sample data not found at {folder}")
    bt_settings.QCWEB_DATA_DIR = folder
    backtest = run_now(backtest_create(project=make_project(LEAN_SAMPLE, name="basic"), user=owner))
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    assert backtest.total_orders == 1
    assert backtest.net_profit is not None and backtest.net_profit != 0
    assert not (folder / "SYNTHETIC_DATA.md").exists()  # nothing generated into a real folder
    assert not backtest.synthetic_data


def test_without_a_sandbox_the_backtest_is_refused_with_the_reason(
    bt_settings, project, owner, monkeypatch
):
    from qcweb import sandbox

    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    backtest = run_now(backtest_create(project=project, user=owner))
    assert backtest.status == Backtest.Status.RUNTIME_ERROR
    assert "bubblewrap is not installed" in backtest.error
    assert "QCWEB_UNSAFE_NO_SANDBOX" in backtest.error
    assert backtest.finished_at is not None


def test_the_unsafe_setting_runs_without_isolation_and_says_so(
    bt_settings, project, owner, owner_client
):
    from django.urls import reverse

    bt_settings.QCWEB_UNSAFE_NO_SANDBOX = True
    backtest = run_now(backtest_create(project=project, user=owner))
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    assert backtest.isolated is False
    page = owner_client.get(reverse("backtests:detail", args=[backtest.pk])).content.decode()
    assert "isolated: no" in page
