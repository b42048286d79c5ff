"""The queue with a real Huey consumer: one backtest node, two backtests."""

from __future__ import annotations

import pytest

from accounts.models import Organization
from backtests.models import Backtest
from backtests.selectors import queue_position
from backtests.services import backtest_create
from backtests.tests.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_with_one_node_the_second_backtest_waits_then_runs(
    bt_settings, huey_consumer, organization, project, owner
):
    organization.tier = Organization.Tier.FREE  # one backtest node
    organization.save(update_fields=["tier"])

    first = backtest_create(project=project, user=owner)
    second = backtest_create(project=project, user=owner)
    second.refresh_from_db()
    first.refresh_from_db()
    assert first.status == Backtest.Status.RUNNING  # a run takes a second or two
    assert second.status == Backtest.Status.QUEUED
    assert queue_position(second) == 1

    def finished():
        rows = list(Backtest.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk"))
        return rows if all(b.is_finished for b in rows) else None

    first, second = wait_until(finished, timeout=90)
    assert first.status == second.status == Backtest.Status.COMPLETED, (first.error, second.error)
    assert second.started_at >= first.finished_at  # never both at once
    assert first.fingerprint == second.fingerprint
    assert first.net_profit == second.net_profit


def test_two_nodes_run_two_at_once(bt_settings, huey_consumer, organization, project, owner):
    organization.tier = Organization.Tier.RESEARCHER  # two backtest nodes
    organization.save(update_fields=["tier"])
    backtests = [backtest_create(project=project, user=owner) for _ in range(2)]
    statuses = {b.status for b in Backtest.objects.filter(pk__in=[b.pk for b in backtests])}
    assert Backtest.Status.QUEUED not in statuses
    wait_until(
        lambda: all(
            b.is_finished for b in Backtest.objects.filter(pk__in=[b.pk for b in backtests])
        ),
        timeout=90,
    )


def test_concurrent_dispatchers_never_exceed_the_node_count(
    bt_settings, organization, project, owner, monkeypatch
):
    import threading

    from django.db import OperationalError, connection

    from backtests.services import backtest_dispatch

    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)
    organization.tier = Organization.Tier.FREE
    organization.save(update_fields=["tier"])
    for _ in range(5):
        backtest_create(project=project, user=owner)
    Backtest.objects.update(status=Backtest.Status.QUEUED)
    barrier = threading.Barrier(6)
    started: list[int] = []

    def dispatcher():
        barrier.wait()
        for _ in range(20):  # SQLite's in-memory test database refuses rather than waits
            try:
                started.extend(backtest_dispatch(organization_id=organization.pk))
                break
            except OperationalError:
                continue
        connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Backtest.objects.filter(status=Backtest.Status.RUNNING).count() == 1
    assert len(started) == 1
