"""Optimization pages: create with estimate, results (table, figure, best), abort, delete,
apply/clone, and the refusal of every URL to another organization's user."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from backtests.models import Backtest, Optimization, OptimizationTrial
from backtests.optimization.services import optimization_create

pytestmark = pytest.mark.django_db

FORM = {
    "param0_name": "period",
    "param0_min": "1",
    "param0_max": "4",
    "param0_step": "1",
    "node_type": "O2-8",
    "node_count": "1",
    "strategy": "QuantConnect.Optimizer.Strategies.GridSearchOptimizationStrategy",
    "target": "netProfit",
    "extremum": "max",
}


@pytest.fixture
def optimization(opt_project, owner, django_capture_on_commit_callbacks):
    """An optimization of two parameters with three finished trials (no engine run)."""
    with django_capture_on_commit_callbacks(execute=False):
        optimization = optimization_create(
            project=opt_project,
            user=owner,
            parameters=[
                {"name": "period", "min": "1", "max": "2", "step": "1"},
                {"name": "weight", "min": "0.5", "max": "1", "step": "0.5"},
            ],
            target="netProfit",
            constraints=[{"target": "drawdown", "operator": "less", "value": "20"}],
        )
    for period, weight, profit, drawdown in [
        ("1", "0.5", 3.0, 5.0),
        ("1", "1.0", 9.0, 30.0),  # best net profit, but fails the drawdown constraint
        ("2", "0.5", 4.0, 10.0),
    ]:
        backtest = Backtest.objects.create(
            organization=opt_project.organization,
            project=opt_project,
            created_by=owner,
            name=f"t{period}{weight}",
            status=Backtest.Status.COMPLETED,
            parameters={"period": period, "weight": weight},
        )
        OptimizationTrial.objects.create(
            optimization=optimization,
            backtest=backtest,
            parameters={"period": period, "weight": weight},
            statistics={"netProfit": profit, "drawdown": drawdown, "sharpeRatio": 1.0},
            status="Completed",
        )
    return optimization


def test_create_page_estimates_then_launches(
    owner_client, opt_project, django_capture_on_commit_callbacks
):
    url = reverse("backtests:optimization_create", args=[opt_project.pk])
    page = owner_client.get(url)
    assert page.status_code == 200 and b"period (now 2)" in page.content
    estimated = owner_client.post(url, {**FORM, "action": "estimate"})
    assert b"4 backtests" in estimated.content
    refused = owner_client.post(url, {**FORM, "param0_name": "nope", "action": "estimate"})
    assert b"no parameter of that name" in refused.content
    with django_capture_on_commit_callbacks(execute=False):
        launched = owner_client.post(url, {**FORM, "action": "launch"})
    optimization = Optimization.objects.get()
    assert launched.status_code == 302
    assert launched["Location"] == reverse("backtests:optimization_detail", args=[optimization.pk])
    assert optimization.estimated_backtests == 4 and optimization.target == "netProfit"


def test_results_page_shows_table_heat_map_and_best(owner_client, optimization):
    page = owner_client.get(reverse("backtests:optimization_detail", args=[optimization.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<tr class="') == 3
    # the best meeting the constraint: period 2, weight 0.5 (4 %), not 9 % at 30 % drawdown
    assert "Best: period = 2, weight = 0.5" in html
    start = html.index(">", html.index('id="optimization-figure"')) + 1
    figure = json.loads(html[start : html.index("</script>", start)])
    trace = figure["data"][0]
    assert trace["type"] == "heatmap"
    assert trace["x"] == [1.0, 2.0] and trace["y"] == [0.5, 1.0]
    assert trace["z"] == [[3.0, 4.0], [9.0, None]]


def test_table_sorts_by_a_statistic(owner_client, optimization):
    url = reverse("backtests:optimization_detail", args=[optimization.pk])
    html = owner_client.get(url, {"sort": "netProfit", "dir": "asc"}).content.decode()
    body = html[html.index("<tbody>") :]
    assert body.index(">3.0<") < body.index(">4.0<") < body.index(">9.0<")


def test_status_fragment_for_htmx(owner_client, optimization):
    url = reverse("backtests:optimization_detail", args=[optimization.pk])
    fragment = owner_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="optimization-status"')
    assert "3/4" in fragment


def test_abort_apply_clone_delete(
    owner_client, optimization, opt_project, django_capture_on_commit_callbacks
):
    trial = optimization.trials.first()
    owner_client.post(reverse("backtests:optimization_abort", args=[optimization.pk]))
    optimization.refresh_from_db()
    assert optimization.status == Optimization.Status.ABORTED
    owner_client.post(reverse("backtests:optimization_apply", args=[optimization.pk, trial.pk]))
    assert opt_project.parameters_dict() == {"period": "1", "weight": "0.5"}
    with django_capture_on_commit_callbacks(execute=False):
        cloned = owner_client.post(
            reverse("backtests:optimization_clone", args=[optimization.pk, trial.pk])
        )
    clone = Backtest.objects.order_by("-id").first()
    assert cloned["Location"] == reverse("backtests:detail", args=[clone.pk])
    assert clone.parameters == {"period": "1", "weight": "0.5"}
    owner_client.post(reverse("backtests:optimization_delete", args=[optimization.pk]))
    assert not Optimization.objects.filter(pk=optimization.pk).exists()


def test_another_organization_gets_404_everywhere(outsider_client, optimization, opt_project):
    trial = optimization.trials.first()
    gets = [
        reverse("backtests:optimization_create", args=[opt_project.pk]),
        reverse("backtests:optimization_detail", args=[optimization.pk]),
    ]
    posts = gets[:1] + [
        reverse("backtests:optimization_abort", args=[optimization.pk]),
        reverse("backtests:optimization_delete", args=[optimization.pk]),
        reverse("backtests:optimization_apply", args=[optimization.pk, trial.pk]),
        reverse("backtests:optimization_clone", args=[optimization.pk, trial.pk]),
    ]
    for url in gets:
        assert outsider_client.get(url).status_code == 404, url
    for url in posts:
        assert outsider_client.post(url, {**FORM, "action": "launch"}).status_code == 404, url
    optimization.refresh_from_db()
    assert optimization.status == Optimization.Status.RUNNING
    assert optimization.trials.count() == 3
