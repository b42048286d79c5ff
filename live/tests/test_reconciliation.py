"""Reconciliation: a backtest of the deployment's code over the period it traded, through the
ordinary backtest queue and sandbox (a real Huey consumer), overlaid on the live equity chart."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from backtests.models import Backtest
from backtests.tests.conftest import huey_consumer, wait_until  # noqa: F401  (the real worker)
from live.models import LiveDeployment
from live.presenters import page_context
from live.services import DeployError, live_deploy, live_reconcile

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def deployment(live_settings, project, owner, node, no_enqueue):
    return live_deploy(
        project=project,
        user=owner,
        node=node,
        replay_start=date(2024, 1, 2),
        replay_speed=60,
        # not the algorithm's own 100,000 (set_cash's default): the backtest must start here too
        starting_cash={"USD": "20000"},
        starting_holdings=[{"symbol": "SPY", "quantity": "10", "averagePrice": "400"}],
    )


def test_a_deployment_that_never_ran_has_nothing_to_reconcile(deployment, owner):
    with pytest.raises(DeployError, match="has not run yet"):
        live_reconcile(deployment=deployment, user=owner)


def test_the_backtest_of_the_traded_period_runs_and_is_overlaid(
    settings,
    tmp_path,
    deployment,
    owner,
    owner_client,
    huey_consumer,  # noqa: F811
):
    settings.QCWEB_BACKTESTS_DIR = tmp_path / "backtests"
    LiveDeployment.objects.filter(pk=deployment.pk).update(
        status="Stopped",
        state={"time": "2024-01-04T15:59:00", "equity": 100100.0},
        equity=[[1704207060.0, 100000.0], [1704383940.0, 100100.0]],
    )
    url = reverse("live:reconcile", args=[deployment.pk])
    owner_client.post(url)  # not confirmed
    assert not Backtest.objects.exists()
    owner_client.post(url, {"confirm": "yes"})
    backtest = Backtest.objects.get()
    assert backtest.snapshot == deployment.snapshot
    assert (backtest.period_start, backtest.period_end) == (date(2024, 1, 2), date(2024, 1, 4))
    assert backtest.account == {
        "cash": {"USD": 20000.0},
        "holdings": [{"symbol": "SPY", "quantity": 10.0, "averagePrice": 400.0}],
    }
    assert "Reconciliation backtest requested (2024-01-02 to 2024-01-04)." in [
        e.text for e in deployment.events.all()
    ]

    done = wait_until(
        lambda: Backtest.objects.filter(pk=backtest.pk, status__in=Backtest.FINISHED).first(),
        timeout=120,
    )
    assert done.status == Backtest.Status.COMPLETED, done.error
    deployment.refresh_from_db()
    context = page_context(deployment)
    traces = context["figures"]["equity"]["data"]
    assert [t["name"] for t in traces] == ["Equity", "Out of Sample Backtest"]
    days = {x[:10] for x in traces[1]["x"]}
    assert min(days) >= "2024-01-02" and max(days) <= "2024-01-05"
    # the backtest started from the deployment's account: 20,000 and 10 SPY, far from 100,000
    equity = traces[1]["y"]
    assert 20000 < equity[-1] < 60000, equity[-5:]
    page = owner_client.get(reverse("live:detail", args=[deployment.pk])).content.decode()
    assert 'data-status="Completed"' in page and "Out of Sample Backtest" in page


def test_outsiders_cannot_reconcile(deployment, outsider_client):
    LiveDeployment.objects.filter(pk=deployment.pk).update(state={"time": "2024-01-04T15:59:00"})
    response = outsider_client.post(
        reverse("live:reconcile", args=[deployment.pk]), {"confirm": "yes"}
    )
    assert response.status_code == 404
    assert not Backtest.objects.exists()
