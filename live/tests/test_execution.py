"""The worker body: a real sandboxed engine process replaying data, its state, log and equity
stored as it runs, stop and liquidate requests, crashes, and a worker restart."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection

from live import presenters
from live.models import LiveDeployment
from live.services import live_deploy, live_execute, live_resume_interrupted, live_stop
from live.services.execution import resume_point
from live.services.results import deployment_charts
from qcweb.snapshots import new_log_lines

from .conftest import CRASH, CRASH_AT_START

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.db_independent]


def deploy(project, owner, node, **kwargs):
    kwargs.setdefault("replay_start", date(2024, 1, 2))
    # An hour a second: the replay starts at midnight New York time and, as in a market, the first
    # bar comes at 09:31, so a slower replay spends most of a test waiting for the open
    # (at 600x that wait alone is about 57 seconds).
    kwargs.setdefault("replay_speed", 3600)
    return live_deploy(project=project, user=owner, node=node, **kwargs)


def invested(deployment) -> bool:
    """The algorithm holds something (the state lists every security, held or not)."""
    return any(h.get("quantity") for h in (deployment.state.get("holdings") or {}).values())


def run_until(deployment, condition, *, then, timeout=60.0):
    """Run the worker body on a thread; when `condition(deployment)` holds, call `then()`."""
    worker = threading.Thread(target=_execute, args=(deployment.pk,))
    worker.start()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            deployment.refresh_from_db()
            if condition(deployment):
                then()
                break
            time.sleep(0.2)
        else:
            # stop the engine so the worker thread ends rather than replaying on after the test
            LiveDeployment.objects.filter(pk=deployment.pk).update(stop_requested="stop")
            events = [e.text for e in deployment.events.all()]
            pytest.fail(
                f"never reached the condition: {deployment.status} {deployment.error} "
                f"({deployment.log_lines} log lines, at {deployment.state.get('time')}; {events})"
            )
    finally:
        worker.join(timeout=60)
    deployment.refresh_from_db()
    return deployment


def _execute(pk: int) -> None:
    try:
        live_execute(deployment_id=pk)
    finally:
        connection.close()


def test_a_deployment_runs_streams_its_state_and_stops_on_request(
    live_settings, project, owner, node, no_enqueue
):
    deployment = deploy(project, owner, node, starting_cash={"USD": 50000})
    done = run_until(
        deployment,
        lambda d: d.log_lines >= 5 and invested(d),
        then=lambda: live_stop(deployment=deployment, user=owner),
    )
    assert done.status == LiveDeployment.Status.STOPPED
    assert done.launched_at and done.stopped_at
    log = done.log_path.read_text()
    assert "bar 2024-01-02 09:31:00" in log
    assert done.log_lines >= 5
    assert done.state["time"].startswith("2024-01-02T")
    holding = next(iter(done.state["holdings"].values()))
    assert holding["quantity"] > 0
    assert 45000 < done.state["equity"] < 55000  # the starting cash, not the algorithm's default
    # the page shows the buy at its New York time (09:3x), not the engine's UTC (14:3x)
    page = presenters.page_context(done)
    assert page["time_zone"] == "America/New_York"
    bought = page["orders"][-1]
    assert bought["zone"] == "America/New_York" and bought["time"].startswith("2024-01-02 09:3")
    assert len(done.equity) >= 2
    assert done.isolated is not None
    assert not done.job_path.exists()  # the job's own folder is gone; the copies stay
    texts = [e.text for e in done.events.all()]
    assert texts[-2:] == ["Stop requested.", "Stopped."]
    # the user's chart, stored by the worker as the engine wrote it
    charts, skipped = deployment_charts(done)
    assert len(charts["Prices"]["series"]["SPY"]["values"]) >= 5 and skipped == 0


def test_stop_and_liquidate_sells_everything(live_settings, project, owner, node, no_enqueue):
    deployment = deploy(project, owner, node)
    done = run_until(
        deployment,
        invested,
        then=lambda: live_stop(deployment=deployment, user=owner, liquidate=True),
    )
    assert done.status == LiveDeployment.Status.LIQUIDATED
    assert all(h["quantity"] == 0 for h in done.state["holdings"].values())
    tags = [o.get("tag") for o in done.state["orders"].values()]
    assert "Liquidated by the user" in tags


def test_a_crash_before_any_state_is_a_runtime_error_with_the_trace(
    live_settings, make_project, owner, node, no_enqueue
):
    deployment = deploy(make_project(CRASH_AT_START), owner, node)
    live_execute(deployment_id=deployment.pk)
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.RUNTIME_ERROR
    assert "KeyError" in deployment.error + deployment.stacktrace
    assert "missing" in deployment.error + deployment.stacktrace
    assert no_enqueue == [deployment.pk]  # only the deploy: no restart without a saved state


def test_a_crash_after_it_ran_restarts_from_saved_state(
    live_settings, make_project, owner, node, no_enqueue
):
    deployment = deploy(make_project(CRASH), owner, node)
    LiveDeployment.objects.filter(pk=deployment.pk).update(
        state={"time": "2024-01-02T10:00:00", "cash": {"USD": {"amount": 1000.0}}}
    )
    live_execute(deployment_id=deployment.pk)
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.IN_QUEUE
    assert deployment.restarts == 1
    assert no_enqueue == [deployment.pk, deployment.pk]
    LiveDeployment.objects.filter(pk=deployment.pk).update(restarts=5)
    live_execute(deployment_id=deployment.pk)
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.RUNTIME_ERROR  # attempts used up


def test_a_worker_restart_resumes_running_deployments_from_saved_state(
    live_settings, project, owner, node, no_enqueue
):
    deployment = deploy(project, owner, node)
    saved = {
        "time": "2024-01-02T11:30:00",
        "cash": {"USD": {"amount": 1234.5}},
        "holdings": {
            "SPY R735QTJ8XC9X": {
                "symbol": {"value": "SPY"},
                "quantity": 7.0,
                "averagePrice": 470.25,
            }
        },
    }
    LiveDeployment.objects.filter(pk=deployment.pk).update(status="Running", state=saved)
    assert live_resume_interrupted() == 1
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.IN_QUEUE
    assert no_enqueue.count(deployment.pk) >= 2
    point = resume_point(deployment)
    assert point == {
        "start": "2024-01-02T11:30:00",
        "cash": {"USD": 1234.5},
        "holdings": [{"symbol": "SPY", "quantity": 7.0, "averagePrice": 470.25}],
    }
    assert "resuming from 2024-01-02T11:30:00" in deployment.events.last().text


def test_a_killed_worker_mid_run_resumes_the_engine_where_it_was(
    live_settings, project, owner, node, no_enqueue
):
    """The first run is cut off (its process killed, as when the worker dies); the resumed run
    starts from the saved algorithm time with the saved holdings."""
    deployment = deploy(project, owner, node)
    first = run_until(
        deployment,
        lambda d: d.log_lines >= 3 and invested(d),
        then=lambda: live_stop(deployment=deployment, user=owner),
    )
    # `run_until` refreshes and returns the same object: keep the first run's values
    saved_time, first_lines = first.state["time"], first.log_lines
    # as a worker start finds it: Running, no process
    LiveDeployment.objects.filter(pk=deployment.pk).update(status="Running", stop_requested="")
    live_resume_interrupted()
    resumed = run_until(
        deployment,
        lambda d: d.log_lines >= first_lines + 3,
        then=lambda: live_stop(deployment=deployment, user=owner),
    )
    assert resumed.status == LiveDeployment.Status.STOPPED
    assert resumed.state["time"] >= saved_time
    log = resumed.log_path.read_text().splitlines()
    bars = [line for line in log if " bar " in line or line.startswith("bar ")]
    assert bars == sorted(bars)  # no replayed minute was played twice out of order


def test_new_log_lines_counts_against_the_engine_total():
    assert new_log_lines({"logs": ["a", "b", "c"], "logCount": 3}, 1) == (["b", "c"], 3)
    lines, seen = new_log_lines({"logs": ["y", "z"], "logCount": 10}, 0)
    assert seen == 10 and lines[1:] == ["y", "z"] and "8 lines" in lines[0]
    assert new_log_lines({"logs": "junk", "logCount": 5}, 0) == ([], 0)
