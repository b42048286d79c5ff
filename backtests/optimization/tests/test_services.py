"""Estimate, create (QCC charged), the search on a real Huey consumer, abort, apply."""

from __future__ import annotations

import pytest

from accounts.selectors import credit_balance
from backtests.models import Backtest, Optimization
from backtests.optimization import strategies
from backtests.optimization.nodes import NODES, cost_qcc
from backtests.optimization.selectors import best_trial, optimization_progress, overfitting_of
from backtests.optimization.services import (
    OptimizationError,
    optimization_abort,
    optimization_apply_parameters,
    optimization_create,
    optimization_estimate,
)
from backtests.tests.conftest import wait_until

PERIOD = [{"name": "period", "min": "1", "max": "4", "step": "1"}]


@pytest.mark.django_db
def test_estimate_counts_backtests_time_and_cost(opt_project):
    estimate = optimization_estimate(project=opt_project, parameters=PERIOD, node_count=2)
    assert estimate.backtests == 4
    assert estimate.seconds_each == pytest.approx(2.0)
    assert estimate.seconds == pytest.approx(4.0)  # 2 rounds of 2 nodes
    # 4 backtests x (2 s + 15 s spin-up) = 68 s at 15 QCC per hour -> 0.28 -> 1 QCC
    assert estimate.cost == cost_qcc(NODES["O2-8"], backtests=4, seconds_each=2.0) == 1
    two = PERIOD + [{"name": "weight", "min": "0.5", "max": "1", "step": "0.25"}]
    assert optimization_estimate(project=opt_project, parameters=two).backtests == 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    "parameters, message",
    [
        ([{"name": "missing", "min": 1, "max": 2, "step": 1}], "no parameter"),
        ([], "at least one"),
        (PERIOD * 2, "twice"),
        ([{"name": "period", "min": 5, "max": 2, "step": 1}], "greater than max"),
    ],
)
def test_bad_parameters_are_refused(opt_project, parameters, message):
    with pytest.raises(OptimizationError, match=message):
        optimization_estimate(project=opt_project, parameters=parameters)


@pytest.mark.django_db
def test_node_count_stays_within_the_organizations_nodes(opt_project, organization):
    organization.tier = Organization_tier_free()
    organization.save(update_fields=["tier"])
    with pytest.raises(OptimizationError, match="between 1 and 1"):
        optimization_estimate(project=opt_project, parameters=PERIOD, node_count=2)


def Organization_tier_free():
    from accounts.models import Organization

    return Organization.Tier.FREE


@pytest.mark.django_db
def test_create_needs_a_prior_backtest_and_credit(make_project, organization, owner):
    project = make_project(name="Fresh", parameters={"period": "2"})
    with pytest.raises(OptimizationError, match="Run a backtest"):
        optimization_create(project=project, user=owner, parameters=PERIOD)


@pytest.mark.django_db
def test_create_charges_the_estimate(
    opt_project, organization, owner, django_capture_on_commit_callbacks
):
    before = credit_balance(organization)
    with django_capture_on_commit_callbacks(execute=False):
        optimization = optimization_create(project=opt_project, user=owner, parameters=PERIOD)
    assert credit_balance(organization) == before - optimization.estimated_cost
    assert optimization.charged == optimization.estimated_cost > 0
    assert optimization.static_parameters == {"weight": "1"}


@pytest.mark.django_db(transaction=True)
def test_grid_runs_on_huey_and_a_failed_backtest_does_not_stop_the_rest(
    bt_settings, huey_consumer, opt_project, owner
):
    optimization = optimization_create(
        project=opt_project, user=owner, parameters=PERIOD, node_count=2, target="NetProfit"
    )

    def done():
        optimization.refresh_from_db()
        return optimization.is_finished

    wait_until(done, timeout=120)
    assert optimization.status == Optimization.Status.COMPLETED
    trials = list(optimization.trials.order_by("id"))
    assert [t.parameters["period"] for t in trials] == ["1", "2", "3", "4"]
    statuses = {t.parameters["period"]: t.status for t in trials}
    assert statuses == {
        "1": "Completed",
        "2": "Completed",
        "3": "RuntimeError",
        "4": "Completed",
    }
    assert all(t.backtest.parameters["weight"] == "1" for t in trials)
    assert "netProfit" in trials[0].statistics
    progress = optimization_progress(optimization)
    assert (progress["done"], progress["total"], progress["failed"]) == (4, 4, 1)
    best = best_trial(optimization)
    expected = max(
        (t for t in trials if t.status == "Completed"), key=lambda t: t.statistics["netProfit"]
    )
    assert best == expected
    checks = overfitting_of(optimization)  # from the three completed backtests' daily returns
    assert checks["trials"] == 3 and checks["days"] >= 15
    assert 0.0 <= checks["pbo"] <= 1.0 and 0.0 <= checks["dsr"] <= 1.0
    optimization_apply_parameters(trial=best)
    assert opt_project.parameters_dict()["period"] == best.parameters["period"]


