"""optimizations/* in QuantConnect's shapes (estimate form-encoded as the lean CLI sends it),
and another organization's refusal on each."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from accounts.services.credit import credit_grant
from backtests.models import Backtest, Optimization, OptimizationTrial
from backtests.optimization import services

pytestmark = pytest.mark.django_db(transaction=True)

FORM = {
    "projectId": None,
    "compileId": "",
    "name": "Api search",
    "strategy": "QuantConnect.Optimizer.Strategies.GridSearchOptimizationStrategy",
    "target": "TotalPerformance.PortfolioStatistics.SharpeRatio",
    "targetTo": "max",
    "targetValue": "",
    "nodeType": "O2-8",
    "parallelNodes": "2",
    "estimatedCost": "0.01",
    "parameters[0][key]": "fast",
    "parameters[0][min]": "10.0",
    "parameters[0][max]": "30.0",
    "parameters[0][step]": "10.0",
    "constraints[0][target]": "TotalPerformance.PortfolioStatistics.Drawdown",
    "constraints[0][operator]": "Less",
    "constraints[0][target-value]": "0.25",
}


@pytest.fixture
def ready(api_project, organization, owner, monkeypatch):
    """The project has a completed 3-second backtest and QCC; the search does not start (these
    tests read the API's shapes; the search itself runs in backtests/optimization/tests)."""
    now = Backtest.objects.model().created
    Backtest.objects.create(
        organization=organization,
        project=api_project,
        created_by=owner,
        name="timed",
        status=Backtest.Status.COMPLETED,
        started_at=now,
        finished_at=now + timedelta(seconds=3),
    )
    credit_grant(organization=organization, qcc=1000, reason="tests")
    monkeypatch.setattr(services, "optimization_advance", lambda **kwargs: [])
    return api_project


def form_post(api, endpoint: str, data: dict) -> dict:
    response = requests.post(
        api.base_url + endpoint, headers=api.get_headers(), data=data, timeout=60
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_estimate_create_read_list_update_abort_delete(api, ready):
    form = {**FORM, "projectId": str(ready.pk)}
    estimate = form_post(api, "optimizations/estimate", form)
    assert estimate["success"] is True, estimate
    assert estimate["estimate"]["time"] == 3
    assert estimate["estimate"]["backtests"] == 3
    assert estimate["estimate"]["balance"] == 1000

    created = form_post(api, "optimizations/create", form)
    assert created["success"] is True, created
    body = created["optimizations"][0]
    optimization = Optimization.objects.get(optimization_id=body["optimizationId"])
    assert body["status"] == "running" and body["projectId"] == ready.pk
    assert optimization.constraints == [{"target": "drawdown", "operator": "less", "value": 0.25}]
    assert optimization.node_count == 2
    # the CLI's float bounds of a whole-number range make an integer parameter
    assert optimization.parameters == [
        {"name": "fast", "min": "10", "max": "30", "step": "10", "minStep": "10"}
    ]

    backtest = Backtest.objects.create(
        organization=ready.organization,
        project=ready,
        name="trial",
        status=Backtest.Status.COMPLETED,
    )
    OptimizationTrial.objects.create(
        optimization=optimization,
        backtest=backtest,
        parameters={"fast": "20.0"},
        statistics={"sharpeRatio": 1.5, "compoundingAnnualReturn": 12.0, "drawdown": 4.0},
        status="Completed",
    )
    read = api.ok("optimizations/read", {"optimizationId": optimization.optimization_id})
    row = read["optimization"]["backtests"][backtest.backtest_id]
    assert row["exitCode"] == 0 and row["parameterSet"] == {"fast": "20.0"}
    # the lean CLI reads Sharpe at 15, CAGR at 6 and drawdown at 7
    assert (row["statistics"][15], row["statistics"][6], row["statistics"][7]) == (1.5, 12.0, 4.0)
    assert read["optimization"]["runtimeStatistics"]["Completed"] == "1"

    listed = api.ok("optimizations/list", {"projectId": ready.pk})
    assert [o["optimizationId"] for o in listed["optimizations"]] == [optimization.optimization_id]
    api.ok(
        "optimizations/update", {"optimizationId": optimization.optimization_id, "name": "Renamed"}
    )
    optimization.refresh_from_db()
    assert optimization.name == "Renamed"
    api.ok("optimizations/abort", {"optimizationId": optimization.optimization_id})
    optimization.refresh_from_db()
    assert optimization.status == Optimization.Status.ABORTED
    api.ok("optimizations/delete", {"optimizationId": optimization.optimization_id})
    assert not Optimization.objects.exists()


def test_refusals_name_the_problem(api, ready):
    form = {**FORM, "projectId": str(ready.pk), "parameters[0][key]": "slow"}
    refused = form_post(api, "optimizations/estimate", form)
    assert refused["success"] is False and "slow" in refused["errors"][0]


def test_another_organization_is_refused_everywhere(api, outsider_api, ready):
    created = form_post(api, "optimizations/create", {**FORM, "projectId": str(ready.pk)})
    optimization_id = created["optimizations"][0]["optimizationId"]
    for endpoint in ("optimizations/estimate", "optimizations/create", "optimizations/list"):
        message = outsider_api.refused(endpoint, {**FORM, "projectId": ready.pk, "parameters": []})
        assert "no such project" in message
    for endpoint, extra in (
        ("optimizations/read", {}),
        ("optimizations/update", {"name": "Mine"}),
        ("optimizations/abort", {}),
        ("optimizations/delete", {}),
    ):
        message = outsider_api.refused(endpoint, {"optimizationId": optimization_id, **extra})
        assert "no such optimization" in message
    optimization = Optimization.objects.get(optimization_id=optimization_id)
    assert optimization.status == Optimization.Status.RUNNING and optimization.name == "Api search"
