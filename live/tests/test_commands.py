"""Algorithm commands through a real deployment: queued by the service, handed to the sandboxed
engine by the worker, run by the algorithm (`add_command` classes and `on_command`), the result
stored, logged and shown; refused when the deployment is not running; failed when it stops first."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection

from live.models import LiveCommand, LiveDeployment
from live.services import (
    CommandError,
    live_command_broadcast,
    live_command_create,
    live_deploy,
    live_execute,
    live_stop,
)
from live.services.commands import MAX_PENDING, commands_close

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.db_independent]

COMMANDED = """from AlgorithmImports import *


class Buy(Command):
    quantity = 0

    def run(self, algorithm):
        algorithm.market_order(algorithm.spy, int(self.quantity), tag="bought by command")
        algorithm.log(f"buying {self.quantity}")
        return True


class Commanded(QCAlgorithm):
    def initialize(self):
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.add_command(Buy)

    def on_data(self, data):
        if self.spy in data.bars:
            self.log(f"bar {self.time}")

    def on_command(self, data):
        self.log(f"told {data.text}")
        return data.text == "yes"
"""


def wait_for(condition, timeout=60.0, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _execute(pk: int) -> None:
    try:
        live_execute(deployment_id=pk)
    finally:
        connection.close()


@pytest.fixture
def running(live_settings, make_project, owner, node, no_enqueue):
    """A deployment of COMMANDED running in the sandbox on a worker thread (stopped at the end)."""
    project = make_project(COMMANDED, name="Commanded")
    deployment = live_deploy(
        project=project,
        user=owner,
        node=node,
        replay_start=date(2024, 1, 2),
        replay_speed=3600,
        starting_cash={"USD": 100000},
    )
    worker = threading.Thread(target=_execute, args=(deployment.pk,))
    worker.start()
    try:
        wait_for(
            lambda: LiveDeployment.objects.get(pk=deployment.pk).state.get("time"),
            what="the engine's first state",
        )
        yield deployment
    finally:
        LiveDeployment.objects.filter(pk=deployment.pk).update(stop_requested="stop")
        worker.join(timeout=60)


def _done(item: LiveCommand):
    item.refresh_from_db()
    return item if item.status not in (LiveCommand.Status.QUEUED, LiveCommand.Status.SENT) else None


def test_commands_reach_the_running_algorithm_and_their_results_come_back(running, owner):
    deployment = running
    # the market is open (a market order before the first price of the day is invalid, as in LEAN)
    wait_for(
        lambda: deployment.log_path.exists() and "bar " in deployment.log_path.read_text(),
        what="the first bar",
    )
    buy = live_command_create(
        deployment=deployment, user=owner, command={"$type": "Buy", "quantity": 3}
    )
    yes = live_command_create(deployment=deployment, user=owner, command={"text": "yes"})
    no = live_command_create(deployment=deployment, user=owner, command={"text": "no"})
    assert buy.status == LiveCommand.Status.QUEUED and buy.name == "Buy"
    for item in (buy, yes, no):
        wait_for(lambda item=item: _done(item), what=f"the result of {item.name}")
    assert (buy.status, buy.success, buy.message) == (LiveCommand.Status.DONE, True, "")
    assert (yes.status, yes.success, yes.name) == (LiveCommand.Status.DONE, True, "OnCommand")
    assert (no.status, no.success) == (LiveCommand.Status.DONE, False)

    # the order the command placed filled: the deployment holds the 3 shares
    def holds_three():
        state = LiveDeployment.objects.get(pk=deployment.pk).state
        return any(h.get("quantity") == 3 for h in (state.get("holdings") or {}).values())

    wait_for(holds_three, what="the command's order to fill")
    live_stop(deployment=deployment, user=owner)
    wait_for(
        lambda: (
            LiveDeployment.objects.get(pk=deployment.pk).status == LiveDeployment.Status.STOPPED
        ),
        what="the stop",
    )
    log = deployment.log_path.read_text()
    assert "buying 3" in log and "told yes" in log and "told no" in log
    assert f"COMMAND:: Buy ({buy.command_id}) ran: success" in log
    assert f"COMMAND:: OnCommand ({no.command_id}) ran: failed" in log
    assert any("Command Buy sent" in e.text for e in deployment.events.all())
    # the command files were consumed; nothing is left for a restart to run again
    assert not list((deployment.control_path / "commands").glob("command-*.json"))

    # a stopped deployment takes no more commands
    deployment.refresh_from_db()
    with pytest.raises(CommandError, match="not running"):
        live_command_create(deployment=deployment, user=owner, command={"text": "late"})


def test_broadcast_reaches_running_deployments_except_the_excluded_project(
    running, owner, organization
):
    sent = live_command_broadcast(organization=organization, user=owner, command={"text": "yes"})
    assert [c.deployment_id for c in sent] == [running.pk]
    wait_for(lambda: _done(sent[0]), what="the broadcast command")
    assert sent[0].success is True
    with pytest.raises(CommandError, match="No live deployment"):
        live_command_broadcast(
            organization=organization,
            user=owner,
            command={"text": "yes"},
            exclude_project=running.project,
        )


def test_bad_commands_are_refused(running, owner):
    for bad, message in (
        ("buy", "JSON object"),
        ([1, 2], "JSON object"),
        ({"$type": 5}, "name of a command class"),
        ({"blob": "x" * 70000}, "larger than"),
    ):
        with pytest.raises(CommandError, match=message):
            live_command_create(deployment=running, user=owner, command=bad)
    assert not LiveCommand.objects.exists()
    # at most MAX_PENDING commands wait for one deployment
    LiveCommand.objects.bulk_create(
        LiveCommand(deployment=running, payload={}, status="sent") for _ in range(MAX_PENDING)
    )
    with pytest.raises(CommandError, match="100 commands waiting"):
        live_command_create(deployment=running, user=owner, command={"text": "one more"})
    LiveCommand.objects.all().delete()


def test_a_queued_deployment_takes_no_commands(live_settings, project, owner, node, no_enqueue):
    deployment = live_deploy(
        project=project, user=owner, node=node, replay_start=date(2024, 1, 2), replay_speed=60
    )
    with pytest.raises(CommandError, match="not running \\(In Queue\\)"):
        live_command_create(deployment=deployment, user=owner, command={"text": "hi"})


def test_commands_left_when_a_run_ends_fail_with_the_reason(
    live_settings, project, owner, node, no_enqueue
):
    deployment = live_deploy(
        project=project, user=owner, node=node, replay_start=date(2024, 1, 2), replay_speed=60
    )
    sent = LiveCommand.objects.create(deployment=deployment, payload={}, status="sent")
    queued = LiveCommand.objects.create(deployment=deployment, payload={}, status="queued")
    # a crash with a restart coming: the queued command waits for the next run
    commands_close(deployment_id=deployment.pk)
    sent.refresh_from_db(), queued.refresh_from_db()
    assert sent.status == "failed" and "before it reported" in sent.message
    assert queued.status == "queued"
    LiveDeployment.objects.filter(pk=deployment.pk).update(status=LiveDeployment.Status.STOPPED)
    commands_close(deployment_id=deployment.pk)
    queued.refresh_from_db()
    assert queued.status == "failed" and "before the command reached" in queued.message


BROADCASTER = """from AlgorithmImports import *