@pytest.mark.django_db(transaction=True)
def test_euler_refines_on_huey(bt_settings, huey_consumer, opt_project, owner):
    parameters = [{"name": "weight", "min": "0", "max": "1", "step": "0.5", "minStep": "0.25"}]
    optimization = optimization_create(
        project=opt_project,
        user=owner,
        parameters=parameters,
        node_count=2,
        strategy=strategies.EULER,
        target="NetProfit",
    )
    wait_until(lambda: Optimization.objects.get(pk=optimization.pk).is_finished, timeout=120)
    optimization.refresh_from_db()
    assert optimization.status == Optimization.Status.COMPLETED
    assert optimization.round == 1
    first = [t.parameters["weight"] for t in optimization.trials.filter(round=0)]
    assert first == ["0.0", "0.5", "1.0"]  # C# decimal scale: 0 + 0 * 0.5 = 0.0
    best = max(
        optimization.trials.filter(round=0), key=lambda t: t.statistics.get("netProfit", -1e9)
    )
    # step 0.5 -> 0.25 around the best, clipped to 0..1, without the sets that already ran
    centre = float(best.parameters["weight"])
    expected = {
        v for v in (centre - 0.5, centre - 0.25, centre + 0.25, centre + 0.5) if 0 <= v <= 1
    } - {0.0, 0.5, 1.0}
    assert {float(t.parameters["weight"]) for t in optimization.trials.filter(round=1)} == expected


@pytest.mark.django_db
def test_abort_cancels_queued_backtests(
    bt_settings, opt_project, owner, django_capture_on_commit_callbacks
):
    from accounts.models import CreditEntry
    from backtests.optimization.services import optimization_advance

    before = credit_balance(opt_project.organization)
    with django_capture_on_commit_callbacks(execute=False):  # queued, not dispatched
        optimization = optimization_create(project=opt_project, user=owner, parameters=PERIOD)
        optimization_advance(optimization_id=optimization.pk)
    trial = optimization.trials.get()  # one node: one backtest at a time
    assert trial.backtest.status == Backtest.Status.QUEUED
    optimization_abort(optimization=optimization)
    assert optimization.status == Optimization.Status.ABORTED
    trial.backtest.refresh_from_db()
    assert trial.backtest.status == Backtest.Status.CANCELLED
    optimization_advance(optimization_id=optimization.pk)
    assert optimization.trials.count() == 1  # nothing more is queued
    # none of the 4 backtests ran: the whole charge comes back, as a ledger line
    assert optimization.refunded == optimization.charged > 0
    assert credit_balance(opt_project.organization) == before
    refund = CreditEntry.objects.get(refund_of=optimization.credit_entry)
    assert refund.kind == CreditEntry.Kind.REFUND and refund.amount == optimization.charged
    assert "4 of 4 backtests not run" in refund.reason
    optimization_abort(optimization=optimization)  # a second abort refunds nothing more
    assert CreditEntry.objects.filter(kind=CreditEntry.Kind.REFUND).count() == 1


@pytest.mark.django_db
def test_abort_refunds_only_backtests_that_never_ran(
    bt_settings, opt_project, owner, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from backtests.optimization.services import optimization_advance

    timed = Backtest.objects.get(project=opt_project)  # 10-minute backtests: a charge to split
    Backtest.objects.filter(pk=timed.pk).update(
        finished_at=timed.started_at + timedelta(seconds=600)
    )
    parameters = [{"name": "period", "min": "1", "max": "10", "step": "1"}]  # 10 backtests
    with django_capture_on_commit_callbacks(execute=False):
        optimization = optimization_create(
            project=opt_project, user=owner, parameters=parameters, node_count=1
        )
        optimization_advance(optimization_id=optimization.pk)
    trial = optimization.trials.get()
    # a worker had started it (it is cancelled while running: it ran)
    Backtest.objects.filter(pk=trial.backtest_id).update(
        status=Backtest.Status.RUNNING, started_at=timezone.now()
    )
    optimization_abort(optimization=optimization)
    assert optimization.charged >= 20
    assert optimization.refunded == optimization.charged * 9 // 10


@pytest.mark.django_db
def test_cancelling_one_backtest_moves_the_search_on(
    bt_settings, opt_project, owner, monkeypatch, django_capture_on_commit_callbacks
):
    from backtests.optimization import services
    from backtests.optimization.services import optimization_advance
    from backtests.services import backtest_cancel

    # nothing is dispatched to a worker here: the backtests stay queued
    monkeypatch.setattr(services, "backtest_dispatch", lambda **kwargs: [])
    monkeypatch.setattr("backtests.services.core.backtest_dispatch", lambda **kwargs: [])
    with django_capture_on_commit_callbacks(execute=False):
        optimization = optimization_create(project=opt_project, user=owner, parameters=PERIOD)
        optimization_advance(optimization_id=optimization.pk)
    first = optimization.trials.get()
    with django_capture_on_commit_callbacks(execute=True):
        backtest_cancel(backtest=first.backtest)
    first.refresh_from_db()
    assert first.status == Backtest.Status.CANCELLED
    assert [t.parameters["period"] for t in optimization.trials.order_by("id")] == ["1", "2"]
