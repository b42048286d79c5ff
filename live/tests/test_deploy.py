"""`live_deploy` and the control services: every check before anything starts, the snapshot,
stop and liquidate requests, redeploy."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Node, Organization
from live.models import LiveDeployment
from live.services import DeployError, live_deploy, live_redeploy, live_stop, replay_has_data

START = date(2024, 1, 2)


def deploy(project, owner, node, **kwargs):
    kwargs.setdefault("replay_start", START)
    return live_deploy(project=project, user=owner, node=node, **kwargs)


def test_deploy_snapshots_the_code_and_queues_it(
    live_settings, project, owner, node, no_enqueue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        deployment = deploy(
            project,
            owner,
            node,
            replay_speed=60,
            starting_cash={"usd": "25000"},
            starting_holdings=[{"symbol": "spy", "quantity": "5", "averagePrice": "470"}],
        )
    assert deployment.status == LiveDeployment.Status.IN_QUEUE
    assert "main.py" in deployment.snapshot["files"]
    assert deployment.starting_cash == {"USD": 25000.0}
    assert deployment.starting_holdings == [
        {"symbol": "SPY", "quantity": 5.0, "averagePrice": 470.0}
    ]
    assert deployment.feed_description == "Replay of recorded data from 2024-01-02 at 60x"
    assert no_enqueue == [deployment.pk]
    assert deployment.events.get().text.startswith("Deployed on L-1")


@pytest.mark.parametrize(
    "problem",
    ["no node", "research node", "other organization", "busy node", "tier quota", "speed"],
)
def test_bad_deployments_fail_before_anything_starts(
    live_settings, project, owner, node, no_enqueue, make_user, problem
):
    from accounts.services import organization_create

    target = node
    kwargs = {}
    if problem == "no node":
        target = None
    elif problem == "research node":
        target = Node.objects.create(
            organization=project.organization, kind=Node.Kind.RESEARCH, model="R1-4", name="R"
        )
    elif problem == "other organization":
        other = organization_create(name="Other", owner=make_user("x@example.com"))
        target = Node.objects.create(
            organization=other, kind=Node.Kind.LIVE, model="L-MICRO", name="theirs"
        )
    elif problem == "busy node":
        deploy(project, owner, node)
    elif problem == "tier quota":
        Organization.objects.filter(pk=project.organization_id).update(tier="free")
        project.organization.refresh_from_db()
    elif problem == "speed":
        kwargs["replay_speed"] = 0
    before = LiveDeployment.objects.count()
    with pytest.raises(DeployError):
        deploy(project, owner, target, **kwargs)
    assert LiveDeployment.objects.count() == before


def test_a_project_that_does_not_compile_is_refused(
    live_settings, make_project, owner, node, no_enqueue
):
    broken = make_project("class Broken(QCAlgorithm):\n    def initialize(self)\n        pass\n")
    with pytest.raises(DeployError, match="does not compile"):
        deploy(broken, owner, node)
    assert not LiveDeployment.objects.exists()


def test_a_start_date_without_data_is_refused(live_settings, project, owner, node, no_enqueue):
    with pytest.raises(DeployError, match="no intraday data on 2030-01-02"):
        deploy(project, owner, node, replay_start=date(2030, 1, 2))
    assert not LiveDeployment.objects.exists()


def test_replay_data_check_looks_a_few_days_ahead(live_data):
    assert replay_has_data(live_data, date(2023, 12, 30))  # a Saturday: Tuesday's data follows
    assert not replay_has_data(live_data, date(2024, 2, 1))


def test_stopping_a_queued_deployment_stops_it_at_once(
    live_settings, project, owner, node, no_enqueue
):
    deployment = deploy(project, owner, node)
    assert live_stop(deployment=deployment, user=owner, liquidate=True)
    deployment.refresh_from_db()
    assert deployment.status == LiveDeployment.Status.LIQUIDATED
    assert [e.text for e in deployment.events.all()][-1] == "Stop and liquidate requested."
    assert not live_stop(deployment=deployment, user=owner)


def test_stopping_a_running_deployment_asks_the_worker(
    live_settings, project, owner, node, no_enqueue
):
    deployment = deploy(project, owner, node)
    LiveDeployment.objects.filter(pk=deployment.pk).update(status="Running")
    assert live_stop(deployment=deployment, user=owner)
    deployment.refresh_from_db()
    assert deployment.status == "Running" and deployment.stop_requested == "stop"


def test_redeploy_takes_the_current_code_and_the_same_settings(
    live_settings, project, owner, node, no_enqueue
):
    deployment = deploy(project, owner, node, replay_speed=120)
    with pytest.raises(DeployError, match="Stop the running deployment"):
        live_redeploy(deployment=deployment, user=owner)
    live_stop(deployment=deployment, user=owner)
    deployment.refresh_from_db()
    project.files.filter(name="main.py").update(
        content=project.files.get(name="main.py").content + "\n# v2\n"
    )
    again = live_redeploy(deployment=deployment, user=owner)
    assert again.pk != deployment.pk and again.replay_speed == 120 and again.node_id == node.pk
    assert again.snapshot["files"]["main.py"].endswith("# v2\n")
