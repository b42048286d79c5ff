"""The queue with project nodes (QuantConnect's project nodes): a project pinned to backtesting nodes runs
only on those; auto-select projects take any free node. Each run records its node."""

from __future__ import annotations

import pytest

from accounts.models import Node
from backtests.models import Backtest
from backtests.services import backtest_create, backtest_dispatch
from backtests.tests.conftest import SMA, wait_until
from projects.services import project_set_nodes

pytestmark = pytest.mark.django_db(transaction=True)


def _nodes(organization, *names):
    return [
        Node.objects.create(
            organization=organization, kind=Node.Kind.BACKTEST, model="B2-8", name=n
        )
        for n in names
    ]


def _finish(backtest):
    Backtest.objects.filter(pk=backtest.pk).update(status=Backtest.Status.COMPLETED)


def test_pinned_project_waits_for_its_node_while_others_use_the_free_one(
    bt_settings, organization, make_project, owner, monkeypatch
):
    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)
    alpha, beta = _nodes(organization, "alpha", "beta")
    pinned = make_project(SMA, name="Pinned")
    auto = make_project(SMA, name="Auto")
    project_set_nodes(project=pinned, node_ids=[str(alpha.id)])

    first = backtest_create(project=pinned, user=owner)
    second = backtest_create(project=pinned, user=owner)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.node, first.node_name) == (Backtest.Status.RUNNING, alpha, "alpha")
    assert second.status == Backtest.Status.QUEUED  # beta is free, but not one of its nodes

    other = backtest_create(project=auto, user=owner)
    other.refresh_from_db()
    assert (other.status, other.node) == (Backtest.Status.RUNNING, beta)  # not stuck behind it

    _finish(other)  # beta free again: still not for the pinned project
    assert backtest_dispatch(organization_id=organization.pk) == []
    _finish(first)
    assert backtest_dispatch(organization_id=organization.pk) == [second.pk]
    second.refresh_from_db()
    assert (second.status, second.node) == (Backtest.Status.RUNNING, alpha)


def test_auto_select_prefers_nodes_no_project_is_pinned_to(
    bt_settings, organization, make_project, owner, monkeypatch
):
    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)
    alpha, beta = _nodes(organization, "alpha", "beta")
    project_set_nodes(project=make_project(SMA, name="Pinned"), node_ids=[alpha.id])
    auto = make_project(SMA, name="Auto")
    first, second, third = (backtest_create(project=auto, user=owner) for _ in range(3))
    rows = {b.pk: b for b in Backtest.objects.filter(pk__in=[first.pk, second.pk, third.pk])}
    assert rows[first.pk].node == beta
    assert rows[second.pk].node == alpha  # auto-select may still use any free node
    assert rows[third.pk].status == Backtest.Status.QUEUED  # two nodes, two at once


def test_with_a_real_worker_a_pinned_project_runs_one_at_a_time_on_its_node(
    bt_settings, huey_consumer, organization, make_project, owner
):
    alpha, beta = _nodes(organization, "alpha", "beta")
    project = make_project(SMA, name="Pinned", parameters={"fast": "30"})
    project_set_nodes(project=project, node_ids=[str(beta.id)])
    backtests = [backtest_create(project=project, user=owner) for _ in range(2)]
    statuses = [
        b.status for b in Backtest.objects.filter(pk__in=[b.pk for b in backtests]).order_by("pk")
    ]
    assert statuses == [Backtest.Status.RUNNING, Backtest.Status.QUEUED]  # alpha stays idle

    def finished():
        rows = list(Backtest.objects.filter(pk__in=[b.pk for b in backtests]).order_by("pk"))
        return rows if all(b.is_finished for b in rows) else None

    first, second = wait_until(finished, timeout=90)
    assert first.status == second.status == Backtest.Status.COMPLETED, (first.error, second.error)
    assert first.node == second.node == beta
    assert first.node_name == second.node_name == "beta"
    assert second.started_at >= first.finished_at


def test_results_page_shows_the_node_that_ran_it(
    owner_client, make_completed, project, organization
):
    from django.urls import reverse

    completed = make_completed(project, name="On Alpha")  # no node rows: no node recorded
    (alpha,) = _nodes(organization, "alpha")
    url = reverse("backtests:detail", args=[completed.pk])
    assert 'id="backtest-node"' not in owner_client.get(url).content.decode()
    Backtest.objects.filter(pk=completed.pk).update(node=alpha, node_name="alpha")
    html = owner_client.get(url).content.decode()
    assert '<span class="mono" id="backtest-node">alpha</span>' in html


def test_a_run_on_the_free_node_names_it(bt_settings, make_project, owner, monkeypatch):
    # the results page's header says where it ran, as the Resources page names the free node
    from accounts.selectors import personal_organization

    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)
    personal = personal_organization(owner)
    project = make_project(SMA, name="Mine", org=personal)
    backtest = backtest_create(project=project, user=owner)
    backtest.refresh_from_db()
    assert (backtest.status, backtest.node, backtest.node_name) == (
        Backtest.Status.RUNNING,
        None,
        "B-MICRO (free)",
    )
    _finish(backtest)
    (node,) = _nodes(personal, "bought")
    later = backtest_create(project=project, user=owner)
    later.refresh_from_db()
    assert (later.node, later.node_name) == (node, "bought")


def test_the_free_node_starts_after_its_delay(bt_settings, make_project, owner, monkeypatch):
    import time

    from accounts.selectors import personal_organization
    from backtests.services import backtest_cancel, backtest_free_node_wait

    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)
    bt_settings.QCWEB_FREE_NODE_DELAY_SECONDS = 1.0
    personal = personal_organization(owner)
    project = make_project(SMA, name="Mine", org=personal)
    backtest = backtest_create(project=project, user=owner)
    began = time.monotonic()
    backtest_free_node_wait(backtest_id=backtest.pk, poll_seconds=0.1)
    assert time.monotonic() - began >= 0.8  # from its dispatch, a moment before
    backtest.refresh_from_db()
    assert backtest.started_at is None  # the worker claims it afterwards

    # cancelled while it waits: it stops waiting at once
    _finish(backtest)
    waiting = backtest_create(project=project, user=owner)
    bt_settings.QCWEB_FREE_NODE_DELAY_SECONDS = 30
    backtest_cancel(backtest=waiting)
    began = time.monotonic()
    backtest_free_node_wait(backtest_id=waiting.pk, poll_seconds=0.1)
    assert time.monotonic() - began < 1
    waiting.refresh_from_db()
    assert waiting.status == Backtest.Status.CANCELLED

    # a subscribed node has no delay
    _nodes(personal, "bought")
    paid = backtest_create(project=project, user=owner)
    began = time.monotonic()
    backtest_free_node_wait(backtest_id=paid.pk, poll_seconds=0.1)
    assert time.monotonic() - began < 0.5


def test_the_running_card_says_the_free_node_is_about_to_start(
    bt_settings, make_project, owner, client, monkeypatch
):
    from django.urls import reverse

    from accounts.selectors import personal_organization

    monkeypatch.setattr("backtests.tasks.run_backtest_task", lambda backtest_id: None)
    bt_settings.QCWEB_FREE_NODE_DELAY_SECONDS = 20
    project = make_project(SMA, name="Mine", org=personal_organization(owner))
    backtest = backtest_create(project=project, user=owner)
    client.force_login(owner)
    html = client.get(reverse("backtests:detail", args=[backtest.pk])).content.decode()
    assert 'id="bt-free-node-delay"' in html and "after a 20-second delay" in html