class Broadcaster(QCAlgorithm):
    def initialize(self):
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.sent = False

    def on_data(self, data):
        if not self.sent:
            self.sent = True
            self.broadcast_command({"text": "yes", "sender": "broadcaster"})
"""


def test_an_algorithm_broadcasts_to_the_organizations_other_deployments(
    running, make_project, owner, organization
):
    from accounts.models import Node

    other_node = Node.objects.create(
        organization=organization, kind=Node.Kind.LIVE, model="L-MICRO", name="L-2"
    )
    sender = live_deploy(
        project=make_project(BROADCASTER, name="Broadcaster"),
        user=owner,
        node=other_node,
        replay_start=date(2024, 1, 2),
        replay_speed=3600,
    )
    worker = threading.Thread(target=_execute, args=(sender.pk,))
    worker.start()
    try:
        received = wait_for(
            lambda: (
                _done(item)
                if (item := LiveCommand.objects.filter(deployment=running).first())
                else None
            ),
            what="the broadcast to reach the other deployment",
        )
    finally:
        LiveDeployment.objects.filter(pk=sender.pk).update(stop_requested="stop")
        worker.join(timeout=60)
    assert received.success is True and received.user == owner
    assert received.payload == {"text": "yes", "sender": "broadcaster"}
    # the sender's own deployment is not a target; its log says where it went
    assert not LiveCommand.objects.filter(deployment=sender).exists()
    log = sender.log_path.read_text()
    assert f"COMMAND:: broadcast OnCommand sent to 1 deployment: {running.deploy_id}" in log
    wait_for(lambda: "told yes" in running.log_path.read_text(), what="the receiver's log")
